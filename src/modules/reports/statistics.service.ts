import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Clock } from '../../common/time/clock.js';
import { CASE_STATUS_LABELS, type CaseStatus } from '../cases/workflow/case-status.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { REPLY_TYPE_LABELS, REPLY_TYPES, type ReplyType } from '../letters/reply-types.js';
import { monthsOf, rate, replyDurations, type ReplyDurations } from './domain/statistics.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

/** Reply types whose delivery is a reply to the request (not a withdrawal or a lapse notice). */
const ANSWER_TYPES: readonly string[] = REPLY_TYPES.filter((t) => !['WITHDRAWN', 'ABANDONED_NO_CORRECTION', 'ABANDONED_NO_FEE'].includes(t));
/** "Due soon": the due date falls within this many working days. */
const DUE_SOON_WORKDAYS = 5;

export interface OperationalStatistics {
  agencyId: string;
  subtree: boolean;
  from: string;
  to: string;
  today: string;
  receivedByMonth: { month: string; total: number; byChannel: Record<string, number> }[];
  openByStatus: { status: string; label: string; count: number }[];
  dueSoonAndOverdue: { agencyId: string; agency: string; assigneeId: string | null; officer: string | null; overdue: number; dueSoon: number }[];
  replyTime: ReplyDurations;
  replyTypeMix: { closingType: string | null; label: string; count: number }[];
  correctionRate: number | null;
  extensionRate: number | null;
  receivedInPeriod: number;
  /**
   * 法律顾问会商 (co-review by the legal advisors): opinions still awaited now, per advisor, and the working days
   * from referral to opinion of those given in the period.
   */
  legalReview: {
    pending: number;
    answered: number;
    turnaround: { opinions: number; averageWorkdays: number | null; p90Workdays: number | null };
    byAdvisor: { advisorId: string; advisor: string | null; pending: number; answered: number }[];
  };
}

const CLOSING_LABELS: Record<string, string> = { CLOSED_NOT_AN_APPLICATION: '终止办理—不属于政府信息公开申请', CLOSED_TRANSFERRED: '终止办理—已转送', CLOSED_OTHER: '终止办理—其他' };

@Injectable()
export class StatisticsService {
  constructor(
    private readonly reports: ReportsService,
    private readonly repository: ReportsRepository,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
  ) {}

  async statistics(user: AuthUser, q: { agencyId: string; from: string; to: string; subtree?: boolean }): Promise<OperationalStatistics> {
    const ids = await this.reports.agencyIds(user, { agencyId: q.agencyId, year: Number(q.from.slice(0, 4)), subtree: q.subtree });
    const calendar = await this.calendars.current();
    const today = this.clock.today();
    let soon = today;
    try {
      soon = calendar.addWorkdays(today, DUE_SOON_WORKDAYS);
    } catch {
      // Today beyond the calendar: "due soon" shrinks to today.
    }
    const raw = await this.repository.statistics(ids, q.from, q.to, today, soon, ANSWER_TYPES);
    const months = new Map(monthsOf(q.from, q.to).map((m) => [m, { month: m, total: 0, byChannel: {} as Record<string, number> }]));
    for (const r of raw.received) {
      const m = months.get(r.month);
      if (!m) continue;
      m.byChannel[r.channel] = Number(r.count);
      m.total += Number(r.count);
    }
    const received = Number(raw.rates.received);
    return {
      agencyId: q.agencyId,
      subtree: !!q.subtree,
      from: q.from,
      to: q.to,
      today,
      receivedByMonth: [...months.values()],
      openByStatus: raw.open.map((r) => ({ status: r.status, label: CASE_STATUS_LABELS[r.status as CaseStatus] ?? r.status, count: Number(r.count) })),
      dueSoonAndOverdue: raw.officers.map((r) => ({ agencyId: r.agency_id, agency: r.agency_name, assigneeId: r.assignee_id, officer: r.officer, overdue: Number(r.overdue), dueSoon: Number(r.due_soon) })),
      replyTime: replyDurations(
        raw.durations.map((d) => ({ receiptDate: d.receipt_date, repliedOn: d.replied_on, count: Number(d.count), late: Number(d.late) })),
        (a, b) => calendar.workdaysBetween(a, b),
      ),
      replyTypeMix: raw.mix.map((r) => ({
        closingType: r.closing_type,
        label: r.closing_type === null ? '未记录办理结果' : (REPLY_TYPE_LABELS[r.closing_type as ReplyType] ?? CLOSING_LABELS[r.closing_type] ?? r.closing_type),
        count: Number(r.count),
      })),
      correctionRate: rate(Number(raw.rates.corrected), received),
      extensionRate: rate(Number(raw.rates.extended), received),
      receivedInPeriod: received,
      legalReview: this.legalReview(raw, (a, b) => calendar.workdaysBetween(a, b)),
    };
  }

  private legalReview(raw: Awaited<ReturnType<ReportsRepository['statistics']>>, workdays: (from: string, to: string) => number): OperationalStatistics['legalReview'] {
    const byAdvisor = raw.legalLoad.map((r) => ({ advisorId: r.advisor_id, advisor: r.advisor, pending: Number(r.pending), answered: Number(r.answered) }));
    const t = replyDurations(
      raw.legalTurnaround.map((r) => ({ receiptDate: r.referred_on, repliedOn: r.answered_on, count: Number(r.count), late: 0 })),
      workdays,
    );
    return {
      pending: byAdvisor.reduce((n, a) => n + a.pending, 0),
      answered: byAdvisor.reduce((n, a) => n + a.answered, 0),
      turnaround: { opinions: t.replies, averageWorkdays: t.averageWorkdays, p90Workdays: t.p90Workdays },
      byAdvisor,
    };
  }
}
