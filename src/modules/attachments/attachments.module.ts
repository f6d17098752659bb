import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { AttachmentEntity } from './attachment.entity.js';
import { AttachmentsController } from './attachments.controller.js';
import { AttachmentsRepository } from './attachments.repository.js';
import { AttachmentsService } from './attachments.service.js';
import { AttachmentsSweeper } from './attachments-sweeper.service.js';

/** Uploaded files (scans, envelopes, IDs, powers of attorney, corrections, signed receipts); used by intake and cases. */
@Module({
  imports: [
    TypeOrmModule.forFeature([AttachmentEntity]),
    // Files are held in memory (they are hashed and checked by content before storing); names arrive as UTF-8.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.intake.attachmentMaxBytes, files: 1, fields: 5 }, defParamCharset: 'utf8' }),
    }),
  ],
  controllers: [AttachmentsController],
  providers: [AttachmentsService, AttachmentsRepository, AttachmentsSweeper],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
