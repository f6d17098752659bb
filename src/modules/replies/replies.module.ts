import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { AttachmentsModule } from '../intake/attachments.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ProceduralDocumentEffects } from './procedural-documents.effects.js';
import { RepliesController } from './replies.controller.js';
import { ReplyWorkflowService } from './reply-workflow.service.js';

/**
 * Standardized replies (规范答复): drafting rules, legal co-review policy, issuing and delivery; and the procedural
 * documents the case events issue (receipts for intake).
 */
@Module({
  imports: [CasesModule, DocumentsModule, NotificationsModule, AttachmentsModule, DeadlinesModule],
  controllers: [RepliesController],
  providers: [ReplyWorkflowService, ProceduralDocumentEffects],
  exports: [ProceduralDocumentEffects],
})
export class RepliesModule {}
