import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { NestedObject } from '../../../common/validation/nested.js';
import { IsIsoDate } from '../../../common/validation/iso-date.js';
import { keepAsWritten, trimString } from '../../../common/validation/transforms.js';
import { CONFIRMATION_METHODS, type ConfirmationMethod } from '../domain/receipt-date.js';
import { IdDocumentType } from '../domain/identity.js';
import { IsChinesePhone, IsContactEmail, IsIdDocumentNumber, IsPostalCode, IsUnifiedSocialCreditCode } from '../validation/identity.decorators.js';

/** 年度报告 applicant columns (表三, 2021 format). */
export const APPLICANT_CATEGORIES = ['NATURAL_PERSON', 'COMMERCIAL_ENTERPRISE', 'RESEARCH_INSTITUTION', 'PUBLIC_WELFARE_ORGANISATION', 'LEGAL_SERVICE_ORGANISATION', 'OTHER'] as const;
export type ApplicantCategory = (typeof APPLICANT_CATEGORIES)[number];
export const APPLICANT_CATEGORY_LABELS: Record<ApplicantCategory, string> = {
  NATURAL_PERSON: '自然人',
  COMMERCIAL_ENTERPRISE: '商业企业',
  RESEARCH_INSTITUTION: '科研机构',
  PUBLIC_WELFARE_ORGANISATION: '社会公益组织',
  LEGAL_SERVICE_ORGANISATION: '法律服务机构',
  OTHER: '其他',
};

export class OrganisationDto {
  @ApiProperty({ example: '91110105MA01XXXXXX', description: '统一社会信用代码（GB 32100校验）' })
  @IsUnifiedSocialCreditCode()
  creditCode: string;

  @ApiProperty({ example: '王五', description: '法定代表人或主要负责人' })
  @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(60)
  legalRepresentative: string;

  @ApiProperty({ example: '赵六', description: '联系人' })
  @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(60)
  contactPerson: string;
}

/** 申请人 (条例第二十九条第二款第（一）项: 姓名或者名称、身份证明、联系方式). */
export class ApplicantDto {
  @ApiProperty({ enum: ['NATURAL_PERSON', 'ORGANISATION'], description: '公民，或法人/非法人组织' })
  @IsIn(['NATURAL_PERSON', 'ORGANISATION'])
  kind: 'NATURAL_PERSON' | 'ORGANISATION';

  @ApiProperty({ example: '张三', description: '姓名或名称' })
  @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ enum: IdDocumentType, description: '证件类型（公民必填）' })
  @ValidateIf((o: ApplicantDto) => o.kind === 'NATURAL_PERSON') @IsEnum(IdDocumentType)
  idType?: IdDocumentType;

  @ApiPropertyOptional({ example: '11010519491231002X', description: '证件号码（居民身份证按GB 11643校验）' })
  @ValidateIf((o: ApplicantDto) => o.kind === 'NATURAL_PERSON') @IsIdDocumentNumber('idType')
  idNumber?: string;

  @ApiPropertyOptional({ type: OrganisationDto, description: '组织信息（法人或非法人组织必填）' })
  @ValidateIf((o: ApplicantDto) => o.kind === 'ORGANISATION') @NestedObject(() => OrganisationDto)
  organisation?: OrganisationDto;

  @ApiProperty({ example: '13800138000', description: '联系电话（手机或固定电话）' })
  @IsChinesePhone()
  phone: string;

  @ApiPropertyOptional({ example: 'zhang.san@example.com' })
  @IsOptional() @IsContactEmail()
  email?: string;

  @ApiPropertyOptional({ example: '示例县人民路2号', maxLength: 200 })
  @IsOptional() @Transform(keepAsWritten) @IsString() @MaxLength(200)
  address?: string;

  @ApiPropertyOptional({ example: '100000' })
  @IsOptional() @IsPostalCode()
  postalCode?: string;

  @ApiProperty({ enum: APPLICANT_CATEGORIES, description: '年度报告申请人类别' })
  @IsIn(APPLICANT_CATEGORIES)
  category: ApplicantCategory;
}

/** 代理人 with a power of attorney (委托书 uploaded as an attachment). */
export class AgentDto {
  @ApiProperty({ example: '钱七' })
  @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(100)
  name: string;

  @ApiProperty({ enum: IdDocumentType })
  @IsEnum(IdDocumentType)
  idType: IdDocumentType;

  @ApiProperty({ example: '110105194912310021' })
  @IsIdDocumentNumber('idType')
  idNumber: string;

  @ApiProperty({ example: '13900139000' })
  @IsChinesePhone()
  phone: string;

  @ApiPropertyOptional({ format: 'uuid', description: '授权委托书附件ID' })
  @IsOptional() @IsUUID()
  powerOfAttorneyAttachmentId?: string;
}

