import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { IsIsoDate } from '../../../common/validation/iso-date.js';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class StatisticsQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  agencyId: string;

  @ApiProperty({ example: '2026-01-01', description: '统计期间起（含）' })
  @IsIsoDate()
  from: string;

  @ApiProperty({ example: '2026-12-31', description: '统计期间止（含）' })
  @IsIsoDate()
  to: string;

  @ApiPropertyOptional({ description: '包括全部下级机关' })
  @IsOptional() @Transform(toBool) @IsBoolean()
  subtree?: boolean;
}
