import { Body, Controller, Get, HttpCode, Param, type PipeTransform, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public, RequireAnyPermission, RequirePermissions } from '../../common/auth/decorators.js';
import { AppException } from '../../common/errors/app.exception.js';
import { CasesService } from '../cases/cases.service.js';
import { DisclosureDecisionsService } from './disclosure-decisions.service.js';
import { DisclosureSelfCheckService, selfCheckCsv } from './disclosure-self-check.service.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { DisclosureGroupsService } from './disclosure-groups.service.js';
import { DisclosureService } from './disclosure.service.js';
import {
  BackfillResultDto,
  DecisionDto,
  GroupDto,
  GroupsQueryDto,
  MarkPublishedDto,
  MergeGroupDto,
  PublicationSearchDto,
  RemoveMemberDto,
  SelfCheckConclusionDto,
  SelfCheckQueryDto,
  SplitGroupDto,
  SuggestionDto,
  SuggestionReviewDto,
} from './dto/disclosure.dto.js';

/** A year in a path: 2000–2100, else 404 (a route for a year that cannot exist). */
class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{4}$/.test(value) || Number(value) < 2000 || Number(value) > 2100) throw AppException.notFound();
    return Number(value);
  }
}

/** Frequently requested information (条例第四十四条): groups of requests, the worklist, officers' corrections. */
@ApiTags('disclosure')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('disclosure')
export class DisclosureController {
  constructor(
    private readonly service: DisclosureGroupsService,
    private readonly detection: DisclosureService,
  ) {}

  @Get('groups')
  @RequirePermissions(Permission.CASE_READ)
  @ApiOperation({ summary: '相同信息的申请分组（任意收到日期区间、全部状态、含未达阈值的分组）' })
  @ApiResponse({ status: 200, type: [GroupDto] })
  groups(@CurrentUser() user: AuthUser, @Query() q: GroupsQueryDto) {
    return this.service.groups(user, q);
  }

  @Get('groups/:id')
  @RequirePermissions(Permission.CASE_READ)
  @ApiOperation({ summary: '一个分组，含工作人员的合并、拆分、移除记录' })
  group(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string) {
    return this.service.group(user, id);
  }

  @Get('worklist')
  @RequirePermissions(Permission.CASE_ACT)
  @ApiOperation({ summary: '转主动公开工作清单：统计窗口内不同申请人数达到阈值的分组' })
  @ApiResponse({ status: 200, type: [GroupDto] })
  worklist(@CurrentUser() user: AuthUser) {
    return this.service.worklist(user);
  }

  @Post('groups/:id/merge')
  @HttpCode(200)
  @RequirePermissions(Permission.CASE_ACT)
  @ApiOperation({ summary: '合并两组（确认为相同信息）' })
  merge(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: MergeGroupDto) {
    return this.service.merge(user, id, dto.otherGroupId, dto.reason);
  }

  @Post('groups/:id/split')
  @HttpCode(200)
  @RequirePermissions(Permission.CASE_ACT)
  @ApiOperation({ summary: '拆分：所选成员另成一组，以后不再并回' })
  split(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: SplitGroupDto) {
    return this.service.split(user, id, dto.caseIds, dto.reason);
  }

  @Post('groups/:id/remove-member')
  @HttpCode(200)
  @RequirePermissions(Permission.CASE_ACT)
  @ApiOperation({ summary: '移除误判的成员（记录理由，以后不再并回该组）' })
  removeMember(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: RemoveMemberDto) {
    return this.service.removeMember(user, id, dto.caseId, dto.reason);
  }

  @Post('backfill')
  @HttpCode(200)
  @RequirePermissions(Permission.CASE_ACT)
  @ApiOperation({ summary: '对本机关全部历史申请补做识别，完成后返回' })
  @ApiResponse({ status: 200, type: BackfillResultDto })
  backfill(@CurrentUser() user: AuthUser) {
    return this.detection.backfillFor(user);
  }
}

