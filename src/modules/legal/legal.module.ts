import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { CaseEffectsModule } from '../cases/commands/case-effects.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UsersModule } from '../users/users.module.js';
import { LegalReferralEntity } from './legal-referral.entity.js';
import { LegalReferralsRepository } from './legal-referrals.repository.js';
import { LegalReviewService } from './legal-review.service.js';
import { LegalEffects } from './legal.effects.js';

/** 会商 (legal co-review): referrals and opinions, the approval policy, the advisors' notices. See README.md. */
@Module({
  imports: [TypeOrmModule.forFeature([LegalReferralEntity]), CaseEffectsModule, NotificationsModule, UsersModule, AgenciesModule],
  providers: [LegalReferralsRepository, LegalReviewService, LegalEffects],
  exports: [LegalReferralsRepository, LegalReviewService],
})
export class LegalModule {}
