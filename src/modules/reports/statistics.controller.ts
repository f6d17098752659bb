import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequirePermissions } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { StatisticsQuery } from './dto/statistics.query.js';
import { CHARTS, renderChart, type ChartName } from './statistics-charts.js';
import { StatisticsService, type OperationalStatistics } from './statistics.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('reports/statistics')
export class StatisticsController {
  constructor(private readonly service: StatisticsService) {}

  @Get()
  @ApiOperation({ summary: '运行统计：按月按渠道收件、办理中状态、临期与逾期（按机关、承办人）、答复用时（平均、90分位工作日）、逾期答复占比、答复类型、补正率、延期率、法律顾问会商（待出具意见、出具用时）' })
  @RequirePermissions(Permission.REPORT_READ)
  statistics(@CurrentUser() user: AuthUser, @Query() query: StatisticsQuery): Promise<OperationalStatistics> {
    return this.service.statistics(user, query);
  }

  @Get('charts/:chart')
  @ApiOperation({ summary: '运行统计图（SVG，服务器端渲染）：received | open | reply-types' })
  @ApiProduces('image/svg+xml')
  @RequirePermissions(Permission.REPORT_READ)
  async chart(@CurrentUser() user: AuthUser, @Param('chart') chart: string, @Query() query: StatisticsQuery): Promise<StreamableFile> {
    if (!(CHARTS as readonly string[]).includes(chart)) throw AppException.invalidField('chart', 'INVALID_ENUM', `图表名称应为 ${CHARTS.join('、')} 之一`);
    const svg = await renderChart(chart as ChartName, await this.service.statistics(user, query));
    return new StreamableFile(Buffer.from(svg), { type: 'image/svg+xml; charset=utf-8' });
  }
}
