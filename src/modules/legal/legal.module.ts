import { Module } from '@nestjs/common';
import { LegalReferralsRepository } from './legal-referrals.repository.js';

/** Legal co-review (法律顾问会商): reading an advisor's referrals; opinions are case events (SUBMIT_LEGAL_OPINION). */
@Module({
  providers: [LegalReferralsRepository],
  exports: [LegalReferralsRepository],
})
export class LegalModule {}
