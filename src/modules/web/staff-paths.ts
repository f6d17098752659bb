import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import type { Role } from '../../common/auth/role.js';
import { renderError } from './web-setup.js';

/** Where an anonymous visitor of a staff page is sent to log in (then back, through `next`). */
export const STAFF_LOGIN_PATH = '/staff/login';

export const STAFF_LEGAL_PATH = '/staff/legal';
export const STAFF_ADMIN_PATH = '/staff/admin';

/** `/staff/login?next=/staff/admin/users` — the page asked for, so the login leads back to it. */
export function staffLoginRedirect(req: Request): string {
  const wanted = (req.originalUrl ?? req.url ?? '').split('#')[0] ?? '';
  const section = wanted.startsWith(STAFF_LEGAL_PATH) ? STAFF_LEGAL_PATH : STAFF_ADMIN_PATH;
  // A form posted without a session leads back to its section's home (its action is no page); only a plain local
  // path survives the login's own `next` check.
  const next = req.method === 'GET' && /^\/staff\/[A-Za-z0-9/_?=&.-]*$/.test(wanted) ? wanted : section;
  return `${STAFF_LOGIN_PATH}?next=${encodeURIComponent(next)}`;
}

/**
 * The role check of a staff page, on the auth guard's principal (the access cookie, checked against the user's
 * current state): an anonymous visitor is sent to log in, a user of another role gets the 403 page. Returns the
 * user when the page may be shown; otherwise the answer has been sent.
 */
export function staffUser(req: Request, res: Response, user: AuthUser | undefined, roles: readonly Role[]): AuthUser | undefined {
  if (!user) {
    res.redirect(303, staffLoginRedirect(req));
    return undefined;
  }
  if (!roles.includes(user.role)) {
    renderError(res, 403, '此页面仅供相应岗位的工作人员使用，您的账号没有权限。');
    return undefined;
  }
  return user;
}
