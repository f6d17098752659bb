import { ArchiveWorkflowService } from '../../archive/archive-workflow.service.js';
import { IntakeService } from '../../intake/intake.service.js';
import { LegalEffects } from '../../legal/legal.effects.js';
import { CaseNotificationEffects } from '../../notifications/case-notification.effects.js';
import { ProceduralDocumentEffects } from '../../replies/procedural-documents.effects.js';
import { ReplyWorkflowService } from '../../replies/reply-workflow.service.js';
import { CASE_SIDE_EFFECTS } from '../workflow/case.machine.js';
import { CaseCommandPipeline } from './case-command.pipeline.js';
import { CASE_EFFECT_OWNERS, type CaseEffectHandler, CaseEffectRegistrationError, CaseEffectsRegistry } from './case-effects.registry.js';
import { IMPORT_MODE_EFFECTS, importModeActions } from './import-mode.js';

const noop: CaseEffectHandler = () => Promise.resolve();

/** Every class that registers side-effect handlers when its module starts, as Nest would call it (dependencies left out). */
const REGISTRARS = [CaseCommandPipeline, IntakeService, ReplyWorkflowService, ProceduralDocumentEffects, ArchiveWorkflowService, LegalEffects, CaseNotificationEffects];

function wire(registry: CaseEffectsRegistry): void {
  const cases = { registerEffect: registry.register.bind(registry) };
  for (const registrar of REGISTRARS) {
    const instance = Object.assign(Object.create(registrar.prototype) as { onModuleInit(): void }, { registry, effects: registry, cases });
    instance.onModuleInit();
  }
}

describe('case side-effect registry', () => {
  it('should name an owner for exactly the side effects the statechart declares', () => {
    expect(Object.keys(CASE_EFFECT_OWNERS).sort()).toEqual([...CASE_SIDE_EFFECTS].sort());
  });

  it('should have exactly one handler for every declared side effect once the modules have registered theirs', () => {
    const registry = new CaseEffectsRegistry();
    wire(registry);
    expect(registry.missing()).toEqual([]);
    expect(() => registry.assertComplete()).not.toThrow();
  });

  it('should refuse to start when a declared side effect has no handler', () => {
    const registry = new CaseEffectsRegistry();
    registry.register('legal', ['notifyLegalAdvisors'], noop);
    expect(registry.missing()).toContain('issueReply');
    expect(() => registry.assertComplete()).toThrow(CaseEffectRegistrationError);
    expect(() => registry.assertComplete()).toThrow(/issueReply/);
  });

  it('should refuse a second handler for the same side effect', () => {
    const registry = new CaseEffectsRegistry();
    registry.register('replies', ['issueReply'], noop);
    expect(() => registry.register('replies', ['issueReply'], noop)).toThrow(/issueReply has two handlers/);
  });

  it('should refuse a handler from a module that does not own the side effect', () => {
    expect(() => new CaseEffectsRegistry().register('notifications', ['issueReply'], noop)).toThrow(/belongs to replies/);
  });

  it('should run a handler registered for several side effects once per transition, in the order they are named', () => {
    const registry = new CaseEffectsRegistry();
    const documents: CaseEffectHandler = () => Promise.resolve({ documents: [] });
    registry.register('documents', ['issueConsultationLetter', 'issueExclusionNotice'], documents);
    registry.register('cases', ['recordEvent'], noop);
    expect(registry.handlersFor(['recordEvent', 'issueConsultationLetter', 'issueExclusionNotice'])).toEqual([noop, documents]);
  });

  describe('import mode (历史导入)', () => {
    it('should have an explicit decision for every side effect the statechart declares, and for no other', () => {
      expect(Object.keys(IMPORT_MODE_EFFECTS).sort()).toEqual([...CASE_SIDE_EFFECTS].sort());
      for (const name of CASE_SIDE_EFFECTS) expect(['skip', 'record-only', 'run']).toContain(IMPORT_MODE_EFFECTS[name]);
    });

    it('should run no handler that mails, notifies or numbers a document during an import', () => {
      const outward = CASE_SIDE_EFFECTS.filter((name) => name.startsWith('notify') || name.startsWith('issue') || name === 'deliverReply');
      expect(outward.length).toBeGreaterThan(10);
      expect(importModeActions(outward)).toEqual([]);
      expect(importModeActions(['recordEvent', 'issueReply', 'recordRemedy', 'notifyApplicant', 'archiveEvidence'])).toEqual(['recordEvent', 'recordRemedy', 'archiveEvidence']);
    });
  });
});
