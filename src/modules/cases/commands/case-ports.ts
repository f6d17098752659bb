import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LegalOpinion } from '../../legal/legal-referral.entity.js';

/**
 * What the case pipeline asks of modules that depend on it. The pipeline owns the interface; the module that knows
 * how implements it when it starts (as effect handlers register), so the case module imports none of them and
 * the dependency points one way: feature → cases. The pipeline checks at boot that each port has its
 * implementation (else the app does not boot); a second implementation fails at once.
 */
export class CasePortError extends Error {}

class Port<T> {
  private impl: T | null = null;

  constructor(private readonly name: string) {}

  implement(impl: T): void {
    if (this.impl) throw new CasePortError(`${this.name} has two implementations`);
    this.impl = impl;
  }

  get implemented(): boolean {
    return this.impl !== null;
  }

  protected get use(): T {
    if (!this.impl) throw new CasePortError(`${this.name} has no implementation`);
    return this.impl;
  }
}

/** An in-app notice to users, written in the caller's transaction. */
export interface InAppNotice {
  caseId: string | null;
  kind: string;
  message: string;
}

export interface InAppNoticeWriter {
  /** One notice per user (duplicates and nobody are fine). */
  notify(em: EntityManager, userIds: Iterable<string>, notice: InAppNotice): Promise<void>;
}

/** In-app notices the pipeline writes itself (分办: the new assignee is told); the notifications module writes them. */
@Injectable()
export class CaseNoticesPort extends Port<InAppNoticeWriter> implements InAppNoticeWriter {
  constructor() {
    super('CaseNoticesPort');
  }

  notify(em: EntityManager, userIds: Iterable<string>, notice: InAppNotice): Promise<void> {
    return this.use.notify(em, userIds, notice);
  }
}

export interface Referral {
  referralId: string;
  advisorId: string;
}

export interface LegalReferralWriter {
  /** REFER_TO_LEGAL: one referral per advisor; refuses (422 on the field) an advisor who is not the agency's. */
  refer(
    em: EntityManager,
    legalCase: { id: string; agencyId: string },
    request: { advisorIds: readonly string[]; question: string; difficult?: boolean },
    referredOn: string,
    referredById: string | null,
  ): Promise<Referral[]>;
  /** SUBMIT_LEGAL_OPINION: only the advisor a referral is addressed to answers it. */
  answer(
    em: EntityManager,
    caseId: string,
    answer: { referralId: string; opinion: LegalOpinion; text: string; articles?: string[] },
    answeredOn: string,
    advisorId: string | null,
  ): Promise<void>;
}

/** 会商 records written in the transaction of the event that carries them; the legal module keeps them. */
@Injectable()
export class LegalReferralsPort extends Port<LegalReferralWriter> implements LegalReferralWriter {
  constructor() {
    super('LegalReferralsPort');
  }

  refer(...args: Parameters<LegalReferralWriter['refer']>): Promise<Referral[]> {
    return this.use.refer(...args);
  }

  answer(...args: Parameters<LegalReferralWriter['answer']>): Promise<void> {
    return this.use.answer(...args);
  }
}
