import type { LegalReviewState } from './legal-review.policy.js';
import type { CloseReason } from './case-status.js';

// 会商: the referrals' flags and answers (LegalReviewState) guard the reply's approval.
export interface CaseContext extends LegalReviewState {
  // 条例第三十条: correction may be requested once (一次性告知).
  readonly correctionRequested: boolean;
  // 条例第三十三条第二款: one extension per case.
  readonly extensionUsed: boolean;
  readonly openConsultations: readonly string[];
  readonly pendingReferrals: readonly string[];
  // 答复类型 chosen when drafting started; its presence means "a draft exists".
  readonly draftReplyType: string | null;
  // 条例第三十五条: later reasonable date set for an excessive request.
  readonly deferredUntil: string | null;
  // Sticky: once the statutory deadline has passed the case stays marked, for reports.
  readonly overdue: boolean;
  readonly closeReason: CloseReason | null;
  // Facts of the case history that reply types rely on (a reply may only state what happened):
  // 条例第三十五条: the applicant was asked to give reasons (REQUEST_CORRECTION with purpose REASONS);
  readonly reasonsRequested: boolean;
  // 条例第三十条: the corrected application came back (RECEIVE_CORRECTION);
  readonly correctionReceived: boolean;
  // 条例第三十条 / 国办函〔2020〕109号: the correction window or the payment period ran out.
  readonly correctionLapsed: boolean;
  readonly feeLapsed: boolean;
  // Events apply in date order (a later record may not rewrite the clock's past); the newest effective date seen so far. Starts
  // at the receipt date, or for a `submitted` case at the submission date; the receipt date
  // itself lives on the case row (the clock's input), not here.
  readonly lastEffectiveDate: string;
}

export interface CaseMachineInput {
  // 收到申请之日 as fixed by intake (条例第三十一条).
  readonly receiptDate: string;
}

// A case nothing has happened to yet; no event may be dated before `since`.
export const freshCaseContext = (since: string): CaseContext => ({
  correctionRequested: false,
  extensionUsed: false,
  openConsultations: [],
  pendingReferrals: [],
  draftReplyType: null,
  deferredUntil: null,
  overdue: false,
  closeReason: null,
  reasonsRequested: false,
  correctionReceived: false,
  correctionLapsed: false,
  feeLapsed: false,
  legalReviewDifficult: false,
  legalOpinionAgreed: false,
  legalOpinionDisagreed: false,
  lastEffectiveDate: since,
});

export const initialCaseContext = ({ receiptDate }: CaseMachineInput): CaseContext => freshCaseContext(receiptDate);
