import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { NoRemedyRecords, REMEDY_RECORD_SOURCE } from './domain/table-four.js';
import { PublishedReportEntity } from './published-report.entity.js';
import { ReportExportsService } from './report-exports.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { StatisticsController } from './statistics.controller.js';
import { StatisticsService } from './statistics.service.js';

/**
 * 年度报告 (条例第四十九、五十条). Table four reads reconsideration and litigation records through
 * REMEDY_RECORD_SOURCE; until the evidence archive's proceedings are wired to it, that source has none.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PublishedReportEntity]), AgenciesModule, DocumentsModule, DeadlinesModule],
  controllers: [ReportsController, StatisticsController],
  providers: [ReportsService, ReportsRepository, ReportExportsService, StatisticsService, { provide: REMEDY_RECORD_SOURCE, useClass: NoRemedyRecords }],
  exports: [ReportsService],
})
export class ReportsModule {}
