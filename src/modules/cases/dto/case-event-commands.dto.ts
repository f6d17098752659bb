import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsIsoDate } from '../../../common/validation/iso-date.js';
import { trimString } from '../../../common/validation/transforms.js';
import { EXTENSION } from '../../../common/statutory-limits.js';
import { REPLY_TYPES, type ReplyType } from '../../letters/reply-type.js';
import { CASE_EVENT_TYPES, type CaseEventType } from '../workflow/case-event.js';
import { MANUAL_CLOSE_REASONS, type CloseReason } from '../workflow/case-status.js';

/** Fields every case event command may carry. */
export class CaseEventCommandDto {
  @ApiProperty({ enum: CASE_EVENT_TYPES, example: 'ACCEPT' })
  @IsIn(CASE_EVENT_TYPES)
  type: CaseEventType;

  @ApiPropertyOptional({ example: '2026-03-03', description: '事件发生日期（北京时间），默认今天；不得晚于今天，不得早于上一事件；早于今天须写明原因' })
  @IsOptional() @IsIsoDate()
  effectiveDate?: string;

  @ApiPropertyOptional({ example: '纸质补正材料于当日收到，次日补录', description: '补录（倒签）原因或备注' })
  @IsOptional() @Transform(trimString) @IsString() @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ example: 3, description: '客户端所见的案件版本；不一致时返回409' })
  @IsOptional() @IsInt() @Min(1)
  expectedVersion?: number;
}

export class ConfirmReceiptCommandDto extends CaseEventCommandDto {
  @ApiProperty({ example: '2026-03-02', description: '收到申请之日（条例第三十一条）：与申请人确认收到的日期；不得晚于事件日期，不得早于提交日期或上一事件' })
  @IsIsoDate()
  receiptDate: string;
}

export class RequestCorrectionCommandDto extends CaseEventCommandDto {
  @ApiPropertyOptional({
    enum: ['CORRECTION', 'REASONS'],
    default: 'CORRECTION',
    description: 'CORRECTION：补正告知书（条例第三十条）；REASONS：申请数量、频次明显超过合理范围时要求说明理由（条例第三十五条，说明理由告知书），期限与计时同补正',
  })
  @IsOptional() @IsIn(['CORRECTION', 'REASONS'])
  purpose?: 'CORRECTION' | 'REASONS';

  @ApiPropertyOptional({ example: '您自2026年1月以来向本机关提出政府信息公开申请58件', maxLength: 1000, description: '申请数量、频次情况（purpose=REASONS时必填）' })
  @ValidateIf((o: RequestCorrectionCommandDto) => o.purpose === 'REASONS') @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(1000)
  volumeDescription?: string;

  @ApiProperty({ example: ['请明确所申请信息的名称或文号', '请提供身份证明'], description: '需要补正的事项（一次性告知；purpose=REASONS时可省略）' })
  @ValidateIf((o: RequestCorrectionCommandDto) => o.purpose !== 'REASONS' || o.items !== undefined) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(500, { each: true })
  items?: string[];
}

export class ReceiveCorrectionCommandDto extends CaseEventCommandDto {
  @ApiPropertyOptional({ example: '申请人补充了文件名称和文号', maxLength: 5000 })
  @IsOptional() @Transform(trimString) @IsString() @MaxLength(5000)
  summary?: string;

