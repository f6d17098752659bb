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

  @ApiPropertyOptional({ description: '转主动公开统计窗口（月）', example: 12 })
  @IsOptional() @IsInt() @Min(1) @Max(60)
  proactiveDisclosureWindowMonths?: number;
}
