import { ApiProperty } from '@nestjs/swagger';
import { MeDto } from './me.dto.js';

export class TokenResponseDto {
  @ApiProperty({ description: '访问令牌（Bearer）' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ example: 900, description: '有效期（秒）' }) expiresIn: number;
  @ApiProperty({ description: '刷新令牌（一次性，使用后轮换）' }) refreshToken: string;
  @ApiProperty({ type: MeDto }) user: MeDto;
}
