import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { Clock } from '../../common/time/clock.js';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UsersModule } from '../users/users.module.js';
import { ArchiveController } from './archive.controller.js';
import { ArchiveExportController } from './archive-export.controller.js';
import { ArchivePagesService } from './archive-pages.service.js';
import { ArchiveExportService } from './archive-export.service.js';
import { ExportJobRepository } from './export-job.repository.js';
import { CaseReadLogInterceptor } from './case-read-log.interceptor.js';
import { ArchiveSearchRepository } from './archive-search.repository.js';
import { ArchiveSearchService } from './archive-search.js';
import { ArchiveWorkflowService } from './archive-workflow.service.js';
import { ArchiveRepository, RemedyRepository } from './archive.repository.js';
import { ArchiveService } from './archive.service.js';
import { ARCHIVE_SIGNING_KEY, LedgerService } from './ledger.service.js';
import { ArchiveSigningKey } from './signing-key.js';

/**
 * The evidence archive: per-case evidence bundles (BagIt in a streamed ZIP, SHA-256 and SM3, Ed25519-signed), the
 * agency-wide Merkle ledger with signed checkpoints, and the access log.
 */
@Module({
  imports: [CasesModule, AgenciesModule, UsersModule, DocumentsModule, AttachmentsModule, DeadlinesModule, NotificationsModule],
  controllers: [ArchiveController, ArchiveExportController],
  providers: [
    {
      provide: ARCHIVE_SIGNING_KEY,
      inject: [APP_CONFIG, Clock],
      useFactory: (config: AppConfig, clock: Clock): ArchiveSigningKey => {
        const { signingKeyPem, signingKeyValidFrom, signingKeyValidYears, logOrigin, signatureAlgorithm } = config.archive;
        return signingKeyPem
          ? ArchiveSigningKey.fromPem(signingKeyPem, logOrigin, signingKeyValidFrom ?? clock.today(), signingKeyValidYears, signatureAlgorithm)
          : ArchiveSigningKey.fromDataDir(config.dataDir, logOrigin, clock.today(), signingKeyValidYears, signatureAlgorithm);
      },
    },
    ArchiveRepository,
    RemedyRepository,
    LedgerService,
    ArchiveService,
    ArchiveWorkflowService,
    ArchiveSearchRepository,
    ArchiveSearchService,
    ExportJobRepository,
    ArchiveExportService,
    ArchivePagesService,
    { provide: APP_INTERCEPTOR, useClass: CaseReadLogInterceptor },
  ],
  exports: [LedgerService, ArchiveService, ArchiveWorkflowService, ArchivePagesService, ArchiveExportService, ArchiveSearchService],
})
export class ArchiveModule {}
