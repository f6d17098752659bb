import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { IsStrongPassword } from '../../../common/validation/password.js';
import { trimString } from '../../../common/validation/transforms.js';

export class RequestPasswordResetDto {
  @ApiProperty({ example: 'li.si@example.com' })
  @Transform(trimString) @IsEmail() @MaxLength(254)
  email: string;
}

export class ConfirmPasswordResetDto {
  @ApiProperty({ description: '邮件链接中的一次性令牌' })
  @IsString() @Matches(/^[A-Za-z0-9_-]{43}$/, { context: { code: 'INVALID_RESET_TOKEN', message: '重置链接无效或已过期，请重新申请' } })
  token: string;

  @ApiProperty({ example: 'Li#Si20260101', description: '新密码：至少10位，含字母和数字' })
  @IsString() @IsStrongPassword()
  password: string;
}
