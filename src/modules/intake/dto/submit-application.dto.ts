import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmptyObject, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { NestedObject } from '../../../common/validation/nested.js';
import { AgentDto, ApplicantDto, DeliveryPreferenceDto, RequestedInformationDto } from './application-parts.dto.js';

/** A web application (网络申请), anonymous or by a logged-in applicant. */
export class SubmitApplicationDto {
  @ApiProperty({ example: 'SLXZR', description: '受理机关代码（见 GET /api/v1/applications/agencies）' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFKC').trim().toUpperCase() : value))
  @IsString() @Matches(/^[A-Z][A-Z0-9]{1,15}$/)
  agencyCode: string;

  @ApiProperty({ type: ApplicantDto })
  @IsNotEmptyObject() @NestedObject(() => ApplicantDto)
  applicant: ApplicantDto;

  @ApiPropertyOptional({ type: AgentDto, description: '委托代理人（如有）' })
  @IsOptional() @NestedObject(() => AgentDto)
  agent?: AgentDto;

  @ApiProperty({ type: RequestedInformationDto })
  @IsNotEmptyObject() @NestedObject(() => RequestedInformationDto)
  request: RequestedInformationDto;

  @ApiProperty({ type: DeliveryPreferenceDto })
  @IsNotEmptyObject() @NestedObject(() => DeliveryPreferenceDto)
  delivery: DeliveryPreferenceDto;

  @ApiPropertyOptional({ type: [String], description: '先通过 POST /api/v1/attachments 上传的附件（身份证明、委托书等）' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class ApplicationReceiptDto {
  @ApiProperty({ example: 'SLXZR-2026-000123' }) trackingNumber: string;
  @ApiProperty({ example: 'K7M2-Q9XT-4HPR', description: '查询码：仅显示一次，请妥善保存' }) queryCode: string;
  @ApiProperty({ example: 'SUBMITTED' }) status: string;
  @ApiProperty({ example: '待确认收到' }) statusLabel: string;
  @ApiProperty({ example: '2026-03-02T02:00:00.000Z' }) submittedAt: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: null, description: '收到申请之日（机关确认后确定）' }) receiptDate: string | null;
  @ApiProperty({ example: '网络申请提交于2026年3月2日（星期一）…' }) receiptRule: string;
  @ApiProperty({ example: '示例县自然资源局' }) agencyName: string;
}

export class ApplicationStatusDto {
  @ApiProperty({ example: 'SLXZR-2026-000123' }) trackingNumber: string;
  @ApiProperty({ example: '示例县自然资源局' }) agencyName: string;
  @ApiProperty({ example: 'ACCEPTED' }) status: string;
  @ApiProperty({ example: '已受理（检索中）' }) statusLabel: string;
  @ApiProperty({ example: '2026-03-02' }) submittedOn: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-03-02' }) receiptDate: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-03-30', description: '答复期限' }) dueDate: string | null;
  @ApiProperty({ type: [Object], description: '办理过程中的关键日期（补正、征求意见、延期、答复等）' }) milestones: { date: string; label: string }[];
  @ApiProperty({
    type: [Object],
    description: '致申请人的文书（接收回执、告知书、答复书），凭申请编号和查询码以 POST /applications/documents/{id} 下载',
    example: [{ id: '0b6f…', kind: 'RECEIPT', title: '政府信息公开申请接收回执', documentNumber: '示县自然资公开收〔2026〕3号', issuedOn: '2026-03-02', sha256: 'e3b0c442…' }],
  })
  documents: { id: string; kind?: string; title: string; documentNumber: string | null; issuedOn: string; sha256?: string }[];
}

export class PublicAgencyDto {
  @ApiProperty({ example: 'SLXZR' }) code: string;
  @ApiProperty({ example: '示例县自然资源局' }) name: string;
  @ApiPropertyOptional({ type: String, nullable: true }) address: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone: string | null;
}
