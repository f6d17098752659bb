import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module.js';
import { StaffAdminImportsController } from './staff-admin-imports.controller.js';

/** The admin's page of the history import (历史导入). */
@Module({
  imports: [ImportsModule],
  controllers: [StaffAdminImportsController],
})
export class StaffImportsModule {}
