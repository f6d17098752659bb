import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { NestedObject } from '../../../common/validation/nested.js';
import { AgencyType } from '../agency-type.js';
import { AgencySettingsDto } from './agency-settings.dto.js';

export class CreateAgencyDto {
  @ApiPropertyOptional({ description: '上级机关ID；县政府为空', format: 'uuid' })
  @IsOptional() @IsUUID()
  parentId?: string;

  @ApiProperty({ description: '机关名称', example: '示例县自然资源局', maxLength: 100 })
  @IsString() @IsNotEmpty() @MaxLength(100)
  name: string;

  @ApiProperty({ description: '机关代码（用于受理编号），大写字母或数字2-16位', example: 'SLXZR' })
  @IsString() @Matches(/^[A-Z][A-Z0-9]{1,15}$/, { context: { code: 'INVALID_FORMAT', message: '机关代码应为2-16位大写字母或数字，以字母开头' } })
  code: string;

  @ApiProperty({ description: '发文机关代字（文号前缀）', example: '示例县自然资源公开' })
  @IsString() @IsNotEmpty() @MaxLength(40)
  documentPrefix: string;

  @ApiProperty({ enum: AgencyType, example: AgencyType.GOVERNMENT_DEPARTMENT })
  @IsEnum(AgencyType)
  type: AgencyType;

  @ApiProperty({ description: '行政复议机关名称', example: '示例县人民政府' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  reconsiderationBody: string;

  @ApiProperty({ description: '管辖法院名称', example: '示例县人民法院' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  competentCourt: string;

  @ApiPropertyOptional({ example: '示例县人民路1号' })
  @IsOptional() @IsString() @MaxLength(200)
  address?: string;

  @ApiPropertyOptional({ example: '0000-12345678' })
  @IsOptional() @IsString() @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ type: AgencySettingsDto })
  @IsOptional() @NestedObject(() => AgencySettingsDto)
  settings?: AgencySettingsDto;
}
