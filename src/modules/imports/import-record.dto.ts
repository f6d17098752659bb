import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBase64,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { EXTENSION } from '../../common/statutory-limits.js';
import { IsIsoDate } from '../../common/validation/iso-date.js';
import { keepAsWritten, trimString } from '../../common/validation/transforms.js';
import { CaseChannel } from '../cases/case-channel.js';
import { REMEDY_CORRECTIONS, REMEDY_KINDS, REMEDY_OUTCOMES } from '../cases/dto/case-event-commands.dto.js';
import type { CaseEventType } from '../cases/workflow/case-event.js';
import { MANUAL_CLOSE_REASONS, type CloseReason } from '../cases/workflow/case-status.js';
import { REPLY_TYPES, type ReplyType } from '../letters/reply-type.js';
import { CATEGORY_COLUMNS } from '../reports/domain/table-three.js';

/**
 * The events an import record may carry, in the statechart's words. The scanner's own events (DEADLINE_WARNING,
 * DEADLINE_PASSED, CALENDAR_CHANGED) are not history to import: the clock derives them. Proofs of delivery and legal
 * holds refer to documents and decisions made in Gongkai.
 */
export const IMPORTABLE_EVENT_TYPES = [
  'ACCEPT',
  'REQUEST_CORRECTION',
  'RECEIVE_CORRECTION',
  'CORRECTION_LAPSED',
  'CONSULT_THIRD_PARTY',
  'RECEIVE_THIRD_PARTY_OPINION',
  'THIRD_PARTY_LAPSED',
  'SEND_FEE_NOTICE',
  'RECEIVE_FEE_PAYMENT',
  'FEE_LAPSED',
  'APPROVE_EXTENSION',
  'DEFER',
  'REFER_TO_LEGAL',
  'SUBMIT_LEGAL_OPINION',
  'START_DRAFT',
  'SUBMIT_FOR_APPROVAL',
  'RETURN_DRAFT',
  'APPROVE_REPLY',
  'DELIVER_REPLY',
  'WITHDRAW',
  'CLOSE',
  'ARCHIVE',
  'RECORD_REMEDY',
] as const satisfies readonly CaseEventType[];
export type ImportableEventType = (typeof IMPORTABLE_EVENT_TYPES)[number];

/** An imported reply's PDF, base64 in the record: at most this many bytes once decoded. */
export const MAX_IMPORTED_PDF_BYTES = 5 * 1024 * 1024;

const is = (...types: ImportableEventType[]) => (o: ImportedEventDto) => types.includes(o.type);

/** One historical event of an imported case. Which fields apply depends on `type` (see the README's table). */
export class ImportedEventDto {
  @IsIn(IMPORTABLE_EVENT_TYPES)
  type: ImportableEventType;

  /** The day the act happened (YYYY-MM-DD): in order, not after today. */
  @IsIsoDate()
  date: string;

  /** The reply due date the old system showed after this event: checked against the clock (条例第三十三条). */
  @IsOptional() @IsIsoDate()
  dueDate?: string;

  @IsOptional() @Transform(trimString) @IsString() @MaxLength(1000)
  note?: string;

  // REQUEST_CORRECTION (条例第三十条 / 第三十五条)
  @ValidateIf((o: ImportedEventDto) => o.type === 'REQUEST_CORRECTION' && o.purpose !== undefined) @IsIn(['CORRECTION', 'REASONS'])
  purpose?: 'CORRECTION' | 'REASONS';

  @ValidateIf((o: ImportedEventDto) => o.type === 'REQUEST_CORRECTION' && o.items !== undefined)
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(500, { each: true })
  items?: string[];

  // CONSULT_THIRD_PARTY (条例第三十二条、第三十四条)
  @ValidateIf(is('CONSULT_THIRD_PARTY')) @IsIn(['THIRD_PARTY', 'CO_PRODUCING_AGENCY'])
  party?: 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY';