/** 申请公开的政府信息 (条例第二十九条第二款第（二）项). */
export class RequestedInformationDto {
  @ApiProperty({ example: '2025年某镇土地征收补偿安置方案', maxLength: 200, description: '信息名称' })
  @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ example: '示政发〔2025〕3号', maxLength: 100, description: '文号（如知道）' })
  @IsOptional() @Transform(keepAsWritten) @IsString() @MaxLength(100)
  documentNumber?: string;

  @ApiProperty({ example: '请求公开该方案全文及附件。', maxLength: 5000, description: '其他特征性描述' })
  @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(5000)
  description: string;
}

/** 获取信息的方式、途径 (条例第二十九条第二款第（三）项). */
export class DeliveryPreferenceDto {
  @ApiProperty({ enum: ['PAPER', 'ELECTRONIC'], description: '纸质或电子' })
  @IsIn(['PAPER', 'ELECTRONIC'])
  form: 'PAPER' | 'ELECTRONIC';

  @ApiProperty({ enum: ['EMAIL', 'POST', 'PICKUP', 'ONLINE'], description: '电子邮件、邮寄、自行领取、网上获取' })
  @IsIn(['EMAIL', 'POST', 'PICKUP', 'ONLINE'])
  method: 'EMAIL' | 'POST' | 'PICKUP' | 'ONLINE';

  @ApiPropertyOptional({ example: 'zhang.san@example.com', description: '电子邮件送达时必填' })
  @ValidateIf((o: DeliveryPreferenceDto) => o.method === 'EMAIL') @IsContactEmail()
  email?: string;

  @ApiPropertyOptional({ example: '示例县人民路2号', description: '邮寄送达时必填' })
  @ValidateIf((o: DeliveryPreferenceDto) => o.method === 'POST') @Transform(keepAsWritten) @IsString() @IsNotEmpty() @MaxLength(200)
  address?: string;

  @ApiPropertyOptional({ example: '100000' })
  @IsOptional() @IsPostalCode()
  postalCode?: string;
}

export class CounterFactsDto {
  @ApiProperty({ example: '2026-03-02', description: '当面提交日期' }) @IsIsoDate()
  submittedOn: string;

  @ApiPropertyOptional({ description: '口头申请由工作人员代为填写' }) @IsOptional() @IsBoolean()
  oral?: boolean;

  @ApiPropertyOptional({ example: '王承办', description: '代为填写的工作人员' })
  @ValidateIf((o: CounterFactsDto) => o.oral === true) @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(60)
  recordedBy?: string;

  @ApiPropertyOptional({ description: '申请人是否签字确认' })
  @ValidateIf((o: CounterFactsDto) => o.oral === true) @IsBoolean()
  applicantSigned?: boolean;
}

export class FaxFactsDto {
  @ApiProperty({ example: '010-12345678', description: '发送方传真号码' })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(40)
  sendingNumber: string;

  @ApiProperty({ example: '2026-03-02T10:15:00+08:00', description: '传真接收时间（传真记录）' })
  @IsString() @MaxLength(40)
  receivedAt: string;

  @ApiPropertyOptional({ example: '2026-03-02', description: '双方确认日期' }) @IsOptional() @IsIsoDate()
  confirmedOn?: string;
}

export class RegisteredLetterFactsDto {
  @ApiProperty({ example: 'EA123456789CN', description: '挂号/EMS单号' })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(40)
  waybillNumber: string;

  @ApiProperty({ example: '2026-02-14', description: '签收日期' }) @IsIsoDate()
  signedOn: string;

  @ApiProperty({ example: '孙收发', description: '签收人' })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(60)
  signer: string;
}

export class OrdinaryLetterFactsDto {
  @ApiProperty({ example: '2026-03-02', description: '到达日期' }) @IsIsoDate()
  arrivedOn: string;

  @ApiPropertyOptional({ example: '2026-03-04', description: '与申请人确认的日期' }) @IsOptional() @IsIsoDate()
  confirmedOn?: string;

  @ApiPropertyOptional({ enum: CONFIRMATION_METHODS, description: '确认方式' }) @IsOptional() @IsIn(CONFIRMATION_METHODS)
  confirmationMethod?: ConfirmationMethod;

  @ApiPropertyOptional({ example: '王承办', description: '确认人' }) @IsOptional() @Transform(trimString) @IsString() @MaxLength(60)
  confirmedBy?: string;

  @ApiPropertyOptional({ description: '无法联系申请人（联系上之日起算）' }) @IsOptional() @IsBoolean()
  unreachable?: boolean;

  @ApiPropertyOptional({ example: '2026-03-09', description: '联系上申请人的日期' }) @IsOptional() @IsIsoDate()
  contactMadeOn?: string;
}
