import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { withoutContactDetails } from './advisor-view.js';
import { isPublicMilestone } from './public-status.js';
import { caseScopeOf, type CaseScope } from './case-scope.js';
import type { CaseEntity } from './case.entity.js';
import { CasesRepository } from './cases.repository.js';
import type { CaseEventDto } from './dto/case.dto.js';

/**
 * Who may see which case, and how much of it (least privilege): officers and office heads their agency's cases,
 * auditors their subtree's, legal advisors only the cases referred to them and without the applicant's contact
 * details or identity papers (minimum necessary, 个人信息保护法第六条), applicants their own case's milestones.
 * A case the caller may not see answers 404, never 403: its existence is not revealed.
 */
@Injectable()
export class CaseAccessPolicy {
  constructor(
    private readonly cases: CasesRepository,
    private readonly agencies: AgenciesRepository,
  ) {}

  scopeOf(user: AuthUser): Promise<CaseScope> | CaseScope {
    return caseScopeOf(user, (agencyId) => this.agencies.findSubtreeIds(agencyId));
  }

  /** `em`: inside a transaction, the referral is read on its connection. */
  async canRead(user: AuthUser, row: CaseEntity, em?: EntityManager): Promise<boolean> {
    return this.covers(await this.scopeOf(user), row, em);
  }

  /** Whether a scope (scopeOf) takes in a case; `em` as for canRead. */
  async covers(scope: CaseScope, row: CaseEntity, em?: EntityManager): Promise<boolean> {
    switch (scope.kind) {
      case 'all':
        return true;
      case 'agencies':
        return scope.agencyIds.includes(row.agencyId);
      case 'referredTo':
        return this.cases.isReferredTo(row.id, scope.advisorId, em);
      case 'applicant':
        return row.applicantUserId === scope.userId;
      case 'none':
        return false;
    }
  }

  /** 404 (not 403) for a case the caller may not see. */
  async readable(user: AuthUser, id: string): Promise<CaseEntity> {
    const row = await this.cases.findById(id);
    if (!row || !(await this.canRead(user, row))) throw AppException.notFound();
    return row;
  }
}

/** The case's event log as the caller's role may see it. */
export function eventsVisibleTo(role: AuthUser['role'], events: CaseEventDto[]): CaseEventDto[] {
  if (role === Role.LEGAL_ADVISOR) return events.map((e) => ({ ...e, payload: withoutContactDetails(e.payload) }));
  // An applicant follows the milestones of their case, not the office's internal record (who did what, legal
  // questions, warnings): the public milestones, without payloads or staff ids.
  if (role === Role.APPLICANT) return events.filter((e) => isPublicMilestone(e.type)).map((e) => ({ ...e, actorId: null, payload: {} }));
  return events;
}

/** The parts of a case row that depend on the caller's role (contact details, channel evidence, repeat hints). */
export function caseDetailsVisibleTo(role: AuthUser['role'], row: CaseEntity): Pick<CaseEntity, 'applicant' | 'delivery'> & Partial<Pick<CaseEntity, 'intake' | 'hints'>> {
  const advisor = role === Role.LEGAL_ADVISOR;
  return {
    ...(advisor ? { applicant: withoutContactDetails(row.applicant), delivery: withoutContactDetails(row.delivery) } : { applicant: row.applicant, delivery: row.delivery }),
    // Channel evidence and repeat hints are for the office; an applicant sees their own case without them, and
    // a legal advisor does not need them.
    ...(role === Role.APPLICANT || advisor ? {} : { intake: row.intake, hints: row.hints }),
  };
}

export { withoutContactDetails };
