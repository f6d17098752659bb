import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock.js';
import { resolveAgencySettings } from '../agencies/agency-settings.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { ClockService } from '../deadlines/clock.service.js';
import type { CaseClock, ClockEvent, WorkingCalendar } from '../deadlines/domain/index.js';
import type { CaseEventEntity } from './case-event.entity.js';
import type { CaseEntity } from './case.entity.js';

/** The statutory clock of a case from its receipt date, its events and its agency's settings (条例第三十三条). */
@Injectable()
export class CaseClockReader {
  constructor(
    private readonly agencies: AgenciesRepository,
    private readonly clocks: ClockService,
    private readonly clock: Clock,
  ) {}

  /** null while the receipt date is not yet fixed (awaiting confirmation, 条例第三十一条). */
  async clockOf(row: CaseEntity, events: readonly (CaseEventEntity | ClockEvent)[], calendar?: WorkingCalendar, em?: EntityManager): Promise<CaseClock | null> {
    if (!row.receiptDate) return null;
    const agency = await this.agencies.findById(row.agencyId, em);
    return this.clockUnder(agency?.settings ?? null, row, events, calendar);
  }

  /** clockOf with the agency's settings already read: a command computes the clock before and after its event. */
  async clockUnder(settings: Record<string, unknown> | null, row: CaseEntity, events: readonly (CaseEventEntity | ClockEvent)[], calendar?: WorkingCalendar): Promise<CaseClock | null> {
    if (!row.receiptDate) return null;
    const clockEvents = events.map((e) => ({ type: e.type, effectiveDate: e.effectiveDate, payload: e.payload }));
    return this.clocks.compute({ receiptDate: row.receiptDate, events: clockEvents, settings: resolveAgencySettings(settings) }, this.clock.today(), calendar);
  }

  /** The clock of a new case, from its receipt date alone. */
  openingClock(receiptDate: string, settings: Record<string, unknown> | null): Promise<CaseClock> {
    return this.clocks.compute({ receiptDate, events: [], settings: resolveAgencySettings(settings) }, this.clock.today());
  }
}
