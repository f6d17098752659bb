import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { ACCESS_COOKIE } from '../../common/auth/auth.guard.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { AuthService } from '../auth/auth.service.js';
import type { TokenResponseDto } from '../auth/dto/token-response.dto.js';

/**
 * A staff member works in the workbench all day; the access token lives minutes (JWT_ACCESS_TTL_SECONDS). The
 * sign-in also leaves the rotating refresh token in an HttpOnly cookie scoped to /staff, and a page request whose
 * access token is missing or about to expire exchanges it for a new pair first (the same AuthService.refresh as
 * POST /api/v1/auth/refresh: each refresh token is good once, a spent one ends every session of the user, and a
 * deactivated user gets nothing). Authorisation still reads the user's current state on every request.
 */
export const STAFF_REFRESH_COOKIE = 'gk_staff_refresh';
export const STAFF_REFRESH_PATH = '/staff';

/** Renew this many seconds before the access token expires, so a form posted a moment later still carries a live one. */
const RENEW_BEFORE_SECONDS = 60;

export interface StaffSessionOptions {
  secure: boolean;
  refreshTokenTtlDays: number;
}

export function staffRefreshCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: STAFF_REFRESH_PATH };
}

/** Sets the access cookie and the staff refresh cookie of a fresh token pair. */
export function setStaffSession(res: Response, tokens: TokenResponseDto, options: StaffSessionOptions): void {
  res.cookie(ACCESS_COOKIE, tokens.accessToken, { httpOnly: true, sameSite: 'strict', secure: options.secure, path: '/', maxAge: tokens.expiresIn * 1000 });
  res.cookie(STAFF_REFRESH_COOKIE, tokens.refreshToken, { ...staffRefreshCookieOptions(options.secure), maxAge: options.refreshTokenTtlDays * 86_400_000 });
}

/** Express middleware for /staff pages: renews the session as described above, then goes on either way. */
export function staffSessionRenewal(auth: AuthService, options: StaffSessionOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    renew(req, res, auth, options).then(() => next(), next);
  };
}

async function renew(req: Request, res: Response, auth: AuthService, options: StaffSessionOptions): Promise<void> {
  const cookies = req.cookies as Record<string, string> | undefined;
  const refresh = cookies?.[STAFF_REFRESH_COOKIE];
  if (!cookies || !refresh) return;
  const access = cookies[ACCESS_COOKIE];
  if (access && secondsLeft(access) > RENEW_BEFORE_SECONDS) return;
  let tokens: TokenResponseDto;
  try {
    tokens = await auth.refresh(refresh);
  } catch (e) {
    if (!(e instanceof AppException)) throw e;
    res.clearCookie(STAFF_REFRESH_COOKIE, staffRefreshCookieOptions(options.secure)); // spent, revoked or expired: sign in again
    return;
  }
  if (tokens.user.role === Role.APPLICANT) return;
  setStaffSession(res, tokens, options);
  cookies[ACCESS_COOKIE] = tokens.accessToken; // the guard of this very request reads the new token
}

/** Seconds until the token's `exp` (its signature is checked by the guard, not here); 0 when unreadable. */
function secondsLeft(jwt: string): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp - Date.now() / 1000 : 0;
  } catch {
    return 0;
  }
}
