import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsIsoDate } from '../../../common/validation/iso-date.js';
import { trimString } from '../../../common/validation/transforms.js';
import { CaseChannel } from '../case-channel.js';

/** Minimal officer registration (the intake issue grows it into full per-channel evidence). */
export class RegisterCaseDto {
  @ApiProperty({ enum: CaseChannel, example: CaseChannel.COUNTER, description: '申请渠道' })
  @IsEnum(CaseChannel)
  channel: CaseChannel;

  @ApiProperty({ example: '2026-03-02', description: '收到申请之日（YYYY-MM-DD，不得晚于今天）' })
  @IsIsoDate()
  receiptDate: string;

  @ApiProperty({ example: '张三', maxLength: 100 })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(100)
  applicantName: string;

  @ApiProperty({ example: '2025年度某某镇土地征收补偿方案', maxLength: 5000, description: '申请公开的政府信息内容描述' })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(5000)
  requestDescription: string;

  @ApiPropertyOptional({ format: 'uuid', description: '承办人；默认为登记人' })
  @IsOptional() @IsUUID()
  assigneeId?: string;
}
