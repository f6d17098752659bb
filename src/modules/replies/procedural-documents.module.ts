import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ProceduralDocumentEffects } from './procedural-documents.effects.js';

/**
 * The procedural documents the case events issue (notices, consultation letters, closure notices) and the receipt
 * (接收回执, 条例第三十一条) intake issues once a receipt date is fixed. Its own module so that intake uses this
 * one service without the reply workflow and its routes.
 */
@Module({
  imports: [CasesModule, DocumentsModule, NotificationsModule, DeadlinesModule],
  providers: [ProceduralDocumentEffects],
  exports: [ProceduralDocumentEffects],
})
export class ProceduralDocumentsModule {}
