import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequireAnyPermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { ArchiveExportService, type ExportJobDto, RequestExportDto } from './archive-export.service.js';

@ApiTags('archive')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('archive/exports')
export class ArchiveExportController {
  constructor(private readonly exports: ArchiveExportService) {}

  @Post()
  @HttpCode(202)
  @RequireAnyPermission(Permission.ARCHIVE_READ)
  @ApiOperation({ summary: '批量导出检索结果：后台生成包含每个案件证据包的ZIP（202，返回任务；数量上限见 ARCHIVE_EXPORT_MAX_CASES）' })
  request(@CurrentUser() user: AuthUser, @Body() dto: RequestExportDto): Promise<ExportJobDto> {
    return this.exports.request(user, dto);
  }

  @Get(':id')
  @RequireAnyPermission(Permission.ARCHIVE_READ)
  @ApiOperation({ summary: '批量导出的进度（仅发起人可见）' })
  status(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<ExportJobDto> {
    return this.exports.status(user, id);
  }

  @Get(':id/download')
  @RequireAnyPermission(Permission.ARCHIVE_READ)
  @ApiOperation({ summary: '下载已完成的批量导出ZIP（未完成时409）' })
  @ApiProduces('application/zip')
  async download(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<StreamableFile> {
    const { filename, stream } = await this.exports.download(user, id);
    return new StreamableFile(stream, { type: 'application/zip', disposition: `attachment; filename="${filename}"` });
  }
}
