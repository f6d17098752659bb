import { Module } from '@nestjs/common';
import { CaseEffectsRegistry } from './case-effects.registry.js';

/**
 * The side-effect registry on its own, so the modules that own effects (legal, notifications, replies, documents,
 * archive, intake) register theirs without importing the cases module that runs them.
 */
@Module({
  providers: [CaseEffectsRegistry],
  exports: [CaseEffectsRegistry],
})
export class CaseEffectsModule {}
