import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/time/clock.js';
import { type CaseEffectContext, CaseEffectsRegistry } from '../cases/commands/case-effects.registry.js';
import { StaffNotifier } from '../notifications/staff-notifier.service.js';
import type { Referral } from '../cases/commands/case-ports.js';

/** Warn when a case goes to co-review with fewer working days than this left before the reply is due. */
export const LEGAL_REVIEW_WARN_WORKDAYS = 5;

/**
 * The legal module's side of the case workflow: on REFER_TO_LEGAL each advisor is told of the referral addressed
 * to them (in-app, and by mail when they have an address); the mail carries only the case number, not the question
 * or the applicant. Co-review does not stop the clock (条例第三十三条 excludes only the time of third parties and
 * other agencies): a referral with fewer than LEGAL_REVIEW_WARN_WORKDAYS working days left also warns the advisors
 * and the officer at once, and the event records the warning.
 */
@Injectable()
export class LegalEffects implements OnModuleInit {
  constructor(
    private readonly registry: CaseEffectsRegistry,
    private readonly staff: StaffNotifier,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register('legal', ['notifyLegalAdvisors'], (ctx) => this.notifyLegalAdvisors(ctx));
  }

  private async notifyLegalAdvisors(ctx: CaseEffectContext): Promise<Record<string, unknown> | void> {
    const { em, row, agency, event, clockAfter, afterCommit } = ctx;
    const advisorIds = referralsOf(event.payload).map((r) => r.advisorId);
    const notice = { caseId: row.id, trackingNumber: row.trackingNumber, agencyName: agency.name, today: this.clock.today(), eventKey: `${row.id}:${row.version}` };
    const due = clockAfter?.dueDate ? `，答复期限为${clockAfter.dueDate}` : '';
    await this.staff.tell(em, advisorIds, { ...notice, kind: 'LEGAL_REFERRAL', message: `${row.trackingNumber} 提请您会商，请提出法律意见${due}` }, afterCommit);
    if (!clockAfter?.dueDate || (clockAfter.state !== 'running' && clockAfter.state !== 'overdue') || clockAfter.workdaysRemaining >= LEGAL_REVIEW_WARN_WORKDAYS) return;
    const message = `${row.trackingNumber} 会商期间答复期限不中止：距答复期限（${clockAfter.dueDate}）仅剩${clockAfter.workdaysRemaining}个工作日，请尽快提出意见`;
    await this.staff.tell(em, [...advisorIds, ...(row.assigneeId ? [row.assigneeId] : [])], { ...notice, kind: 'LEGAL_REVIEW_SHORT_TIME', message }, afterCommit);
    return { warning: { code: 'LEGAL_REVIEW_SHORT_TIME', workdaysRemaining: clockAfter.workdaysRemaining, dueDate: clockAfter.dueDate } };
  }
}

/** The referrals REFER_TO_LEGAL's payload records (one per advisor). */
function referralsOf(payload: Record<string, unknown>): Referral[] {
  const referrals = payload.referrals;
  if (!Array.isArray(referrals)) return [];
  return referrals.flatMap((r: unknown) =>
    typeof r === 'object' && r !== null && 'advisorId' in r && 'referralId' in r && typeof r.advisorId === 'string' && typeof r.referralId === 'string'
      ? [{ referralId: r.referralId, advisorId: r.advisorId }]
      : [],
  );
}
