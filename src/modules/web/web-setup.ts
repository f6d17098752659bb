import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import Handlebars from 'handlebars';
import type { AppConfig } from '../../config/app-config.js';
import { ERROR_TABLE } from '../../common/errors/error-code.js';
import { assignCorrelationId } from '../../common/http/logging.js';
import { AuthService } from '../auth/auth.service.js';
import { STAFF_REFRESH_PATH, staffSessionRenewal } from './staff-session.js';

export const SESSION_COOKIE = 'gk_sid';
export const MODE_COOKIE = 'gk_mode';
const CSRF_FIELD = '_csrf';

/** A request that gets an HTML answer (pages and their errors) rather than the API's JSON body. */
export function isPageRequest(req: Request): boolean {
  // originalUrl: inside routers and Nest's not-found handler `path` can be relative to a mount point.
  const p = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
  return !p.startsWith('/api') && p !== '/health' && !p.startsWith('/health/');
}

export interface WebLocals {
  elder: boolean;
  csrfToken: string;
  currentPath: string;
  correlationId: string;
}

/**
 * Wires the server-rendered pages into the Express app: Handlebars views under templates/views with one layout,
 * the app's own CSS/JS under /assets (content hash in the URL, cached for a year), the session cookie, the
 * 长辈版 switch, CSRF protection for every page form, and a per-IP limit on the tracking lookup.
 */
export function setupWebPages(nestApp: INestApplication, config: AppConfig): void {
  const app = nestApp as NestExpressApplication;
  const viewsDir = path.join(config.documents.templatesDir, 'views');
  const assetsDir = path.join(config.documents.templatesDir, 'assets');
  const secure = config.http.publicUrl.startsWith('https://');
  const assetVersions = hashAssets(assetsDir);
  const engine = createViewEngine(viewsDir, assetVersions);

  app.engine('hbs', engine);
  app.setBaseViewsDir(viewsDir);
  app.setViewEngine('hbs');
  app.useStaticAssets(assetsDir, { prefix: '/assets/', maxAge: '365d', immutable: true, etag: true, index: false, fallthrough: true });

  const secret = createHash('sha256').update(`${config.auth.jwtSecret}\u0000gongkai/web-csrf/v1`).digest('hex');
  const csrf = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => sessionIdOf(req),
    cookieName: secure ? '__Host-gk_csrf' : 'gk_csrf',
    cookieOptions: { sameSite: 'lax', path: '/', secure, httpOnly: true },
    getCsrfTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : undefined;
      return fromBody ?? (req.headers['x-csrf-token'] as string | undefined);
    },
    // Multipart forms are checked by their controller once the body has been parsed (csrfCheck below).
    skipCsrfProtection: (req) => !isPageRequest(req) || isMultipart(req),
  });
  app.set('gk.csrf', csrf);

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isPageRequest(req)) return next();
    // A random session identifier ties the CSRF token to this browser (no server state needed).
    let sid = sessionIdOf(req);
    if (!sid) {
      sid = randomBytes(18).toString('base64url');
      (req.cookies as Record<string, string>)[SESSION_COOKIE] = sid;
      res.cookie(SESSION_COOKIE, sid, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
    }
    // 长辈版: ?mode=elder (or ?mode=standard) switches and remembers the choice for a year.
    const requested = typeof req.query.mode === 'string' ? req.query.mode : undefined;
    let elder = req.cookies?.[MODE_COOKIE] === 'elder';
    if (requested === 'elder' || requested === 'standard') {
      elder = requested === 'elder';
      res.cookie(MODE_COOKIE, requested, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 365 * 86_400_000 });
    }
    const locals: WebLocals = {
      elder,
      csrfToken: csrf.generateCsrfToken(req, res, { overwrite: false, validateOnReuse: false }),
      currentPath: req.path,
      correlationId: assignCorrelationId(req, res),
    };
    Object.assign(res.locals, locals);
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // The workbench renews a staff session from its refresh cookie before the guard looks at the access token.
  app.use(STAFF_REFRESH_PATH, staffSessionRenewal(nestApp.get(AuthService, { strict: false }), { secure, refreshTokenTtlDays: config.auth.refreshTokenTtlDays }));
  // Before the CSRF check, so that every attempt counts. Guessing query codes is pointless (the answer never
  // says whether a number exists), but cap the tries anyway.
  const trackLimit = rateLimit({
    windowMs: 60_000,
    limit: config.auth.loginRateLimitPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (req) => req.method !== 'POST',
    handler: (_req: Request, res: Response) => renderError(res, 429),
  });
  app.use('/track', trackLimit);
  app.use('/account/login', trackLimit);
  app.use('/account/password-reset', trackLimit);
  app.use((req: Request, res: Response, next: NextFunction) => {
    csrf.doubleCsrfProtection(req, res, (err?: unknown) => {
      if (err) return renderError(res, 403, '页面已过期或来源不明，请返回上一页刷新后重新提交。');
      next();
    });
  });
}

