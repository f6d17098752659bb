import type { CaseClock } from '../deadlines/domain/index.js';
import type { ApplicationStatusDto } from '../intake/dto/submit-application.dto.js';
import type { CaseEventEntity } from './case-event.entity.js';
import type { CaseEntity } from './case.entity.js';
import { CASE_STATUS_LABELS } from './workflow/case-status.js';

/**
 * Events an applicant sees, in plain Chinese: on the public status lookup and in their own case's event list
 * (the milestones of their application, not the office's internal record).
 */
export const PUBLIC_MILESTONES: Readonly<Record<string, (payload: Record<string, unknown>) => string>> = {
  REGISTERED: () => '申请已登记',
  CONFIRM_RECEIPT: (p) => `确认收到申请（收到申请之日：${String(p.receiptDate)}）`,
  REQUEST_CORRECTION: (p) => (p.purpose === 'REASONS' ? '已要求说明理由' : '已告知补正申请'),
  RECEIVE_CORRECTION: () => '收到补正材料，答复期限重新计算',
  CONSULT_THIRD_PARTY: () => '征求第三方或其他机关意见（所需时间不计入答复期限）',
  RECEIVE_THIRD_PARTY_OPINION: () => '征求意见结束',
  THIRD_PARTY_LAPSED: () => '征求意见期限届满',
  SEND_FEE_NOTICE: () => '已发出收费通知',
  RECEIVE_FEE_PAYMENT: () => '已缴纳信息处理费',
  APPROVE_EXTENSION: (p) => `答复期限延长${String(p.workdays)}个工作日`,
  DEFER: (p) => `确定延迟答复期限至${String(p.until)}`,
  DELIVER_REPLY: () => '已作出答复并送达',
  WITHDRAW: () => '申请已撤回',
  CLOSE: () => '申请已终结处理',
  CORRECTION_LAPSED: () => '逾期未补正，视为放弃申请',
  FEE_LAPSED: () => '逾期未缴费，视为放弃申请',
  // 条例第四十四条第二款: the office answered the applicant's own suggestion; the answer itself (where the information
  // is published, or the reason given to them) is in the suggestion's own section of the status page. The office's
  // decisions on groups of requests (DISCLOSURE_DECIDED) are its internal worklist, reasons included: not shown.
  DISCLOSURE_SUGGESTION_REVIEWED: (p) => `您关于主动公开的建议已审核：${p.outcome === 'ACCEPTED' ? '采纳' : '不予采纳'}`,
};

export const isPublicMilestone = (type: string): boolean => Object.hasOwn(PUBLIC_MILESTONES, type);

/** What an applicant may see through the public status lookup: status, key dates, no internals (documents added by intake). */
export function publicStatusOf(row: CaseEntity, events: readonly CaseEventEntity[], clock: CaseClock | null, agencyName: string): ApplicationStatusDto {
  return {
    trackingNumber: row.trackingNumber,
    agencyName,
    status: row.status,
    statusLabel: CASE_STATUS_LABELS[row.status],
    submittedOn: events[0]?.effectiveDate ?? row.receiptDate ?? '',
    receiptDate: row.receiptDate,
    dueDate: clock?.dueDate ?? null,
    milestones: events.flatMap((e) => {
      const label = PUBLIC_MILESTONES[e.type]?.(e.payload);
      return label ? [{ date: e.effectiveDate, label }] : [];
    }),
    documents: [],
  };
}
