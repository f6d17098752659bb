import type { CaseEventType, RecordedDecisionType } from './case-event.js';
import type { Role } from './roles.js';

// Checked by the service before the machine (403 before 409). ADMIN and AUDITOR appear
// nowhere: admins administer the system and auditors read, neither handles cases.
const CASE_HANDLERS: readonly Role[] = ['OFFICER', 'OFFICE_HEAD'];
// 条例第三十三条第二款: an extension needs the head of the disclosure office; the reply
// sign-off is the same distinct permission.
const OFFICE_HEAD_ONLY: readonly Role[] = ['OFFICE_HEAD'];
// Lapses are normally detected by the scheduler, but staff may record one it missed;
// receipt is confirmed by staff or, where the agency allows it, automatically.
const SCHEDULER_OR_HANDLERS: readonly Role[] = ['SYSTEM', ...CASE_HANDLERS];
const SCHEDULER_ONLY: readonly Role[] = ['SYSTEM'];

export const EVENT_ROLES: Readonly<Record<CaseEventType, readonly Role[]>> = {
  // rules.md §2: staff confirm receipt; SYSTEM when the agency lets web submissions be
  // confirmed automatically.
  CONFIRM_RECEIPT: SCHEDULER_OR_HANDLERS,
  ACCEPT: CASE_HANDLERS,
  REQUEST_CORRECTION: CASE_HANDLERS,
  // The applicant may submit the correction online; staff record paper corrections.
  RECEIVE_CORRECTION: ['APPLICANT', ...CASE_HANDLERS],
  CORRECTION_LAPSED: SCHEDULER_OR_HANDLERS,
  CONSULT_THIRD_PARTY: CASE_HANDLERS,
  RECEIVE_THIRD_PARTY_OPINION: CASE_HANDLERS,
  THIRD_PARTY_LAPSED: SCHEDULER_OR_HANDLERS,
  SEND_FEE_NOTICE: CASE_HANDLERS,
  RECEIVE_FEE_PAYMENT: CASE_HANDLERS,
  FEE_LAPSED: SCHEDULER_OR_HANDLERS,
  APPROVE_EXTENSION: OFFICE_HEAD_ONLY,
  DEFER: CASE_HANDLERS,
  REFER_TO_LEGAL: CASE_HANDLERS,
  SUBMIT_LEGAL_OPINION: ['LEGAL_ADVISOR'],
  START_DRAFT: CASE_HANDLERS,
  SUBMIT_FOR_APPROVAL: CASE_HANDLERS,
  APPROVE_REPLY: OFFICE_HEAD_ONLY,
  RETURN_DRAFT: CASE_HANDLERS,
  DELIVER_REPLY: CASE_HANDLERS,
  RECORD_DELIVERY_PROOF: CASE_HANDLERS,
  // 条例 leaves the application the applicant's own: they may withdraw it (own case only) until the reply is
  // delivered; staff record a withdrawal made on paper or by phone.
  WITHDRAW: ['APPLICANT', ...CASE_HANDLERS],
  CLOSE: CASE_HANDLERS,
  ARCHIVE: CASE_HANDLERS,
  DEADLINE_WARNING: SCHEDULER_ONLY,
  DEADLINE_PASSED: SCHEDULER_ONLY,
  CALENDAR_CHANGED: SCHEDULER_ONLY,
  // 分办: the office head assigns; an officer may take a case (the machine checks it is to themself).
  ASSIGN: CASE_HANDLERS,
  RECORD_REMEDY: CASE_HANDLERS,
  SET_LEGAL_HOLD: CASE_HANDLERS,
  // Recorded by the module that takes the decision (RECORDED_DECISION_ROLES), never sent as a command: a log entry
  // claiming a decision nobody took must not be writable through the events endpoint.
  DISCLOSURE_DECIDED: [],
  DISCLOSURE_SUGGESTION_REVIEWED: [],
};

/** Who may take the decisions recorded on cases by another module (条例第四十四条: the disclosure office). */
export const RECORDED_DECISION_ROLES: Readonly<Record<RecordedDecisionType, readonly Role[]>> = {
  DISCLOSURE_DECIDED: CASE_HANDLERS,
  DISCLOSURE_SUGGESTION_REVIEWED: CASE_HANDLERS,
};

export const canRoleSend = (role: Role, type: CaseEventType): boolean => EVENT_ROLES[type].includes(role);
