import { AmountBlank, ChoiceBlank, DateBlank, IntBlank, TextBlank } from '../replies/blank-validators.js';
import { type Citation, legalBasisSentence, ogi } from '../replies/legal-basis.js';

/**
 * Procedural documents (程序性文书, rules.md §4; research-notes §7.2–7.3), issued by the events that need them.
 * Like replies, each has its blanks class, its generated legal basis and, where the applicant or a third party
 * may contest it, a generated remedy clause.
 */
export const PROCEDURAL_DOCUMENTS = [
  'RECEIPT',
  'CORRECTION_NOTICE',
  'REASONS_REQUEST',
  'EXTENSION_NOTICE',
  'THIRD_PARTY_CONSULTATION',
  'EXCLUSION_NOTICE',
  'THIRD_PARTY_DISCLOSURE_NOTICE',
  'CO_PRODUCER_CONSULTATION',
  'FEE_NOTICE',
  'DEFERRAL_NOTICE',
  'CLOSURE_NOTICE',
] as const;

export type ProceduralDocument = (typeof PROCEDURAL_DOCUMENTS)[number];

export const PROCEDURAL_DOCUMENT_LABELS: Record<ProceduralDocument, string> = {
  RECEIPT: '政府信息公开申请接收回执',
  CORRECTION_NOTICE: '政府信息公开申请补正告知书',
  REASONS_REQUEST: '政府信息公开申请说明理由告知书',
  EXTENSION_NOTICE: '政府信息公开申请延期答复告知书',
  THIRD_PARTY_CONSULTATION: '政府信息公开申请征求意见书（第三方）',
  EXCLUSION_NOTICE: '政府信息公开申请征求意见告知书',
  THIRD_PARTY_DISCLOSURE_NOTICE: '政府信息依申请公开告知书（第三方）',
  CO_PRODUCER_CONSULTATION: '政府信息公开申请征求意见书（共同制作机关）',
  FEE_NOTICE: '政府信息公开申请收费通知书',
  DEFERRAL_NOTICE: '政府信息公开申请延迟答复告知书',
  CLOSURE_NOTICE: '政府信息公开申请终止办理告知书',
};

export const isProceduralDocument = (kind: string): kind is ProceduralDocument => (PROCEDURAL_DOCUMENTS as readonly string[]).includes(kind);

// --- blanks ------------------------------------------------------------------------------------

export class ProceduralBlanks {
  @TextBlank('补充说明', { optional: true })
  supplement?: string;
}

export class ReceiptBlanks extends ProceduralBlanks {
  /** The reply due date as the clock computes it at registration. */
  @DateBlank('答复期限')
  dueDate: string;

  @TextBlank('收到的材料', { optional: true, max: 500 })
  materials?: string;
}

export class CorrectionNoticeBlanks extends ProceduralBlanks {
  /** 条例第三十条: what to correct, said once and completely. */
  @TextBlank('需要补正的事项')
  correctionItems: string;

  @DateBlank('补正期限')
  correctionDeadline: string;

  /** 指导和释明: how to describe the information so that it can be found. */
  @TextBlank('指导和释明', { optional: true })
  guidance?: string;
}

export class ReasonsRequestBlanks extends ProceduralBlanks {
  @TextBlank('申请数量、频次情况', { max: 1000 })
  volumeDescription: string;

  @DateBlank('说明理由的期限')
  reasonsDeadline: string;
}

export class ExtensionNoticeBlanks extends ProceduralBlanks {
  /** 条例第三十三条第二款: at most 20 working days. */
  @IntBlank('延长的工作日数', 1, 20)
  extensionWorkdays: number;

  @DateBlank('延长后的答复期限')
  newDueDate: string;

  @TextBlank('延期理由', { max: 1000 })
  grounds: string;
}

export class ThirdPartyConsultationBlanks extends ProceduralBlanks {
  @TextBlank('第三方名称', { max: 100 })
  thirdPartyName: string;

  @TextBlank('涉及第三方的信息', { max: 1000 })
  informationDescription: string;

  /** 条例第三十二条: 15 working days after receipt of the letter. */
  @DateBlank('提出意见的期限')
  replyDeadline: string;
}

export const CONSULTED_PARTIES = ['THIRD_PARTY', 'CO_PRODUCING_AGENCY'] as const;

