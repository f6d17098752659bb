import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { UsersModule } from '../users/users.module.js';
import { CalendarRecomputeListener } from './calendar-recompute.listener.js';
import { CaseAccessPolicy } from './case-access.policy.js';
import { CaseAttachmentsController } from './case-attachments.controller.js';
import { CaseAttachmentsService } from './case-attachments.service.js';
import { CaseAssignment } from './case-assignment.service.js';
import { CaseClockReader } from './case-clock.service.js';
import { CaseEventEntity } from './case-event.entity.js';
import { CaseOpening } from './case-opening.service.js';
import { CaseQueries } from './case-queries.service.js';
import { CaseReminderEntity } from './case-reminder.entity.js';
import { CaseEntity } from './case.entity.js';
import { CasesController } from './cases.controller.js';
import { CasesRepository } from './cases.repository.js';
import { CasesService } from './cases.service.js';
import { CaseCommandPipeline } from './commands/case-command.pipeline.js';
import { CaseEffectsModule } from './commands/case-effects.module.js';
import { CaseEventPreparers } from './commands/case-event.preparers.js';
import { TrackingSequenceEntity } from './tracking-sequence.entity.js';
import { ImportedCaseOpening } from './imported-case-opening.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([CaseEntity, CaseEventEntity, TrackingSequenceEntity, CaseReminderEntity]),
    AgenciesModule,
    UsersModule,
    DeadlinesModule,
    AttachmentsModule,
    CaseEffectsModule,
  ],
  controllers: [CasesController, CaseAttachmentsController],
  providers: [
    CasesService,
    CasesRepository,
    CaseAccessPolicy,
    CaseAssignment,
    CaseClockReader,
    CaseOpening,
    CaseQueries,
    CaseEventPreparers,
    CaseCommandPipeline,
    CalendarRecomputeListener,
    CaseAttachmentsService,
    ImportedCaseOpening,
  ],
  exports: [CasesService, CasesRepository, CaseEffectsModule, CaseAttachmentsService],
})
export class CasesModule {}
