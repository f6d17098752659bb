import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { DeadlineSchedulerService } from './deadline-scheduler.service.js';
import { DeadlinesModule } from './deadlines.module.js';

/**
 * The deadline scanner (warnings, lapses, the overdue mark) beside the clock it reads. A module of its own: it
 * records events through the cases module, which itself needs DeadlinesModule for the clock.
 */
@Module({
  imports: [DeadlinesModule, CasesModule, NotificationsModule],
  providers: [DeadlineSchedulerService],
  exports: [DeadlineSchedulerService],
})
export class DeadlineScannerModule {}
