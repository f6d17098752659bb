import type { LegalOpinion } from '../../legal/legal-referral.entity.js';
import { REPLY_TYPE_RULES } from '../../letters/reply-types.js';

/**
 * 会商 (legal co-review) policy, pure: which answers need a legal advisor's agreement before the office head may
 * approve them, and what the case's referrals said so far. The statechart keeps this state in its context and
 * guards APPROVE_REPLY with it, so the list of allowed events never offers an approval that would be refused.
 *
 * The reply types that need an opinion are those whose `needsLegalOpinion` is set in the reply-type table
 * (every withholding, a partial disclosure, "does not exist", "not responsible": the answers most often challenged
 * in reconsideration and court, 条例第五十一条). A case flagged 重大复杂疑难 on referral needs
 * one whatever its type.
 */
export interface LegalReviewState {
  /** A referral flagged the case 重大复杂疑难: an agreeing opinion is needed whatever the reply type. */
  readonly legalReviewDifficult: boolean;
  /** At least one advisor agreed (AGREE or AGREE_WITH_CHANGES). */
  readonly legalOpinionAgreed: boolean;
  /** An advisor disagreed: the reply is not approved on this record (the office revises or decides otherwise). */
  readonly legalOpinionDisagreed: boolean;
}

export const NO_LEGAL_REVIEW: LegalReviewState = { legalReviewDifficult: false, legalOpinionAgreed: false, legalOpinionDisagreed: false };

export const LEGAL_OPINIONS: readonly LegalOpinion[] = ['AGREE', 'AGREE_WITH_CHANGES', 'DISAGREE'];

const AGREEING: ReadonlySet<LegalOpinion> = new Set(['AGREE', 'AGREE_WITH_CHANGES']);

export type LegalReviewBlock = 'OPINION_DISAGREES' | 'DIFFICULT_CASE_NEEDS_AGREEMENT' | 'REPLY_TYPE_NEEDS_AGREEMENT';

export const LEGAL_REVIEW_MESSAGES: Readonly<Record<LegalReviewBlock, string>> = {
  OPINION_DISAGREES: '法律顾问提出了不同意见，请修改答复或重新会商后再审批',
  DIFFICULT_CASE_NEEDS_AGREEMENT: '重大复杂疑难案件须经法律顾问同意后方可审批',
  REPLY_TYPE_NEEDS_AGREEMENT: '此类答复须经法律顾问同意后方可审批',
};

/** Whether a reply of this type may be approved only with a legal advisor's agreeing opinion (the reply-type table). */
export const needsLegalOpinion = (replyType: string | null): boolean =>
  replyType !== null && Object.hasOwn(REPLY_TYPE_RULES, replyType) && REPLY_TYPE_RULES[replyType as keyof typeof REPLY_TYPE_RULES].needsLegalOpinion;

/** The state after a referral: flagged 重大复杂疑难 stays flagged. */
export const afterReferral = (state: LegalReviewState, difficult: boolean | undefined): LegalReviewState => ({
  ...state,
  legalReviewDifficult: state.legalReviewDifficult || difficult === true,
});

/** The state after an advisor's opinion. Every referral's answer counts; a disagreement is not erased by another agreement. */
export const afterOpinion = (state: LegalReviewState, opinion: LegalOpinion | undefined): LegalReviewState => ({
  ...state,
  legalOpinionAgreed: state.legalOpinionAgreed || (opinion !== undefined && AGREEING.has(opinion)),
  legalOpinionDisagreed: state.legalOpinionDisagreed || opinion === 'DISAGREE',
});

/** Why a reply of `replyType` may not be approved now, or null when the co-review policy is met. */
export const legalReviewBlock = (state: LegalReviewState, replyType: string | null): LegalReviewBlock | null => {
  if (!state.legalReviewDifficult && !needsLegalOpinion(replyType)) return null;
  if (state.legalOpinionDisagreed) return 'OPINION_DISAGREES';
  if (!state.legalOpinionAgreed) return state.legalReviewDifficult ? 'DIFFICULT_CASE_NEEDS_AGREEMENT' : 'REPLY_TYPE_NEEDS_AGREEMENT';
  return null;
};

/** The same state computed from a case's referral rows (the backfill of snapshots written before the context held it). */
export const legalReviewStateOf = (referrals: readonly { difficult: boolean; opinion: LegalOpinion | null }[]): LegalReviewState =>
  referrals.reduce((state, r) => afterOpinion(afterReferral(state, r.difficult), r.opinion ?? undefined), NO_LEGAL_REVIEW);
