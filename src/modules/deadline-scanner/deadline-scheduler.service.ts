import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Role } from '../../common/auth/role.js';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { addDays, type CaseClock, type ClockWarning, DEFAULT_CLOCK_SETTINGS, type WorkingCalendar } from '../deadlines/domain/index.js';
import { LegalReferralsRepository } from '../legal/legal-referrals.repository.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { UserNotices } from '../notifications/notify-users.js';
import { UserEntity } from '../users/user.entity.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { CasesRepository } from '../cases/cases.repository.js';
import { CasesService } from '../cases/cases.service.js';
import type { CaseEventType } from '../cases/workflow/case-event.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';

/**
 * Whether a warning dated on or before today is still worth sending. A case recorded late (back-dated paper
 * events) may have several warnings in the past at once: the overdue mark always applies; a reply warning only
 * if no later one (fewer days left, or overdue) is also due, since its text counts the days left; the others
 * while the deadline they announce has not passed (after it the lapse itself is applied).
 */
export function warningStillDue(warning: ClockWarning, clock: CaseClock, today: string): boolean {
  if (warning.date > today) return false;
  if (warning.code === 'OVERDUE') return true;
  if (/^REPLY_DUE_IN_\d+$/.test(warning.code)) {
    return !clock.warnings.some((w) => w.date > warning.date && w.date <= today && (w.code === 'OVERDUE' || /^REPLY_DUE_IN_\d+$/.test(w.code)));
  }
  const deadline = warning.code === 'CORRECTION_NOTICE_DUE' ? clock.correctionNoticeDeadline : warning.date;
  return deadline === undefined || deadline >= today;
}

/** The later of two YYYY-MM-DD dates. */
const later = (a: string, b: string): string => (a > b ? a : b);

const WARNING_TEXT: Record<string, (c: CaseEntity, clock: CaseClock) => string> = {
  CORRECTION_NOTICE_DUE: (c, k) => `${c.trackingNumber} 如需补正，须在${k.correctionNoticeDeadline}前一次性告知申请人（条例第三十条）`,
  THIRD_PARTY_ENDING: (c, k) => `${c.trackingNumber} 征求第三方意见期限于${k.thirdPartyDeadline}届满`,
  FEE_DEADLINE_ENDING: (c, k) => `${c.trackingNumber} 缴费期限于${k.feeDeadline}届满`,
  OVERDUE: (c, k) => `${c.trackingNumber} 已超过答复期限（${k.dueDate}）`,
};

const warningText = (code: string, c: CaseEntity, clock: CaseClock): string => {
  const remaining = /^REPLY_DUE_IN_(\d+)$/.exec(code);
  if (remaining) return `${c.trackingNumber} 距答复期限（${clock.dueDate}）还有${remaining[1]}个工作日`;
  return WARNING_TEXT[code]?.(c, clock) ?? `${c.trackingNumber} ${code}`;
};

export interface ScanResult {
  checked: number;
  events: { caseId: string; type: CaseEventType; detail?: string }[];
  warnings: number;
}

/**
 * The deadline scanner: sends warnings to the assignee and the office heads, applies
 * CORRECTION_LAPSED / THIRD_PARTY_LAPSED / FEE_LAPSED, marks overdue cases with DEADLINE_PASSED.
 * Safe with several instances: each case is taken with FOR UPDATE SKIP LOCKED, each warning is claimed by a
 * unique row, and lapses go through the statechart, which refuses a second one.
 */
