import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Permission } from '../../../common/auth/permission.js';
import { Role } from '../../../common/auth/role.js';

export class MeAgencyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '示例县人民政府' }) name: string;
  @ApiProperty({ example: 'SLX' }) code: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'officer@demo.gongkai.local' }) email: string;
  @ApiProperty({ example: '王承办' }) displayName: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ example: '承办人' }) roleLabel: string;
  @ApiPropertyOptional({ type: MeAgencyDto, nullable: true }) agency: MeAgencyDto | null;
  @ApiProperty({ enum: Permission, isArray: true }) permissions: Permission[];
}
