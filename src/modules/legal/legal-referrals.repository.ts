import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CaseEntity } from '../cases/case.entity.js';
import { LegalReferralEntity } from './legal-referral.entity.js';

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

/** Reads the legal co-review referrals (written by the case service in the same transaction as their events). */
@Injectable()
export class LegalReferralsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