@Injectable()
export class DeadlineSchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeadlineScheduler');
  private readonly job: PeriodicJob;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly cases: CasesRepository,
    private readonly service: CasesService,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
    private readonly dispatcher: MailDispatcher,
    private readonly notices: UserNotices,
    private readonly referrals: LegalReferralsRepository,
  ) {
    this.job = new PeriodicJob({ everyMs: config.scheduler.intervalSeconds * 1000, run: () => this.runOnce(), logger: this.logger, failureMessage: 'deadline scan failed' });
  }

  onApplicationBootstrap(): void {
    // SCHEDULER_INTERVAL_SECONDS=0 turns the scanner off on this instance.
    if (this.config.scheduler.intervalSeconds > 0) this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** One pass over every case whose next check date has come. */
  async runOnce(): Promise<ScanResult> {
    const today = this.clock.today();
    const result: ScanResult = { checked: 0, events: [], warnings: 0 };
    const calendar = await this.calendars.current();
    for (const id of await this.cases.dueForCheck(today, this.config.scheduler.batchSize)) {
      await this.cases.transaction(async (em) => {
        const row = await this.cases.lockIfFree(em, id);
        // Taken by another instance right now, or already handled since we listed it.
        if (!row || !row.nextCheckDate || row.nextCheckDate > today) return;
        result.checked++;
        await this.check(em, row, today, calendar, result);
      });
    }
    // Lapses may have issued notices that go out by e-mail; their transactions have committed.
    if (result.events.length > 0) this.dispatcher.kick();
    return result;
  }

  private async check(em: EntityManager, row: CaseEntity, today: string, calendar: WorkingCalendar, result: ScanResult): Promise<void> {
    await this.applyLapses(em, row, today, calendar, result);
    const clock = await this.service.clockOf(row, await this.cases.events(row.id, em), calendar, em);
    if (!clock) return;
    for (const warning of clock.warnings) {
      if (!warningStillDue(warning, clock, today)) continue;
      const claimed = await em.query<unknown[]>(
        `INSERT INTO case_reminder (case_id, code, due_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING case_id`,
        [row.id, warning.code, warning.date],
      );
      if (claimed.length === 0) continue;
      const type: CaseEventType = warning.code === 'OVERDUE' ? 'DEADLINE_PASSED' : 'DEADLINE_WARNING';
      const payload = type === 'DEADLINE_WARNING' ? { warning: warning.code, date: warning.date } : { dueDate: clock.dueDate };
      // The case is overdue from the day after the due date, however late this scan sees it; a warning is dated
      // the day it is sent.
      const effectiveDate = type === 'DEADLINE_PASSED' ? later(warning.date, await this.lastEffectiveDate(em, row)) : today;
      if (await this.service.applySystemEvent(em, row, type, payload, effectiveDate, calendar)) {
        result.events.push({ caseId: row.id, type, detail: warning.code });
      }
      await this.notify(em, row, warning.code, warningText(warning.code, row, clock));
      result.warnings++;
    }
    const after = await this.service.clockOf(row, await this.cases.events(row.id, em), calendar, em);
    const fresh = await this.cases.findById(row.id, em);
    await this.cases.updateCase(em, row.id, this.service.projection(after, fresh!.status, today, fresh!.overdue, today));
  }

  /** Periods that ran out without the applicant or the third party acting (条例第三十条、第三十二条, 国办函〔2020〕109号). */
  private async applyLapses(em: EntityManager, row: CaseEntity, today: string, calendar: WorkingCalendar, result: ScanResult): Promise<void> {
    const clock = await this.service.clockOf(row, await this.cases.events(row.id, em), calendar, em);
    if (!clock) return;
    // A lapse takes effect the day after the period, not the day the scan sees it; if something was recorded
    // after that day (events apply in date order), on the day of that event.
    const apply = async (type: CaseEventType, payload: Record<string, unknown>, lapsesOn: string) => {
      const effectiveDate = later(lapsesOn, await this.lastEffectiveDate(em, row));
      if (await this.service.applySystemEvent(em, row, type, payload, effectiveDate, calendar)) result.events.push({ caseId: row.id, type });
    };
    // Third party silent for 15 working days: the period ends on that day (条例第三十二条; silence is not consent).
    for (const pause of clock.pauses) {
      if (pause.to !== null || !pause.consultationId) continue;
      const ends = calendar.addWorkdays(pause.from, DEFAULT_CLOCK_SETTINGS.thirdPartyWorkdays);
      if (ends < today) await apply('THIRD_PARTY_LAPSED', { consultationId: pause.consultationId }, ends);
    }
    // No correction by the deadline: treated as abandoned (条例第三十条), the day after the window.
    if (row.status === 'CORRECTION_PENDING' && clock.correctionWindowEnds && clock.correctionWindowEnds < today) {
      await apply('CORRECTION_LAPSED', {}, addDays(clock.correctionWindowEnds, 1));
    }
    if (row.status === 'AWAITING_FEE' && clock.feeDeadline && clock.feeDeadline < today) {
      await apply('FEE_LAPSED', {}, addDays(clock.feeDeadline, 1));
    }
  }

  private async lastEffectiveDate(em: EntityManager, row: CaseEntity): Promise<string> {
    return (await this.cases.events(row.id, em)).at(-1)?.effectiveDate ?? '';
  }

  /**
   * The assigned officer and every office head of the agency; while the case is in co-review, also the legal
   * advisors who have not yet answered (co-review does not stop the clock).
   */
  private async notify(em: EntityManager, row: CaseEntity, kind: string, message: string): Promise<void> {
    const heads = await em.find(UserEntity, { where: { agencyId: row.agencyId, role: Role.OFFICE_HEAD, active: true } });
    const advisorIds = row.status === 'LEGAL_REVIEW' ? await this.referrals.pendingAdvisorIds(em, row.id) : [];
    await this.notices.notify(em, [...(row.assigneeId ? [row.assigneeId] : []), ...heads.map((h) => h.id), ...advisorIds], { caseId: row.id, kind, message });
  }
}