  @ApiPropertyOptional({ type: [String], description: '补正材料（先通过 POST /api/v1/attachments 上传，用途 CORRECTION）' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class ConsultThirdPartyCommandDto extends CaseEventCommandDto {
  @ApiProperty({ enum: ['THIRD_PARTY', 'CO_PRODUCING_AGENCY'], description: '第三方（条例32）或共同制作机关（条例34）' })
  @IsIn(['THIRD_PARTY', 'CO_PRODUCING_AGENCY'])
  party: 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY';

  @ApiProperty({ example: '某某房地产开发有限公司', maxLength: 200 })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(200)
  partyName: string;
}

export class ThirdPartyResultCommandDto extends CaseEventCommandDto {
  @ApiProperty({ format: 'uuid', description: '征求意见编号（见案件 openConsultations）' })
  @IsUUID()
  consultationId: string;

  @ApiPropertyOptional({ enum: ['CONSENT', 'OBJECTION', 'NO_POSITION'], description: '第三方意见（逾期未答复时省略）' })
  @IsOptional() @IsIn(['CONSENT', 'OBJECTION', 'NO_POSITION'])
  position?: 'CONSENT' | 'OBJECTION' | 'NO_POSITION';

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional() @Transform(trimString) @IsString() @MaxLength(5000)
  summary?: string;

  @ApiPropertyOptional({
    enum: ['DISCLOSE_IN_PUBLIC_INTEREST'],
    description: '第三方不同意公开（position=OBJECTION）但本机关认为不公开可能对公共利益造成重大影响、决定予以公开（条例第三十二条）：出具政府信息依申请公开告知书（给第三方）',
  })
  @IsOptional() @IsIn(['DISCLOSE_IN_PUBLIC_INTEREST'])
  disclosureDecision?: 'DISCLOSE_IN_PUBLIC_INTEREST';

  @ApiPropertyOptional({ example: '该项目补偿标准涉及辖区内三百余户被征收人的切身利益，不公开可能对公共利益造成重大影响。', maxLength: 5000, description: '决定公开的理由（disclosureDecision时必填）' })
  @ValidateIf((o: ThirdPartyResultCommandDto) => o.disclosureDecision !== undefined) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(5000)
  disclosureReasons?: string;

  @ApiPropertyOptional({ example: '青山镇3号地块征收补偿协议中的补偿标准和补偿金额', maxLength: 1000, description: '决定公开的政府信息内容（disclosureDecision时必填）' })
  @ValidateIf((o: ThirdPartyResultCommandDto) => o.disclosureDecision !== undefined) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(1000)
  disclosedInformation?: string;
}

export class SendFeeNoticeCommandDto extends CaseEventCommandDto {
  @ApiProperty({ enum: ['PER_PIECE', 'PER_PAGE'], description: '按件（第四条）或按量（第五条）计收，同一申请只适用一种（第三条）；金额由系统按国办函〔2020〕109号计算' })
  @IsIn(['PER_PIECE', 'PER_PAGE'])
  basis: 'PER_PIECE' | 'PER_PAGE';

  @ApiPropertyOptional({ example: 120, description: '按量计收时必填：所需提供的政府信息页数（第五条）' })
  @ValidateIf((o: SendFeeNoticeCommandDto) => o.basis === 'PER_PAGE' || o.pages !== undefined) @IsInt() @Min(1) @Max(1_000_000)
  pages?: number;

  @ApiPropertyOptional({ example: 100, description: '改定金额（元）：仅在系统计算的金额不适用时填写，须同时说明理由（overrideReason）' })
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000)
  amountYuan?: number;

  @ApiPropertyOptional({ example: '申请人本月另有3件申请经信访渠道转来，未计入系统', maxLength: 1000, description: '改定金额的理由（填写 amountYuan 时必填），记入事件' })
  @ValidateIf((o: SendFeeNoticeCommandDto) => o.amountYuan !== undefined) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(1000)
  overrideReason?: string;
}

export class ApproveExtensionCommandDto extends CaseEventCommandDto {
  @ApiPropertyOptional({ example: EXTENSION.defaultWorkdays, default: EXTENSION.defaultWorkdays, description: `延长的工作日数（${EXTENSION.minWorkdays}-${EXTENSION.maxWorkdays}，条例第三十三条第二款）` })
  @IsOptional() @IsInt() @Min(EXTENSION.minWorkdays) @Max(EXTENSION.maxWorkdays)
  workdays?: number;

  @ApiProperty({ example: '涉及多个部门，需调取历史档案', description: '延期理由' })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(1000)
  grounds: string;
}

export class DeferCommandDto extends CaseEventCommandDto {
  @ApiProperty({ example: '2026-06-30', description: '条例第三十五条确定的延迟答复期限' })
  @IsIsoDate()
  until: string;

  @ApiProperty({ example: '申请数量明显超过合理范围，申请人说明理由合理', maxLength: 1000 })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(1000)
  grounds: string;
}

export class ReferToLegalCommandDto extends CaseEventCommandDto {
  @ApiProperty({ type: [String], format: 'uuid', description: '会商的法律顾问（本机关）' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @ArrayUnique() @IsUUID('all', { each: true })
  advisorIds: string[];

  @ApiProperty({ example: '申请公开的评估报告是否属于过程性信息？', maxLength: 2000 })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(2000)
  question: string;

  @ApiPropertyOptional({ description: '标记为重大复杂疑难案件' })
  @IsOptional() @IsBoolean()
  difficult?: boolean;
}

export class SubmitLegalOpinionCommandDto extends CaseEventCommandDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  referralId: string;

  @ApiProperty({ enum: ['AGREE', 'DISAGREE', 'AGREE_WITH_CHANGES'] })
  @IsIn(['AGREE', 'DISAGREE', 'AGREE_WITH_CHANGES'])
  opinion: 'AGREE' | 'DISAGREE' | 'AGREE_WITH_CHANGES';

  @ApiProperty({ example: '同意按过程性信息不予公开，建议补充说明理由。', maxLength: 5000 })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(5000)
  text: string;

  @ApiPropertyOptional({ example: ['《政府信息公开条例》第十六条第二款'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(200, { each: true })
  articles?: string[];
}

export class StartDraftCommandDto extends CaseEventCommandDto {
  @ApiProperty({ enum: REPLY_TYPES, example: 'DISCLOSE' })
  @IsIn(REPLY_TYPES)
  replyType: ReplyType;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { provisionForm: 'ELECTRONIC', description: '《青山镇2025年度土地征收补偿安置方案》电子文本' },
    description: '答复书中由承办人填写的内容（按答复类型校验）；法律依据和救济条款由系统生成',
  })
  @IsObject()
  blanks: Record<string, unknown>;
}

export class ReturnDraftCommandDto extends CaseEventCommandDto {
  @ApiPropertyOptional({ example: '请补充检索过程说明', maxLength: 2000 })
  @IsOptional() @Transform(trimString) @IsString() @MaxLength(2000)
  comments?: string;
}

export class DeliverReplyCommandDto extends CaseEventCommandDto {
  @ApiProperty({ enum: ['EMAIL', 'POST', 'PICKUP', 'ONLINE'], description: '送达方式' })
  @IsIn(['EMAIL', 'POST', 'PICKUP', 'ONLINE'])
  method: 'EMAIL' | 'POST' | 'PICKUP' | 'ONLINE';

  @ApiPropertyOptional({ example: 'zhang.san@example.com', description: '电子邮件送达地址；默认用申请人预留的邮箱' })
  @IsOptional() @IsEmail() @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '1234567890123', description: '邮寄送达：EMS单号（必填）' })
  @ValidateIf((o: DeliverReplyCommandDto) => o.method === 'POST') @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(40)
  waybillNumber?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '当面领取：申请人签收回执扫描件（附件ID，必填）' })
  @ValidateIf((o: DeliverReplyCommandDto) => o.method === 'PICKUP') @IsUUID()
  signedReceiptAttachmentId?: string;
}

