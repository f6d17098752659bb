import { AmountBlank, ChoiceBlank, DateBlank, IntBlank, TextBlank } from './blank-validators.js';

/**
 * The blanks an officer (or the event that issues the document) fills in on each procedural document: one class
 * per document, validated by class-validator; the templates use them as `blanks.<field>`.
 */
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

  /** 国办函〔2020〕109号: payment within 20 working days of receiving the notice. */
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
