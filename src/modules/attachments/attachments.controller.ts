import { Body, Controller, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { type AttachmentMetadata, AttachmentsService } from './attachments.service.js';
import { AttachmentPurpose } from './domain/attachment.js';

export class UploadAttachmentDto {
  @ApiProperty({ enum: AttachmentPurpose }) @IsEnum(AttachmentPurpose)
  purpose: AttachmentPurpose;
}

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: AttachmentPurpose }) purpose: AttachmentPurpose;
  @ApiProperty({ example: '身份证复印件.pdf' }) filename: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty() byteSize: number;
  @ApiProperty({ example: 'e3b0c442…' }) sha256: string;
}

/** The parts of multer's in-memory file we use. */
interface UploadedFileLike {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
}

/** Uploads before a case exists (web form, officer registration); linked to the case when it is submitted. */
@ApiTags('applications')
@Public()
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @ApiOperation({ summary: '上传附件（PDF、JPEG、PNG、TIFF；按内容识别类型；大小受限）' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file', 'purpose'], properties: { file: { type: 'string', format: 'binary' }, purpose: { type: 'string', enum: Object.values(AttachmentPurpose) } } } })
  @ApiResponse({ status: 201, type: AttachmentDto })
  @ApiErrorResponses(413)
  @UseInterceptors(FileInterceptor('file'))
  async upload(@CurrentUser() user: AuthUser | undefined, @UploadedFile() file: UploadedFileLike | undefined, @Body() dto: UploadAttachmentDto): Promise<AttachmentDto> {
    if (!file) throw AppException.invalidField('file', 'REQUIRED', '请选择要上传的文件');
    const stored: AttachmentMetadata = await this.attachments.store(file.buffer, file.originalname, file.mimetype, dto.purpose, { uploadedById: user?.id ?? null });
    return { id: stored.id, purpose: stored.purpose, filename: stored.filename, contentType: stored.contentType, byteSize: stored.byteSize, sha256: stored.sha256 };
  }
}
