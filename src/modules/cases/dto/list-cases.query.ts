import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { trimString } from '../../../common/validation/transforms.js';
import { IsIsoDate } from '../../../common/validation/iso-date.js';
import { CaseChannel } from '../case-channel.js';
import { CASE_STATUSES, type CaseStatus } from '../workflow/case-status.js';

const toList = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value);
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export class ListCasesQuery {
  @ApiPropertyOptional({ description: '状态，逗号分隔；默认所有未结案件', example: 'ACCEPTED,DRAFTING' })
  @IsOptional() @Transform(toList) @IsIn(CASE_STATUSES, { each: true })
  status?: CaseStatus[];

  @ApiPropertyOptional({ example: '2026-04-30', description: '答复期限不晚于此日' })
  @IsOptional() @IsIsoDate()
  dueBefore?: string;

  @ApiPropertyOptional({ description: '仅逾期案件' })
  @IsOptional() @Transform(toBool) @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: '承办人ID（UUID），或 me', example: 'me', oneOf: [{ type: 'string', format: 'uuid' }, { type: 'string', enum: ['me'] }] })
  @IsOptional() @IsString() @MaxLength(36)
  @ValidateIf((o: ListCasesQuery) => o.assignee !== 'me') @IsUUID('all', { context: { code: 'INVALID_UUID', message: '承办人应为用户编号（UUID）或 me' } })
  assignee?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '审计人员可指定机关' })
  @IsOptional() @IsUUID()
  agencyId?: string;

  @ApiPropertyOptional({ description: '受理编号：查找该编号的案件（含已办结的）；无权查看时返回空列表', example: 'SLXZR-2026-000001' })
  @IsOptional() @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(40)
  trackingNumber?: string;
  @ApiPropertyOptional({ enum: CaseChannel, description: '申请渠道' })
  @IsOptional() @IsIn(Object.values(CaseChannel))
  channel?: CaseChannel;

  @ApiPropertyOptional({ maxLength: 100, description: '申请编号、申请人姓名或申请内容中的文字' })
  @IsOptional() @IsString() @MaxLength(100)
  text?: string;

  @ApiPropertyOptional({ description: '上一页返回的 nextCursor' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200)
  limit?: number;
}
