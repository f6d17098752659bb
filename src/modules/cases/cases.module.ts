import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { LegalReferralEntity } from '../legal/legal-referral.entity.js';
import { UsersModule } from '../users/users.module.js';
import { CaseEventEntity } from './case-event.entity.js';
import { CaseReminderEntity } from './case-reminder.entity.js';
import { DeadlineSchedulerService } from './deadline-scheduler.service.js';
import { CaseEntity } from './case.entity.js';
import { CasesController } from './cases.controller.js';
import { CasesRepository } from './cases.repository.js';
import { CasesService } from './cases.service.js';
import { TrackingSequenceEntity } from './tracking-sequence.entity.js';
import { NotificationsModule } from '../notifications/notifications.module.js';

@Module({
  imports: [TypeOrmModule.forFeature([CaseEntity, CaseEventEntity, TrackingSequenceEntity, LegalReferralEntity, CaseReminderEntity]), AgenciesModule, UsersModule, DeadlinesModule, AttachmentsModule, NotificationsModule],
  controllers: [CasesController],
  providers: [CasesService, CasesRepository, DeadlineSchedulerService],
  exports: [CasesService, CasesRepository, DeadlineSchedulerService],
})
export class CasesModule {}
