import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, RequireAnyPermission } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AttachmentDto } from '../attachments/attachments.controller.js';
import { CaseAttachmentsService } from './case-attachments.service.js';

/** The files submitted with a case (scans, envelopes, faxes, IDs, corrections, delivery proofs). */
@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@RequireAnyPermission(Permission.CASE_READ, Permission.REFERRED_CASE_READ, Permission.OWN_CASE_READ)
@Controller('cases/:id/attachments')
export class CaseAttachmentsController {
  constructor(private readonly attachments: CaseAttachmentsService) {}

  @Get()
  @ApiOperation({ summary: '案件附件（含SHA-256）；法律顾问看不到身份证明和授权委托书，申请人只看到自己提交的' })
  @ApiResponse({ status: 200, type: [AttachmentDto] })
  async list(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<AttachmentDto[]> {
    return (await this.attachments.list(user, id)).map(({ id: attachmentId, purpose, filename, contentType, byteSize, sha256 }) => ({ id: attachmentId, purpose, filename, contentType, byteSize, sha256 }));
  }

  @Get(':attachmentId')
  @Header('Cache-Control', 'no-store')
  @Header('X-Content-Type-Options', 'nosniff')
  // Whatever a file turns out to be, a browser that opens it anyway runs nothing and loads nothing from our origin.
  @Header('Content-Security-Policy', "sandbox; default-src 'none'")
  @ApiOperation({ summary: '下载附件（与登记的SHA-256核对，不一致时拒绝）' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png', 'image/tiff')
  async download(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('attachmentId', UuidParamPipe) attachmentId: string): Promise<StreamableFile> {
    const { metadata, bytes } = await this.attachments.download(user, id, attachmentId);
    return new StreamableFile(bytes, { type: metadata.contentType, length: bytes.length, disposition: `attachment; filename*=UTF-8''${encodeURIComponent(metadata.filename)}` });
  }
}
