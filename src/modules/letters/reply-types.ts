import type { FieldError } from '../../common/errors/error-code.js';
import { parseBlanks, type ParsedBlanks } from './blank-validators.js';
import { isWithholdType, legalBasisFor, WITHHOLD_TYPES, type Citation } from './legal-basis.js';
import {
  AbandonedNoCorrectionBlanks,
  AbandonedNoFeeBlanks,
  AlreadyPublicBlanks,
  DiscloseBlanks,
  DuplicateBlanks,
  NotExistBlanks,
  NotResponsibleBlanks,
  OtherBlanks,
  PartialBlanks,
  PetitionBlanks,
  PublicationBlanks,
  ReasonsBlanks,
  ReplyBlanks,
  SpecialLawBlanks,
  UnclearAfterCorrectionBlanks,
  WithdrawnBlanks,
  WithholdAdminQueryBlanks,
  WithholdBlanks,
  WithholdLawBlanks,
  WithholdThirdPartyBlanks,
} from './reply-blanks.js';
import { REPLY_TYPE_LABELS, REPLY_TYPES, type ReplyType } from './reply-type.js';

export * from './reply-blanks.js';
export { REPLY_TYPE_LABELS, REPLY_TYPES, type ReplyType } from './reply-type.js';
export { WITHHOLD_TYPES, isWithholdType, type WithholdType } from './legal-basis.js';

/**
 * Rows of 表三 (收到和处理政府信息公开申请情况) in the 2021 annual-report format (国办公开办函〔2021〕30号).
 * Codes are written as in the table: part 三, result (一)…(六), sub-row number.
 */
export const ANNUAL_REPORT_ROWS = {
  '三(一)': '予以公开',
  '三(二)': '部分公开（区分处理的，只计这一情形，不计其他情形）',
  '三(三)1': '不予公开—属于国家秘密',
  '三(三)2': '不予公开—其他法律行政法规禁止公开',
  '三(三)3': '不予公开—危及“三安全一稳定”',
  '三(三)4': '不予公开—保护第三方合法权益',
  '三(三)5': '不予公开—属于三类内部事务信息',
  '三(三)6': '不予公开—属于四类过程性信息',
  '三(三)7': '不予公开—属于行政执法案卷',
  '三(三)8': '不予公开—属于行政查询事项',
  '三(四)1': '无法提供—本机关不掌握相关政府信息',
  '三(四)2': '无法提供—没有现成信息需要另行制作',
  '三(四)3': '无法提供—补正后申请内容仍不明确',
  '三(五)1': '不予处理—信访举报投诉类申请',
  '三(五)2': '不予处理—重复申请',
  '三(五)3': '不予处理—要求提供公开出版物',
  '三(五)4': '不予处理—无正当理由大量反复申请',
  '三(五)5': '不予处理—要求行政机关确认或重新出具已获取信息',
  '三(六)1': '其他处理—申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '三(六)2': '其他处理—申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  '三(六)3': '其他处理—其他',
} as const;

export type AnnualReportRow = keyof typeof ANNUAL_REPORT_ROWS;

/** Whether a reply refuses disclosure; drives reconsideration-first in the remedy clause (行政复议法第二十三条). */
export type Withholding = 'FULL' | 'PART' | 'NONE';

export interface ReplyTypeRule {
  readonly type: ReplyType;
  readonly label: string;
  /**
   * The provisions cited when the blanks do not change them. PARTIAL adds the citations of its withholding
   * ground and OTHER takes its provisions from the blanks: use `legalBasisFor(type, blanks)` for the sentence.
   */
  readonly citations: readonly Citation[];
  readonly withholding: Withholding;
  readonly annualReportRow: AnnualReportRow;
  readonly blanks: new () => ReplyBlanks;
  /**
   * 会商: the office head may approve this answer only with a legal advisor's agreeing opinion. Every answer that
   * withholds (in full or in part, 条例第十四条至第十六条) and the two "cannot provide" answers that deny holding or
   * being responsible for the information (条例第三十六条第（四）、（五）项): the answers most often challenged in
   * reconsideration and court.
   */
  readonly needsLegalOpinion: boolean;
}

interface RuleSpec {
  row: AnnualReportRow;
  blanks: new () => ReplyBlanks;
  /** Needs a legal opinion though it withholds nothing (withholding answers always do). */
  legalOpinion?: true;
}

/**
 * Reply type → annual-report row (国办公开办函〔2021〕30号) and blanks. Four rows are a decision of this product
 * where the format leaves the choice open: ALREADY_PUBLIC → (一), NOT_EXIST and NOT_RESPONSIBLE → (四)1,
 * SPECIAL_LAW → (六)3.
 */
