import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequireAnyPermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { CasesService } from '../cases/cases.service.js';
import { pdfFile } from '../documents/documents.controller.js';
import { ReplyWorkflowService } from './reply-workflow.service.js';

/** The draft reply's preview. Issued documents are listed and downloaded by the documents module. */
@ApiTags('documents')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases/:id')
export class RepliesController {
  constructor(
    private readonly cases: CasesService,
    private readonly replies: ReplyWorkflowService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('draft/preview')
  // A draft is the office's internal work until it is approved: not for the applicant.
  @RequireAnyPermission(Permission.CASE_READ, Permission.REFERRED_CASE_READ)
  @ApiOperation({ summary: '预览答复书草稿（标“草稿”，文号待定；申请人不可见）' })
  @ApiProduces('application/pdf')
  async preview(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<StreamableFile> {
    const { row, events } = await this.cases.readableCase(user, id);
    return pdfFile(await this.replies.preview(row, events, this.dataSource.manager), `草稿-${row.trackingNumber}.pdf`);
  }
}
