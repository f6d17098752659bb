import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequirePermissions } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { CalendarService } from './calendar.service.js';
import { AddWorkdaysDto, AddWorkdaysQuery, CalendarVersionDto, CalendarYearDto, ImportCalendarYearDto, VersionsQuery, YearParam } from './dto/calendar.dto.js';
import type { CalendarVersionEntity } from './calendar-version.entity.js';

@ApiTags('calendar')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  @Get('versions')
  @ApiOperation({ summary: '工作日历的历次导入记录' })
  @ApiResponse({ status: 200, type: [CalendarVersionDto] })
  @RequirePermissions(Permission.CALENDAR_READ)
  async versions(@Query() query: VersionsQuery): Promise<CalendarVersionDto[]> {
    return (await this.calendars.versions(query.year)).map(toVersionDto);
  }

  @Get('add-workdays')
  @ApiOperation({ summary: '计算某日之后的第n个工作日（该日不计入）' })
  @ApiResponse({ status: 200, type: AddWorkdaysDto })
  @RequirePermissions(Permission.CALENDAR_READ)
  async addWorkdays(@Query() query: AddWorkdaysQuery): Promise<AddWorkdaysDto> {
    return { date: query.date, n: query.n, ...(await this.calendars.addWorkdays(query.date, query.n)) };
  }

  @Get(':year')
  @ApiOperation({ summary: '某年的放假与调休安排；未公布的年份按法定节假日临时推算（provisional）' })
  @ApiResponse({ status: 200, type: CalendarYearDto })
  @RequirePermissions(Permission.CALENDAR_READ)
  year(@Param() { year }: YearParam): Promise<CalendarYearDto> {
    return this.calendars.year(year);
  }

  @Put(':year')
  @ApiOperation({ summary: '导入或替换某年的放假安排（管理员）；同一事务内重算所有未结案件的答复期限' })
  @ApiResponse({ status: 200, type: CalendarVersionDto })
  @RequirePermissions(Permission.CALENDAR_MANAGE)
  async import(@CurrentUser() user: AuthUser, @Param() { year }: YearParam, @Body() dto: ImportCalendarYearDto): Promise<CalendarVersionDto> {
    return toVersionDto(await this.calendars.importYear({ year, source: dto.source, note: dto.note, days: dto.days, ics: dto.ics, actorId: user.id }));
  }
}

function toVersionDto(v: CalendarVersionEntity): CalendarVersionDto {
  return { id: v.id, year: v.year, source: v.source, note: v.note, dayCount: v.days.length, createdById: v.createdById, casesRecomputed: v.casesRecomputed, createdAt: v.createdAt };
}
