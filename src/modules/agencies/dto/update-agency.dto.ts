import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { CreateAgencyDto } from './create-agency.dto.js';

/** The code is fixed once created: it is printed in every tracking number already issued. */
export class UpdateAgencyDto extends PartialType(OmitType(CreateAgencyDto, ['code'] as const)) {
  @ApiPropertyOptional({ description: '是否启用', example: true })
  @IsOptional() @IsBoolean()
  active?: boolean;
}
