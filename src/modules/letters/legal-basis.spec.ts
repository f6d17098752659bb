import { formatArticle, formatCitations, legalBasisFor, ogi, WITHHOLD_TYPES } from './legal-basis.js';
import { REPLY_TYPES, type ReplyType } from './reply-type.js';

const OGI = '《中华人民共和国政府信息公开条例》';

describe('formatArticle', () => {
  it.each([
    [ogi(36, undefined, 4), '第三十六条第（四）项'],
    [ogi(16, 2), '第十六条第二款'],
    [ogi(39, 1), '第三十九条第一款'],
    [ogi(14), '第十四条'],
    [{ law: 'RECONSIDERATION_LAW' as const, article: 23, paragraph: 1, item: 4 }, '第二十三条第一款第（四）项'],
  ])('should render %p as %s', (citation, expected) => expect(formatArticle(citation)).toBe(expected));
});

describe('formatCitations', () => {
  it('should list the provisions of one instrument after its title, in order, without repeats', () => {
    expect(formatCitations([ogi(14), ogi(36, undefined, 3), ogi(14)])).toBe(`${OGI}第十四条、第三十六条第（三）项`);
  });

  it('should cite an instrument without articles by its title alone', () => {
    expect(formatCitations([ogi(42), { law: 'FEE_MEASURES' }])).toBe(`${OGI}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）`);
  });
});

describe('legalBasisFor', () => {
  const blanksFor = (type: ReplyType) =>
    type === 'PARTIAL'
      ? { withholdingGround: 'WITHHOLD_PROCESS' }
      : type === 'OTHER'
        ? { citations: [{ article: 41 }] }
        : type === 'SPECIAL_LAW'
          ? { specialLaw: '不动产登记暂行条例' }
          : {};

  it.each([
    ['DISCLOSE', '第三十六条第（二）项'],
    ['ALREADY_PUBLIC', '第三十六条第（一）项'],
    ['WITHHOLD_SECRET', '第十四条、第三十六条第（三）项'],
    ['WITHHOLD_LAW', '第十四条、第三十六条第（三）项'],
    ['WITHHOLD_SECURITY', '第十四条、第三十六条第（三）项'],
    ['WITHHOLD_THIRD_PARTY', '第十五条、第三十二条、第三十六条第（三）项'],
    ['WITHHOLD_INTERNAL', '第十六条第一款、第三十六条第（三）项'],
    ['WITHHOLD_PROCESS', '第十六条第二款、第三十六条第（三）项'],
    ['WITHHOLD_ENFORCEMENT', '第十六条第二款、第三十六条第（三）项'],
    ['NOT_EXIST', '第三十六条第（四）项'],
    ['NOT_RESPONSIBLE', '第十条、第三十六条第（五）项'],
    ['NEEDS_CREATION', '第三十八条'],
    ['UNCLEAR_AFTER_CORRECTION', '第三十条'],
    ['PETITION', '第三十九条第一款'],
    ['DUPLICATE', '第三十六条第（六）项'],
    ['PUBLICATION', '第三十九条第二款'],
    ['EXCESSIVE', '第三十五条'],
    ['SPECIAL_LAW', '第三十六条第（七）项'],
    ['ABANDONED_NO_CORRECTION', '第三十条'],
    ['ABANDONED_NO_FEE', '第四十二条'],
  ] as const)('should cite the right provisions for %s', (type, articles) => {
    const sut = legalBasisFor(type, blanksFor(type));
    expect(sut.sentence).toContain(`根据${OGI}${articles}`);
    expect(sut.sentence.endsWith('。')).toBe(true);
  });

  it('should cite 第三十七条 and the withholding ground of the withheld part of a partial reply', () => {
    const sut = legalBasisFor('PARTIAL', { withholdingGround: 'WITHHOLD_THIRD_PARTY' });
    expect(sut.sentence).toBe(
      `根据${OGI}第三十七条的规定，本机关向您提供可以公开的政府信息内容；对其中不予公开的内容，根据${OGI}第十五条、第三十二条、第三十六条第（三）项的规定，本机关决定不予公开。`,
    );
  });

  it('should refuse a partial reply without a withholding ground', () => {
    expect(() => legalBasisFor('PARTIAL', { withholdingGround: 'DISCLOSE' })).toThrow(/withholdingGround/);
  });

  it('should render the provisions an officer picked for OTHER, and refuse none', () => {
    expect(legalBasisFor('OTHER', { citations: [{ article: 41 }, { article: 40 }] }).sentence).toBe(
      `根据${OGI}第四十一条、第四十条的规定，本机关作出上述处理。`,
    );
    expect(() => legalBasisFor('OTHER', { citations: [] })).toThrow(/citations/);
  });

  it('should name the special law once, in book-title marks', () => {
    expect(legalBasisFor('SPECIAL_LAW', { specialLaw: '《不动产登记暂行条例》' }).sentence).toContain('请您依照《不动产登记暂行条例》的规定办理');
    expect(legalBasisFor('SPECIAL_LAW', { specialLaw: '不动产登记暂行条例' }).sentence).toContain('请您依照《不动产登记暂行条例》的规定办理');
  });

  it('should cite nothing for a withdrawal, which no provision governs', () => {
    expect(legalBasisFor('WITHDRAWN')).toEqual({ citations: [], sentence: '鉴于您已撤回该政府信息公开申请，本机关终止办理。' });
  });

  it('should conclude every withholding type with a refusal', () => {
    for (const type of WITHHOLD_TYPES) expect(legalBasisFor(type).sentence).toMatch(/第三十六条第（三）项的规定，本机关决定不予公开。$/);
  });

  it('should produce a sentence for every reply type', () => {
    for (const type of REPLY_TYPES) expect(legalBasisFor(type, blanksFor(type)).sentence.length).toBeGreaterThan(10);
  });
});