export class RecordDeliveryProofCommandDto extends CaseEventCommandDto {
  @ApiProperty({ format: 'uuid', description: '送达的文书（答复书或告知书，见 GET /cases/{id}/documents）' })
  @IsUUID()
  documentId: string;

  @ApiProperty({ example: '2026-03-12', description: '受送达人签收日期（不得晚于事件日期，不得早于文书成文日期）' })
  @IsIsoDate()
  receivedOn: string;

  @ApiProperty({ format: 'uuid', description: '送达凭证扫描件（EMS回执、签收单等；先通过 POST /api/v1/attachments 上传，用途 SIGNED_RECEIPT）' })
  @IsUUID()
  proofAttachmentId: string;

  @ApiPropertyOptional({ example: '1234567890123', maxLength: 40, description: 'EMS单号' })
  @IsOptional() @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(40)
  waybillNumber?: string;

  @ApiPropertyOptional({ example: '申请人本人签收', maxLength: 200, description: '签收人' })
  @IsOptional() @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(200)
  signedBy?: string;
}

export class CloseCommandDto extends CaseEventCommandDto {
  @ApiProperty({ enum: MANUAL_CLOSE_REASONS, description: '终结原因' })
  @IsIn(MANUAL_CLOSE_REASONS)
  closeReason: CloseReason;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional() @Transform(trimString) @IsString() @MaxLength(1000)
  note?: string;
}

