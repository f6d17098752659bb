/** The people who use Gongkai. A user has exactly one role. */
export enum Role {
  APPLICANT = 'APPLICANT',
  /** Case officer (承办人) of an agency. */
  OFFICER = 'OFFICER',
  /** Head of the disclosure office (政府信息公开工作机构负责人): approves extensions and replies (条例第三十三条). */
  OFFICE_HEAD = 'OFFICE_HEAD',
  /** Legal advisor (法律顾问) consulted on hard cases; sees only cases referred to them. */
  LEGAL_ADVISOR = 'LEGAL_ADVISOR',
  /** Read-only over the archive of their agency subtree (or all agencies when they have none). */
  AUDITOR = 'AUDITOR',
  ADMIN = 'ADMIN',
}

export const STAFF_ROLES: readonly Role[] = [Role.OFFICER, Role.OFFICE_HEAD, Role.LEGAL_ADVISOR, Role.AUDITOR, Role.ADMIN];

/** Roles that must belong to an agency. Auditors and admins may span all agencies. */
export const AGENCY_BOUND_ROLES: readonly Role[] = [Role.OFFICER, Role.OFFICE_HEAD, Role.LEGAL_ADVISOR];

export const ROLE_LABELS: Record<Role, string> = {
  [Role.APPLICANT]: '申请人',
  [Role.OFFICER]: '承办人',
  [Role.OFFICE_HEAD]: '公开工作机构负责人',
  [Role.LEGAL_ADVISOR]: '法律顾问',
  [Role.AUDITOR]: '审计人员',
  [Role.ADMIN]: '系统管理员',
};
