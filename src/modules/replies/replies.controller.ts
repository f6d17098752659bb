import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequireAnyPermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { CasesService } from '../cases/cases.service.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { IssuedDocumentEntity } from '../documents/issued-document.entity.js';
import { addressedToApplicant } from '../documents/procedural-documents.js';
import { ReplyWorkflowService } from './reply-workflow.service.js';

export class IssuedDocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'DISCLOSE' }) kind: string;
  @ApiProperty({ example: '政府信息公开申请答复书' }) title: string;
  @ApiProperty({ example: '示县自然资公开〔2026〕12号' }) documentNumber: string;
  @ApiProperty({ example: '2026-03-20' }) issuedOn: string;
  @ApiProperty({ example: 'e3b0c442…' }) sha256: string;
  @ApiProperty({ example: 'DISCLOSE' }) templateId: string;
  @ApiProperty({ example: 1 }) templateVersion: number;
  @ApiProperty() byteSize: number;
}

const READ_CASES = [Permission.CASE_READ, Permission.REFERRED_CASE_READ, Permission.OWN_CASE_READ];
const pdfFile = (pdf: Buffer, name: string) => new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename*=UTF-8''${encodeURIComponent(name)}` });

/** Issued documents of a case (immutable, hashed) and the draft reply's preview. */
@ApiTags('documents')
@ApiBearerAuth()
@ApiErrorResponses()
@RequireAnyPermission(...READ_CASES)
@Controller('cases/:id')
export class RepliesController {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly replies: ReplyWorkflowService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('documents')
  @ApiOperation({ summary: '案件已签发的文书（答复书、告知书），含文号和SHA-256' })
  @ApiResponse({ status: 200, type: [IssuedDocumentDto] })
  async list(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<IssuedDocumentDto[]> {
    const { row } = await this.cases.readableCase(user, id);
    return (await this.visibleDocuments(user, row.id)).map((d) => ({
      id: d.id,
      kind: d.kind,
      title: d.title,
      documentNumber: d.documentNumber,
      issuedOn: d.issuedOn,
      sha256: d.sha256,
      templateId: d.templateId,
      templateVersion: d.templateVersion,
      byteSize: d.byteSize,
    }));
  }

  @Get('documents/:documentId/pdf')
  @ApiOperation({ summary: '下载已签发文书的PDF（与存档哈希一致）' })
  @ApiProduces('application/pdf')
  async download(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('documentId', UuidParamPipe) documentId: string): Promise<StreamableFile> {
    const { row } = await this.cases.readableCase(user, id);
    const document = (await this.visibleDocuments(user, row.id)).find((d) => d.id === documentId);
    if (!document) throw AppException.notFound();
    return pdfFile(await this.documents.content(document), `${document.title}（${document.documentNumber}）.pdf`);
  }

  @Get('draft/preview')
  // A draft is the office's internal work until it is approved: not for the applicant.
  @RequireAnyPermission(Permission.CASE_READ, Permission.REFERRED_CASE_READ)
  @ApiOperation({ summary: '预览答复书草稿（标“草稿”，文号待定；申请人不可见）' })
  @ApiProduces('application/pdf')
  async preview(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<StreamableFile> {
    const { row, events } = await this.cases.readableCase(user, id);
    return pdfFile(await this.replies.preview(row, events, this.dataSource.manager), `草稿-${row.trackingNumber}.pdf`);
  }

  /** An applicant sees the documents addressed to them (replies and their notices), not letters to third parties. */
  private async visibleDocuments(user: AuthUser, caseId: string): Promise<IssuedDocumentEntity[]> {
    const documents = await this.documents.findByCase(caseId);
    if (user.role !== Role.APPLICANT) return documents;
    return documents.filter((d) => addressedToApplicant(d.kind));
  }
}