/** Decisions on groups, publications, applicants' suggestions and the yearly self-check (条例第十八条、第四十四条). */
@ApiTags('disclosure')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class DisclosureDecisionsController {
  constructor(
    private readonly decisions: DisclosureDecisionsService,
    private readonly cases: CasesService,
    private readonly selfChecks: DisclosureSelfCheckService,
  ) {}

  @Post('disclosure/groups/:id/decision')
  @HttpCode(200)
  @RequirePermissions(Permission.CASE_ACT)
  @ApiOperation({ summary: '决定：公开（记录公开途径、位置、日期和条例第二十六条的20个工作日期限）、不公开（理由）、以后再审' })
  decide(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: DecisionDto) {
    return this.decisions.decide(user, id, dto);
  }

  @Post('disclosure/publications/:id/published')
  @HttpCode(200)
  @RequirePermissions(Permission.CASE_ACT)
  @ApiOperation({ summary: '记录已公开的日期（及网址）' })
  published(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: MarkPublishedDto) {
    return this.decisions.markPublished(user, id, dto.publishedOn, dto.url);
  }

  @Get('publications')
  @Public()
  @ApiOperation({ summary: '公开查询已主动公开的信息（申请页“可能已公开”提示；按IP限流）' })
  search(@Query() q: PublicationSearchDto) {
    return this.decisions.search(q.q, q.agencyCode);
  }

  @Get('cases/:id/disclosure')
  @RequireAnyPermission(Permission.CASE_READ, Permission.OWN_CASE_READ)
  @ApiOperation({ summary: '案件的相同申请分组、已主动公开（ALREADY_PUBLIC）提示和申请人的主动公开建议' })
  async forCase(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string) {
    const { row } = await this.cases.readableCase(user, id);
    return this.decisions.forCase(user, row.id, true);
  }

  @Post('cases/:id/disclosure-suggestions')
  @RequirePermissions(Permission.OWN_CASE_READ)
  @ApiOperation({ summary: '申请人建议将答复的信息纳入主动公开范围（条例第四十四条第二款）' })
  async suggest(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: SuggestionDto) {
    const { row } = await this.cases.readableCase(user, id);
    return this.decisions.suggest(user, row, dto.reason);
  }

  @Get('disclosure/suggestions')
  @RequirePermissions(Permission.CASE_ACT)
  @ApiOperation({ summary: '申请人的主动公开建议（待审核在工作清单上）' })
  suggestions(@CurrentUser() user: AuthUser, @Query('all') all?: string) {
    return this.decisions.suggestions(user, all !== 'true');
  }

  @Post('disclosure/suggestions/:id/review')
  @HttpCode(200)
  @RequirePermissions(Permission.CASE_ACT)
  @ApiOperation({ summary: '审核申请人的建议：采纳（记录公开）或不予采纳（理由），结果申请人可见' })
  review(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: SuggestionReviewDto) {
    return this.decisions.review(user, id, dto);
  }

  @Get('disclosure/self-checks/:year')
  @RequirePermissions(Permission.CASE_READ)
  @ApiOperation({ summary: '年度自查清单（部分公开、不予公开的答复和申请较集中的信息，逐项审查结论）' })
  selfCheck(@CurrentUser() user: AuthUser, @Param('year', YearPipe) year: number, @Query() q: SelfCheckQueryDto) {
    return this.selfChecks.selfCheck(user, q.agencyId, year);
  }

  @Get('disclosure/self-checks/:year/csv')
  @RequirePermissions(Permission.CASE_READ)
  @ApiOperation({ summary: '年度自查清单 CSV' })
  async selfCheckCsv(@CurrentUser() user: AuthUser, @Param('year', YearPipe) year: number, @Query() q: SelfCheckQueryDto) {
    const check = await this.selfChecks.selfCheck(user, q.agencyId, year);
    return new StreamableFile(Buffer.from(selfCheckCsv(check), 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="self-check-${year}.csv"` });
  }

  @Post('disclosure/self-checks/:year/conclusions')
  @HttpCode(200)
  @RequirePermissions(Permission.CASE_ACT)
  @ApiOperation({ summary: '填写一项自查的审查结论' })
  conclude(@CurrentUser() user: AuthUser, @Param('year', YearPipe) year: number, @Body() dto: SelfCheckConclusionDto) {
    return this.selfChecks.concludeItem(user, year, dto.key, dto.conclusion, dto.note);
  }
}
