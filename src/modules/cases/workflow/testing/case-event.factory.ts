import type { CaseEvent, CaseEventEnvelope, CaseEventOf, CaseEventPayloads, CaseEventType } from '../case-event.js';
import { EVENT_ROLES } from '../event-permissions.js';
import type { Role } from '../roles.js';

// Test data for workflow specs. 2026-03-02 is a Monday; the due date is nominal, the
// machine only compares it with the effective date.
export const RECEIPT_DATE = '2026-03-02';
// A web application submitted on the Saturday before; the office confirms on RECEIPT_DATE.
export const SUBMITTED_ON = '2026-02-28';
export const DUE_DATE = '2026-03-30';
export const ACTOR_ID = 'user-1';

export interface CaseEventOverrides {
  readonly effectiveDate?: string;
  readonly dueDate?: string | null;
  readonly role?: Role;
  readonly actorId?: string;
}

// A role that may send the event: OFFICER when allowed, else the first permitted role.
const defaultSender = (type: CaseEventType): Role => {
  const roles = EVENT_ROLES[type];
  return roles.includes('OFFICER') ? 'OFFICER' : (roles[0] ?? 'OFFICER');
};

export const caseEvent = <T extends CaseEventType>(type: T, payload: CaseEventPayloads[T], overrides: CaseEventOverrides = {}): CaseEventOf<T> => {
  const envelope: CaseEventEnvelope & { readonly type: T } = {
    type,
    effectiveDate: overrides.effectiveDate ?? RECEIPT_DATE,
    dueDate: overrides.dueDate === undefined ? DUE_DATE : overrides.dueDate,
    actor: { id: overrides.actorId ?? ACTOR_ID, role: overrides.role ?? defaultSender(type) },
  };
  return Object.assign({}, envelope, payload);
};

// One valid-looking event of every type. Ids match the paths in the specs: consultation
// 'c1' and referral 'r1' are the ones opened on the way to those states. Receipt is
// confirmed as of the event's own day, so CONFIRM_RECEIPT is valid whenever its date is.
export const sampleEvents = (overrides: CaseEventOverrides = {}): { readonly [T in CaseEventType]: CaseEventOf<T> } => ({
  CONFIRM_RECEIPT: caseEvent('CONFIRM_RECEIPT', { receiptDate: overrides.effectiveDate ?? RECEIPT_DATE }, overrides),
  ACCEPT: caseEvent('ACCEPT', {}, overrides),
  REQUEST_CORRECTION: caseEvent('REQUEST_CORRECTION', {}, overrides),
  RECEIVE_CORRECTION: caseEvent('RECEIVE_CORRECTION', {}, overrides),
  CORRECTION_LAPSED: caseEvent('CORRECTION_LAPSED', {}, overrides),
  CONSULT_THIRD_PARTY: caseEvent('CONSULT_THIRD_PARTY', { consultationId: 'c-new', party: 'THIRD_PARTY' }, overrides),
  RECEIVE_THIRD_PARTY_OPINION: caseEvent('RECEIVE_THIRD_PARTY_OPINION', { consultationId: 'c1' }, overrides),
  THIRD_PARTY_LAPSED: caseEvent('THIRD_PARTY_LAPSED', { consultationId: 'c1' }, overrides),
  SEND_FEE_NOTICE: caseEvent('SEND_FEE_NOTICE', {}, overrides),
  RECEIVE_FEE_PAYMENT: caseEvent('RECEIVE_FEE_PAYMENT', {}, overrides),
  FEE_LAPSED: caseEvent('FEE_LAPSED', {}, overrides),
  APPROVE_EXTENSION: caseEvent('APPROVE_EXTENSION', { workdays: 20 }, overrides),
  DEFER: caseEvent('DEFER', { until: '2026-06-30' }, overrides),
  REFER_TO_LEGAL: caseEvent('REFER_TO_LEGAL', { referralIds: ['r-new'] }, overrides),
  SUBMIT_LEGAL_OPINION: caseEvent('SUBMIT_LEGAL_OPINION', { referralId: 'r1' }, overrides),
  START_DRAFT: caseEvent('START_DRAFT', { replyType: 'DISCLOSE' }, overrides),
  SUBMIT_FOR_APPROVAL: caseEvent('SUBMIT_FOR_APPROVAL', {}, overrides),
  APPROVE_REPLY: caseEvent('APPROVE_REPLY', {}, overrides),
  RETURN_DRAFT: caseEvent('RETURN_DRAFT', {}, overrides),
  DELIVER_REPLY: caseEvent('DELIVER_REPLY', {}, overrides),
  RECORD_DELIVERY_PROOF: caseEvent('RECORD_DELIVERY_PROOF', {}, overrides),
  ASSIGN: caseEvent('ASSIGN', { assigneeId: overrides.actorId ?? ACTOR_ID }, overrides),
  WITHDRAW: caseEvent('WITHDRAW', {}, overrides),
  CLOSE: caseEvent('CLOSE', { closeReason: 'OTHER' }, overrides),
  ARCHIVE: caseEvent('ARCHIVE', {}, overrides),
  DEADLINE_WARNING: caseEvent('DEADLINE_WARNING', { warning: 'REPLY_DUE_IN_5' }, overrides),
  DEADLINE_PASSED: caseEvent('DEADLINE_PASSED', {}, overrides),
  CALENDAR_CHANGED: caseEvent('CALENDAR_CHANGED', {}, overrides),
  RECORD_REMEDY: caseEvent('RECORD_REMEDY', {}, overrides),
  SET_LEGAL_HOLD: caseEvent('SET_LEGAL_HOLD', {}, overrides),
  DISCLOSURE_DECIDED: caseEvent('DISCLOSURE_DECIDED', {}, overrides),
  DISCLOSURE_SUGGESTION_REVIEWED: caseEvent('DISCLOSURE_SUGGESTION_REVIEWED', {}, overrides),
});

export const sampleEvent = (type: CaseEventType, overrides: CaseEventOverrides = {}): CaseEvent => sampleEvents(overrides)[type];
