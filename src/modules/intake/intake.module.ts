import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RepliesModule } from '../replies/replies.module.js';
import { ApplicationsController } from './applications.controller.js';
import { AttachmentsModule } from './attachments.module.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { IntakeCasesController } from './intake-cases.controller.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { IntakeService } from './intake.service.js';
import { CaseAttachmentsController } from './case-attachments.controller.js';
import { CaseAttachmentsService } from './case-attachments.service.js';

/** Intake (issue 4): web applications, officer registration per channel, status lookup. */
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKeyEntity]), AttachmentsModule, AgenciesModule, CasesModule, DeadlinesModule, NotificationsModule, RepliesModule, DocumentsModule],
  controllers: [ApplicationsController, IntakeCasesController, CaseAttachmentsController],
  providers: [IntakeService, CaseAttachmentsService],
  exports: [IntakeService, CaseAttachmentsService],
})
export class IntakeModule {}
