import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import type { CaseEntity } from '../cases/case.entity.js';
import { LegalReferralEntity, type LegalOpinion } from './legal-referral.entity.js';

export interface NewReferral {
  id: string;
  caseId: string;
  advisorId: string;
  question: string;
  difficult: boolean;
  referredOn: string;
  referredById: string | null;
}

/** A referral with the few facts of its case an advisor's list shows (the case itself is read through the case service). */
export interface AdvisorReferralRow {
  referral: LegalReferralEntity;
  caseId: string;
  trackingNumber: string;
  requestTitle: string | null;
  requestDescription: string;
  status: CaseEntity['status'];
  dueDate: string | null;
  dueDateProvisional: boolean;
  overdue: boolean;
}

/** Only this class touches the referral table; writes take the command's EntityManager. */
@Injectable()
export class LegalReferralsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, referrals: readonly NewReferral[]): Promise<void> {
    if (referrals.length === 0) return;
    // referredById is required by the table: a referral is always made by a person (REFER_TO_LEGAL is staff-only).
    await em.insert(
      LegalReferralEntity,
      referrals.map((r) => ({ ...r, referredById: r.referredById ?? undefined })),
    );
  }

  findOfCase(em: EntityManager, caseId: string, id: string): Promise<LegalReferralEntity | null> {
    return em.findOneBy(LegalReferralEntity, { id, caseId });
  }

  async recordOpinion(em: EntityManager, id: string, answer: { opinion: LegalOpinion; opinionText: string; articles: string[]; answeredOn: string }): Promise<void> {
    await em.update(LegalReferralEntity, { id }, answer);
  }

  /** Advisors who have not answered yet (their referral is pending). */
  async pendingAdvisorIds(em: EntityManager, caseId: string): Promise<string[]> {
    return (await em.find(LegalReferralEntity, { where: { caseId, opinion: IsNull() } })).map((r) => r.advisorId);
  }

  ofCase(caseId: string, em: EntityManager = this.dataSource.manager): Promise<LegalReferralEntity[]> {
    return em.find(LegalReferralEntity, { where: { caseId }, order: { createdAt: 'ASC' } });
  }

  /** Every referral to one advisor, with its case's due date: co-review does not stop the clock (条例第三十三条). */
  async forAdvisor(advisorId: string): Promise<AdvisorReferralRow[]> {
    const referrals = await this.dataSource.getRepository(LegalReferralEntity).find({ where: { advisorId }, relations: { case: true }, order: { createdAt: 'ASC' } });
    return referrals.map((r) => {
      const c = r.case!;
      const { case: _case, ...referral } = r;
      return {
        referral: referral as LegalReferralEntity,
        caseId: c.id,
        trackingNumber: c.trackingNumber,
        requestTitle: c.requestTitle,
        requestDescription: c.requestDescription,
        status: c.status,
        dueDate: c.dueDate,
        dueDateProvisional: c.dueDateProvisional,
        overdue: c.overdue,
      };
    });
  }

  /** One advisor's referrals on one case (the opinion form offers the open ones). */
  onCase(caseId: string, advisorId: string): Promise<LegalReferralEntity[]> {
    return this.dataSource.getRepository(LegalReferralEntity).find({ where: { caseId, advisorId }, order: { createdAt: 'ASC' } });
  }
}
