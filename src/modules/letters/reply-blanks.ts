import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsObject, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { ChoiceBlank, DateBlank, IntBlank, TextBlank } from './blank-validators.js';
import { WITHHOLD_TYPES } from './legal-basis.js';

/**
 * The blanks (填空要素) an officer fills for each reply type; everything else in the document (legal basis, remedy
 * clause, dates, history) is generated. One class per type; `REPLY_BLANKS` in reply-types.ts maps them.
 * Every class accepts an optional `supplement`: one more paragraph of the officer's own words.
 */
export class ReplyBlanks {
  @TextBlank('补充说明', { optional: true })
  supplement?: string;
}

/** 40条: how the information is provided. */
export const PROVISION_FORMS = ['PAPER', 'ELECTRONIC', 'INSPECTION'] as const;
export type ProvisionForm = (typeof PROVISION_FORMS)[number];
export const PROVISION_FORM_LABELS: Record<ProvisionForm, string> = {
  PAPER: '纸质文本',
  ELECTRONIC: '电子数据',
  INSPECTION: '安排查阅、抄录',
};

export class DiscloseBlanks extends ReplyBlanks {
  @ChoiceBlank('提供形式', PROVISION_FORMS)
  provisionForm: ProvisionForm;

  @TextBlank('提供内容及获取方式')
  description: string;
}

export class AlreadyPublicBlanks extends ReplyBlanks {
  @DateBlank('主动公开日期')
  publishedAt: string;

  @TextBlank('公开途径（网址、公报等）', { max: 500 })
  publishedWhere: string;
}

export class PartialBlanks extends ReplyBlanks {
  @TextBlank('提供的内容')
  disclosedContent: string;

  @TextBlank('不予公开的内容')
  withheldParts: string;

  @ChoiceBlank('不予公开的理由类别', WITHHOLD_TYPES)
  withholdingGround: (typeof WITHHOLD_TYPES)[number];

  /** 条例第三十六条第（三）项: a refusal states its reasons. */
  @TextBlank('不予公开的理由')
  reasons: string;
}

/** 不予公开: the reasons are mandatory (条例第三十六条第（三）项 "说明理由"). */
export class WithholdBlanks extends ReplyBlanks {
  @TextBlank('不予公开的理由')
  reasons: string;
}

export class WithholdLawBlanks extends WithholdBlanks {
  @TextBlank('禁止公开的法律、行政法规名称及条款', { max: 200 })
  prohibitingLaw: string;
}

export class WithholdThirdPartyBlanks extends WithholdBlanks {
  @TextBlank('第三方意见', { optional: true, max: 1000 })
  thirdPartyOpinion?: string;
}

export class WithholdAdminQueryBlanks extends WithholdBlanks {
  @TextBlank('查询渠道', { max: 500 })
  queryChannel: string;
}

/**
 * 信息不存在 (条例第三十六条第（四）项) is the reply most often contested: the agency must show it searched with
 * reasonable care (法释〔2011〕17号第五条), so where and how the search was done is mandatory.
 */
export class NotExistBlanks extends ReplyBlanks {
  @TextBlank('检索范围', { max: 1000 })
  searchScope: string;

  @TextBlank('检索方式', { max: 1000 })
  searchMethod: string;
}

/** 条例第三十六条第（五）项: name the responsible agency and its contact "能够确定的". */
export class NotResponsibleBlanks extends ReplyBlanks {
  @TextBlank('不属于本机关负责公开的理由')
  reasons: string;

  /** Set when no responsible agency can be determined; then `responsibleAgency` stays empty. */
  @ApiPropertyOptional({ type: Boolean, description: '无法确定负责公开的机关（此时可不填 responsibleAgency）' })
  @IsOptional()
  @IsBoolean({ context: { code: 'INVALID_TYPE', message: '“无法确定负责机关”应为是或否' } })
  responsibleAgencyUnknown?: boolean;

  @ApiPropertyOptional({ description: '负责公开该信息的机关（responsibleAgencyUnknown 为 true 时可省略）' })
  @ValidateIf((o: NotResponsibleBlanks) => o.responsibleAgencyUnknown !== true || o.responsibleAgency !== undefined)
  @TextBlank('负责公开该信息的机关', { max: 100 })
  responsibleAgency?: string;

  @TextBlank('负责机关的联系方式', { optional: true, max: 200 })
  responsibleAgencyContact?: string;
}

export class ReasonsBlanks extends ReplyBlanks {
  @TextBlank('理由')
  reasons: string;
}

export class UnclearAfterCorrectionBlanks extends ReplyBlanks {
  @TextBlank('仍不明确的内容')
  reasons: string;
}

export class PetitionBlanks extends ReplyBlanks {
  @TextBlank('可以提出的渠道', { max: 500 })
  suggestedChannel: string;
}

/** 条例第三十六条第（六）项: the earlier reply must be identified. */
export class DuplicateBlanks extends ReplyBlanks {
  @TextBlank('原申请受理编号', { max: 40 })
  earlierCaseTrackingNumber: string;

  @DateBlank('原答复日期')
  earlierReplyDate: string;

  @TextBlank('原答复文号', { max: 80 })
  earlierDocumentNumber: string;
}

export class PublicationBlanks extends ReplyBlanks {
  @TextBlank('出版物名称', { max: 200 })
  publicationName: string;

  @TextBlank('获取途径', { max: 500 })
  obtainWhere: string;
}

export class SpecialLawBlanks extends ReplyBlanks {
  @TextBlank('有特别规定的法律、行政法规名称', { max: 200 })
  specialLaw: string;

  @TextBlank('办理途径', { max: 500 })
  handlingChannel: string;
}

export class AbandonedNoCorrectionBlanks extends ReplyBlanks {
  @DateBlank('补正期限')
  correctionDeadline: string;
}

export class AbandonedNoFeeBlanks extends ReplyBlanks {
  @DateBlank('缴费期限')
  paymentDeadline: string;
}

export class WithdrawnBlanks extends ReplyBlanks {
  @DateBlank('撤回日期')
  withdrawnOn: string;
}

/** One provision of the 条例 (56 articles), structured so that it is rendered, not typed. */
export class CitationBlank {
  @IntBlank('条', 1, 56)
  article: number;

  @IntBlank('款', 1, 10, { optional: true })
  paragraph?: number;

  @IntBlank('项', 1, 20, { optional: true })
  item?: number;
}

export class OtherBlanks extends ReplyBlanks {
  @TextBlank('处理决定')
  decisionText: string;

  @ApiProperty({ type: [CitationBlank], minItems: 1, maxItems: 10, description: '依据条款（《政府信息公开条例》条、款、项）' })
  @IsDefined({ context: { code: 'REQUIRED', message: '请至少选择一条依据条款' } })
  @IsArray({ context: { code: 'INVALID_TYPE', message: '依据条款应为列表' } })
  @ArrayMinSize(1, { context: { code: 'REQUIRED', message: '请至少选择一条依据条款' } })
  @ArrayMaxSize(10, { context: { code: 'TOO_LONG', message: '依据条款最多10条' } })
  @IsObject({ each: true, context: { code: 'INVALID_TYPE', message: '每条依据条款应为对象' } })
  @ValidateNested({ each: true })
  @Type(() => CitationBlank)
  citations: CitationBlank[];
}
