import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { resolveAgencySettings } from '../agency-settings.js';
import { AgencyType } from '../agency-type.js';
import type { AgencyEntity } from '../agency.entity.js';
import { AgencySettingsDto } from './agency-settings.dto.js';

export class AgencyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ example: '示例县自然资源局' }) name: string;
  @ApiProperty({ example: 'SLXZR' }) code: string;
  @ApiProperty({ example: '示例县自然资源公开' }) documentPrefix: string;
  @ApiProperty({ enum: AgencyType }) type: AgencyType;
  @ApiProperty({ example: '示例县人民政府' }) reconsiderationBody: string;
  @ApiProperty({ example: '示例县人民法院' }) competentCourt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) address: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: AgencySettingsDto, description: '生效设置（含默认值）' }) settings: AgencySettingsDto;
  @ApiProperty() active: boolean;

  static from(e: AgencyEntity): AgencyDto {
    return {
      id: e.id,
      parentId: e.parentId,
      name: e.name,
      code: e.code,
      documentPrefix: e.documentPrefix,
      type: e.type,
      reconsiderationBody: e.reconsiderationBody,
      competentCourt: e.competentCourt,
      address: e.address,
      phone: e.phone,
      settings: resolveAgencySettings(e.settings),
      active: e.active,
    };
  }
}
