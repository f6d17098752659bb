import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { UsersModule } from '../users/users.module.js';
import { CaseImportService } from './case-import.service.js';
import { ImportJobEntity } from './import-job.entity.js';
import { ImportedCaseEntity } from './imported-case.entity.js';
import { ImportsController } from './imports.controller.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';

/** 历史导入: an office's earlier cases, replayed through the statechart and clock in import mode. */
@Module({
  imports: [TypeOrmModule.forFeature([ImportJobEntity, ImportedCaseEntity]), CasesModule, AgenciesModule, UsersModule, AttachmentsModule],
  controllers: [ImportsController],
  providers: [ImportsRepository, CaseImportService, ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
