import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { type LegalReferralWriter, LegalReferralsPort, type Referral } from '../cases/commands/case-ports.js';
import { UsersRepository } from '../users/users.repository.js';
import type { LegalOpinion } from './legal-referral.entity.js';
import { LegalReferralsRepository } from './legal-referrals.repository.js';

/**
 * 会商 records, written in the transaction of the event that carries the same facts: REFER_TO_LEGAL creates one
 * referral per advisor (each sees and answers only their own), SUBMIT_LEGAL_OPINION records an advisor's answer.
 * The case pipeline calls it through its LegalReferralsPort, which this service implements when the module starts.
 */
@Injectable()
export class LegalReviewService implements LegalReferralWriter, OnModuleInit {
  constructor(
    private readonly referrals: LegalReferralsRepository,
    private readonly users: UsersRepository,
    private readonly port: LegalReferralsPort,
  ) {}

  onModuleInit(): void {
    this.port.implement(this);
  }

  /** Advisors must be active legal advisors of the case's agency (the index of a bad one names the field). */
  async refer(
    em: EntityManager,
    legalCase: { id: string; agencyId: string },
    request: { advisorIds: readonly string[]; question: string; difficult?: boolean },
    referredOn: string,
    referredById: string | null,
  ): Promise<Referral[]> {
    const advisors = await this.users.findByIds(request.advisorIds, em);
    for (const [i, advisorId] of request.advisorIds.entries()) {
      const u = advisors.find((a) => a.id === advisorId);
      if (!u || !u.active || u.role !== Role.LEGAL_ADVISOR || u.agencyId !== legalCase.agencyId) {
        throw AppException.invalidField(`advisorIds.${i}`, 'NOT_AN_ADVISOR', '应为本机关的法律顾问');
      }
    }
    const referrals = request.advisorIds.map((advisorId) => ({ referralId: randomUUID(), advisorId }));
    await this.referrals.insert(
      em,
      referrals.map((r) => ({ id: r.referralId, caseId: legalCase.id, advisorId: r.advisorId, question: request.question, difficult: request.difficult === true, referredOn, referredById })),
    );
    return referrals;
  }

  /** Only the advisor a referral is addressed to answers it. */
  async answer(
    em: EntityManager,
    caseId: string,
    answer: { referralId: string; opinion: LegalOpinion; text: string; articles?: string[] },
    answeredOn: string,
    advisorId: string | null,
  ): Promise<void> {
    const referral = await this.referrals.findOfCase(em, caseId, answer.referralId);
    if (!referral || referral.advisorId !== advisorId) throw AppException.invalidField('referralId', 'NOT_FOUND', '没有发给您的该项会商');
    await this.referrals.recordOpinion(em, referral.id, { opinion: answer.opinion, opinionText: answer.text, articles: answer.articles ?? [], answeredOn });
  }
}
