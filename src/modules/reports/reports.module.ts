import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { RemedyProceedingEntity } from '../archive/remedy-proceeding.entity.js';
import { REMEDY_RECORD_SOURCE } from './domain/table-four.js';
import { RemedyProceedingRecords } from './remedy-records.repository.js';
import { PublishedReportEntity } from './published-report.entity.js';
import { ReportExportsService } from './report-exports.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { StatisticsController } from './statistics.controller.js';
import { StatisticsService } from './statistics.service.js';

/**
 * 年度报告 (条例第四十九、五十条). Table four reads the reconsideration and litigation proceedings recorded on cases
 * through REMEDY_RECORD_SOURCE.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PublishedReportEntity, RemedyProceedingEntity]), AgenciesModule, DocumentsModule, DeadlinesModule],
  controllers: [ReportsController, StatisticsController],
  providers: [ReportsService, ReportsRepository, ReportExportsService, StatisticsService, { provide: REMEDY_RECORD_SOURCE, useClass: RemedyProceedingRecords }],
  exports: [ReportsService, StatisticsService],
})
export class ReportsModule {}