  /** CONSULT_THIRD_PARTY: who was consulted; RECEIVE_THIRD_PARTY_OPINION / THIRD_PARTY_LAPSED: which consultation (default: the earliest open one). */
  @ValidateIf((o: ImportedEventDto) => o.type === 'CONSULT_THIRD_PARTY' || o.partyName !== undefined) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(200)
  partyName?: string;

  @ValidateIf((o: ImportedEventDto) => o.type === 'RECEIVE_THIRD_PARTY_OPINION' && o.position !== undefined) @IsIn(['CONSENT', 'OBJECTION', 'NO_POSITION'])
  position?: 'CONSENT' | 'OBJECTION' | 'NO_POSITION';

  // SEND_FEE_NOTICE (国办函〔2020〕109号)
  @ValidateIf(is('SEND_FEE_NOTICE')) @IsIn(['PER_PIECE', 'PER_PAGE'])
  basis?: 'PER_PIECE' | 'PER_PAGE';

  @ValidateIf((o: ImportedEventDto) => (o.type === 'SEND_FEE_NOTICE' && o.basis === 'PER_PAGE') || o.pages !== undefined) @IsInt() @Min(1) @Max(1_000_000)
  pages?: number;

  /** The amount the original notice asked for, when it differs from the one 109号 gives. */
  @ValidateIf((o: ImportedEventDto) => o.amountYuan !== undefined) @IsInt() @Min(1) @Max(1_000_000)
  amountYuan?: number;

  // APPROVE_EXTENSION (条例第三十三条第二款) and DEFER (条例第三十五条)
  @ValidateIf((o: ImportedEventDto) => o.workdays !== undefined) @IsInt() @Min(EXTENSION.minWorkdays) @Max(EXTENSION.maxWorkdays)
  workdays?: number;

  @ValidateIf(is('APPROVE_EXTENSION', 'DEFER')) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(1000)
  grounds?: string;

  @ValidateIf(is('DEFER')) @IsIsoDate()
  until?: string;

  // REFER_TO_LEGAL / SUBMIT_LEGAL_OPINION (会商): advisors are the agency's accounts, named by e-mail.
  @ValidateIf(is('REFER_TO_LEGAL')) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @IsEmail({}, { each: true })
  advisors?: string[];

  @ValidateIf(is('REFER_TO_LEGAL')) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(2000)
  question?: string;

  @ValidateIf((o: ImportedEventDto) => o.difficult !== undefined) @IsBoolean()
  difficult?: boolean;

  /** SUBMIT_LEGAL_OPINION: whose opinion (default: the one advisor with an open referral). */
  @ValidateIf((o: ImportedEventDto) => o.type === 'SUBMIT_LEGAL_OPINION' && o.advisor !== undefined) @IsEmail()
  advisor?: string;

  @ValidateIf(is('SUBMIT_LEGAL_OPINION')) @IsIn(['AGREE', 'DISAGREE', 'AGREE_WITH_CHANGES'])
  opinion?: 'AGREE' | 'DISAGREE' | 'AGREE_WITH_CHANGES';

  @ValidateIf(is('SUBMIT_LEGAL_OPINION')) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(5000)
  text?: string;

  // START_DRAFT: the reply type (条例第三十六条); DUPLICATE names the earlier case's tracking number.
  @ValidateIf(is('START_DRAFT')) @IsIn(REPLY_TYPES)
  replyType?: ReplyType;

  @ValidateIf((o: ImportedEventDto) => (o.type === 'START_DRAFT' && o.replyType === 'DUPLICATE') || o.earlierTrackingNumber !== undefined)
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(40)
  earlierTrackingNumber?: string;

  // APPROVE_REPLY: the reply as issued at the time (its 文号 and, optionally, its PDF).
  @ValidateIf(is('APPROVE_REPLY')) @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(100)
  documentNumber?: string;

  @ValidateIf((o: ImportedEventDto) => o.pdfBase64 !== undefined) @IsString() @IsBase64() @MaxLength(Math.ceil((MAX_IMPORTED_PDF_BYTES * 4) / 3) + 4)
  pdfBase64?: string;

