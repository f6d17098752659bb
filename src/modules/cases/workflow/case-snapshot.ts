import type { SnapshotFrom, SnapshotStatus, StateValue } from 'xstate';
import type { CaseContext } from './case-context.js';
import { CLOSE_REASONS, CaseStatus, type CloseReason } from './case-status.js';
import type { caseMachine } from './case.machine.js';

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;
export type CaseStateValue = CaseSnapshot['value'];

// What `caseMachine.getPersistedSnapshot()` produces and the `workflow_snapshot` jsonb
// column stores, next to `workflow_version`. Plain JSON: it survives stringify/parse.
export interface PersistedCaseSnapshot {
  readonly status: SnapshotStatus;
  readonly value: CaseStateValue;
  readonly context: CaseContext;
  // XState's bookkeeping (historyValue, children): empty for this machine, kept verbatim.
  readonly [field: string]: unknown;
}

// Corrupt or unknown stored data is a server fault (500), never a refused command (409).
export class CaseSnapshotError extends Error {
  override readonly name = 'CaseSnapshotError';
}

export const STATE_VALUE_BY_STATUS = {
  SUBMITTED: 'submitted',
  REGISTERED: 'registered',
  CORRECTION_PENDING: 'correctionPending',
  ACCEPTED: { processing: 'accepted' },
  CONSULTING_THIRD_PARTY: { processing: 'consultingThirdParty' },
  AWAITING_FEE: { processing: 'awaitingFee' },
  LEGAL_REVIEW: { processing: 'legalReview' },
  DRAFTING: { processing: 'drafting' },
  AWAITING_APPROVAL: { processing: 'awaitingApproval' },
  APPROVED: { processing: 'approved' },
  DELIVERED: 'delivered',
  ARCHIVED: 'archived',
  WITHDRAWN: 'withdrawn',
  CLOSED: 'closed',
} as const satisfies Record<CaseStatus, CaseStateValue>;

// 'processing.accepted' for { processing: 'accepted' }; undefined unless exactly one leaf.
const leafPathOf = (value: StateValue): string | undefined => {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value);
  if (entries.length !== 1) return undefined;
  const [[parent, child]] = entries;
  if (child === undefined) return undefined;
  const childPath = leafPathOf(child);
  return childPath === undefined ? undefined : `${parent}.${childPath}`;
};

const STATUS_BY_LEAF_PATH: ReadonlyMap<string, CaseStatus> = new Map(
  Object.values(CaseStatus).map((status) => [leafPathOf(STATE_VALUE_BY_STATUS[status]) ?? '', status]),
);

export const statusOfStateValue = (value: StateValue): CaseStatus | undefined => {
  const path = leafPathOf(value);
  return path === undefined ? undefined : STATUS_BY_LEAF_PATH.get(path);
};

export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

const isNullableString = (value: unknown): value is string | null => value === null || typeof value === 'string';

const isNullableCloseReason = (value: unknown): value is CloseReason | null => value === null || CLOSE_REASONS.some((reason) => reason === value);

const fail = (what: string): never => {
  throw new CaseSnapshotError(`Invalid case snapshot: ${what}`);
};

export const parseCaseContext = (raw: unknown): CaseContext => {
  if (!isRecord(raw)) return fail('context is not an object');
  const { correctionRequested, extensionUsed, openConsultations, pendingReferrals, draftReplyType, deferredUntil, overdue, closeReason, lastEffectiveDate } =
    raw;
  const { reasonsRequested, correctionReceived, correctionLapsed, feeLapsed, legalReviewDifficult, legalOpinionAgreed, legalOpinionDisagreed } = raw;
  const flags = { reasonsRequested, correctionReceived, correctionLapsed, feeLapsed, legalReviewDifficult, legalOpinionAgreed, legalOpinionDisagreed };
  for (const [name, value] of Object.entries(flags)) {
    if (typeof value !== 'boolean') return fail(`context.${name}`);
  }
  if (typeof correctionRequested !== 'boolean') return fail('context.correctionRequested');
  if (typeof extensionUsed !== 'boolean') return fail('context.extensionUsed');
  if (!isStringArray(openConsultations)) return fail('context.openConsultations');
  if (!isStringArray(pendingReferrals)) return fail('context.pendingReferrals');
  if (!isNullableString(draftReplyType)) return fail('context.draftReplyType');
  if (!isNullableString(deferredUntil)) return fail('context.deferredUntil');
  if (typeof overdue !== 'boolean') return fail('context.overdue');
  if (!isNullableCloseReason(closeReason)) return fail('context.closeReason');
  if (typeof lastEffectiveDate !== 'string') return fail('context.lastEffectiveDate');
  return {
    correctionRequested,
    extensionUsed,
    openConsultations,
    pendingReferrals,
    draftReplyType,
    deferredUntil,
    overdue,
    closeReason,
    reasonsRequested: reasonsRequested as boolean,
    correctionReceived: correctionReceived as boolean,
    correctionLapsed: correctionLapsed as boolean,
    feeLapsed: feeLapsed as boolean,
    legalReviewDifficult: legalReviewDifficult as boolean,
    legalOpinionAgreed: legalOpinionAgreed as boolean,
    legalOpinionDisagreed: legalOpinionDisagreed as boolean,
    lastEffectiveDate,
  };
};

const isStateValue = (value: unknown): value is StateValue =>
  typeof value === 'string' || (isRecord(value) && Object.values(value).every((child) => isStateValue(child)));

// Validates a current-version snapshot. Only leaf states are accepted: XState would
// silently complete a partial value such as 'processing' with its initial child.
export const parsePersistedCaseSnapshot = (raw: unknown): { readonly status: CaseStatus; readonly context: CaseContext } => {
  if (!isRecord(raw)) return fail('not an object');
  const { value } = raw;
  const status = isStateValue(value) ? statusOfStateValue(value) : undefined;
  if (status === undefined) return fail(`unknown state ${JSON.stringify(value)}`);
  return { status, context: parseCaseContext(raw['context']) };
};
