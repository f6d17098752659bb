import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ProceduralDocumentsModule } from './procedural-documents.module.js';
import { RepliesController } from './replies.controller.js';
import { ReplyWorkflowService } from './reply-workflow.service.js';

/**
 * Standardized replies (规范答复): drafting, legal co-review policy, issuing and delivery of the reply, with the
 * draft's preview; and the procedural documents the case events issue. The letters themselves (types, blanks,
 * legal basis, remedy clauses) are the catalogue in src/modules/letters; the documents module renders them.
 */
@Module({
  imports: [CasesModule, DocumentsModule, NotificationsModule, AttachmentsModule, DeadlinesModule, ProceduralDocumentsModule],
  controllers: [RepliesController],
  providers: [ReplyWorkflowService],
})
export class RepliesModule {}
