import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ProceduralDocumentsModule } from '../replies/procedural-documents.module.js';
import { ApplicationsController } from './applications.controller.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { PendingReceiptEntity } from './pending-receipt.entity.js';
import { PendingReceipts } from './pending-receipts.js';
import { PendingReceiptsRepository } from './pending-receipts.repository.js';
import { IntakeCasesController } from './intake-cases.controller.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { IntakeService } from './intake.service.js';
import { ApplicationLookupService } from './application-lookup.service.js';
import { ApplicationRecords } from './application-records.js';
import { IdempotencyKeysRepository } from './idempotency-keys.repository.js';
import { IntakeAcknowledgements } from './intake-acknowledgements.js';
import { OfficerRegistrationService } from './officer-registration.service.js';
import { WebSubmissionService } from './web-submission.service.js';

/**
 * Intake: web applications, officer registration per channel (POST /cases and its DTO), status lookup. The receipt is issued through the procedural-documents
 * service, not the reply workflow.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyKeyEntity, PendingReceiptEntity]), AttachmentsModule, AgenciesModule, CasesModule, DeadlinesModule, NotificationsModule, ProceduralDocumentsModule, DocumentsModule],
  controllers: [ApplicationsController, IntakeCasesController],
  providers: [
    IntakeService,
    WebSubmissionService,
    OfficerRegistrationService,
    ApplicationLookupService,
    IntakeAcknowledgements,
    PendingReceipts,
    PendingReceiptsRepository,
    ApplicationRecords,
    IdempotencyKeysRepository,
  ],
  exports: [IntakeService],
})
export class IntakeModule {}
