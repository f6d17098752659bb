import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module.js';
import { StaffReportsController } from './staff-reports.controller.js';

/** The staff pages of the annual report and the operational statistics. */
@Module({
  imports: [ReportsModule],
  controllers: [StaffReportsController],
})
export class StaffReportsModule {}
