import { chineseNumeral } from '../../common/text/chinese-format.js';
import type { ReplyType } from './reply-type.js';

/** The instruments the documents cite. Titles exactly as they appear in the sentence. */
export const LAWS = {
  /** 《政府信息公开条例》, 2019 revision (国务院令第711号), in force 2019-05-15. */
  OGI: '《中华人民共和国政府信息公开条例》',
  /** 国办函〔2020〕109号, cited as a whole: a wrong article number in an official letter is worse than none. */
  FEE_MEASURES: '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）',
  /** 2023 revision, in force 2024-01-01. */
  RECONSIDERATION_LAW: '《中华人民共和国行政复议法》',
} as const;

export type LawId = keyof typeof LAWS;

/** One cited provision: article, paragraph (款) and item (项); an instrument cited as a whole has no article. */
export interface Citation {
  readonly law: LawId;
  readonly article?: number;
  readonly paragraph?: number;
  readonly item?: number;
}

/** A provision of the 条例. */
export const ogi = (article: number, paragraph?: number, item?: number): Citation => ({ law: 'OGI', article, paragraph, item });

/** 第三十六条第（四）项, 第十六条第二款, 第二十三条第一款第（四）项. */
export function formatArticle(citation: Citation): string {
  if (citation.article === undefined) return '';
  let out = `第${chineseNumeral(citation.article)}条`;
  if (citation.paragraph !== undefined) out += `第${chineseNumeral(citation.paragraph)}款`;
  if (citation.item !== undefined) out += `第（${chineseNumeral(citation.item)}）项`;
  return out;
}

/**
 * 《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项: provisions of one instrument are listed after
 * its title, in the order given; several instruments are joined with 和.
 */
export function formatCitations(citations: readonly Citation[]): string {
  const groups: { law: LawId; articles: string[] }[] = [];
  for (const c of citations) {
    let group = groups.find((g) => g.law === c.law);
    if (!group) groups.push((group = { law: c.law, articles: [] }));
    const article = formatArticle(c);
    if (article && !group.articles.includes(article)) group.articles.push(article);
  }
  return groups.map((g) => LAWS[g.law] + g.articles.join('、')).join('和');
}

/**
 * The sentence that carries the legal basis, cited to article, paragraph and item and generated, never typed: a
 * refusal must give its reasons (条例第三十六条第（三）项), and a wrong citation is the commonest ground for losing one.
 */
export function legalBasisSentence(citations: readonly Citation[], conclusion: string): string {
  return citations.length === 0 ? `${conclusion}。` : `根据${formatCitations(citations)}的规定，${conclusion}。`;
}

/** The withholding grounds (条例第十四、十五、十六条), also the grounds a PARTIAL reply may give for its withheld part. */
export const WITHHOLD_TYPES = [
  'WITHHOLD_SECRET',
  'WITHHOLD_LAW',
  'WITHHOLD_SECURITY',
  'WITHHOLD_THIRD_PARTY',
  'WITHHOLD_INTERNAL',
  'WITHHOLD_PROCESS',
  'WITHHOLD_ENFORCEMENT',
  'WITHHOLD_ADMIN_QUERY',
] as const satisfies readonly ReplyType[];

export type WithholdType = (typeof WITHHOLD_TYPES)[number];

export const isWithholdType = (type: string): type is WithholdType => (WITHHOLD_TYPES as readonly string[]).includes(type);

/** 第三十六条第（三）项: "决定不予公开的，告知申请人不予公开并说明理由". */
const REFUSAL = ogi(36, undefined, 3);

/** The ground of each withholding type (条例第十四条至第十六条), followed by 第三十六条第（三）项. */
export const WITHHOLDING_CITATIONS: Readonly<Record<WithholdType, readonly Citation[]>> = {
  // 第十四条: state secrets, disclosure prohibited by law, danger to the "three securities and one stability".
  WITHHOLD_SECRET: [ogi(14), REFUSAL],
  WITHHOLD_LAW: [ogi(14), REFUSAL],
  WITHHOLD_SECURITY: [ogi(14), REFUSAL],
  // 第十五条 (third-party rights) and 第三十二条 (the consultation that preceded the refusal).
  WITHHOLD_THIRD_PARTY: [ogi(15), ogi(32), REFUSAL],
  // 第十六条第一款: internal affairs; 第二款: process information and administrative enforcement files.
  WITHHOLD_INTERNAL: [ogi(16, 1), REFUSAL],
  WITHHOLD_PROCESS: [ogi(16, 2), REFUSAL],
  WITHHOLD_ENFORCEMENT: [ogi(16, 2), REFUSAL],
  // The 条例 has no article for 行政查询事项; only the annual-report format (国办公开办函〔2021〕30号) has the row,
  // so the refusal cites 第三十六条第（三）项 alone.
  WITHHOLD_ADMIN_QUERY: [REFUSAL],
};

