import { Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public, RequireAnyPermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { ArchiveSearchQuery, ArchiveSearchService, type SearchItemDto } from './archive-search.js';
import { ArchiveWorkflowService, type RemedyDto, type SweepDto } from './archive-workflow.service.js';
import { type AccessLogEntryDto, ArchiveService } from './archive.service.js';
import { type CheckpointDto, type LedgerCheckDto, LedgerService } from './ledger.service.js';
import type { PublicKeyRecord } from './signing-key.js';

export class BundleQuery {
  @ApiPropertyOptional({ description: '调取用途（审计人员必填）', example: '年度执法检查' })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  purpose?: string;
}

export class AccessLogQuery {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

@ApiTags('archive')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class ArchiveController {
  constructor(
    private readonly archive: ArchiveService,
    private readonly ledger: LedgerService,
    private readonly workflow: ArchiveWorkflowService,
    private readonly searchService: ArchiveSearchService,
  ) {}

  @Get('archive/search')
  @RequireAnyPermission(Permission.ARCHIVE_READ)
  @ApiOperation({ summary: '审计检索（只读，本机关及下级）：收到/办结日期、机关、渠道、状态、答复类型、逾期、法律会商、复议诉讼、申请内容全文、申请人证件（密钥哈希精确匹配）' })
  search(@CurrentUser() user: AuthUser, @Query() query: ArchiveSearchQuery): Promise<{ items: SearchItemDto[]; nextCursor: string | null }> {
    return this.searchService.search(user, query);
  }

  @Get('archive/search.csv')
  @RequireAnyPermission(Permission.ARCHIVE_READ)
  @ApiOperation({ summary: '审计检索结果导出为CSV（流式，全部结果）' })
  @ApiProduces('text/csv')
  async searchCsv(@CurrentUser() user: AuthUser, @Query() query: ArchiveSearchQuery): Promise<StreamableFile> {
    return new StreamableFile(await this.searchService.csv(user, query), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="archive-search.csv"' });
  }

  @Get('cases/:id/remedies')
  @RequireAnyPermission(Permission.CASE_READ)
  @ApiOperation({ summary: '案件的行政复议、行政诉讼记录及答复和证据提交期限' })
  remedies(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<RemedyDto[]> {
    return this.workflow.remediesOf(user, id);
  }

  @Post('cases/:id/remedies/:proceedingId/evidence-package')
  @HttpCode(200)
  @RequireAnyPermission(Permission.CASE_ACT)
  @ApiOperation({ summary: '一键生成复议/诉讼证据材料：证据包（含证据目录PDF），并记为已提交' })
  @ApiProduces('application/zip')
  async evidencePackage(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('proceedingId', UuidParamPipe) proceedingId: string): Promise<StreamableFile> {
    const { filename, stream } = await this.workflow.evidencePackage(user, id, proceedingId);
    return new StreamableFile(stream, { type: 'application/zip', disposition: `attachment; filename="${filename}"` });
  }

  @Get('archive/sweeps')
  @RequireAnyPermission(Permission.ARCHIVE_ADMIN, Permission.ARCHIVE_READ)
  @ApiOperation({ summary: '完整性巡检的最近结果：时间、检查的案件和文件数、发现的问题' })
  sweeps(): Promise<SweepDto[]> {
    return this.workflow.sweeps();
  }

  @Post('archive/sweeps')
  @HttpCode(200)
  @RequireAnyPermission(Permission.ARCHIVE_ADMIN)
  @ApiOperation({ summary: '立即运行完整性巡检（另一实例正在运行时返回 null）' })
  runSweep(): Promise<SweepDto | null> {
    return this.workflow.sweep();
  }

  @Get('cases/:id/bundle')
  @ApiOperation({
    summary: '导出案件证据包（BagIt 格式的 ZIP：SHA-256 与 SM3 清单、签名、账本包含证明、证据目录）',
    description: '本机关工作人员和上级审计人员可导出（审计人员须填写 purpose）；申请人和法律顾问不可导出。每次导出记入访问日志。',
  })
  @ApiProduces('application/zip')
  @RequireAnyPermission(Permission.CASE_READ)
  async bundle(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Query() query: BundleQuery): Promise<StreamableFile> {
    const { filename, stream } = await this.archive.exportBundle(user, id, query.purpose);
    return new StreamableFile(stream, { type: 'application/zip', disposition: `attachment; filename="${filename}"` });
  }

  @Get('archive/keys')
  @Public()
  @ApiOperation({ summary: '证据包和账本检查点的验签公钥（含有效期）' })
  keys(): { keys: PublicKeyRecord[] } {
    return this.archive.publicKeys();
  }

  @Get('archive/checkpoint')
  @Public()
  @ApiOperation({ summary: '账本的最新签名检查点（C2SP tlog-checkpoint 格式），供机关外部留存比对' })
  checkpoint(): Promise<CheckpointDto> {
    return this.ledger.checkpoint();
  }

  @Get('archive/ledger/verify')
  @RequireAnyPermission(Permission.ARCHIVE_ADMIN, Permission.ARCHIVE_READ)
  @ApiOperation({ summary: '以账本核对全部案件：指出被删除或改写的案件、事件、文书记录' })
  verifyLedger(): Promise<LedgerCheckDto> {
    return this.ledger.check();
  }

  @Get('archive/access-log')
  @RequireAnyPermission(Permission.ARCHIVE_ADMIN, Permission.ARCHIVE_READ)
  @ApiOperation({ summary: '案卷和证据包的访问日志（哈希链）：谁、何时、调取了什么、用途' })
  accessLog(@Query() query: AccessLogQuery): Promise<AccessLogEntryDto[]> {
    return this.archive.accessLog(query.caseId);
  }
}
