import { correctionAllowed, EXTENSION, extensionAllowed } from '../../../common/statutory-limits.js';
import type { CaseContext } from './case-context.js';
import type { CaseEvent } from './case-event.js';
import { MANUAL_CLOSE_REASONS, type CloseReason } from './case-status.js';

// 条例第三十三条第二款: "延长的期限最长不得超过20个工作日".
export const MIN_EXTENSION_WORKDAYS = EXTENSION.minWorkdays;
export const MAX_EXTENSION_WORKDAYS = EXTENSION.maxWorkdays;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// A real calendar day in YYYY-MM-DD form; such strings compare correctly as text.
export const isIsoDate = (value: string): boolean => {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

// rules.md §3 "Events apply in date order": an event may share the day of the previous one
// but never precede it, otherwise the clock's excluded intervals would be rewritten.
export const datesInOrder = (context: CaseContext, event: CaseEvent): boolean =>
  isIsoDate(event.effectiveDate) && event.effectiveDate >= context.lastEffectiveDate;

// rules.md §2: the receipt date is the day both parties confirmed, so it cannot be later
// than the confirmation itself; it may be earlier (a confirmation recorded afterwards) but
// not before the submission or any event already recorded.
export const receiptDateConfirmable = (context: CaseContext, event: CaseEvent): boolean =>
  event.type === 'CONFIRM_RECEIPT' &&
  isIsoDate(event.receiptDate) &&
  event.receiptDate >= context.lastEffectiveDate &&
  event.receiptDate <= event.effectiveDate;

export const isOfficeHead = (event: CaseEvent): boolean => event.actor.role === 'OFFICE_HEAD';

// 条例第三十条: "一次性告知".
export const correctionNotRequested = (context: CaseContext): boolean => correctionAllowed(context.correctionRequested ? 1 : 0);

// 条例第三十三条第二款: one extension per application.
export const extensionNotUsed = (context: CaseContext): boolean => extensionAllowed(context.extensionUsed ? 1 : 0);

export const extensionWorkdaysInRange = (event: CaseEvent): boolean =>
  event.type === 'APPROVE_EXTENSION' &&
  Number.isInteger(event.workdays) &&
  event.workdays >= MIN_EXTENSION_WORKDAYS &&
  event.workdays <= MAX_EXTENSION_WORKDAYS;

// rules.md §3: an extension is approved "on or before the current due date"; without a
// running due date there is nothing to extend.
export const onOrBeforeDueDate = (event: CaseEvent): boolean => event.dueDate !== null && isIsoDate(event.dueDate) && event.effectiveDate <= event.dueDate;

// 条例第三十五条: the deferral sets a *later* date.
export const deferralDateIsLater = (event: CaseEvent): boolean => event.type === 'DEFER' && isIsoDate(event.until) && event.until > event.effectiveDate;

export const consultationIsNew = (context: CaseContext, event: CaseEvent): boolean =>
  event.type === 'CONSULT_THIRD_PARTY' && event.consultationId !== '' && !context.openConsultations.includes(event.consultationId);

export const consultationIsOpen = (context: CaseContext, event: CaseEvent): boolean =>
  (event.type === 'RECEIVE_THIRD_PARTY_OPINION' || event.type === 'THIRD_PARTY_LAPSED') && context.openConsultations.includes(event.consultationId);

export const noOpenConsultations = (context: CaseContext): boolean => context.openConsultations.length === 0;

export const referralsAreNew = (context: CaseContext, event: CaseEvent): boolean =>
  event.type === 'REFER_TO_LEGAL' &&
  event.referralIds.length > 0 &&
  new Set(event.referralIds).size === event.referralIds.length &&
  event.referralIds.every((id) => id !== '' && !context.pendingReferrals.includes(id));

export const referralIsPending = (context: CaseContext, event: CaseEvent): boolean =>
  event.type === 'SUBMIT_LEGAL_OPINION' && context.pendingReferrals.includes(event.referralId);

export const noPendingReferrals = (context: CaseContext): boolean => context.pendingReferrals.length === 0;

export const replyTypeGiven = (event: CaseEvent): boolean => event.type === 'START_DRAFT' && event.replyType.trim() !== '';

export const hasDraft = (context: CaseContext): boolean => context.draftReplyType !== null;

/** The history fact a reply type's text relies on; the code names it when START_DRAFT is refused. */
export const REPLY_TYPE_RULES = {
  // 条例第三十条: "逾期不补正的，视为放弃申请" — only after a correction request lapsed.
  ABANDONED_NO_CORRECTION: 'REPLY_TYPE_NEEDS_CORRECTION_LAPSE',
  // 国办函〔2020〕109号: only after a fee notice lapsed unpaid.
  ABANDONED_NO_FEE: 'REPLY_TYPE_NEEDS_FEE_LAPSE',
  // 条例第三十条、第三十六条第（七）项: unclear *after* a correction was asked for and received.
  UNCLEAR_AFTER_CORRECTION: 'REPLY_TYPE_NEEDS_CORRECTION_RECEIVED',
  // 条例第三十五条: "可以要求申请人说明理由" comes first.
  EXCESSIVE: 'REPLY_TYPE_NEEDS_REASONS_REQUESTED',
  // 条例第三十六条第（六）项: the earlier application and its reply must exist.
  DUPLICATE: 'REPLY_TYPE_NEEDS_EARLIER_CASE',
} as const;

export type ReplyTypeRule = (typeof REPLY_TYPE_RULES)[keyof typeof REPLY_TYPE_RULES];

/** The rule a START_DRAFT breaks by choosing a reply type whose premise the case history lacks; null if none. */
export const replyTypeRuleBroken = (context: CaseContext, event: CaseEvent): ReplyTypeRule | null => {
  if (event.type !== 'START_DRAFT') return null;
  switch (event.replyType) {
    case 'ABANDONED_NO_CORRECTION':
      return context.correctionLapsed ? null : REPLY_TYPE_RULES.ABANDONED_NO_CORRECTION;
    case 'ABANDONED_NO_FEE':
      return context.feeLapsed ? null : REPLY_TYPE_RULES.ABANDONED_NO_FEE;
    case 'UNCLEAR_AFTER_CORRECTION':
      return context.correctionReceived && !context.reasonsRequested ? null : REPLY_TYPE_RULES.UNCLEAR_AFTER_CORRECTION;
    case 'EXCESSIVE':
      return context.reasonsRequested ? null : REPLY_TYPE_RULES.EXCESSIVE;
    case 'DUPLICATE':
      return typeof event.earlierCaseId === 'string' && event.earlierCaseId !== '' ? null : REPLY_TYPE_RULES.DUPLICATE;
    default:
      return null;
  }
};

export const replyTypeFitsHistory = (context: CaseContext, event: CaseEvent): boolean => replyTypeRuleBroken(context, event) === null;

// 分办: the office head gives a case to anyone of the office (the service checks the assignee is an active
// handler of the agency); an officer may only take it.
export const mayAssign = (event: CaseEvent): boolean =>
  event.type === 'ASSIGN' && event.assigneeId !== '' && (event.actor.role === 'OFFICE_HEAD' || event.assigneeId === event.actor.id);

export const closeReasonIsManual = (event: CaseEvent): boolean => event.type === 'CLOSE' && MANUAL_CLOSE_REASONS.includes(event.closeReason);

// The close reason each closing event stands for; lapses carry it implicitly.
export const closeReasonOf = (event: CaseEvent): CloseReason => {
  switch (event.type) {
    case 'CLOSE':
      return event.closeReason;
    case 'CORRECTION_LAPSED':
      return 'ABANDONED_NO_CORRECTION';
    case 'FEE_LAPSED':
      return 'ABANDONED_NO_FEE';
    default:
      throw new Error(`${event.type} does not close a case`);
  }
};
