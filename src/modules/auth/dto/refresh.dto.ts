import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  @ApiPropertyOptional({ description: '刷新令牌；网页端可省略，使用Cookie' })
  @IsOptional() @IsString() @MaxLength(200)
  refreshToken?: string;
}
