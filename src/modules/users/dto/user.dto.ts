import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role } from '../../../common/auth/role.js';
import type { UserEntity } from '../user.entity.js';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'zhang.san@example.gov.cn' }) email: string;
  @ApiProperty({ example: '张三' }) displayName: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) agencyId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '脱敏显示', example: '138****8000' }) phone: string | null;
  @ApiProperty() active: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: '锁定至' }) lockedUntil: Date | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastLoginAt: Date | null;

  static from(e: UserEntity): UserDto {
    return {
      id: e.id,
      email: e.email,
      displayName: e.displayName,
      role: e.role,
      agencyId: e.agencyId,
      phone: e.phone ? maskPhone(e.phone) : null,
      active: e.active,
      lockedUntil: e.lockedUntil,
      lastLoginAt: e.lastLoginAt,
    };
  }
}

function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
