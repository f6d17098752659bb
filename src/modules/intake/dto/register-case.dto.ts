import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, registerDecorator, ValidateIf, type ValidationArguments } from 'class-validator';
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
} from './application-parts.dto.js';
import { CaseChannel } from '../../cases/case-channel.js';

/**
 * Officer registration of a counter, fax or letter application (and of a web application received otherwise).
 * The receipt date is derived from the channel's facts (条例第三十一条); `receiptDate` is only needed without them,
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

  @ApiPropertyOptional({ type: CounterFactsDto, description: '仅适用于渠道 当面提交（counter）' }) @IsOptional() @NestedObject(() => CounterFactsDto) @EvidenceOf(CaseChannel.COUNTER)
  counter?: CounterFactsDto;

  @ApiPropertyOptional({ type: FaxFactsDto, description: '仅适用于渠道 传真（fax）' }) @IsOptional() @NestedObject(() => FaxFactsDto) @EvidenceOf(CaseChannel.FAX)
  fax?: FaxFactsDto;

  @ApiPropertyOptional({ type: RegisteredLetterFactsDto, description: '仅适用于渠道 挂号信等需签收的邮寄（letter_registered）' }) @IsOptional() @NestedObject(() => RegisteredLetterFactsDto) @EvidenceOf(CaseChannel.LETTER_REGISTERED)
  letterRegistered?: RegisteredLetterFactsDto;

  @ApiPropertyOptional({ type: OrdinaryLetterFactsDto, description: '仅适用于渠道 平常信函（letter_ordinary）' }) @IsOptional() @NestedObject(() => OrdinaryLetterFactsDto) @EvidenceOf(CaseChannel.LETTER_ORDINARY)
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

/**
 * Channel evidence only counts for its own channel: a `counter` object on a letter is refused (422 naming the
 * field) rather than dropped, so the receipt date is never derived from, or recorded beside, the wrong facts.
 */
function EvidenceOf(channel: CaseChannel): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'channelEvidence',
      target: target.constructor,
      propertyName: String(propertyName),
      // class-validator maps a context only onto a constraint that has a message.
      options: { message: 'CHANNEL_MISMATCH', context: { code: 'CHANNEL_MISMATCH', message: `此项渠道证据只适用于 channel 为 ${channel} 的申请` } },
      validator: { validate: (value: unknown, args: ValidationArguments) => value === undefined || (args.object as RegisterCaseDto).channel === channel },
    });
}

function hasFacts(o: RegisterCaseDto): boolean {
  // A web submission's time is its channel evidence: the office's confirmation then fixes the receipt date.
  return !!(o.counter || o.fax || o.letterRegistered || o.letterOrdinary) || (o.channel === CaseChannel.WEB && o.submittedAt !== undefined);
}
