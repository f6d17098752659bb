import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { ERROR_TABLE } from './common/errors/error-code.js';
import { API_PREFIX } from './common/http/api-prefix.js';
import { assignCorrelationId } from './common/http/logging.js';
import { markDateStrings, mergeHeaderParameters } from './common/http/openapi-document.js';
import { addCaseEventSchemas } from './modules/cases/dto/case-event-openapi.js';
import { setupWebPages } from './modules/web/web-setup.js';

/** Builds the whole HTTP application; shared by main.ts and the e2e tests so they exercise the same stack. */
export async function createApp(options: AppModuleOptions): Promise<INestApplication> {
  const { config } = options;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  // A connection a client or proxy holds for its next request must not be closed by us at the moment that request
  // is sent: Node's default (5 s) is shorter than a proxy's idle timeout (nginx and most load balancers: 60 s), so a
  // reused connection would now and then be reset under the request (a 502 at the proxy). The server hints its
  // timeout in the Keep-Alive header; headers may take as long.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  server.headersTimeout = config.http.keepAliveTimeoutMs + 1000;
  // With several workers (HTTP_WORKERS) the supervisor hands each new connection to the next worker in turn, and a
  // keep-alive connection then stays with its worker for as long as its client keeps it: a few busy clients (a proxy
  // in front, an office's shared machine) can load one worker with twice what the other gets, and its answers wait
  // behind each other while a core idles. The answer to a connection's last allowed request says
  // `Connection: close`; the client closes it, and its next connection goes to the next worker. (Node would answer
  // a further request on it with 503, but an HTTP/1.1 client sends none: it reads the header before reusing it.)
  if (config.http.maxRequestsPerConnection > 0) server.maxRequestsPerSocket = config.http.maxRequestsPerConnection;
  if (config.http.trustProxy) app.set('trust proxy', 1);
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    assignCorrelationId(req, res);
    next();
  });
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.use(cookieParser());
  // Swagger UI needs inline scripts and styles; every other route gets helmet's strict defaults.
  // Pages: no inline script or style at all, nothing from other origins (helmet's default allows inline styles).
  const strict = helmet({
    contentSecurityPolicy: {
      directives: { 'style-src': ["'self'"], 'font-src': ["'self'"], 'upgrade-insecure-requests': config.http.publicUrl.startsWith('https://') ? [] : null },
    },
  });
  const docs = helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } } });
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/docs') ? docs : strict)(req, res, next));
  // Answers under /api/v1 carry personal data, case files and documents: no browser or proxy may keep a copy.
  app.use(`/${API_PREFIX}`, (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Per-IP limits (in memory: behind several instances the limit is per instance; the login throttle per address
  // and IP, kept in the database, backs up the login limit). The public status lookup answers "not found" for wrong codes, so guessing is pointless.
  app.use(`/${API_PREFIX}/auth`, perIpLimit(config.auth.loginRateLimitPerMinute));
  app.use(`/${API_PREFIX}/applications/status`, perIpLimit(config.auth.loginRateLimitPerMinute));
  // Anonymous submissions file a case and send a mail each: a per-IP cap per hour (the status lookup and the agency
  // list below the same path are not counted).
  const submissions = perIpLimit(config.intake.submissionRateLimitPerHour, 3_600_000);
  app.use(`/${API_PREFIX}/applications`, (req: Request, res: Response, next: NextFunction) => (req.method === 'POST' && (req.path === '/' || req.path === '') ? submissions(req, res, next) : next()));
  // Document downloads by tracking number and query code: the same credential, the same limit.
  app.use(`/${API_PREFIX}/applications/documents`, perIpLimit(config.auth.loginRateLimitPerMinute));
  // Withdrawal through the status lookup takes the same credential: the same limit.
  app.use(`/${API_PREFIX}/applications/withdraw`, perIpLimit(config.auth.loginRateLimitPerMinute));
  // Uploads need no login (a web applicant attaches files before submitting): a per-IP cap keeps the disk safe.
  app.use(`/${API_PREFIX}/attachments`, perIpLimit(config.intake.attachmentUploadRateLimitPerMinute));
  // Server-rendered pages (src/modules/web): views, assets, session, 长辈版, CSRF; outside the API prefix.
  setupWebPages(app, config);
  // No enableShutdownHooks: the process entry (main.ts) owns the stopping signals, closes the app, then stops the
  // embedded PostgreSQL and exits. Nest's hooks would close the app too and then re-raise the signal, killing the
  // process before the database is stopped.
  setupOpenApi(app);
  return app;
}

function perIpLimit(limit: number, windowMs = 60_000) {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req: Request, res: Response) => {
      res.status(429).json({ code: 'RATE_LIMITED', message: ERROR_TABLE.RATE_LIMITED.message, correlationId: assignCorrelationId(req, res) });
    },
  });
}

// The OpenAPI document (every DTO's metadata as one object, ~20 MB of heap) is built on the first request to
// /api/docs or /api/docs-json, not at start-up: most instances never serve it, and idle memory stays small.
function setupOpenApi(app: INestApplication): void {
  const build = (): OpenAPIObject => {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Gongkai 公开 — 政府信息依申请公开办理系统 API')
        .setDescription(
          '错误统一返回 `{ code, message, errors?: [{ field, code, message }], correlationId }`：code 为稳定的英文错误码，message 为中文说明。' +
            '日期一律为 YYYY-MM-DD（北京时间）。',
        )
        .setVersion('1')
        .addBearerAuth()
        .addCookieAuth('gk_access')
        .build(),
    );
    addCaseEventSchemas(document);
    mergeHeaderParameters(document);
    markDateStrings(document);
    return document;
  };
  SwaggerModule.setup('api/docs', app, build, { jsonDocumentUrl: 'api/docs-json', customSiteTitle: 'Gongkai API' });
}