  // DELIVER_REPLY
  @ValidateIf(is('DELIVER_REPLY')) @IsIn(['EMAIL', 'POST', 'PICKUP', 'ONLINE'])
  method?: 'EMAIL' | 'POST' | 'PICKUP' | 'ONLINE';

  @ValidateIf((o: ImportedEventDto) => o.waybillNumber !== undefined) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(40)
  waybillNumber?: string;

  // CLOSE
  @ValidateIf(is('CLOSE')) @IsIn(MANUAL_CLOSE_REASONS)
  closeReason?: CloseReason;

  // RECORD_REMEDY (行政复议法、行政诉讼法): one proceeding as it stands (its outcome, if decided).
  @ValidateIf(is('RECORD_REMEDY')) @IsIn(REMEDY_KINDS)
  kind?: (typeof REMEDY_KINDS)[number];

  @ValidateIf(is('RECORD_REMEDY')) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(100)
  body?: string;

  @ValidateIf(is('RECORD_REMEDY')) @IsIsoDate()
  appliedOn?: string;

  @ValidateIf((o: ImportedEventDto) => o.afterReconsideration !== undefined) @IsBoolean()
  afterReconsideration?: boolean;

  @ValidateIf((o: ImportedEventDto) => o.outcome !== undefined) @IsIn(REMEDY_OUTCOMES)
  outcome?: (typeof REMEDY_OUTCOMES)[number];

  @ValidateIf((o: ImportedEventDto) => o.outcome === 'CORRECTED' || o.correction !== undefined) @IsIn(REMEDY_CORRECTIONS)
  correction?: (typeof REMEDY_CORRECTIONS)[number];

  @ValidateIf((o: ImportedEventDto) => (o.outcome !== undefined && o.outcome !== 'PENDING') || o.decidedOn !== undefined) @IsIsoDate()
  decidedOn?: string;
}

export class ImportedApplicantDto {
  @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(100)
  name: string;

  /** 年度报告 applicant column (表三). */
  @IsIn(CATEGORY_COLUMNS)
  category: (typeof CATEGORY_COLUMNS)[number];

  @IsOptional() @Transform(trimString) @IsString() @MaxLength(40)
  phone?: string;

  @IsOptional() @IsEmail() @MaxLength(254)
  email?: string;

  @IsOptional() @Transform(keepAsWritten) @IsString() @MaxLength(300)
  address?: string;
}

export class ImportedRequestDto {
  @IsOptional() @Transform(keepAsWritten) @IsString() @MaxLength(200)
  title?: string;

  @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(5000)
  description: string;

  @IsOptional() @Transform(keepAsWritten) @IsString() @MaxLength(100)
  documentNumber?: string;
}

/** One line of an import file: a case as the office's earlier records have it. */
export class ImportedCaseRecordDto {
  /** The case's id in the old records: unique per agency; a second import of it changes nothing. */
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(100) @Matches(/^[\p{L}\p{N}._\-/]+$/u, { message: '外部编号只能包含字母、数字和 . _ - /' })
  externalId: string;

  /** The agency's code (机关代码). */
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(20)
  agency: string;

  /** The original 受理编号, kept as the case's tracking number; omitted: numbered in the receipt year. */
  @IsOptional() @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(40)
  trackingNumber?: string;

  @IsIn(Object.values(CaseChannel))
  channel: CaseChannel;

  /** 收到申请之日 (条例第三十一条), as fixed at the time. */
  @IsIsoDate()
  receiptDate: string;

  /** The officer who handled it (an account of the agency, by e-mail); no one is told. */
  @IsOptional() @IsEmail()
  assignee?: string;

  @IsObject() @ValidateNested() @Type(() => ImportedApplicantDto)
  applicant: ImportedApplicantDto;

  @IsObject() @ValidateNested() @Type(() => ImportedRequestDto)
  request: ImportedRequestDto;

  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ImportedEventDto)
  events: ImportedEventDto[];
}