export class ExclusionNoticeBlanks extends ProceduralBlanks {
  @ChoiceBlank('被征求意见方', CONSULTED_PARTIES)
  consultedParty: (typeof CONSULTED_PARTIES)[number];

  @DateBlank('征求意见日期')
  consultationSentOn: string;
}

export class ThirdPartyDisclosureNoticeBlanks extends ProceduralBlanks {
  @TextBlank('第三方名称', { max: 100 })
  thirdPartyName: string;

  @TextBlank('决定公开的信息内容', { max: 1000 })
  informationDescription: string;

  /** 条例第三十二条: why withholding would seriously affect the public interest. */
  @TextBlank('决定公开的理由')
  disclosureReasons: string;
}

export class CoProducerConsultationBlanks extends ProceduralBlanks {
  @TextBlank('共同制作机关名称', { max: 100 })
  coProducerName: string;

  @TextBlank('共同制作的信息', { max: 1000 })
  informationDescription: string;

  /** 条例第三十四条: 15 working days, silence counts as consent. */
  @DateBlank('提出意见的期限')
  replyDeadline: string;
}

/** 109号第三条: per piece or per page, never both on one application. */
export const FEE_METHODS = ['PER_PIECE', 'PER_PAGE'] as const;

export class FeeNoticeBlanks extends ProceduralBlanks {
  @ChoiceBlank('计收方式', FEE_METHODS)
  feeMethod: (typeof FEE_METHODS)[number];

  @TextBlank('计算过程', { max: 1000 })
  calculation: string;

  @AmountBlank('收费金额', 1_000_000)
  feeAmount: number;

  @TextBlank('缴费方式', { max: 500 })
  paymentMethod: string;

  /** 20 working days after the notice (research-notes §8.3). */
  @DateBlank('缴费期限')
  paymentDeadline: string;
}

export class DeferralNoticeBlanks extends ProceduralBlanks {
  /** 条例第三十五条: a reasonable later date. */
  @DateBlank('延迟答复的期限')
  deferredUntil: string;

  @TextBlank('延迟答复的理由', { max: 1000 })
  grounds: string;
}

