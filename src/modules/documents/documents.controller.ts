import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequireAnyPermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { CasesService } from '../cases/cases.service.js';
import { DocumentsService } from './documents.service.js';

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

export const pdfFile = (pdf: Buffer, name: string) =>
  new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename*=UTF-8''${encodeURIComponent(name)}` });

/** Issued documents of a case (immutable, hashed): the list and each PDF as archived. */
@ApiTags('documents')
@ApiBearerAuth()
@ApiErrorResponses()
@RequireAnyPermission(Permission.CASE_READ, Permission.REFERRED_CASE_READ, Permission.OWN_CASE_READ)
@Controller('cases/:id')
export class DocumentsController {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
  ) {}

  @Get('documents')
  @ApiOperation({ summary: '案件已签发的文书（答复书、告知书），含文号和SHA-256' })
  @ApiResponse({ status: 200, type: [IssuedDocumentDto] })
  async list(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<IssuedDocumentDto[]> {
    const { row } = await this.cases.readableCase(user, id);
    return this.documents.visibleDocuments(user, row.id);
  }

  @Get('documents/:documentId/pdf')
  @ApiOperation({ summary: '下载已签发文书的PDF（与存档哈希一致）' })
  @ApiProduces('application/pdf')
  async download(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('documentId', UuidParamPipe) documentId: string): Promise<StreamableFile> {
    const { row } = await this.cases.readableCase(user, id);
    const { pdf, filename } = await this.documents.visibleDocumentPdf(user, row.id, documentId);
    return pdfFile(pdf, filename);
  }
}