// ── Assignment (分办) ──────────────────────────────────────────────────────────────────────

export class AssignCommandDto extends CaseEventCommandDto {
  @ApiProperty({ format: 'uuid', description: '承办人（本机关在岗的承办人或负责人）；承办人只能分给自己（领办），负责人可分给任何承办人' })
  @IsUUID()
  assigneeId: string;
}

// --- evidence archive: remedy proceedings (行政复议、行政诉讼) and legal hold ---
export const REMEDY_KINDS = ['RECONSIDERATION', 'LITIGATION'] as const;
export const REMEDY_OUTCOMES = ['PENDING', 'UPHELD', 'CORRECTED', 'OTHER'] as const;
export const REMEDY_CORRECTIONS = ['REVOKED', 'CHANGED', 'CONFIRMED_ILLEGAL', 'ORDERED_TO_PERFORM'] as const;

export class RecordRemedyCommandDto extends CaseEventCommandDto {
  @ApiPropertyOptional({ format: 'uuid', description: '已登记的救济程序（更新结果、上诉时填写；新登记时不填）' })
  @IsOptional() @IsUUID()
  proceedingId?: string;

  @ApiPropertyOptional({ enum: REMEDY_KINDS, description: '行政复议或行政诉讼（新登记时必填）' })
  @ValidateIf((o: RecordRemedyCommandDto) => o.proceedingId === undefined) @IsIn(REMEDY_KINDS)
  kind?: (typeof REMEDY_KINDS)[number];

  @ApiPropertyOptional({ example: '示例县人民政府', maxLength: 100, description: '复议机关或人民法院（新登记时必填）' })
  @ValidateIf((o: RecordRemedyCommandDto) => o.proceedingId === undefined) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(100)
  body?: string;

  @ApiPropertyOptional({ example: '2026-04-01', description: '申请复议或起诉之日（新登记时必填）' })
  @ValidateIf((o: RecordRemedyCommandDto) => o.proceedingId === undefined) @IsIsoDate()
  appliedOn?: string;

  @ApiPropertyOptional({ example: '2026-04-03', description: '收到申请书副本（复议）或起诉状副本（诉讼）之日：答复和证据提交期限由此起算' })
  @IsOptional() @IsIsoDate()
  copyReceivedOn?: string;

  @ApiPropertyOptional({ description: '复议适用简易程序（行政复议法第五十三条、第五十四条：五日内答复）' })
  @IsOptional() @IsBoolean()
  simplified?: boolean;

  @ApiPropertyOptional({ description: '诉讼：经复议后起诉（否则为直接起诉）' })
  @IsOptional() @IsBoolean()
  afterReconsideration?: boolean;

  @ApiPropertyOptional({ enum: REMEDY_OUTCOMES, description: '结果：尚未审结、维持/驳回、纠正、其他' })
  @IsOptional() @IsIn(REMEDY_OUTCOMES)
  outcome?: (typeof REMEDY_OUTCOMES)[number];

  @ApiPropertyOptional({ enum: REMEDY_CORRECTIONS, description: '纠正的方式（结果为纠正时必填）：撤销、变更、确认违法、责令履行' })
  @ValidateIf((o: RecordRemedyCommandDto) => o.outcome === 'CORRECTED') @IsIn(REMEDY_CORRECTIONS)
  correction?: (typeof REMEDY_CORRECTIONS)[number];

  @ApiPropertyOptional({ example: '2026-05-20', description: '决定或裁判之日' })
  @IsOptional() @IsIsoDate()
  decidedOn?: string;

