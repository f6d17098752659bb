import { Body, Controller, Get, Headers, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequirePermissions } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { AnnualReportQuery, PublishReportDto, ReportCellQuery, type ReportFormat } from './dto/report.query.js';
import { ReportExportsService } from './report-exports.service.js';
import { ReportsService, type AnnualReport } from './reports.service.js';

const FORMAT_BY_ACCEPT: [RegExp, ReportFormat][] = [
  [/text\/csv/, 'csv'],
  [/spreadsheetml/, 'xlsx'],
  [/application\/pdf/, 'pdf'],
  [/text\/markdown/, 'md'],
];

/** The format asked for: `?format=` wins over the Accept header; JSON by default. */
function formatOf(query: ReportFormat | undefined, accept: string | undefined): ReportFormat {
  if (query) return query;
  return FORMAT_BY_ACCEPT.find(([re]) => re.test(accept ?? ''))?.[1] ?? 'json';
}

@ApiTags('reports')
@ApiBearerAuth()
@ApiErrorResponses(409)
@Controller('reports/annual')
export class ReportsController {
  constructor(
    private readonly service: ReportsService,
    private readonly exports: ReportExportsService,
  ) {}

  @Get()
  @ApiOperation({ summary: '年度报告表三、表四（2021年格式）及勾稽校验；format=csv|xlsx|pdf|md 导出' })
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/pdf', 'text/markdown')
  @RequirePermissions(Permission.REPORT_READ)
  async annual(@CurrentUser() user: AuthUser, @Query() query: AnnualReportQuery, @Headers('accept') accept?: string): Promise<AnnualReport | StreamableFile> {
    const report = await this.service.annual(user, query);
    const format = formatOf(query.format, accept);
    if (query.final && !report.ok) throw new AppException('REPORT_CHECKS_FAILED');
    return format === 'json' ? report : this.exports.file(report, format);
  }

  @Get('cells')
  @ApiOperation({ summary: '表三某一单元格对应的案件（编号与受理编号）；Accept: text/csv 或 format=csv 导出' })
  @ApiProduces('application/json', 'text/csv')
  @RequirePermissions(Permission.REPORT_READ)
  async cell(@CurrentUser() user: AuthUser, @Query() query: ReportCellQuery, @Headers('accept') accept?: string) {
    const cell = await this.service.cell(user, query);
    return formatOf(query.format, accept) === 'csv' ? this.exports.cellFile(cell) : cell;
  }

  @Post('publish')
  @HttpCode(201)
  @ApiOperation({ summary: '发布（冻结）年度报告数据；此后案件的变动以核对行显示，不改变已发布数据' })
  @RequirePermissions(Permission.REPORT_PUBLISH)
  publish(@CurrentUser() user: AuthUser, @Body() dto: PublishReportDto): Promise<AnnualReport> {
    return this.service.publish(user, dto);
  }
}
