// The leaf states of the case statechart, as stored in the denormalised `status` column.
export const CaseStatus = {
  // rules.md §2: a web, fax or ordinary-letter application exists before its receipt date
  // is fixed; the date is set when the office confirms receipt (CONFIRM_RECEIPT).
  SUBMITTED: 'SUBMITTED',
  REGISTERED: 'REGISTERED',
  CORRECTION_PENDING: 'CORRECTION_PENDING',
  ACCEPTED: 'ACCEPTED',
  CONSULTING_THIRD_PARTY: 'CONSULTING_THIRD_PARTY',
  AWAITING_FEE: 'AWAITING_FEE',
  LEGAL_REVIEW: 'LEGAL_REVIEW',
  DRAFTING: 'DRAFTING',
  AWAITING_APPROVAL: 'AWAITING_APPROVAL',
  APPROVED: 'APPROVED',
  DELIVERED: 'DELIVERED',
  ARCHIVED: 'ARCHIVED',
  WITHDRAWN: 'WITHDRAWN',
  CLOSED: 'CLOSED',
} as const;

export type CaseStatus = (typeof CaseStatus)[keyof typeof CaseStatus];

export const CASE_STATUSES: readonly CaseStatus[] = Object.values(CaseStatus);

// Statuses in which the office still owes an answer: the case is not yet answered or ended.
// SUBMITTED is open although no reply clock runs yet (its receipt date is not fixed).
// Arrays rather than Sets so repositories can pass them straight to `IN (...)`.
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  CaseStatus.SUBMITTED,
  CaseStatus.REGISTERED,
  CaseStatus.CORRECTION_PENDING,
  CaseStatus.ACCEPTED,
  CaseStatus.CONSULTING_THIRD_PARTY,
  CaseStatus.AWAITING_FEE,
  CaseStatus.LEGAL_REVIEW,
  CaseStatus.DRAFTING,
  CaseStatus.AWAITING_APPROVAL,
  CaseStatus.APPROVED,
];

// Concluded (办结): answered, withdrawn or ended; at most archiving is left. Together with
// OPEN_CASE_STATUSES this partitions all statuses.
export const TERMINAL_CASE_STATUSES: readonly CaseStatus[] = [CaseStatus.DELIVERED, CaseStatus.ARCHIVED, CaseStatus.WITHDRAWN, CaseStatus.CLOSED];

// Statuses whose time the reply clock may exclude: awaiting correction (条例第三十条: the
// period restarts on receipt of the correction), third-party / co-producing agency
// consultation (条例第三十三条第三款) and an unpaid fee notice (109号; the deadlines module
// applies the agency setting `feeNoticePausesClock`). Legal co-review is NOT here: 会商不停表.
// Nor is SUBMITTED: a clock that has not started is not paused.
export const PAUSED_STATUSES: readonly CaseStatus[] = [CaseStatus.CORRECTION_PENDING, CaseStatus.CONSULTING_THIRD_PARTY, CaseStatus.AWAITING_FEE];

export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  SUBMITTED: '待确认收到',
  REGISTERED: '待受理审查',
  CORRECTION_PENDING: '待补正',
  ACCEPTED: '已受理（检索中）',
  CONSULTING_THIRD_PARTY: '征求意见中',
  AWAITING_FEE: '待缴费',
  LEGAL_REVIEW: '法律顾问会商中',
  DRAFTING: '答复拟稿中',
  AWAITING_APPROVAL: '待审批',
  APPROVED: '已审批待送达',
  DELIVERED: '已送达',
  ARCHIVED: '已归档',
  WITHDRAWN: '已撤回',
  CLOSED: '已终结',
};

export const isOpenCaseStatus = (status: CaseStatus): boolean => OPEN_CASE_STATUSES.includes(status);

export const isTerminalCaseStatus = (status: CaseStatus): boolean => TERMINAL_CASE_STATUSES.includes(status);

export const CloseReason = {
  // 条例第三十条: no correction by the deadline without good reason = application abandoned.
  ABANDONED_NO_CORRECTION: 'ABANDONED_NO_CORRECTION',
  // 国办函〔2020〕109号: fee not paid within the payment period.
  ABANDONED_NO_FEE: 'ABANDONED_NO_FEE',
  NOT_AN_APPLICATION: 'NOT_AN_APPLICATION',
  TRANSFERRED: 'TRANSFERRED',
  OTHER: 'OTHER',
} as const;

export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];

export const CLOSE_REASONS: readonly CloseReason[] = Object.values(CloseReason);

// The abandonment reasons are reached only through their lapse events, which the machine
// admits only in the matching state; a manual CLOSE cannot claim them.
export const MANUAL_CLOSE_REASONS: readonly CloseReason[] = [CloseReason.NOT_AN_APPLICATION, CloseReason.TRANSFERRED, CloseReason.OTHER];