  @ApiPropertyOptional({ description: '诉讼：已上诉' })
  @IsOptional() @IsBoolean()
  appealed?: boolean;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional() @Transform(trimString) @IsString() @MaxLength(1000)
  note?: string;
}

export class SetLegalHoldCommandDto extends CaseEventCommandDto {
  @ApiProperty({ description: '诉讼保全：保管期限届满后也不得销毁' })
  @IsBoolean()
  hold: boolean;

  @ApiProperty({ maxLength: 500, example: '行政诉讼尚未审结' })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(500)
  grounds: string;
}

/** The DTO class that validates each event type's payload (422 on a bad one). */
export const COMMAND_DTO_BY_TYPE = {
  CONFIRM_RECEIPT: ConfirmReceiptCommandDto,
  ACCEPT: CaseEventCommandDto,
  REQUEST_CORRECTION: RequestCorrectionCommandDto,
  RECEIVE_CORRECTION: ReceiveCorrectionCommandDto,
  CORRECTION_LAPSED: CaseEventCommandDto,
  CONSULT_THIRD_PARTY: ConsultThirdPartyCommandDto,
  RECEIVE_THIRD_PARTY_OPINION: ThirdPartyResultCommandDto,
  THIRD_PARTY_LAPSED: ThirdPartyResultCommandDto,
  SEND_FEE_NOTICE: SendFeeNoticeCommandDto,
  RECEIVE_FEE_PAYMENT: CaseEventCommandDto,
  FEE_LAPSED: CaseEventCommandDto,
  APPROVE_EXTENSION: ApproveExtensionCommandDto,
  DEFER: DeferCommandDto,
  REFER_TO_LEGAL: ReferToLegalCommandDto,
  SUBMIT_LEGAL_OPINION: SubmitLegalOpinionCommandDto,
  START_DRAFT: StartDraftCommandDto,
  SUBMIT_FOR_APPROVAL: CaseEventCommandDto,
  APPROVE_REPLY: CaseEventCommandDto,
  RETURN_DRAFT: ReturnDraftCommandDto,
  DELIVER_REPLY: DeliverReplyCommandDto,
  RECORD_DELIVERY_PROOF: RecordDeliveryProofCommandDto,
  WITHDRAW: CaseEventCommandDto,
  CLOSE: CloseCommandDto,
  ARCHIVE: CaseEventCommandDto,
  DEADLINE_WARNING: CaseEventCommandDto,
  DEADLINE_PASSED: CaseEventCommandDto,
  CALENDAR_CHANGED: CaseEventCommandDto,
  ASSIGN: AssignCommandDto,
  RECORD_REMEDY: RecordRemedyCommandDto,
  SET_LEGAL_HOLD: SetLegalHoldCommandDto,
  // Recorded by the disclosure module, never sent (no role may): the bare command, refused before its payload matters.
  DISCLOSURE_DECIDED: CaseEventCommandDto,
  DISCLOSURE_SUGGESTION_REVIEWED: CaseEventCommandDto,
} satisfies Record<CaseEventType, typeof CaseEventCommandDto>;

export const COMMAND_DTOS = [...new Set(Object.values(COMMAND_DTO_BY_TYPE))];


/** The command of one event type: its DTO's fields with `type` narrowed to that event. */
export type CaseEventCommandOf<T extends CaseEventType> = Omit<InstanceType<(typeof COMMAND_DTO_BY_TYPE)[T]>, 'type'> & { readonly type: T };

/** Every command, discriminated by `type`: code that switches on `type` reads the fields of that event's DTO. */
export type CaseEventCommand = { [T in CaseEventType]: CaseEventCommandOf<T> }[CaseEventType];

/**
 * A validated command as the union. CaseEventPipe validated the body against COMMAND_DTO_BY_TYPE[type] (whitelist,
 * no unknown fields), and callers inside the application build commands of one event's fields: `type` picks the DTO.
 */
export const asCaseEventCommand = (dto: CaseEventCommandDto): CaseEventCommand => dto as CaseEventCommand;
