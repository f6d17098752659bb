import { initialTransition, transition } from 'xstate';
import { freshCaseContext, type CaseContext } from './case-context.js';
import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType } from './case-event.js';
import {
  CaseSnapshotError,
  parsePersistedCaseSnapshot,
  STATE_VALUE_BY_STATUS,
  statusOfStateValue,
  type CaseSnapshot,
  type PersistedCaseSnapshot,
} from './case-snapshot.js';
import { migrateCaseSnapshot } from './case-snapshot.migrations.js';
import type { CaseStatus } from './case-status.js';
import { isIsoDate, replyTypeRuleBroken, type ReplyTypeRule } from './case.guards.js';
import { CASE_MACHINE_VERSION, CASE_SIDE_EFFECTS, caseMachine, type CaseSideEffect } from './case.machine.js';
import { canRoleSend, EVENT_ROLES } from './event-permissions.js';
import { legalReviewBlock, type LegalReviewBlock } from './legal-review.policy.js';
import type { Role } from './roles.js';

export type ApplyCaseEventResult =
  | {
      readonly ok: true;
      readonly snapshot: PersistedCaseSnapshot;
      readonly version: typeof CASE_MACHINE_VERSION;
      readonly status: CaseStatus;
      // In order; the service turns each into audit rows, outbox messages or documents.
      readonly actions: readonly CaseSideEffect[];
    }
  | { readonly ok: false; readonly reason: 'NOT_ALLOWED'; readonly rule?: ReplyTypeRule; readonly legalReview?: LegalReviewBlock };

// What the UI asks about: "could this event be sent on this day, by this role?".
export interface CaseEventProbe {
  readonly effectiveDate: string;
  readonly dueDate: string | null;
  readonly actorId?: string;
}

const NOT_ALLOWED = { ok: false, reason: 'NOT_ALLOWED' } as const;

export const statusOf = (snapshot: { readonly value: CaseSnapshot['value'] }): CaseStatus => {
  const status = statusOfStateValue(snapshot.value);
  if (status === undefined) {
    throw new CaseSnapshotError(`Unknown case state ${JSON.stringify(snapshot.value)}`);
  }
  return status;
};

export const persistCaseSnapshot = (snapshot: CaseSnapshot): PersistedCaseSnapshot => ({
  ...caseMachine.getPersistedSnapshot(snapshot),
  value: snapshot.value,
  context: snapshot.context,
});

// A case whose receipt date is known at registration (counter, registered letter).
export const initialCaseSnapshot = (receiptDate: string): PersistedCaseSnapshot => {
  if (!isIsoDate(receiptDate)) throw new RangeError(`Receipt date ${receiptDate} is not YYYY-MM-DD`);
  const [snapshot] = initialTransition(caseMachine, { receiptDate });
  return persistCaseSnapshot(snapshot);
};

// 条例第三十一条: a web, fax or ordinary-letter application whose receipt date waits for the
// office's confirmation (CONFIRM_RECEIPT). `submittedOn` is the day it was submitted or
// arrived; the confirmed receipt date may not precede it. The machine has a single initial
// state, so the snapshot is resolved directly, as restoring a stored one is.
export const initialSubmittedSnapshot = (submittedOn: string): PersistedCaseSnapshot => {
  if (!isIsoDate(submittedOn)) throw new RangeError(`Submission date ${submittedOn} is not YYYY-MM-DD`);
  return persistCaseSnapshot(caseMachine.resolveState({ value: STATE_VALUE_BY_STATUS.SUBMITTED, context: freshCaseContext(submittedOn) }));
};

// Migrates a snapshot written by an older machine version, validates it and rebuilds a
// live snapshot. The stored status is not trusted: XState derives it from the state value.
export const restoreCaseSnapshot = (persisted: unknown, version: number): CaseSnapshot => {
  const { status, context } = parsePersistedCaseSnapshot(migrateCaseSnapshot(persisted, version));
  return caseMachine.resolveState({ value: STATE_VALUE_BY_STATUS[status], context });
};

// The same snapshot as if every advisor had agreed: tells a refusal by the co-review policy from any other.
const withLegalReviewSettled = (snapshot: CaseSnapshot): CaseSnapshot =>
  caseMachine.resolveState({ value: snapshot.value, context: { ...snapshot.context, legalReviewDifficult: false, legalOpinionAgreed: true, legalOpinionDisagreed: false } });

const isCaseSideEffect = (name: string): name is CaseSideEffect => CASE_SIDE_EFFECTS.some((sideEffect) => sideEffect === name);

