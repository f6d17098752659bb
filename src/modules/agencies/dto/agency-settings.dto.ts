import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class AgencySettingsDto {
  @ApiPropertyOptional({ description: '补正期限（工作日）', example: 15 })
  @IsOptional() @IsInt() @Min(1) @Max(60)
  correctionWindowWorkdays?: number;

  @ApiPropertyOptional({ description: '收费通知期间是否不计入答复期限', example: true })
  @IsOptional() @IsBoolean()
  feeNoticePausesClock?: boolean;

  @ApiPropertyOptional({ description: '网络申请是否自动确认收到', example: false })
  @IsOptional() @IsBoolean()
  autoConfirmWebSubmissions?: boolean;

  @ApiPropertyOptional({ description: '非工作日是否也自动确认', example: false })
  @IsOptional() @IsBoolean()
  autoConfirmOnDaysOff?: boolean;

  @ApiPropertyOptional({ description: '文号格式，含{prefix}{year}{seq}', example: '{prefix}〔{year}〕{seq}号' })
  @IsOptional() @IsString() @MaxLength(60)
  @Matches(/\{prefix\}.*\{year\}.*\{seq\}/s, { context: { code: 'INVALID_FORMAT', message: '文号格式须依次包含{prefix}、{year}、{seq}' } })
  documentNumberPattern?: string;

  @ApiPropertyOptional({ description: '转主动公开提示阈值（12个月内不同申请人数）', example: 3 })
  @IsOptional() @IsInt() @Min(2) @Max(100)
  proactiveDisclosureThreshold?: number;

  @ApiPropertyOptional({
    description: '分办规则：CONFIRMING_OFFICER（默认，确认收到或受理的工作人员承办）、NONE（等待负责人分办）或某一承办人的用户ID（新提交的申请直接分给该承办人）',
    example: 'CONFIRMING_OFFICER',
  })
  @IsOptional() @IsString()
  @Matches(/^(NONE|CONFIRMING_OFFICER|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, {
    context: { code: 'INVALID_FORMAT', message: '分办规则应为 NONE、CONFIRMING_OFFICER 或承办人的用户ID' },
  })
  defaultAssignment?: string;
  @ApiPropertyOptional({ type: String, description: '办公时间（公开页面显示）', example: '工作日 上午9:00-12:00，下午13:30-17:00', nullable: true })
  @IsOptional() @IsString() @MaxLength(100)
  officeHours?: string | null;
  @ApiPropertyOptional({ description: '转主动公开统计窗口（月）', example: 12 })
  @IsOptional() @IsInt() @Min(1) @Max(60)
  proactiveDisclosureWindowMonths?: number;
  @ApiPropertyOptional({ description: '答复送达或办结后自动归档的天数', example: 15, minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt({ context: { code: 'INVALID_TYPE', message: '自动归档天数应为整数' } })
  @Min(1, { context: { code: 'TOO_SMALL', message: '自动归档天数应为1至365天' } })
  @Max(365, { context: { code: 'TOO_LARGE', message: '自动归档天数应为1至365天' } })
  autoArchiveDays?: number;
  @ApiPropertyOptional({ description: '案卷保管期限（年），自办结次年1月1日起算', example: 30, minimum: 10, maximum: 100 })
  @IsOptional()
  @IsInt({ context: { code: 'INVALID_TYPE', message: '保管期限应为整数年' } })
  // 档案局8号令: 定期保管期限为10年、30年; longer periods are allowed for agencies that keep case files longer.
  @Min(10, { context: { code: 'TOO_SMALL', message: '保管期限不得少于10年' } })
  @Max(100, { context: { code: 'TOO_LARGE', message: '保管期限不得超过100年' } })
  retentionYears?: number;
}
