import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';

/**
 * Which cases a user may see (least privilege, README "Roles"):
 * officers and office heads their agency's; auditors their agency subtree (all without an agency);
 * legal advisors only cases referred to them; applicants only their own; admins none.
 */
export type CaseScope =
  | { kind: 'agencies'; agencyIds: string[] }
  | { kind: 'all' }
  | { kind: 'referredTo'; advisorId: string }
  | { kind: 'applicant'; userId: string }
  | { kind: 'none' };

export function caseScopeOf(user: AuthUser, subtree: (agencyId: string) => Promise<string[]>): Promise<CaseScope> | CaseScope {
  switch (user.role) {
    case Role.OFFICER:
    case Role.OFFICE_HEAD:
      return user.agencyId ? { kind: 'agencies', agencyIds: [user.agencyId] } : { kind: 'none' };
    case Role.AUDITOR:
      return user.agencyId ? subtree(user.agencyId).then((agencyIds) => ({ kind: 'agencies', agencyIds })) : { kind: 'all' };
    case Role.LEGAL_ADVISOR:
      return { kind: 'referredTo', advisorId: user.id };
    case Role.APPLICANT:
      return { kind: 'applicant', userId: user.id };
    default:
      return { kind: 'none' };
  }
}
