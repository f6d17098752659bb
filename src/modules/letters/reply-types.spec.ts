import { REPLY_BLANK_EXAMPLES } from './reply-blank-examples.js';
import {
  annualReportRowOf,
  ANNUAL_REPORT_ROWS,
  parseReplyBlanks,
  REPLY_TYPE_LABELS,
  REPLY_TYPE_RULES,
  REPLY_TYPES,
  validateReplyBlanks,
  withholds,
  type ReplyType,
} from './reply-types.js';

describe('REPLY_TYPE_RULES', () => {
  it('should describe every reply type with its label', () => {
    for (const type of REPLY_TYPES) expect(REPLY_TYPE_RULES[type]).toMatchObject({ type, label: REPLY_TYPE_LABELS[type] });
  });

  it.each([
    ['DISCLOSE', '三(一)'],
    ['ALREADY_PUBLIC', '三(一)'],
    ['PARTIAL', '三(二)'],
    ['WITHHOLD_SECRET', '三(三)1'],
    ['WITHHOLD_LAW', '三(三)2'],
    ['WITHHOLD_SECURITY', '三(三)3'],
    ['WITHHOLD_THIRD_PARTY', '三(三)4'],
    ['WITHHOLD_INTERNAL', '三(三)5'],
    ['WITHHOLD_PROCESS', '三(三)6'],
    ['WITHHOLD_ENFORCEMENT', '三(三)7'],
    ['WITHHOLD_ADMIN_QUERY', '三(三)8'],
    ['NOT_EXIST', '三(四)1'],
    ['NOT_RESPONSIBLE', '三(四)1'],
    ['NEEDS_CREATION', '三(四)2'],
    ['UNCLEAR_AFTER_CORRECTION', '三(四)3'],
    ['PETITION', '三(五)1'],
    ['DUPLICATE', '三(五)2'],
    ['PUBLICATION', '三(五)3'],
    ['EXCESSIVE', '三(五)4'],
    ['CONFIRM_REISSUE', '三(五)5'],
    ['ABANDONED_NO_CORRECTION', '三(六)1'],
    ['ABANDONED_NO_FEE', '三(六)2'],
    ['SPECIAL_LAW', '三(六)3'],
    ['WITHDRAWN', '三(六)3'],
    ['OTHER', '三(六)3'],
  ] as const)('should count %s in annual-report row %s', (type, row) => {
    expect(annualReportRowOf(type)).toBe(row);
    expect(ANNUAL_REPORT_ROWS[row]).toBeDefined();
  });

  it('should say which types withhold, fully or in part', () => {
    expect(REPLY_TYPES.filter(withholds)).toEqual([
      'PARTIAL',
      'WITHHOLD_SECRET',
      'WITHHOLD_LAW',
      'WITHHOLD_SECURITY',
      'WITHHOLD_THIRD_PARTY',
      'WITHHOLD_INTERNAL',
      'WITHHOLD_PROCESS',
      'WITHHOLD_ENFORCEMENT',
      'WITHHOLD_ADMIN_QUERY',
    ]);
    expect(REPLY_TYPE_RULES.PARTIAL.withholding).toBe('PART');
    expect(REPLY_TYPE_RULES.WITHHOLD_LAW.withholding).toBe('FULL');
  });

  it('should list the cited provisions of fixed-basis types', () => {
    expect(REPLY_TYPE_RULES.NOT_EXIST.citations).toEqual([{ law: 'OGI', article: 36, item: 4 }]);
    expect(REPLY_TYPE_RULES.PARTIAL.citations).toEqual([{ law: 'OGI', article: 37 }]);
  });
});

