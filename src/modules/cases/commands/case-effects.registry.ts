import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgencyEntity } from '../../agencies/agency.entity.js';
import type { CaseClock } from '../../deadlines/domain/index.js';
import type { CaseEventEntity } from '../case-event.entity.js';
import type { CaseEntity } from '../case.entity.js';
import type { CaseEventType } from '../workflow/case-event.js';
import { CASE_SIDE_EFFECTS, type CaseSideEffect } from '../workflow/case.machine.js';
import type { Role as ActorRole } from '../workflow/roles.js';

export interface Actor {
  id: string | null;
  role: ActorRole;
}

/** What an effect handler sees of a command being applied, inside its transaction, before the event is appended. */
export interface CaseEffectContext {
  em: EntityManager;
  row: CaseEntity;
  /** The case's agency, as read in this transaction (for documents' letterheads, notices' signatures, settings). */
  agency: AgencyEntity;
  /** The case's events before this one. */
  events: readonly CaseEventEntity[];
  event: { type: CaseEventType; effectiveDate: string; payload: Record<string, unknown> };
  /** The statechart's side effects for this transition (issueReply, issueCorrectionNotice …), in order. */
  actions: readonly string[];
  clockAfter: CaseClock | null;
  actor: Actor;
  /**
   * Runs `fn` once the command's transaction has committed (e.g. to wake the mail dispatcher for the mail just
   * queued). For system events it is not run: the scheduler wakes the dispatcher after its scan, and mail from a
   * calendar change waits for the dispatcher's poll.
   */
  afterCommit(fn: () => void): void;
}

/**
 * Documents, deliveries, notices and policies that go with an event. A handler may refuse the command (throw an
 * AppException) or return facts to record in the event's payload (e.g. the issued 文号 and hash).
 */
export type CaseEffectHandler = (ctx: CaseEffectContext) => Promise<Record<string, unknown> | void>;

export type CaseEffectOwner = 'cases' | 'intake' | 'documents' | 'replies' | 'legal' | 'notifications' | 'archive';

/** The module that answers for each side effect the statechart names: exactly one handler each. */
export const CASE_EFFECT_OWNERS: Readonly<Record<CaseSideEffect, CaseEffectOwner>> = {
  recordEvent: 'cases',
  issueReceipt: 'intake',
  checkDraft: 'replies',
  issueDisclosureDecision: 'documents',
  issueCorrectionNotice: 'documents',
  issueConsultationLetter: 'documents',
  issueExclusionNotice: 'documents',
  issueFeeNotice: 'documents',
  issueExtensionNotice: 'documents',
  issueDeferralNotice: 'documents',
  issueReply: 'replies',
  deliverReply: 'replies',
  recordDeliveryProof: 'replies',
  recordRemedy: 'archive',
  issueClosureNotice: 'documents',
  notifyApplicant: 'notifications',
  notifyAssignee: 'notifications',
  notifyApprover: 'notifications',
  notifyOfficeHead: 'notifications',
  notifyLegalAdvisors: 'legal',
  archiveEvidence: 'archive',
};

export class CaseEffectRegistrationError extends Error {}

interface Registered {
  owner: CaseEffectOwner;
  handler: CaseEffectHandler;
}

/**
 * Side effect name → its one handler. Modules register theirs when they start; the command pipeline checks at
 * boot that every name the statechart declares has one (a transition must not name an effect nobody performs),
 * and a second registration of a name fails at once. One handler may take several names (all procedural
 * documents are issued by one): it then runs once per transition, with all of them in `actions`.
 */
@Injectable()
export class CaseEffectsRegistry {
  private readonly handlers = new Map<CaseSideEffect, Registered>();

  register(owner: CaseEffectOwner, effects: readonly CaseSideEffect[], handler: CaseEffectHandler): void {
    for (const name of effects) {
      if (CASE_EFFECT_OWNERS[name] !== owner) throw new CaseEffectRegistrationError(`Side effect ${name} belongs to ${CASE_EFFECT_OWNERS[name]}, not ${owner}`);
      if (this.handlers.has(name)) throw new CaseEffectRegistrationError(`Side effect ${name} has two handlers`);
      this.handlers.set(name, { owner, handler });
    }
  }

  /** Declared side effects nobody handles. */
  missing(): CaseSideEffect[] {
    return CASE_SIDE_EFFECTS.filter((name) => !this.handlers.has(name));
  }

  assertComplete(): void {
    const missing = this.missing();
    if (missing.length > 0) throw new CaseEffectRegistrationError(`Side effects without a handler: ${missing.join(', ')}`);
  }

  /** The handlers of a transition's side effects, each once, in the order the statechart names them. */
  handlersFor(actions: readonly CaseSideEffect[]): CaseEffectHandler[] {
    const handlers: CaseEffectHandler[] = [];
    for (const name of actions) {
      const registered = this.handlers.get(name);
      if (!registered) throw new CaseEffectRegistrationError(`Side effect ${name} has no handler`);
      if (!handlers.includes(registered.handler)) handlers.push(registered.handler);
    }
    return handlers;
  }
}
