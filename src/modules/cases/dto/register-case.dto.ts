import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { NestedObject } from '../../../common/validation/nested.js';
import { IsIsoDate } from '../../../common/validation/iso-date.js';
import { keepAsWritten, trimString } from '../../../common/validation/transforms.js';
import {
  AgentDto,
  ApplicantDto,
  CounterFactsDto,
  DeliveryPreferenceDto,
  FaxFactsDto,
  OrdinaryLetterFactsDto,
  RegisteredLetterFactsDto,
  RequestedInformationDto,
} from '../../intake/dto/application-parts.dto.js';
import { CaseChannel } from '../case-channel.js';

/**
 * Officer registration of a counter, fax or letter application (and of a web application received otherwise).
 * The receipt date is derived from the channel's facts (rules.md §2); `receiptDate` is only needed without them,
 * or to override the derived date with `receiptDateReason`. The short form (channel, receiptDate, applicantName,
 * requestDescription) stays valid for quick registration.
 */
export class RegisterCaseDto {
  @ApiProperty({ enum: CaseChannel, example: CaseChannel.COUNTER, description: '申请渠道' })
  @IsEnum(CaseChannel)
  channel: CaseChannel;

  @ApiPropertyOptional({ example: '2026-03-02', description: '收到申请之日：无渠道证据时必填；与按规则推定的日期不同时须说明理由' })
  @ValidateIf((o: RegisterCaseDto) => o.receiptDate !== undefined || !hasFacts(o)) @IsIsoDate()
  receiptDate?: string;

  @ApiPropertyOptional({ example: '传真记录日期有误，以双方通话记录为准', description: '改动推定收件日期的理由' })
  @IsOptional() @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(1000)
  receiptDateReason?: string;

  @ApiPropertyOptional({ type: CounterFactsDto }) @IsOptional() @NestedObject(() => CounterFactsDto)
  counter?: CounterFactsDto;

  @ApiPropertyOptional({ type: FaxFactsDto }) @IsOptional() @NestedObject(() => FaxFactsDto)
  fax?: FaxFactsDto;

  @ApiPropertyOptional({ type: RegisteredLetterFactsDto }) @IsOptional() @NestedObject(() => RegisteredLetterFactsDto)
  letterRegistered?: RegisteredLetterFactsDto;

  @ApiPropertyOptional({ type: OrdinaryLetterFactsDto }) @IsOptional() @NestedObject(() => OrdinaryLetterFactsDto)
  letterOrdinary?: OrdinaryLetterFactsDto;

  @ApiPropertyOptional({ type: ApplicantDto, description: '申请人（完整登记）' })
  @ValidateIf((o: RegisterCaseDto) => o.applicantName === undefined) @NestedObject(() => ApplicantDto)
  applicant?: ApplicantDto;

  @ApiPropertyOptional({ example: '张三', maxLength: 100, description: '申请人姓名（简易登记，与 applicant 二选一）' })
  @ValidateIf((o: RegisterCaseDto) => o.applicant === undefined) @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(100)
  applicantName?: string;

  @ApiPropertyOptional({ type: AgentDto }) @IsOptional() @NestedObject(() => AgentDto)
  agent?: AgentDto;

  @ApiPropertyOptional({ type: RequestedInformationDto, description: '申请内容（完整登记）' })
  @ValidateIf((o: RegisterCaseDto) => o.requestDescription === undefined) @NestedObject(() => RequestedInformationDto)
  request?: RequestedInformationDto;

  @ApiPropertyOptional({ example: '2025年度某镇土地征收补偿方案', maxLength: 5000, description: '申请内容描述（简易登记，与 request 二选一）' })
  @ValidateIf((o: RegisterCaseDto) => o.request === undefined) @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(5000)
  requestDescription?: string;

  @ApiPropertyOptional({ type: DeliveryPreferenceDto }) @IsOptional() @NestedObject(() => DeliveryPreferenceDto)
  delivery?: DeliveryPreferenceDto;

  @ApiPropertyOptional({ example: '2026-03-02T10:15:00+08:00', description: '提交时间（ISO 8601，含时区）：网上申请的提交时间，或传真的接收时间（传真缺省取 fax.receivedAt）' })
  @IsOptional() @IsString() @MaxLength(40)
  submittedAt?: string;

  @ApiPropertyOptional({ example: '纸质申请于窗口收到，次日补录', description: '补录原因：收到申请之日早于今天（补录）时必填' })
  @IsOptional() @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ type: [String], description: '已上传的附件（申请书扫描件、信封、传真页、证件、委托书）' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true })
  attachmentIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: '承办人；默认为登记人' })
  @IsOptional() @IsUUID()
  assigneeId?: string;
}

function hasFacts(o: RegisterCaseDto): boolean {
  // A web submission's time is its channel evidence: the office's confirmation then fixes the receipt date.
  return !!(o.counter || o.fax || o.letterRegistered || o.letterOrdinary) || (o.channel === CaseChannel.WEB && o.submittedAt !== undefined);
}
