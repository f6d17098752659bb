import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role, STAFF_ROLES } from '../../common/auth/role.js';
import { renderError } from './web-setup.js';

/** Roles of the officer's workbench (承办人 and 公开工作机构负责人). */
export const CASE_WORK_ROLES: readonly Role[] = [Role.OFFICER, Role.OFFICE_HEAD];
/** Roles that read case pages: case workers, advisors (their referrals) and auditors (read-only). */
export const CASE_READ_ROLES: readonly Role[] = [Role.OFFICER, Role.OFFICE_HEAD, Role.LEGAL_ADVISOR, Role.AUDITOR];

/**
 * The role check of a staff page, on the CURRENT user state (the auth guard reads role, agency and active status
 * from the principal directory on every request, never from the token's claims): nobody signed in → 303 to the
 * staff sign-in with a way back; an applicant or a staff role the page is not for → 403 page. Returns the user
 * when the page may be shown; otherwise the answer has been sent.
 */
export function staffUser(req: Request, res: Response, user: AuthUser | undefined, roles: readonly Role[] = STAFF_ROLES): AuthUser | null {
  if (!user) {
    res.redirect(303, `/staff/login?next=${encodeURIComponent(safeStaffPath(req.originalUrl) ?? '/staff')}`);
    return null;
  }
  if (!roles.includes(user.role)) {
    renderError(res, 403, user.role === Role.APPLICANT ? '此页面供机关工作人员使用。申请人请在“我的申请”中查看办理进度。' : '您的角色不能使用此页面。');
    return null;
  }
  return user;
}

/** Only a local path under /staff may follow a sign-in (no open redirect). */
export function safeStaffPath(v: unknown): string | undefined {
  return typeof v === 'string' && /^\/staff(?:[/?][A-Za-z0-9/_?=&.%,:-]*)?$/.test(v) ? v : undefined;
}
