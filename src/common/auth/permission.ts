import { Role } from './role.js';

/**
 * Named permissions, checked by PermissionsGuard on routes. Roles are bundles of these. Who may send which case
 * event (the office head alone approves an extension, 条例第三十三条第二款, and the reply) is decided per event in
 * cases/workflow/event-permissions.ts, not here: a permission no route checks is not listed.
 */
export enum Permission {
  AGENCY_READ = 'agency:read',
  AGENCY_MANAGE = 'agency:manage',
  USER_MANAGE = 'user:manage',
  CALENDAR_READ = 'calendar:read',
  CALENDAR_MANAGE = 'calendar:manage',
  OWN_CASE_READ = 'case:read-own',
  CASE_REGISTER = 'case:register',
  CASE_READ = 'case:read',
  CASE_ACT = 'case:act',
  REFERRED_CASE_READ = 'case:read-referred',
  LEGAL_OPINION_GIVE = 'legal:give-opinion',
  ARCHIVE_READ = 'archive:read',
  REPORT_READ = 'report:read',
  /** Evidence archive: check the agency-wide ledger against the cases. */
  ARCHIVE_ADMIN = 'archive:admin',
  /** Freeze a year's annual report as published (条例第四十九条). */
  REPORT_PUBLISH = 'report:publish',
  /** Outgoing mail: see the mails that failed for good and queue them again. */
  MAIL_ADMIN = 'mail:admin',
  /** 历史导入: bring in an office's earlier cases (POST /imports). */
  CASE_IMPORT = 'case:import',
}

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.APPLICANT]: [Permission.OWN_CASE_READ],
  [Role.OFFICER]: [Permission.AGENCY_READ, Permission.CALENDAR_READ, Permission.CASE_REGISTER, Permission.CASE_READ, Permission.CASE_ACT],
  [Role.OFFICE_HEAD]: [
    Permission.AGENCY_READ,
    Permission.CALENDAR_READ,
    Permission.CASE_REGISTER,
    Permission.CASE_READ,
    Permission.CASE_ACT,
    Permission.REPORT_READ,
    Permission.REPORT_PUBLISH,
  ],
  [Role.LEGAL_ADVISOR]: [Permission.REFERRED_CASE_READ, Permission.LEGAL_OPINION_GIVE],
  [Role.AUDITOR]: [Permission.AGENCY_READ, Permission.CALENDAR_READ, Permission.CASE_READ, Permission.ARCHIVE_READ, Permission.REPORT_READ],
  [Role.ADMIN]: [Permission.AGENCY_READ, Permission.AGENCY_MANAGE, Permission.USER_MANAGE, Permission.CALENDAR_READ, Permission.CALENDAR_MANAGE, Permission.ARCHIVE_ADMIN, Permission.REPORT_READ, Permission.REPORT_PUBLISH, Permission.MAIL_ADMIN, Permission.CASE_IMPORT],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
