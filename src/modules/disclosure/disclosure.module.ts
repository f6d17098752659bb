import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { DisclosureController } from './disclosure.controller.js';
import { DisclosureRepository } from './disclosure.repository.js';
import { DisclosureService } from './disclosure.service.js';
import { DisclosureWorker } from './disclosure-worker.service.js';

/** Proactive disclosure (条例第四十四条): frequent-request detection, groups, the worklist. */
@Module({
  imports: [AgenciesModule],
  controllers: [DisclosureController],
  providers: [DisclosureRepository, DisclosureService, DisclosureWorker],
  exports: [DisclosureService],
})
export class DisclosureModule {}