export interface LegalBasis {
  readonly citations: readonly Citation[];
  readonly sentence: string;
}

/** What the basis of one reply type reads from the officer's blanks. */
export interface BasisBlanks {
  withholdingGround?: string;
  specialLaw?: string;
  citations?: readonly { article: number; paragraph?: number; item?: number }[];
}

const WITHHELD = '本机关决定不予公开';
const ABANDONED = '视为您放弃申请，本机关不再处理该政府信息公开申请';

/**
 * The legal-basis sentence of a reply, generated from its type (and, for PARTIAL, SPECIAL_LAW and OTHER, from
 * the structured blanks that name the ground, the special law or the provisions): officers never type it.
 */
export function legalBasisFor(type: ReplyType, blanks: BasisBlanks = {}): LegalBasis {
  const basis = (citations: readonly Citation[], conclusion: string): LegalBasis => ({ citations, sentence: legalBasisSentence(citations, conclusion) });
  if (isWithholdType(type)) return basis(WITHHOLDING_CITATIONS[type], WITHHELD);
  switch (type) {
    case 'DISCLOSE':
      return basis([ogi(36, undefined, 2)], '本机关决定予以公开');
    case 'ALREADY_PUBLIC':
      return basis([ogi(36, undefined, 1)], '现告知您获取该政府信息的方式、途径');
    case 'PARTIAL': {
      // 第三十七条 for the part provided; the ground of the withheld part and 36(三) for the rest.
      const ground = blanks.withholdingGround && isWithholdType(blanks.withholdingGround) ? blanks.withholdingGround : null;
      if (!ground) throw new Error('legalBasisFor(PARTIAL): blanks.withholdingGround must name a WITHHOLD_* type');
      const provided = [ogi(37)];
      const withheld = WITHHOLDING_CITATIONS[ground];
      return {
        citations: [...provided, ...withheld],
        sentence:
          `根据${formatCitations(provided)}的规定，本机关向您提供可以公开的政府信息内容；` +
          `对其中不予公开的内容，根据${formatCitations(withheld)}的规定，${WITHHELD}。`,
      };
    }
    case 'NOT_EXIST':
      return basis([ogi(36, undefined, 4)], '告知您该政府信息不存在');
    case 'NOT_RESPONSIBLE':
      // 第十条 says which agency is responsible for disclosing a piece of information.
      return basis([ogi(10), ogi(36, undefined, 5)], '告知您该政府信息不属于本机关负责公开');
    case 'NEEDS_CREATION':
      return basis([ogi(38)], '本机关不予提供');
    case 'UNCLEAR_AFTER_CORRECTION':
      return basis([ogi(30)], '您补正后的申请内容仍不明确，本机关无法提供相应政府信息');
    case 'PETITION':
      return basis([ogi(39, 1)], '本机关不作为政府信息公开申请处理，您可以通过相应渠道提出');
    case 'DUPLICATE':
      return basis([ogi(36, undefined, 6)], '本机关不予重复处理');
    case 'PUBLICATION':
      return basis([ogi(39, 2)], '现告知您获取该公开出版物的途径');
    case 'EXCESSIVE':
      return basis([ogi(35)], '本机关不予处理');
    case 'CONFIRM_REISSUE':
      // No dedicated article (the citation is this product's choice): the request is not one for information made or obtained
      // (第二条 defines government information; 第三十八条 limits what is provided to that).
      return basis([ogi(2), ogi(38)], '本机关不作为政府信息公开申请处理');
    case 'SPECIAL_LAW': {
      const law = blanks.specialLaw?.trim();
      return basis([ogi(36, undefined, 7)], `请您依照${law ? wrapTitle(law) : '有关法律、行政法规'}的规定办理`);
    }
    case 'ABANDONED_NO_CORRECTION':
      return basis([ogi(30)], ABANDONED);
    case 'ABANDONED_NO_FEE':
      return basis([ogi(42), { law: 'FEE_MEASURES' }], ABANDONED);
    case 'WITHDRAWN':
      // Withdrawal is the applicant's act; no provision of the 条例 governs it.
      return basis([], '鉴于您已撤回该政府信息公开申请，本机关终止办理');
    case 'OTHER': {
      const citations = (blanks.citations ?? []).map((c) => ogi(c.article, c.paragraph, c.item));
      if (citations.length === 0) throw new Error('legalBasisFor(OTHER): blanks.citations must name at least one provision');
      return basis(citations, '本机关作出上述处理');
    }
  }
  throw new Error(`legalBasisFor: unknown reply type ${String(type)}`);
}

/** 《》 around a law's name unless the officer already wrote them. */
const wrapTitle = (name: string): string => (name.startsWith('《') ? name : `《${name}》`);
