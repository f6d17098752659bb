import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import type { WorkingCalendar } from '../deadlines/domain/index.js';
import { CaseClockReader } from './case-clock.service.js';
import { caseProjection } from './case-projection.js';
import { CasesRepository } from './cases.repository.js';
import { CaseCommandPipeline } from './commands/case-command.pipeline.js';
import { CASE_STATUS_LABELS, type CaseStatus } from './workflow/case-status.js';

/** An open case whose due date a proposed calendar would move (the calendar-import preview). */
export interface CalendarMoveDto {
  id: string;
  trackingNumber: string;
  agencyId: string;
  status: CaseStatus;
  statusLabel: string;
  previousDueDate: string | null;
  previousProvisional: boolean;
  dueDate: string | null;
  provisional: boolean;
}

/**
 * A new working calendar (the State Council's holiday arrangement for a year) moves due dates counted in working
 * days (条例第三十三条): every open case is recomputed in the import's transaction, and those whose due date moved
 * record CALENDAR_CHANGED (or, where the statechart admits no event now, get the new projection only).
 */
@Injectable()
export class CalendarRecomputeListener implements OnModuleInit {
  constructor(
    private readonly calendars: CalendarService,
    private readonly cases: CasesRepository,
    private readonly clocks: CaseClockReader,
    private readonly pipeline: CaseCommandPipeline,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.calendars.registerRecomputer((em, calendar, change) => this.recomputeOpenCases(em, calendar, change));
  }

  /**
   * The open cases whose due date (or its provisional mark) a proposed calendar would change, computed as the
   * import's recomputation would (the same clock, the same events) but without writing anything: the preview an
   * admin sees before importing a year.
   */
  async dueDatesUnderCalendar(calendar: WorkingCalendar): Promise<CalendarMoveDto[]> {
    const moves: CalendarMoveDto[] = [];
    for (const row of await this.cases.openCases()) {
      const clock = await this.clocks.clockOf(row, await this.cases.events(row.id), calendar);
      if (!clock || (clock.dueDate === row.dueDate && clock.provisional === row.dueDateProvisional)) continue;
      moves.push({
        id: row.id,
        trackingNumber: row.trackingNumber,
        agencyId: row.agencyId,
        status: row.status,
        statusLabel: CASE_STATUS_LABELS[row.status],
        previousDueDate: row.dueDate,
        previousProvisional: row.dueDateProvisional,
        dueDate: clock.dueDate,
        provisional: clock.provisional,
      });
    }
    return moves;
  }

  private async recomputeOpenCases(em: EntityManager, calendar: WorkingCalendar, change: { versionId: number; year: number }): Promise<number> {
    const today = this.clock.today();
    let moved = 0;
    for (const row of await this.cases.openCasesForUpdate(em)) {
      const clock = await this.clocks.clockOf(row, await this.cases.events(row.id, em), calendar, em);
      if (!clock || (clock.dueDate === row.dueDate && clock.provisional === row.dueDateProvisional)) continue;
      const payload = { calendarVersion: change.versionId, year: change.year, previousDueDate: row.dueDate, dueDate: clock.dueDate, provisional: clock.provisional };
      const applied = await this.pipeline.applySystemEvent(em, row, 'CALENDAR_CHANGED', payload, today, calendar);
      if (!applied) await this.cases.updateCase(em, row.id, caseProjection(clock, row.status, today, row.overdue));
      moved++;
    }
    return moved;
  }
}
