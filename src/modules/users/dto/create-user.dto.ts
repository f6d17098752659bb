import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Role } from '../../../common/auth/role.js';
import { IsStrongPassword } from '../../../common/validation/password.js';
import { trimString } from '../../../common/validation/transforms.js';

export class CreateUserDto {
  @ApiProperty({ example: 'zhang.san@example.gov.cn' })
  @Transform(trimString) @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: '张三', maxLength: 60 })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(60)
  displayName: string;

  @ApiProperty({ enum: Role, example: Role.OFFICER })
  @IsEnum(Role)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid', description: '所属机关；承办人、负责人、法律顾问必填；审计人员可为空（全部机关）' })
  @IsOptional() @IsUUID()
  agencyId?: string;

  @ApiProperty({ example: 'Initial#Passw0rd', description: '初始密码：至少10位，含字母和数字' })
  @IsString() @IsStrongPassword()
  password: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional() @Transform(trimString) @Matches(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, { context: { code: 'INVALID_FORMAT', message: '电话号码格式不正确' } })
  phone?: string;
}
