import type { Request, Response } from 'express';
import type { WebCookies } from './web-cookies.js';
import { type FlatForm, flatForm } from './web-forms.js';

/** The sealed cookie that carries a form's input across a login (HttpOnly, AES-GCM, never readable by the page). */
export const FORM_STASH_COOKIE = 'gk_stash';
/** Long enough to find the password and log in again; short enough that a shared computer forgets it. */
const STASH_SECONDS = 30 * 60;
/** Never kept: passwords, the CSRF token (a new one comes with the next page), anything that looks like a secret. */
const NEVER_KEPT = /password|passwd|secret|token|^_csrf$/i;
/** A cookie holds about 4 KB; a form larger than this is not kept (the person retypes it, nothing else breaks). */
const MAX_STASH_CHARS = 2800;

interface Stash {
  /** The page the form belongs to: the input comes back only there. */
  page: string;
  fields: FlatForm;
}

/**
 * A form posted after the session ran out: the text fields (never passwords or files) are sealed into a cookie,
 * and the browser goes to the login page with `next` set to the form's page; there `restoreForm` puts them back.
 */
export function stashAndLogin(req: Request, res: Response, cookies: WebCookies, page: string, loginPath: string): void {
  const fields: FlatForm = {};
  let size = 0;
  for (const [name, value] of Object.entries(flatForm(req.body))) {
    if (NEVER_KEPT.test(name)) continue;
    size += name.length + value.length;
    if (size > MAX_STASH_CHARS) break;
    fields[name] = value;
  }
  // Repeated fields (check boxes) keep every value, joined; the page splits them again.
  for (const [name, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value) && !NEVER_KEPT.test(name)) fields[name] = value.filter((v) => typeof v === 'string').join('\n');
  }
  cookies.set(res, FORM_STASH_COOKIE, { page, fields } satisfies Stash, '/', STASH_SECONDS);
  res.redirect(303, `${loginPath}?next=${page}`);
}

/** The input kept for this page, once (the cookie is cleared as it is read); null when there is none. */
export function restoreForm(req: Request, res: Response, cookies: WebCookies, page: string): FlatForm | null {
  const stash = cookies.get<Stash>(req, FORM_STASH_COOKIE);
  if (!stash || stash.page !== page) return null;
  cookies.clear(res, FORM_STASH_COOKIE, '/');
  return stash.fields;
}
