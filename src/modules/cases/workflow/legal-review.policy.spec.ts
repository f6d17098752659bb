import { REPLY_TYPES } from '../../letters/reply-type.js';
import { legalReviewBlock, legalReviewStateOf, needsLegalOpinion, NO_LEGAL_REVIEW } from './legal-review.policy.js';

describe('legal co-review policy', () => {
  it('should ask for an agreeing opinion on every withholding or partial answer and on "does not exist" and "not responsible"', () => {
    expect(REPLY_TYPES.filter(needsLegalOpinion)).toEqual([
      'PARTIAL',
      'WITHHOLD_SECRET',
      'WITHHOLD_LAW',
      'WITHHOLD_SECURITY',
      'WITHHOLD_THIRD_PARTY',
      'WITHHOLD_INTERNAL',
      'WITHHOLD_PROCESS',
      'WITHHOLD_ENFORCEMENT',
      'WITHHOLD_ADMIN_QUERY',
      'NOT_EXIST',
      'NOT_RESPONSIBLE',
    ]);
    expect(needsLegalOpinion(null)).toBe(false);
    expect(needsLegalOpinion('NO_SUCH_TYPE')).toBe(false);
  });

  it.each([
    ['no referral, a disclosure', [], 'DISCLOSE', null],
    ['no referral, a withholding', [], 'WITHHOLD_PROCESS', 'REPLY_TYPE_NEEDS_AGREEMENT'],
    ['unanswered, flagged difficult', [{ difficult: true, opinion: null }], 'DISCLOSE', 'DIFFICULT_CASE_NEEDS_AGREEMENT'],
    ['agreed with changes', [{ difficult: false, opinion: 'AGREE_WITH_CHANGES' }], 'PARTIAL', null],
    ['one agrees, another disagrees', [{ difficult: false, opinion: 'AGREE' }, { difficult: false, opinion: 'DISAGREE' }], 'NOT_EXIST', 'OPINION_DISAGREES'],
    ['a disagreement on a reply that needs no opinion', [{ difficult: false, opinion: 'DISAGREE' }], 'DISCLOSE', null],
  ] as const)('%s → %s', (_title, referrals, replyType, block) => {
    expect(legalReviewBlock(legalReviewStateOf(referrals), replyType)).toBe(block);
  });

  it('should start with nothing flagged or answered', () => {
    expect(legalReviewStateOf([])).toEqual(NO_LEGAL_REVIEW);
  });
});
