import { Module } from '@nestjs/common';
import { CaseEffectsRegistry } from './case-effects.registry.js';
import { CaseNoticesPort, LegalReferralsPort } from './case-ports.js';

/**
 * The side-effect registry on its own, so the modules that own effects (legal, notifications, replies, documents,
 * archive, intake) register theirs without importing the cases module that runs them; and the pipeline's ports
 * (case-ports.ts), which the legal and notifications modules implement the same way.
 */
@Module({
  providers: [CaseEffectsRegistry, CaseNoticesPort, LegalReferralsPort],
  exports: [CaseEffectsRegistry, CaseNoticesPort, LegalReferralsPort],
})
export class CaseEffectsModule {}