/** The controller-side CSRF check for multipart forms (the token is a form field, parsed by multer). */
export function csrfCheck(req: Request): boolean {
  const csrf = (req.app.get('gk.csrf') as ReturnType<typeof doubleCsrf> | undefined) ?? undefined;
  return csrf ? csrf.validateRequest(req) : false;
}

const ERROR_PAGES: Record<number, { title: string; text: string }> = {
  400: { title: '请求无法处理', text: '提交的内容无法识别，请返回上一页重新填写。' },
  403: { title: '无法访问此页面', text: '您没有权限访问此页面，或页面已过期。' },
  404: { title: '找不到您要访问的页面', text: '网址可能输入有误，或页面已被移除。' },
  413: { title: '提交的内容过大', text: ERROR_TABLE.PAYLOAD_TOO_LARGE.message },
  429: { title: '操作过于频繁', text: '您的操作过于频繁，请等待一分钟后再试。' },
  500: { title: '系统暂时出现问题', text: '很抱歉，系统处理您的请求时出现问题。您填写的内容没有提交成功，请稍后再试。' },
};

/** The friendly Chinese error page, with the correlation id a person can quote when they call the office. */
export function renderError(res: Response, status: number, text?: string): void {
  const page = ERROR_PAGES[status] ?? (status >= 500 ? ERROR_PAGES[500]! : ERROR_PAGES[400]!);
  const correlationId = String(res.locals.correlationId ?? res.getHeader('x-correlation-id') ?? '');
  res.status(status);
  res.render('error', { title: page.title, text: text ?? page.text, status, correlationId }, (err, html) => {
    if (err) {
      res.type('text/plain; charset=utf-8').send(`${page.title}（${status}） 请求编号：${correlationId}`);
      return;
    }
    res.type('text/html; charset=utf-8').send(html);
  });
}

function sessionIdOf(req: Request): string {
  const v = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return typeof v === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(v) ? v : '';
}

function isMultipart(req: Request): boolean {
  return (req.headers['content-type'] ?? '').startsWith('multipart/form-data');
}

function hashAssets(dir: string): Map<string, string> {
  const versions = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    versions.set(name, createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex').slice(0, 12));
  }
  return versions;
}

type EngineCallback = (err: Error | null, html?: string) => void;

/** Handlebars as an Express view engine: `<view>.hbs` rendered into `layout.hbs`, partials from `partials/`. */
export function createViewEngine(viewsDir: string, assetVersions: Map<string, string>) {
  const hbs = Handlebars.create();
  const partialsDir = path.join(viewsDir, 'partials');
  for (const file of readdirSync(partialsDir)) {
    if (file.endsWith('.hbs')) hbs.registerPartial(path.basename(file, '.hbs'), readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  // The staff pages' partials (e.g. remedy-deadlines for the officer home), under the same names.
  const staffPartialsDir = path.join(viewsDir, 'staff', 'partials');
  if (existsSync(staffPartialsDir)) {
    for (const file of readdirSync(staffPartialsDir)) {
      if (file.endsWith('.hbs')) hbs.registerPartial(path.basename(file, '.hbs'), readFileSync(path.join(staffPartialsDir, file), 'utf8'));
    }
  }
  hbs.registerHelper('asset', (name: string) => `/assets/${name}?v=${assetVersions.get(name) ?? '0'}`);
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('fieldId', (name: string) => fieldId(name));
  hbs.registerHelper('get', (obj: Record<string, unknown> | undefined, key: string) => (obj ? obj[key] : undefined));
  hbs.registerHelper('cnDate', (iso: unknown) => (typeof iso === 'string' ? chineseDate(iso) : ''));
  const cache = new Map<string, HandlebarsTemplateDelegate>();
  const load = (file: string): HandlebarsTemplateDelegate => {
    let t = cache.get(file);
    if (!t) {
      t = hbs.compile(readFileSync(file, 'utf8'), { strict: false });
      cache.set(file, t);
    }
    return t;
  };
  const layoutFile = path.join(viewsDir, 'layout.hbs');
  return (filePath: string, options: object, callback: EngineCallback): void => {
    try {
      const data = options as Record<string, unknown>;
      const body = load(filePath)(data);
      callback(null, load(layoutFile)({ ...data, body }));
    } catch (e) {
      callback(e as Error);
    }
  };
}

type HandlebarsTemplateDelegate = (context: unknown) => string;

/** `applicant.idNumber` → `f-applicant-idNumber` (the id the error summary links to). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** 2026-03-09 → 2026年3月9日 */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

