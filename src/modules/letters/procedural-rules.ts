import { type Citation, legalBasisSentence, ogi } from './legal-basis.js';
import {
  ClosureNoticeBlanks,
  CoProducerConsultationBlanks,
  CorrectionNoticeBlanks,
  DeferralNoticeBlanks,
  ExclusionNoticeBlanks,
  ExtensionNoticeBlanks,
  FeeNoticeBlanks,
  ProceduralBlanks,
  ReasonsRequestBlanks,
  ReceiptBlanks,
  ThirdPartyConsultationBlanks,
  ThirdPartyDisclosureNoticeBlanks,
  type ClosureReason,
} from './procedural-blanks.js';
import { type Addressee, isProceduralDocument, PROCEDURAL_DOCUMENT_LABELS, type ProceduralDocument } from './procedural-documents.js';

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

/** 国办函〔2020〕109号 is cited as a whole rather than by article. */
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

/** Whether a document goes to the applicant: every reply, and the procedural documents addressed to them. */
export function addressedToApplicant(kind: string): boolean {
  return !isProceduralDocument(kind) || PROCEDURAL_RULES[kind].addressee === 'APPLICANT';
}
