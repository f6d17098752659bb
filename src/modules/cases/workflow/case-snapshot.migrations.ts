import type { CaseContext } from './case-context.js';
import { CaseSnapshotError, isRecord, STATE_VALUE_BY_STATUS } from './case-snapshot.js';
import { CaseStatus } from './case-status.js';
import { CASE_MACHINE_VERSION } from './case.machine.js';

// Version 0 was the prototype statechart: flat states with short names and a smaller
// context. No production data has it; it is the worked example of a migration and what
// the migration test loads.
const CaseStateNameV0 = {
  registered: CaseStatus.REGISTERED,
  correction: CaseStatus.CORRECTION_PENDING,
  accepted: CaseStatus.ACCEPTED,
  consulting: CaseStatus.CONSULTING_THIRD_PARTY,
  fee: CaseStatus.AWAITING_FEE,
  legal: CaseStatus.LEGAL_REVIEW,
  drafting: CaseStatus.DRAFTING,
  approval: CaseStatus.AWAITING_APPROVAL,
  approved: CaseStatus.APPROVED,
  delivered: CaseStatus.DELIVERED,
  archived: CaseStatus.ARCHIVED,
  withdrawn: CaseStatus.WITHDRAWN,
  closed: CaseStatus.CLOSED,
} as const;

export type CaseStateNameV0 = keyof typeof CaseStateNameV0;

export interface CaseContextV0 {
  readonly correctionRequested: boolean;
  readonly extended: boolean;
  readonly consultations: readonly string[];
  readonly referrals: readonly string[];
  readonly replyType: string | null;
  readonly overdue: boolean;
  readonly lastEffectiveDate: string;
}

export interface PersistedCaseSnapshotV0 {
  readonly status: 'active' | 'done';
  readonly value: CaseStateNameV0;
  readonly context: CaseContextV0;
}

const isV0StateName = (value: unknown): value is CaseStateNameV0 => typeof value === 'string' && Object.hasOwn(CaseStateNameV0, value);

// Field values stay `unknown` here: the current parser validates the migrated snapshot.
const migrateContextV0 = (context: Readonly<Record<string, unknown>>): Record<keyof CaseContext, unknown> => ({
  correctionRequested: context['correctionRequested'],
  extensionUsed: context['extended'],
  openConsultations: context['consultations'],
  pendingReferrals: context['referrals'],
  draftReplyType: context['replyType'],
  // v0 had neither deferral (条例第三十五条) nor close reasons; unknown is not invented.
  deferredUntil: null,
  overdue: context['overdue'],
  closeReason: null,
  reasonsRequested: false,
  correctionReceived: false,
  correctionLapsed: false,
  feeLapsed: false,
  legalReviewDifficult: false,
  legalOpinionAgreed: false,
  legalOpinionDisagreed: false,
  lastEffectiveDate: context['lastEffectiveDate'],
});

const migrateV0ToV1 = (raw: unknown): unknown => {
  if (!isRecord(raw) || !isV0StateName(raw['value']) || !isRecord(raw['context'])) {
    throw new CaseSnapshotError('Invalid v0 case snapshot');
  }
  return {
    status: raw['status'],
    value: STATE_VALUE_BY_STATUS[CaseStateNameV0[raw['value']]],
    historyValue: {},
    context: migrateContextV0(raw['context']),
    children: {},
  };
};

// Version 2 added the `submitted` state and CONFIRM_RECEIPT; no state was renamed and the
// context kept its shape, so a v1 snapshot is a valid v2 snapshot as it stands. A v1
// snapshot cannot be in `submitted` (the state did not exist): such data is corrupt.
const migrateV1ToV2 = (raw: unknown): unknown => {
  if (isRecord(raw) && raw['value'] === STATE_VALUE_BY_STATUS.SUBMITTED) {
    throw new CaseSnapshotError('Invalid v1 case snapshot: state "submitted" did not exist in version 1');
  }
  return raw;
};

// Version 3 added the history facts reply types rely on. A lapse is known from the close reason it left; whether
// reasons were requested or a correction received is not recorded in a v2 snapshot, and unknown is not invented
// (false: such a reply type is refused on an old case rather than stated without its premise).
const migrateV2ToV3 = (raw: unknown): unknown => {
  if (!isRecord(raw) || !isRecord(raw['context'])) throw new CaseSnapshotError('Invalid v2 case snapshot');
  const context = raw['context'];
  return {
    ...raw,
    context: {
      ...context,
      reasonsRequested: false,
      correctionReceived: false,
      correctionLapsed: context['closeReason'] === 'ABANDONED_NO_CORRECTION',
      feeLapsed: context['closeReason'] === 'ABANDONED_NO_FEE',
    },
  };
};

// Version 4 keeps the co-review (会商) state in the context: a referral's 重大复杂疑难 flag and the advisors' answers,
// which guard APPROVE_REPLY. A v3 snapshot does not hold them; the database migration LegalReviewContext rebuilt
// every stored snapshot from the referral rows, so this step only meets snapshots written elsewhere (fixtures,
// exports): no referral answered is the safe reading (an approval that needs an opinion is refused, not granted).
const migrateV3ToV4 = (raw: unknown): unknown => {
  if (!isRecord(raw) || !isRecord(raw['context'])) throw new CaseSnapshotError('Invalid v3 case snapshot');
  return { ...raw, context: { ...raw['context'], legalReviewDifficult: false, legalOpinionAgreed: false, legalOpinionDisagreed: false } };
};

// Keyed by the version a migration upgrades *from*; each step yields the next version.
const MIGRATIONS: ReadonlyMap<number, (raw: unknown) => unknown> = new Map([
  [0, migrateV0ToV1],
  [1, migrateV1ToV2],
  [2, migrateV2ToV3],
  [3, migrateV3ToV4],
]);

export const migrateCaseSnapshot = (raw: unknown, fromVersion: number): unknown => {
  if (!Number.isInteger(fromVersion) || fromVersion < 0 || fromVersion > CASE_MACHINE_VERSION) {
    throw new CaseSnapshotError(`Cannot read a case snapshot of version ${fromVersion} (this code writes ${CASE_MACHINE_VERSION})`);
  }
  let migrated = raw;
  for (let version = fromVersion; version < CASE_MACHINE_VERSION; version += 1) {
    const migrate = MIGRATIONS.get(version);
    if (!migrate) throw new CaseSnapshotError(`No case snapshot migration from version ${version}`);
    migrated = migrate(migrated);
  }
  return migrated;
};
