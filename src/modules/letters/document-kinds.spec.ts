import { DOCUMENT_KINDS, kindRule, parseDocumentBlanks, presentBlanks } from './document-kinds.js';
import { PROCEDURAL_DOCUMENTS } from './procedural-documents.js';
import { AgencyType } from '../agencies/agency-type.js';

const agency = { type: AgencyType.GOVERNMENT_DEPARTMENT, reconsiderationBody: '示例县人民政府', competentCourt: '示例县人民法院' };

describe('document kinds', () => {
  it.each(DOCUMENT_KINDS)('should accept the example blanks of %s', (kind) => {
    expect(parseDocumentBlanks(kind, kindRule(kind).exampleBlanks).errors).toEqual([]);
  });

  it('should give every reply a remedy clause', () => {
    for (const kind of DOCUMENT_KINDS.filter((k) => kindRule(k).isReply)) expect(kindRule(kind).remedy(agency, '2026-04-10')).toMatch(/^如对本答复/);
  });

  it.each([
    ['THIRD_PARTY_DISCLOSURE_NOTICE', '如对本决定不服'],
    ['FEE_NOTICE', '如对本通知不服'],
    ['DEFERRAL_NOTICE', '如对本告知书不服'],
    ['CLOSURE_NOTICE', '如对本告知书不服'],
  ] as const)('should give %s, which burdens its addressee, an ordinary remedy clause', (kind, start) => {
    expect(kindRule(kind).remedy(agency, '2026-04-10')).toMatch(new RegExp(`^${start}，可以自收到`));
  });

  it.each([
    'RECEIPT',
    'CORRECTION_NOTICE',
    'REASONS_REQUEST',
    'EXTENSION_NOTICE',
    'THIRD_PARTY_CONSULTATION',
    'EXCLUSION_NOTICE',
    'CO_PRODUCER_CONSULTATION',
  ] as const)('should give %s, which has no effect of its own, no remedy clause', (kind) => expect(kindRule(kind).remedy(agency, '2026-04-10')).toBeNull());

  it.each([
    ['RECEIPT', '第三十一条、第三十三条第二款'],
    ['CORRECTION_NOTICE', '第三十条'],
    ['REASONS_REQUEST', '第三十五条'],
    ['EXTENSION_NOTICE', '第三十三条第二款'],
    ['THIRD_PARTY_CONSULTATION', '第十五条、第三十二条'],
    ['EXCLUSION_NOTICE', '第三十二条、第三十三条第三款'],
    ['THIRD_PARTY_DISCLOSURE_NOTICE', '第十五条、第三十二条'],
    ['CO_PRODUCER_CONSULTATION', '第十条第三款、第三十四条'],
    ['FEE_NOTICE', '第四十二条'],
    ['DEFERRAL_NOTICE', '第三十五条'],
    ['CLOSURE_NOTICE', '第三十条'],
  ] as const)('should cite %s to %s', (kind, articles) => {
    expect(kindRule(kind).legalBasis({ ...kindRule(kind).exampleBlanks }).sentence).toContain(`《中华人民共和国政府信息公开条例》${articles}`);
  });

  it('should cite the co-producing agency rule when the exclusion notice is about one', () => {
    expect(kindRule('EXCLUSION_NOTICE').legalBasis({ consultedParty: 'CO_PRODUCING_AGENCY' }).sentence).toContain('第三十四条、第三十三条第三款');
  });

  it('should state the extension in working days', () => {
    expect(kindRule('EXTENSION_NOTICE').legalBasis({ extensionWorkdays: 15 }).sentence).toContain('答复期限延长15个工作日');
  });

  it('should cover every procedural document', () => expect(PROCEDURAL_DOCUMENTS).toHaveLength(11));

  it('should refuse an extension beyond 20 working days and a negative fee', () => {
    expect(parseDocumentBlanks('EXTENSION_NOTICE', { ...kindRule('EXTENSION_NOTICE').exampleBlanks, extensionWorkdays: 21 }).errors).toEqual([
      expect.objectContaining({ field: 'blanks.extensionWorkdays', code: 'TOO_LARGE' }),
    ]);
    expect(parseDocumentBlanks('FEE_NOTICE', { ...kindRule('FEE_NOTICE').exampleBlanks, feeAmount: -1 }).errors).toEqual([
      expect.objectContaining({ field: 'blanks.feeAmount', code: 'TOO_SMALL' }),
    ]);
  });
});

describe('presentBlanks', () => {
  it('should show dates in Chinese, choices by label, amounts in yuan and every field', () => {
    expect(
      presentBlanks(
        {
          publishedAt: '2025-12-30',
          provisionForm: 'INSPECTION',
          feeAmount: 3000,
          specialLaw: '不动产登记暂行条例',
          citations: [{ article: 41 }, { article: 16, paragraph: 2 }],
        },
        ['publishedAt', 'provisionForm', 'feeAmount', 'specialLaw', 'citations', 'supplement'],
      ),
    ).toEqual({
      publishedAt: '2025年12月30日',
      provisionForm: '安排查阅、抄录',
      feeAmount: '3000.00',
      specialLaw: '《不动产登记暂行条例》',
      citations: '第四十一条、第十六条第二款',
      supplement: null,
    });
  });
});