describe('validateReplyBlanks', () => {
  it.each(REPLY_TYPES)('should accept the example blanks of %s', (type) => {
    expect(validateReplyBlanks(type, REPLY_BLANK_EXAMPLES[type])).toEqual([]);
  });

  it.each([
    ['NOT_EXIST', {}, ['blanks.searchScope', 'blanks.searchMethod']],
    ['NOT_RESPONSIBLE', { reasons: '非本机关制作' }, ['blanks.responsibleAgency']],
    ['DUPLICATE', { earlierCaseTrackingNumber: 'X' }, ['blanks.earlierReplyDate', 'blanks.earlierDocumentNumber']],
    ['PARTIAL', { disclosedContent: 'a', withheldParts: 'b', reasons: 'c' }, ['blanks.withholdingGround']],
    ['ALREADY_PUBLIC', { publishedWhere: '门户网站' }, ['blanks.publishedAt']],
    ['DISCLOSE', { description: '电子文本' }, ['blanks.provisionForm']],
    ['WITHHOLD_PROCESS', {}, ['blanks.reasons']],
    ['WITHHOLD_LAW', { reasons: '统计资料' }, ['blanks.prohibitingLaw']],
    ['OTHER', { decisionText: '已更正' }, ['blanks.citations']],
  ] as const)('should name each missing field of %s', (type, blanks, fields) => {
    const errors = validateReplyBlanks(type, blanks);
    expect(errors.map((e) => e.field).sort()).toEqual([...fields].sort());
    for (const e of errors) expect(e).toMatchObject({ code: 'REQUIRED', message: expect.stringMatching(/^请(填写|选择|至少)/) });
  });

  it('should explain a missing field in Chinese, naming it', () => {
    expect(validateReplyBlanks('NOT_EXIST', { searchMethod: '关键词检索' })).toEqual([
      { field: 'blanks.searchScope', code: 'REQUIRED', message: '请填写检索范围' },
    ]);
  });

  it('should refuse a blank string, an invalid date, a ground that does not withhold and an unknown field', () => {
    expect(validateReplyBlanks('NOT_EXIST', { searchScope: '   ', searchMethod: 'x' })).toEqual([
      expect.objectContaining({ field: 'blanks.searchScope', code: 'REQUIRED' }),
    ]);
    expect(validateReplyBlanks('ALREADY_PUBLIC', { publishedAt: '2025-02-30', publishedWhere: 'x' })).toEqual([
      expect.objectContaining({ field: 'blanks.publishedAt', code: 'INVALID_DATE' }),
    ]);
    expect(validateReplyBlanks('PARTIAL', { ...REPLY_BLANK_EXAMPLES.PARTIAL, withholdingGround: 'NOT_EXIST' })).toEqual([
      expect.objectContaining({ field: 'blanks.withholdingGround', code: 'INVALID_ENUM' }),
    ]);
    expect(validateReplyBlanks('WITHDRAWN', { withdrawnOn: '2026-03-12', legalBasis: '自拟依据' })).toEqual([
      expect.objectContaining({ field: 'blanks.legalBasis', code: 'UNKNOWN_FIELD' }),
    ]);
  });

  it('should allow NOT_RESPONSIBLE without an agency only when none can be determined', () => {
    expect(validateReplyBlanks('NOT_RESPONSIBLE', { reasons: '非本机关职责', responsibleAgencyUnknown: true })).toEqual([]);
    expect(validateReplyBlanks('NOT_RESPONSIBLE', { reasons: '非本机关职责', responsibleAgencyUnknown: false })).toEqual([
      expect.objectContaining({ field: 'blanks.responsibleAgency', code: 'REQUIRED' }),
    ]);
  });

  it('should validate the provisions picked for OTHER one by one', () => {
    expect(validateReplyBlanks('OTHER', { decisionText: 'x', citations: [{ article: 41 }, { article: 99, item: 0 }] })).toEqual([
      expect.objectContaining({ field: 'blanks.citations.1.article', code: 'TOO_LARGE' }),
      expect.objectContaining({ field: 'blanks.citations.1.item', code: 'TOO_SMALL' }),
    ]);
  });

  it('should refuse blanks that are not an object', () => {
    expect(validateReplyBlanks('DISCLOSE', 'x')).toEqual([expect.objectContaining({ field: 'blanks', code: 'INVALID_TYPE' })]);
    expect(validateReplyBlanks('DISCLOSE', null)).toEqual([expect.objectContaining({ field: 'blanks', code: 'INVALID_TYPE' })]);
  });

  it('should trim text, keep full-width punctuation and drop an empty optional field', () => {
    const sut = parseReplyBlanks('WITHHOLD_THIRD_PARTY', { reasons: '  属于商业秘密（核心工艺），不予公开。 ', thirdPartyOpinion: ' ' });
    expect(sut.errors).toEqual([]);
    expect({ ...sut.value }).toEqual({ reasons: '属于商业秘密（核心工艺），不予公开。' });
  });

  it('should refuse an unknown reply type', () => {
    expect(validateReplyBlanks('MAYBE' as ReplyType, {})).toEqual([expect.objectContaining({ field: 'replyType', code: 'INVALID_ENUM' })]);
  });
});
