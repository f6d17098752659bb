import { IdDocumentType } from './identity.js';
import { DIFFERENT_PAIRS, PARAPHRASED_PAIRS } from './testing/repeat-hints.fixtures.js';
import {
  characterBigrams,
  deriveApplicantKey,
  descriptionSimilarity,
  descriptionTokens,
  type EarlierRequest,
  MONTHLY_REQUEST_THRESHOLD,
  repeatHints,
  SIMILARITY_THRESHOLD,
} from './repeat-hints.js';

const secret = 'a-test-secret-of-at-least-32-characters!';

describe('descriptionSimilarity', () => {
  it('should segment Chinese with jieba and drop request boilerplate', () => {
    expect(descriptionTokens('请公开2025年度土地征收补偿方案的相关文件')).toEqual(expect.arrayContaining(['2025', '土地', '征收', '补偿', '方案']));
    expect(descriptionTokens('请公开2025年度土地征收补偿方案的相关文件')).not.toEqual(expect.arrayContaining(['请', '公开', '相关', '文件']));
    expect(characterBigrams('请公开：征收方案')).toEqual(['征收', '收方', '方案']);
  });

  it.each(PARAPHRASED_PAIRS)('should flag the paraphrase %s / %s', (a, b) => {
    expect(descriptionSimilarity(a, b)).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
  });

  it.each(DIFFERENT_PAIRS.filter(([, , kind]) => kind !== 'SAME_SUBJECT'))('should not flag %s / %s (%s)', (a, b) => {
    expect(descriptionSimilarity(a, b)).toBeLessThan(SIMILARITY_THRESHOLD);
  });

  it('should be symmetric, 1 for the same text up to punctuation and width, 0 for empty text', () => {
    const [a, b] = PARAPHRASED_PAIRS[3];
    expect(descriptionSimilarity(a, b)).toBeCloseTo(descriptionSimilarity(b, a), 10);
    expect(descriptionSimilarity('请公开２０２５年预算。', '请公开 2025年预算')).toBe(1);
    expect(descriptionSimilarity('', '请公开2025年预算')).toBe(0);
    expect(descriptionSimilarity('！！！', '？？')).toBe(0);
  });

  it('should halve the score when the two ask for different years only', () => {
    expect(descriptionSimilarity('请公开青山镇2025年度土地征收补偿安置方案', '请公开青山镇2024年度土地征收补偿安置方案')).toBeLessThan(0.5);
  });
});

describe('repeatHints', () => {
  const earlier: EarlierRequest[] = [
    { caseId: 'c1', trackingNumber: 'SLXZR-2026-000012', description: '请公开青山镇2025年度土地征收补偿安置方案', receiptDate: '2026-01-05' },
    { caseId: 'c2', trackingNumber: 'SLXZR-2026-000020', description: '请提供青山镇人民政府2024年度财政预算和决算报告', receiptDate: '2026-01-20' },
  ];
  const current = { applicantKey: 'k', description: '申请获取青山镇2025年土地征收的补偿安置方案文件', receiptDate: '2026-03-09' };

  it('should point at the earlier similar case and cite 条例第三十六条, without blocking', () => {
    const hints = repeatHints(current, earlier, 1);
    expect(hints).toEqual([
      expect.objectContaining({ code: 'SIMILAR_TO_EARLIER_REQUEST', caseId: 'c1', trackingNumber: 'SLXZR-2026-000012', earlierReceiptDate: '2026-01-05' }),
    ]);
    expect(hints[0].rule).toContain('条例第三十六条第（六）项');
    expect(hints[0].rule).toContain('不影响受理');
  });

  it('should give no hint for a first, unrelated request', () => {
    expect(repeatHints({ ...current, description: '申请公开幸福家园小区竣工验收备案材料' }, earlier, 3)).toEqual([]);
    expect(repeatHints(current, [], 1)).toEqual([]);
  });

  it('should flag the 11th application of the calendar month (109号第四条), not the 10th', () => {
    expect(repeatHints(current, [], MONTHLY_REQUEST_THRESHOLD)).toEqual([]);
    const [hint] = repeatHints(current, [], MONTHLY_REQUEST_THRESHOLD + 1);
    expect(hint).toMatchObject({ code: 'MANY_REQUESTS_THIS_MONTH', applicantKey: 'k', month: '2026-03', count: 11, threshold: 10 });
    expect(hint.rule).toContain('2026年3月已提出11件申请');
    expect(hint.rule).toContain('109号第四条');
    expect(hint.rule).toContain('条例第三十五条');
  });

  it('should honour a configured monthly threshold', () => {
    expect(repeatHints(current, [], 4, { monthlyThreshold: 3 })).toEqual([expect.objectContaining({ code: 'MANY_REQUESTS_THIS_MONTH', threshold: 3 })]);
  });

  it('should list at most five similar cases, most similar first', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ ...earlier[0], caseId: `d${i}`, description: i === 7 ? current.description : earlier[0].description }));
    const hints = repeatHints(current, many, 1);
    expect(hints).toHaveLength(5);
    expect(hints[0]).toMatchObject({ caseId: 'd7', similarity: 1 });
  });

  it('should compare only the most recent earlier requests, an unconfirmed one counting as the newest', () => {
    const old = { ...earlier[0], caseId: 'old', receiptDate: '2025-01-02' };
    const pending = { ...earlier[0], caseId: 'pending', receiptDate: null };
    const newer = Array.from({ length: 3 }, (_, i) => ({ ...earlier[1], caseId: `n${i}`, receiptDate: `2026-02-0${i + 1}` }));
    const hints = repeatHints(current, [old, ...newer, pending], 1, { maxCompared: 4 });
    expect(hints.map((h) => (h.code === 'SIMILAR_TO_EARLIER_REQUEST' ? h.caseId : h.code))).toEqual(['pending']);
  });
});

describe('deriveApplicantKey', () => {
  it('should give the same 64-hex key for the same ID however typed, and hide the number', () => {
    const a = deriveApplicantKey({ kind: 'PERSON', idType: IdDocumentType.RESIDENT_ID, idNumber: '11010519491231002X' }, secret);
    const b = deriveApplicantKey({ kind: 'PERSON', idType: IdDocumentType.RESIDENT_ID, idNumber: ' 110105 19491231 002x' }, secret);
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toContain('110105');
  });

  it('should tell applicants, kinds and secrets apart', () => {
    const keys = [
      deriveApplicantKey({ kind: 'PERSON', idType: IdDocumentType.RESIDENT_ID, idNumber: '11010519491231002X' }, secret),
      deriveApplicantKey({ kind: 'PERSON', idType: IdDocumentType.PASSPORT, idNumber: '11010519491231002X' }, secret),
      deriveApplicantKey({ kind: 'ORGANISATION', creditCode: '91350100M000100Y43' }, secret),
      deriveApplicantKey({ kind: 'ACCOUNT', userId: '5f0c1c1e-0000-4000-8000-000000000001' }, secret),
      deriveApplicantKey({ kind: 'PERSON', idType: IdDocumentType.RESIDENT_ID, idNumber: '11010519491231002X' }, `${secret}-other`),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