export const applyCaseEvent = (persisted: unknown, event: CaseEvent, version: number = CASE_MACHINE_VERSION): ApplyCaseEventResult => {
  const current = restoreCaseSnapshot(persisted, version);
  // `can()` does not look at the snapshot status; an archived (done) case takes nothing.
  if (current.status !== 'active') return NOT_ALLOWED;
  if (!current.can(event)) {
    // Admissible with a reply type that needs no earlier step, but not with this one: name the rule.
    const rule = replyTypeRuleBroken(current.context, event);
    if (rule && event.type === 'START_DRAFT' && current.can({ ...event, replyType: PROBE_REPLY_TYPE })) return { ...NOT_ALLOWED, rule };
    // Admissible but for the co-review policy: say what the legal advisors' answers lack.
    const legalReview = event.type === 'APPROVE_REPLY' ? legalReviewBlock(current.context, current.context.draftReplyType) : null;
    if (legalReview && withLegalReviewSettled(current).can(event)) return { ...NOT_ALLOWED, legalReview };
    return NOT_ALLOWED;
  }
  const [next, executed] = transition(caseMachine, current, event);
  return {
    ok: true,
    snapshot: persistCaseSnapshot(next),
    version: CASE_MACHINE_VERSION,
    status: statusOf(next),
    actions: executed.map((action) => action.type).filter(isCaseSideEffect),
  };
};

// Payload-bearing events are probed with a payload that would be valid now (an open
// consultation id, a fresh referral id, ...), so the answer reflects state and context.
const PROBE_ID = 'probe';
const PROBE_LATEST_DATE = '9999-12-31';
const PROBE_REPLY_TYPE = 'PROBE';

const freshId = (taken: readonly string[]): string => {
  let suffix = 0;
  while (taken.includes(`${PROBE_ID}-${suffix}`)) suffix += 1;
  return `${PROBE_ID}-${suffix}`;
};

const probeEvent = (type: CaseEventType, role: Role, context: CaseContext, probe: CaseEventProbe): CaseEvent => {
  const envelope = {
    effectiveDate: probe.effectiveDate,
    dueDate: probe.dueDate,
    actor: { id: probe.actorId ?? PROBE_ID, role },
  };
  switch (type) {
    // Confirmed as received on the probe day: always within [lastEffectiveDate, effectiveDate]
    // when the probe date itself is in order.
    case 'CONFIRM_RECEIPT':
      return { type, ...envelope, receiptDate: probe.effectiveDate };
    case 'CONSULT_THIRD_PARTY':
      return {
        type,
        ...envelope,
        consultationId: freshId(context.openConsultations),
        party: 'THIRD_PARTY',
      };
    case 'RECEIVE_THIRD_PARTY_OPINION':
    case 'THIRD_PARTY_LAPSED':
      return { type, ...envelope, consultationId: context.openConsultations[0] ?? PROBE_ID };
    case 'APPROVE_EXTENSION':
      return { type, ...envelope, workdays: 1 };
    case 'DEFER':
      return { type, ...envelope, until: PROBE_LATEST_DATE };
    case 'REFER_TO_LEGAL':
      return { type, ...envelope, referralIds: [freshId(context.pendingReferrals)] };
    case 'SUBMIT_LEGAL_OPINION':
      return { type, ...envelope, referralId: context.pendingReferrals[0] ?? PROBE_ID };
    case 'START_DRAFT':
      return { type, ...envelope, replyType: PROBE_REPLY_TYPE };
    case 'CLOSE':
      return { type, ...envelope, closeReason: 'OTHER' };
    case 'DEADLINE_WARNING':
      return { type, ...envelope, warning: PROBE_ID };
    // Taking the case: allowed to an officer as to the office head.
    case 'ASSIGN':
      return { type, ...envelope, assigneeId: envelope.actor.id };
    default:
      return { type, ...envelope };
  }
};

// Event types that could be sent now, in CASE_EVENT_TYPES order. With a role: only what
// that role may send (EVENT_ROLES) and the machine admits. Without: what the machine
// admits from any role permitted to send it.
export const allowedEvents = (persisted: unknown, role: Role | undefined, probe: CaseEventProbe, version: number = CASE_MACHINE_VERSION): CaseEventType[] => {
  const snapshot = restoreCaseSnapshot(persisted, version);
  if (snapshot.status !== 'active') return [];
  const admits = (type: CaseEventType, sender: Role): boolean => snapshot.can(probeEvent(type, sender, snapshot.context, probe));
  return CASE_EVENT_TYPES.filter((type) =>
    role === undefined ? EVENT_ROLES[type].some((sender) => admits(type, sender)) : canRoleSend(role, type) && admits(type, role),
  );
};
