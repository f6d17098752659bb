import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { TABLE_THREE_COLUMNS, TABLE_THREE_ROW_CODES } from '../domain/table-three.js';
import { REGULATION_FIRST_YEAR } from '../../../common/statutory-limits.js';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'pdf', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class AnnualReportQuery {
  @ApiProperty({ format: 'uuid', description: '机关' })
  @IsUUID()
  agencyId: string;

  // The 条例 took effect on 2008-05-01 (2007年条例第三十八条), so no report predates 2008.
  @ApiProperty({ example: 2026, description: '报告年度' })
  @Transform(toInt) @IsInt() @Min(REGULATION_FIRST_YEAR) @Max(2100)
  year: number;

  @ApiPropertyOptional({ description: '包括全部下级机关（汇总）' })
  @IsOptional() @Transform(toBool) @IsBoolean()
  subtree?: boolean;

  @ApiPropertyOptional({ description: '作为正式数据导出：校验未通过（且未在发布时说明）则拒绝（409）' })
  @IsOptional() @Transform(toBool) @IsBoolean()
  final?: boolean;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: '导出格式；也可用 Accept 头（text/csv 等）' })
  @IsOptional() @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

/** Row codes a cell may name: the table's rows and the result groups （三）…（六）. */
export const CELL_ROWS = [...TABLE_THREE_ROW_CODES, '三(三)', '三(四)', '三(五)', '三(六)'];

export class ReportCellQuery extends AnnualReportQuery {
  @ApiProperty({ example: '三(四)1', description: '行（一、二、三(一)…三(七)、四）' })
  @IsIn(CELL_ROWS)
  row: string;

  @ApiProperty({ enum: TABLE_THREE_COLUMNS.map((c) => c.code), description: '列（申请人类别或 TOTAL）' })
  @IsIn(TABLE_THREE_COLUMNS.map((c) => c.code))
  column: string;
}

export class PublishReportDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  agencyId: string;

  @ApiProperty({ example: 2026 })
  @IsInt() @Min(REGULATION_FIRST_YEAR) @Max(2100)
  year: number;

  @ApiPropertyOptional()
  @IsOptional() @IsBoolean()
  subtree?: boolean;

  @ApiPropertyOptional({ description: '校验未通过仍发布时的说明', maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  explanation?: string;
}
