import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { trimString } from '../../../common/validation/transforms.js';

export class LoginDto {
  @ApiProperty({ example: 'officer@demo.gongkai.local' })
  @Transform(trimString) @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Gongkai#2026' })
  @IsString() @IsNotEmpty() @MaxLength(128)
  password: string;
}
