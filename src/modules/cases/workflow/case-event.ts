import type { LegalOpinion } from '../../legal/legal-referral.entity.js';
import { CLOCK_AFFECTING_EVENTS } from '../../deadlines/domain/case-clock.types.js';
import type { CloseReason } from './case-status.js';
import type { Role } from './roles.js';

export const CASE_EVENT_TYPES = [
  'CONFIRM_RECEIPT',
  'ACCEPT',
  'REQUEST_CORRECTION',
  'RECEIVE_CORRECTION',
  'CORRECTION_LAPSED',
  'CONSULT_THIRD_PARTY',
  'RECEIVE_THIRD_PARTY_OPINION',
  'THIRD_PARTY_LAPSED',
  'SEND_FEE_NOTICE',
  'RECEIVE_FEE_PAYMENT',
  'FEE_LAPSED',
  'APPROVE_EXTENSION',
  'DEFER',
  'REFER_TO_LEGAL',
  'SUBMIT_LEGAL_OPINION',
  'START_DRAFT',
  'SUBMIT_FOR_APPROVAL',
  'APPROVE_REPLY',
  'RETURN_DRAFT',
  'DELIVER_REPLY',
  'RECORD_DELIVERY_PROOF',
  'WITHDRAW',
  'CLOSE',
  'ARCHIVE',
  'DEADLINE_WARNING',
  'DEADLINE_PASSED',
  'CALENDAR_CHANGED',
  'ASSIGN',
  // Evidence archive: remedy proceedings and legal hold, also on a sealed (archived) case.
  'RECORD_REMEDY',
  'SET_LEGAL_HOLD',
  // 条例第四十四条: the office's decisions on proactive disclosure, recorded on each case they concern.
  'DISCLOSURE_DECIDED',
  'DISCLOSURE_SUGGESTION_REVIEWED',
] as const;

export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/**
 * The events that the deadline clock reacts to, typed as workflow events: the clock (deadlines/) may not import the
 * workflow, so the link is made here, and a clock event that is no workflow event (renamed, misspelt) fails the build.
 */
export const CLOCK_EVENT_TYPES: readonly CaseEventType[] = CLOCK_AFFECTING_EVENTS;

/**
 * Decisions taken outside the case's handling and recorded on the cases they concern, never sent to
 * POST /cases/:id/events (no role may send them there): 条例第四十四条第一款, the office decides whether information
 * many applicants asked for becomes proactive disclosure (the decision on the group lands on every member's log);
 * 条例第四十四条第二款, the office's answer to an applicant's suggestion. No state change; admitted in every state,
 * sealed (archived) cases included, since the decision may come long after the reply.
 */
export const RECORDED_DECISION_TYPES = ['DISCLOSURE_DECIDED', 'DISCLOSURE_SUGGESTION_REVIEWED'] as const satisfies readonly CaseEventType[];

export type RecordedDecisionType = (typeof RECORDED_DECISION_TYPES)[number];

/** The events that end a case's handling: the reply delivered, withdrawal, closing, and the lapses that close it. */
export const CLOSING_EVENT_TYPES = ['DELIVER_REPLY', 'WITHDRAW', 'CLOSE', 'CORRECTION_LAPSED', 'FEE_LAPSED'] as const satisfies readonly CaseEventType[];

/** {@link CLOSING_EVENT_TYPES} as an SQL list, `('DELIVER_REPLY', …)`: constants only, never user input. */
export const CLOSING_EVENT_TYPES_SQL = `(${CLOSING_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`;

// 条例第三十二条 (third party) vs 第三十四条 (co-producing agency): the silence of the latter
// counts as consent, so the clock module needs to know which one was consulted.
export type ConsultedParty = 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY';

export interface CaseEventActor {
  readonly id: string;
  readonly role: Role;
}

export interface CaseEventEnvelope {
  // YYYY-MM-DD; the day the act legally happened (may be back-dated by the service).
  readonly effectiveDate: string;
  readonly actor: CaseEventActor;
  // The current due date computed by the clock, injected by the service; null when none
  // runs (e.g. while awaiting correction).
  readonly dueDate: string | null;
}