export const CLOSURE_REASONS = ['ABANDONED_NO_CORRECTION', 'ABANDONED_NO_FEE', 'NO_REASONS', 'WITHDRAWN', 'OTHER'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export class ClosureNoticeBlanks extends ProceduralBlanks {
  @ChoiceBlank('终止原因', CLOSURE_REASONS)
  closeReason: ClosureReason;

  @TextBlank('具体情况', { max: 1000 })
  explanation: string;
}

// --- rules ---------------------------------------------------------------------------------------

/** Who a procedural document is addressed to; the 主送 line follows from it. */
export type Addressee = 'APPLICANT' | 'THIRD_PARTY' | 'CO_PRODUCER';

export interface ProceduralRule {
  readonly id: ProceduralDocument;
  readonly label: string;
  readonly addressee: Addressee;
  readonly blanks: new () => ProceduralBlanks;
  /** Whether the document carries a remedy clause, and how the contested act is called in it. */
  readonly remedy: { documentNoun: string } | null;
  /** The legal-basis sentence from the (validated) blanks. */
  basis(blanks: Record<string, unknown>): { citations: readonly Citation[]; sentence: string };
}

const fixed = (citations: readonly Citation[], conclusion: string) => () => ({ citations, sentence: legalBasisSentence(citations, conclusion) });

/** 109号 is cited as a whole (its article numbers are unverified, research-notes §8.4). */
const FEE_BASIS: readonly Citation[] = [ogi(42), { law: 'FEE_MEASURES' }];

const CLOSURE_BASIS: Record<ClosureReason, { citations: readonly Citation[]; conclusion: string }> = {
  ABANDONED_NO_CORRECTION: { citations: [ogi(30)], conclusion: '视为您放弃申请，本机关不再处理该政府信息公开申请' },
  ABANDONED_NO_FEE: { citations: FEE_BASIS, conclusion: '视为您放弃申请，本机关不再处理该政府信息公开申请' },
  NO_REASONS: { citations: [ogi(35)], conclusion: '本机关对该政府信息公开申请不予处理' },
  WITHDRAWN: { citations: [], conclusion: '鉴于您已撤回该政府信息公开申请，本机关终止办理' },
  OTHER: { citations: [], conclusion: '本机关终止办理该政府信息公开申请' },
};

/**
 * Remedy clauses: not on acts without effect of their own (a correction notice is not actionable, 法释〔2011〕17号
 * 第二条第（一）项; receipts, requests and consultation letters likewise). Decisions that burden the addressee
 * carry one: the fee, a deferral, a closure, and the decision to disclose over a third party's objection, which the
 * third party may contest (法释〔2011〕17号第一条第（三）项).
 */
export const PROCEDURAL_RULES: Readonly<Record<ProceduralDocument, ProceduralRule>> = {
  RECEIPT: {
    id: 'RECEIPT',
    label: PROCEDURAL_DOCUMENT_LABELS.RECEIPT,
    addressee: 'APPLICANT',
    blanks: ReceiptBlanks,
    remedy: null,
    basis: fixed([ogi(31), ogi(33, 2)], '本机关将在法定期限内予以答复'),
  },
  CORRECTION_NOTICE: {
    id: 'CORRECTION_NOTICE',
    label: PROCEDURAL_DOCUMENT_LABELS.CORRECTION_NOTICE,
    addressee: 'APPLICANT',
    blanks: CorrectionNoticeBlanks,
    remedy: null,
    basis: fixed([ogi(30)], '现一次性告知您对申请作出补正'),
  },
  REASONS_REQUEST: {
    id: 'REASONS_REQUEST',
    label: PROCEDURAL_DOCUMENT_LABELS.REASONS_REQUEST,
    addressee: 'APPLICANT',
    blanks: ReasonsRequestBlanks,
    remedy: null,
    basis: fixed([ogi(35)], '请您说明申请理由'),
  },
  EXTENSION_NOTICE: {
    id: 'EXTENSION_NOTICE',
    label: PROCEDURAL_DOCUMENT_LABELS.EXTENSION_NOTICE,
    addressee: 'APPLICANT',
    blanks: ExtensionNoticeBlanks,
    remedy: null,
    basis: (b) => {
      const citations = [ogi(33, 2)];
      return {
        citations,
        sentence: legalBasisSentence(citations, `经本机关政府信息公开工作机构负责人同意，答复期限延长${String(b['extensionWorkdays'])}个工作日`),
      };
    },
  },
  THIRD_PARTY_CONSULTATION: {
    id: 'THIRD_PARTY_CONSULTATION',
    label: PROCEDURAL_DOCUMENT_LABELS.THIRD_PARTY_CONSULTATION,
    addressee: 'THIRD_PARTY',
    blanks: ThirdPartyConsultationBlanks,
    remedy: null,
    basis: fixed([ogi(15), ogi(32)], '现书面征求您（单位）的意见'),
  },
  EXCLUSION_NOTICE: {
    id: 'EXCLUSION_NOTICE',
    label: PROCEDURAL_DOCUMENT_LABELS.EXCLUSION_NOTICE,
    addressee: 'APPLICANT',
    blanks: ExclusionNoticeBlanks,
    remedy: null,
    basis: (b) => {
      const consulted = b['consultedParty'] === 'CO_PRODUCING_AGENCY' ? [ogi(34)] : [ogi(32)];
      const citations = [...consulted, ogi(33, 3)];
      return { citations, sentence: legalBasisSentence(citations, '征求意见所需时间不计算在答复期限内') };
    },
  },
  THIRD_PARTY_DISCLOSURE_NOTICE: {
    id: 'THIRD_PARTY_DISCLOSURE_NOTICE',
    label: PROCEDURAL_DOCUMENT_LABELS.THIRD_PARTY_DISCLOSURE_NOTICE,
    addressee: 'THIRD_PARTY',
    blanks: ThirdPartyDisclosureNoticeBlanks,
    remedy: { documentNoun: '本决定' },
    basis: fixed([ogi(15), ogi(32)], '本机关决定予以公开，现将决定公开的政府信息内容和理由书面告知您（单位）'),
  },
  CO_PRODUCER_CONSULTATION: {
    id: 'CO_PRODUCER_CONSULTATION',
    label: PROCEDURAL_DOCUMENT_LABELS.CO_PRODUCER_CONSULTATION,
    addressee: 'CO_PRODUCER',
    blanks: CoProducerConsultationBlanks,
    remedy: null,
    basis: fixed([ogi(10, 3), ogi(34)], '现征求贵机关意见'),
  },
  FEE_NOTICE: {
    id: 'FEE_NOTICE',
    label: PROCEDURAL_DOCUMENT_LABELS.FEE_NOTICE,
    addressee: 'APPLICANT',
    blanks: FeeNoticeBlanks,
    remedy: { documentNoun: '本通知' },
    basis: fixed(FEE_BASIS, '本机关决定向您收取信息处理费'),
  },
  DEFERRAL_NOTICE: {
    id: 'DEFERRAL_NOTICE',
    label: PROCEDURAL_DOCUMENT_LABELS.DEFERRAL_NOTICE,
    addressee: 'APPLICANT',
    blanks: DeferralNoticeBlanks,
    remedy: { documentNoun: '本告知书' },
    basis: fixed([ogi(35)], '本机关确定延迟答复的合理期限并告知您'),
  },
  CLOSURE_NOTICE: {
    id: 'CLOSURE_NOTICE',
    label: PROCEDURAL_DOCUMENT_LABELS.CLOSURE_NOTICE,
    addressee: 'APPLICANT',
    blanks: ClosureNoticeBlanks,
    remedy: { documentNoun: '本告知书' },
    basis: (b) => {
      const { citations, conclusion } = CLOSURE_BASIS[b['closeReason'] as ClosureReason] ?? CLOSURE_BASIS.OTHER;
      return { citations, sentence: legalBasisSentence(citations, conclusion) };
    },
  },
};

/** Valid example blanks per procedural document (API examples, trial renders, tests). */
/** Whether a document goes to the applicant: every reply, and the procedural documents addressed to them. */
export function addressedToApplicant(kind: string): boolean {
  return !isProceduralDocument(kind) || PROCEDURAL_RULES[kind].addressee === 'APPLICANT';
}

export const PROCEDURAL_BLANK_EXAMPLES: Readonly<Record<ProceduralDocument, Readonly<Record<string, unknown>>>> = {
  RECEIPT: { dueDate: '2026-03-30', materials: '政府信息公开申请表1份、身份证复印件1份' },
  CORRECTION_NOTICE: {
    correctionItems: '请明确所需政府信息的名称、文号或者所涉项目名称、年度等特征性描述。',
    correctionDeadline: '2026-03-31',
    guidance: '如您需要的是征地补偿方案，请写明所涉乡镇和批次。',
  },
  REASONS_REQUEST: { volumeDescription: '您于2026年1月至3月间向本机关提出政府信息公开申请120件', reasonsDeadline: '2026-03-31' },
  EXTENSION_NOTICE: { extensionWorkdays: 20, newDueDate: '2026-04-28', grounds: '所申请信息涉及多个股室和历年档案，需调取核查。' },
  THIRD_PARTY_CONSULTATION: {
    thirdPartyName: '示例县青山建材有限公司',
    informationDescription: '贵公司2024年向本机关提交的采矿权延续申请材料中的储量核实报告',
    replyDeadline: '2026-04-07',
  },
  EXCLUSION_NOTICE: { consultedParty: 'THIRD_PARTY', consultationSentOn: '2026-03-16' },
  THIRD_PARTY_DISCLOSURE_NOTICE: {
    thirdPartyName: '示例县青山建材有限公司',
    informationDescription: '贵公司采矿权范围内的矿区拐点坐标及开采期限',
    disclosureReasons: '该信息涉及周边群众饮用水安全，不公开可能对公共利益造成重大影响。',
  },
  CO_PRODUCER_CONSULTATION: {
    coProducerName: '示例县住房和城乡建设局',
    informationDescription: '《示例县城区老旧小区改造用地保障方案》（示县自然资发〔2025〕8号，两机关联合制发）',
    replyDeadline: '2026-04-07',
  },
  FEE_NOTICE: {
    feeMethod: 'PER_PIECE',
    calculation: '您本月累计申请35件：第1至10件不收费；第11至30件20件×100元＝2000元；第31至35件5件×200元＝1000元。',
    feeAmount: 3000,
    paymentMethod: '通过“示例县非税收入缴费平台”缴纳，或持本通知到示例县政务服务中心三楼财政窗口缴纳',
    paymentDeadline: '2026-04-14',
  },
  DEFERRAL_NOTICE: { deferredUntil: '2026-06-30', grounds: '您申请的信息数量较大，涉及2010年以来全部征地批次，无法在法定期限内答复。' },
  CLOSURE_NOTICE: { closeReason: 'ABANDONED_NO_CORRECTION', explanation: '本机关于2026年3月5日向您发出补正告知书，您在补正期限内未补正，也未说明正当理由。' },
};