const SPECS: Record<ReplyType, RuleSpec> = {
  DISCLOSE: { row: '三(一)', blanks: DiscloseBlanks },
  ALREADY_PUBLIC: { row: '三(一)', blanks: AlreadyPublicBlanks },
  PARTIAL: { row: '三(二)', blanks: PartialBlanks },
  WITHHOLD_SECRET: { row: '三(三)1', blanks: WithholdBlanks },
  WITHHOLD_LAW: { row: '三(三)2', blanks: WithholdLawBlanks },
  WITHHOLD_SECURITY: { row: '三(三)3', blanks: WithholdBlanks },
  WITHHOLD_THIRD_PARTY: { row: '三(三)4', blanks: WithholdThirdPartyBlanks },
  WITHHOLD_INTERNAL: { row: '三(三)5', blanks: WithholdBlanks },
  WITHHOLD_PROCESS: { row: '三(三)6', blanks: WithholdBlanks },
  WITHHOLD_ENFORCEMENT: { row: '三(三)7', blanks: WithholdBlanks },
  WITHHOLD_ADMIN_QUERY: { row: '三(三)8', blanks: WithholdAdminQueryBlanks },
  NOT_EXIST: { row: '三(四)1', blanks: NotExistBlanks, legalOpinion: true },
  NOT_RESPONSIBLE: { row: '三(四)1', blanks: NotResponsibleBlanks, legalOpinion: true },
  NEEDS_CREATION: { row: '三(四)2', blanks: ReasonsBlanks },
  UNCLEAR_AFTER_CORRECTION: { row: '三(四)3', blanks: UnclearAfterCorrectionBlanks },
  PETITION: { row: '三(五)1', blanks: PetitionBlanks },
  DUPLICATE: { row: '三(五)2', blanks: DuplicateBlanks },
  PUBLICATION: { row: '三(五)3', blanks: PublicationBlanks },
  EXCESSIVE: { row: '三(五)4', blanks: ReasonsBlanks },
  CONFIRM_REISSUE: { row: '三(五)5', blanks: ReasonsBlanks },
  SPECIAL_LAW: { row: '三(六)3', blanks: SpecialLawBlanks },
  ABANDONED_NO_CORRECTION: { row: '三(六)1', blanks: AbandonedNoCorrectionBlanks },
  ABANDONED_NO_FEE: { row: '三(六)2', blanks: AbandonedNoFeeBlanks },
  WITHDRAWN: { row: '三(六)3', blanks: WithdrawnBlanks },
  OTHER: { row: '三(六)3', blanks: OtherBlanks },
};

function defaultCitations(type: ReplyType): readonly Citation[] {
  if (type === 'PARTIAL') return legalBasisFor(type, { withholdingGround: WITHHOLD_TYPES[0] }).citations.slice(0, 1);
  if (type === 'OTHER') return [];
  return legalBasisFor(type).citations;
}

export const REPLY_TYPE_RULES: Readonly<Record<ReplyType, ReplyTypeRule>> = Object.fromEntries(
  REPLY_TYPES.map((type) => [
    type,
    {
      type,
      label: REPLY_TYPE_LABELS[type],
      citations: defaultCitations(type),
      withholding: isWithholdType(type) ? 'FULL' : type === 'PARTIAL' ? 'PART' : 'NONE',
      annualReportRow: SPECS[type].row,
      blanks: SPECS[type].blanks,
      needsLegalOpinion: isWithholdType(type) || type === 'PARTIAL' || SPECS[type].legalOpinion === true,
    } satisfies ReplyTypeRule,
  ]),
) as Record<ReplyType, ReplyTypeRule>;

export const annualReportRowOf = (type: ReplyType): AnnualReportRow => REPLY_TYPE_RULES[type].annualReportRow;

export const withholds = (type: ReplyType): boolean => REPLY_TYPE_RULES[type].withholding !== 'NONE';

/** The blanks class of a reply type (for forms and API docs). */
export const replyBlanksClass = (type: ReplyType): new () => ReplyBlanks => REPLY_TYPE_RULES[type].blanks;

/** Validates the officer's blanks for a reply type; errors name `blanks.<field>` with a code and a Chinese message. */
export function validateReplyBlanks(type: ReplyType, blanks: unknown): FieldError[] {
  return parseReplyBlanks(type, blanks).errors;
}

/** Like validateReplyBlanks, and also returns the normalised blanks (trimmed strings) to store and render. */
export function parseReplyBlanks(type: ReplyType, blanks: unknown): ParsedBlanks<ReplyBlanks> {
  const rule = REPLY_TYPE_RULES[type];
  if (!rule) return { value: new ReplyBlanks(), errors: [{ field: 'replyType', code: 'INVALID_ENUM', message: '答复类型取值无效' }] };
  return parseBlanks(rule.blanks, blanks);
}
