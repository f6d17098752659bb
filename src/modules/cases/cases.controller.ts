import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequireAnyPermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses, ErrorBodyDto } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { CaseEventPipe } from './case-event.pipe.js';
import { CasesService } from './cases.service.js';
import type { CaseEventCommandDto } from './dto/case-event-commands.dto.js';
import { CASE_EVENT_OPENAPI_MODELS, caseEventRequestSchema } from './dto/case-event-openapi.js';
import { CaseClockDto, CaseDto, CaseEventDto, CasePageDto, ChainVerificationDto } from './dto/case.dto.js';
import { ListCasesQuery } from './dto/list-cases.query.js';

/** Type alias (not a class) so the global ValidationPipe leaves the body to CaseEventPipe, which picks the DTO by `type`. */
type CaseEventCommand = CaseEventCommandDto;

const READ_CASES = [Permission.CASE_READ, Permission.REFERRED_CASE_READ, Permission.OWN_CASE_READ];

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses(409)
@Controller('cases')
export class CasesController {
  constructor(private readonly service: CasesService) {}

  @Get()
  @ApiOperation({ summary: '案件队列：按答复期限排序（暂停计时的排在最后），游标分页；范围按角色限定' })
  @ApiResponse({ status: 200, type: CasePageDto })
  @RequireAnyPermission(...READ_CASES)
  list(@CurrentUser() user: AuthUser, @Query() query: ListCasesQuery): Promise<CasePageDto> {
    return this.service.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '案件详情：状态、答复期限、计时（含说明）、当前可执行的事件' })
  @ApiResponse({ status: 200, type: CaseDto })
  @RequireAnyPermission(...READ_CASES)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<CaseDto> {
    return this.service.get(user, id);
  }

  @Get(':id/clock')
  @ApiOperation({ summary: '答复期限的计算过程：计入的工作日、扣除的期间及其依据' })
  @ApiResponse({ status: 200, type: CaseClockDto })
  @RequireAnyPermission(...READ_CASES)
  clock(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<CaseClockDto> {
    return this.service.getClock(user, id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: '案件事件记录（只增不改，哈希链）' })
  @ApiResponse({ status: 200, type: [CaseEventDto] })
  @RequireAnyPermission(...READ_CASES)
  events(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<CaseEventDto[]> {
    return this.service.events(user, id);
  }

  @Get(':id/verify')
  @ApiOperation({ summary: '校验事件哈希链：指出被改动、删除或截断的事件' })
  @ApiResponse({ status: 200, type: ChainVerificationDto })
  @RequireAnyPermission(Permission.CASE_READ)
  verify(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<ChainVerificationDto> {
    return this.service.verify(user, id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({
    summary: '提交办理事件',
    description:
      '按 type 校验各自的字段（422）；当前状态不允许时409；角色无权时403。effectiveDate 默认今天（北京时间），不得晚于今天、不得早于上一事件；早于今天的须填写 reason 并标记为补录。',
  })
  @ApiExtraModels(...CASE_EVENT_OPENAPI_MODELS)
  @ApiBody({ schema: caseEventRequestSchema() })
  @ApiResponse({ status: 200, type: CaseDto })
  @ApiResponse({ status: 409, type: ErrorBodyDto, description: 'EVENT_NOT_ALLOWED / CASE_RULE_VIOLATION / STALE_VERSION' })
  @RequireAnyPermission(Permission.CASE_ACT, Permission.LEGAL_OPINION_GIVE, Permission.OWN_CASE_READ)
  applyEvent(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body(CaseEventPipe) command: CaseEventCommand): Promise<CaseDto> {
    return this.service.applyEvent(user, id, command);
  }
}