type NoPayload = Record<never, never>;

export interface CaseEventPayloads {
  // 条例第三十一条: the office confirmed the application with the applicant (or, by agency
  // setting, the system auto-confirmed a web submission). `receiptDate` is the legal
  // 收到申请之日 this fixes (条例第三十一条), YYYY-MM-DD; it may precede the day the
  // confirmation is recorded but not the submission or any earlier event.
  CONFIRM_RECEIPT: { readonly receiptDate: string };
  ACCEPT: NoPayload;
  // 条例第三十条 (CORRECTION, the default) or 条例第三十五条 (REASONS: the applicant is asked to explain a request
  // whose number or frequency is clearly beyond the reasonable).
  REQUEST_CORRECTION: { readonly purpose?: 'CORRECTION' | 'REASONS' };
  RECEIVE_CORRECTION: NoPayload;
  CORRECTION_LAPSED: NoPayload;
  CONSULT_THIRD_PARTY: { readonly consultationId: string; readonly party: ConsultedParty };
  RECEIVE_THIRD_PARTY_OPINION: { readonly consultationId: string };
  THIRD_PARTY_LAPSED: { readonly consultationId: string };
  SEND_FEE_NOTICE: NoPayload;
  RECEIVE_FEE_PAYMENT: NoPayload;
  FEE_LAPSED: NoPayload;
  APPROVE_EXTENSION: { readonly workdays: number };
  DEFER: { readonly until: string };
  // One referral per legal advisor, so each advisor answers (and sees) only their own.
  // 会商: `difficult` flags the case 重大复杂疑难 (an agreeing opinion is then needed whatever the reply type);
  // `opinion` is the advisor's answer, which the approval guard weighs.
  REFER_TO_LEGAL: { readonly referralIds: readonly string[]; readonly difficult?: boolean };
  SUBMIT_LEGAL_OPINION: { readonly referralId: string; readonly opinion?: LegalOpinion };
  // DUPLICATE (条例第三十六条第（六）项): the earlier case the reply refers to, as resolved by the service from the
  // tracking number in the blanks; null when no such case exists.
  START_DRAFT: { readonly replyType: string; readonly earlierCaseId?: string | null };
  SUBMIT_FOR_APPROVAL: NoPayload;
  APPROVE_REPLY: NoPayload;
  RETURN_DRAFT: NoPayload;
  DELIVER_REPLY: NoPayload;
  // 行政诉讼法第三十四条 (the agency proves its act): the proof that a reply or notice reached its addressee (a signed EMS
  // return receipt, a signed pickup slip), recorded when it comes back; no state change.
  RECORD_DELIVERY_PROOF: NoPayload;
  WITHDRAW: NoPayload;
  CLOSE: { readonly closeReason: CloseReason };
  ARCHIVE: NoPayload;
  DEADLINE_WARNING: { readonly warning: string };
  DEADLINE_PASSED: NoPayload;
  CALENDAR_CHANGED: NoPayload;
  // 分办: the case is given to an officer of the agency (by the office head, or an officer taking it).
  ASSIGN: { readonly assigneeId: string };
  // 行政复议法第四十八条、行政诉讼法第六十七条: a reconsideration or lawsuit against the reply, and its
  // outcome; the legal-hold flag that keeps a case past its retention period. No state change.
  RECORD_REMEDY: NoPayload;
  SET_LEGAL_HOLD: NoPayload;
  // The decision's facts (group, kind, publication, reasons) go to the log only; the statechart needs none.
  DISCLOSURE_DECIDED: NoPayload;
  DISCLOSURE_SUGGESTION_REVIEWED: NoPayload;
}

export type CaseEventOf<T extends CaseEventType> = { readonly type: T } & CaseEventEnvelope & CaseEventPayloads[T];

export type CaseEvent = { [T in CaseEventType]: CaseEventOf<T> }[CaseEventType];
