import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequirePermissions } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { DisclosureService } from './disclosure.service.js';
import { BackfillResultDto, GroupDto, GroupsQueryDto, MergeGroupDto, RemoveMemberDto, SplitGroupDto } from './dto/disclosure.dto.js';

/** Frequently requested information (条例第四十四条): groups of requests, the worklist, officers' corrections. */
@ApiTags('disclosure')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('disclosure')
export class DisclosureController {
  constructor(private readonly service: DisclosureService) {}

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
    return this.service.backfillFor(user);
  }
}
