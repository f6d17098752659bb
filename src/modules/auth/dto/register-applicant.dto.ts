import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsStrongPassword } from '../../../common/validation/password.js';
import { trimString } from '../../../common/validation/transforms.js';

export class RegisterApplicantDto {
  @ApiProperty({ example: 'li.si@example.com' })
  @Transform(trimString) @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Li#Si20260101', description: '至少10位，含字母和数字' })
  @IsString() @IsStrongPassword()
  password: string;

  @ApiProperty({ example: '李四' })
  @Transform(trimString) @IsString() @IsNotEmpty() @MaxLength(60)
  displayName: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional() @Transform(trimString) @Matches(/^1[3-9]\d{9}$/, { context: { code: 'INVALID_FORMAT', message: '手机号码格式不正确' } })
  phone?: string;
}
