import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { IsStrongPassword } from '../../../common/validation/password.js';

export class ResetPasswordDto {
  @ApiProperty({ example: 'New#Passw0rd1', description: '新密码：至少10位，含字母和数字' })
  @IsString() @IsStrongPassword()
  password: string;
}
