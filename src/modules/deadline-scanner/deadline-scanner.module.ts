import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { LegalModule } from '../legal/legal.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { DeadlineSchedulerService } from './deadline-scheduler.service.js';

/**
 * The deadline scanner (warnings, lapses, the overdue mark), a module of its own: it reads the clock (deadlines),
 * records events through the case pipeline (cases, which itself counts with the deadlines module's clock) and
 * warns the advisors of open referrals (legal), so it depends on all three and none of them on it.
 */
@Module({
  imports: [DeadlinesModule, CasesModule, LegalModule, NotificationsModule],
  providers: [DeadlineSchedulerService],
  exports: [DeadlineSchedulerService],
})
export class DeadlineScannerModule {}
