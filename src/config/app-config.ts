import { randomBytes } from 'node:crypto';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables } from './environment-variables.js';

/** Typed, validated configuration. Built once at boot from the environment (see README "Configuration"). */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: {
    host: string;
    port: number;
    publicUrl: string;
    trustProxy: boolean;
    bodyLimit: string;
    /** Processes serving HTTP on the one port (node:cluster); 1 = this process serves it itself. */
    workers: number;
    /**
     * With workers > 1: the V8 old generation each HTTP worker starts with (`--initial-old-space-size`, MB), so that
     * a full collection runs when that much has been promoted, not as soon as the heap outgrows its live data by a
     * fraction. 0 leaves the sizing to V8.
     */
    workerOldSpaceMb: number;
    /** How long an idle keep-alive connection stays open: longer than any proxy in front keeps one idle. */
    keepAliveTimeoutMs: number;
    /**
     * Requests one keep-alive connection may carry before the answer to the last says `Connection: close` (0: no
     * limit), so that the connection is opened again and lands on the next worker in turn.
     */
    maxRequestsPerConnection: number;
  };
  log: { level: string; pretty: boolean };
  dataDir: string;
  database: {
    /** Set when an external server is used; unset means "start the embedded PostgreSQL". */
    url: string | null;
    /** A read replica for statistics, reports and archive search; null = those reads use the primary. */
    readUrl: string | null;
    /** While the replica cannot be reached its reads go to the primary; it is tried again at most this often. */
    readRetryMs: number;
    embedded: { dir: string; port: number };
    runMigrations: boolean;
    seedDemo: boolean;
    poolSize: number;
    /** How long a request waits for a new database connection before it is answered 503 DATABASE_UNAVAILABLE. */
    connectTimeoutMs: number;
  };
  scheduler: {
    /** Seconds between deadline scans; 0 disables the scanner on this instance. */
    intervalSeconds: number;
    batchSize: number;
  };
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    maxFailedLogins: number;
    lockMinutes: number;
    loginRateLimitPerMinute: number;
    /** Base delay after a wrong password; doubles with each consecutive failure (capped at 3 s). */
    failureDelayMs: number;
    /** How long an instance remembers a user's current state (active, role, agency, token version); 0 = not at all. */
    sessionCacheSeconds: number;
  };
  /** Where blobs live (README "Storage"): local disk under DATA_DIR/blobs, or an S3-compatible bucket. */
  storage: {
    driver: 'local' | 's3';
    s3: { endpoint: string | null; region: string; bucket: string; accessKeyId: string | null; secretAccessKey: string | null; forcePathStyle: boolean } | null;
  };
  intake: {
    attachmentMaxBytes: number;
    /** Uploads per minute per client IP (uploads need no login: web applicants attach files before submitting). */
    attachmentUploadRateLimitPerMinute: number;
    /** Uploads never linked to a case are deleted after this many hours; 0 keeps them. */
    attachmentUnlinkedRetentionHours: number;
    /** HMAC key for stored query codes (and applicant keys); derived from the JWT secret unless set. */
    queryCodeSecret: string;
    /** Key for the few values stored encrypted (applicant ID numbers); derived from the JWT secret unless set. */
    dataEncryptionKey: string;
    /** 109号第四条: more than 10 applications in a calendar month is where fees start; repeat hints flag it. */
    monthlyRequestThreshold: number;
    /** POST /applications per client IP per hour (no login needed; each files a case and sends a mail). */
    submissionRateLimitPerHour: number;
    /** Acknowledgements of web submissions one address receives per 24 hours; beyond it the case is filed unmailed. */
    acknowledgementMailsPerAddressPerDay: number;
  };
  mail: {
    /** Unset: nothing is sent; each mail is written as an .eml file to `outboxDir` for a person to open. */
    smtpUrl: string | null;
    from: string;
    outboxDir: string;
    /** Seconds between outbox polls; 0 disables polling on this instance (kick() still dispatches). */
    dispatchIntervalSeconds: number;
    batchSize: number;
    maxAttempts: number;
    retryBaseSeconds: number;
    retryMaxSeconds: number;
    /** How long a claimed message stays reserved for its sender before another instance may take it over. */
    leaseSeconds: number;
  };
  /** Official documents (src/modules/documents): template files and PDF fonts. */
  documents: {
    /** Root of the template files; the letters live in `<templatesDir>/letters`. */
    templatesDir: string;
    /** Font files (TTF/OTF, or TTC as `file#PostScriptName`); null = the built-in default. */
    fonts: { regular: string | null; bold: string | null; fallbacks: string[] | null };
    /** PNG of an electronic seal printed on issued documents (never on drafts); null: none. */
    sealImage: string | null;
    /** Worker threads rendering PDFs off the event loop; 0 = on the main thread. */
    renderWorkers: number;
  };
  /** Evidence archive (src/modules/archive): the signing key of bundles and ledger checkpoints. */
  archive: {
    /** PKCS#8 PEM of an Ed25519 (or SM2) key; null = generated once per data directory (`$DATA_DIR/archive-signing-key.json`). */
    signingKeyPem: string | null;
    signingKeyValidFrom: string | null;
    signingKeyValidYears: number;
    /** Algorithm of the signing key: Ed25519 (default) or SM2 (GB/T 32918, with SM3). */
    signatureAlgorithm: 'ed25519' | 'sm2';
    /** The checkpoint's origin line. */
    logOrigin: string;
    /** Bulk export caps: cases per export (refused beyond) and bytes per export ZIP (the job fails beyond). */
    exportMaxCases: number;
    exportMaxBytes: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, { ...env }, { enableImplicitConversion: false });
  const errors = validateSync(vars, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  const nodeEnv = vars.NODE_ENV ?? 'development';
  const dataDir = path.resolve(vars.DATA_DIR ?? 'data');
  const databaseUrl = vars.DATABASE_URL ?? null;
  if (nodeEnv === 'production' && !vars.JWT_SECRET) {
    throw new ConfigError(['JWT_SECRET: required when NODE_ENV=production (at least 32 characters)']);
  }
  if (vars.STORAGE_DRIVER === 's3' && !vars.S3_BUCKET) {
    throw new ConfigError(['S3_BUCKET: required when STORAGE_DRIVER=s3']);
  }
  if (!vars.S3_ACCESS_KEY_ID !== !vars.S3_SECRET_ACCESS_KEY) {
    throw new ConfigError(['S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY: set both or neither (neither: the SDK default credential chain)']);
  }
  if ((vars.MAIL_RETRY_MAX_SECONDS ?? 3600) < (vars.MAIL_RETRY_BASE_SECONDS ?? 30)) {
    throw new ConfigError(['MAIL_RETRY_MAX_SECONDS: must not be smaller than MAIL_RETRY_BASE_SECONDS']);
  }
  const host = vars.HOST ?? '127.0.0.1';
  const port = vars.PORT ?? 3000;
  return {
    env: nodeEnv,
    http: {
      host,
      port,
      publicUrl: vars.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
      trustProxy: vars.TRUST_PROXY ?? false,
      bodyLimit: vars.HTTP_BODY_LIMIT ?? '1mb',
      keepAliveTimeoutMs: (vars.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS ?? 65) * 1000,
      maxRequestsPerConnection: vars.HTTP_MAX_REQUESTS_PER_CONNECTION ?? 100,
      workers: vars.HTTP_WORKERS ?? 1,
      workerOldSpaceMb: vars.HTTP_WORKER_OLD_SPACE_MB ?? 160,
    },
    log: { level: vars.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'), pretty: vars.LOG_PRETTY ?? false },
    dataDir,
    database: {
      url: databaseUrl,
      readUrl: vars.DATABASE_READ_URL ?? null,
      readRetryMs: (vars.DATABASE_READ_RETRY_SECONDS ?? 30) * 1000,
      embedded: { dir: path.resolve(vars.EMBEDDED_PG_DIR ?? path.join(dataDir, 'postgres')), port: vars.EMBEDDED_PG_PORT ?? 54329 },
      runMigrations: vars.DB_RUN_MIGRATIONS ?? true,
      // The embedded default is a demo/evaluation install: seed it. A real server is seeded only on request.
      seedDemo: vars.DB_SEED_DEMO ?? databaseUrl === null,
      poolSize: vars.DB_POOL_SIZE ?? 10,
      connectTimeoutMs: vars.DB_CONNECT_TIMEOUT_MS ?? 5000,
    },
    scheduler: {
      intervalSeconds: vars.SCHEDULER_INTERVAL_SECONDS ?? (nodeEnv === 'test' ? 0 : 60),
      batchSize: vars.SCHEDULER_BATCH_SIZE ?? 200,
    },
    auth: {
      jwtSecret: vars.JWT_SECRET ?? localJwtSecret(dataDir),
      accessTokenTtlSeconds: vars.JWT_ACCESS_TTL_SECONDS ?? 900,
      refreshTokenTtlDays: vars.REFRESH_TOKEN_TTL_DAYS ?? 14,
      maxFailedLogins: vars.AUTH_MAX_FAILED_LOGINS ?? 5,
      lockMinutes: vars.AUTH_LOCK_MINUTES ?? 15,
      loginRateLimitPerMinute: vars.AUTH_RATE_LIMIT_PER_MINUTE ?? 20,
      failureDelayMs: vars.AUTH_FAILURE_DELAY_MS ?? 250,
      sessionCacheSeconds: vars.AUTH_SESSION_CACHE_SECONDS ?? 5,
    },
    storage: {
      driver: vars.STORAGE_DRIVER ?? 'local',
      s3:
        vars.STORAGE_DRIVER === 's3'
          ? {
              endpoint: vars.S3_ENDPOINT ?? null,
              region: vars.S3_REGION ?? 'us-east-1',
              bucket: vars.S3_BUCKET ?? '',
              accessKeyId: vars.S3_ACCESS_KEY_ID ?? null,
              secretAccessKey: vars.S3_SECRET_ACCESS_KEY ?? null,
              forcePathStyle: vars.S3_FORCE_PATH_STYLE ?? false,
            }
          : null,
    },
    intake: {
      attachmentMaxBytes: vars.ATTACHMENT_MAX_BYTES ?? 20 * 1024 * 1024,
      attachmentUploadRateLimitPerMinute: vars.ATTACHMENT_UPLOAD_RATE_LIMIT_PER_MINUTE ?? 30,
      attachmentUnlinkedRetentionHours: vars.ATTACHMENT_UNLINKED_RETENTION_HOURS ?? 24,
      // A separate key lets JWT_SECRET rotate without invalidating every query code handed out.
      queryCodeSecret: vars.QUERY_CODE_SECRET ?? derivedSecret(vars.JWT_SECRET ?? localJwtSecret(dataDir), 'gongkai/query-code/v1'),
      monthlyRequestThreshold: vars.INTAKE_MONTHLY_REQUEST_THRESHOLD ?? 10,
      submissionRateLimitPerHour: vars.APPLICATION_RATE_LIMIT_PER_HOUR ?? 30,
      acknowledgementMailsPerAddressPerDay: vars.ACK_MAILS_PER_ADDRESS_PER_DAY ?? 5,
      dataEncryptionKey: vars.DATA_ENCRYPTION_KEY ?? derivedSecret(vars.JWT_SECRET ?? localJwtSecret(dataDir), 'gongkai/data-encryption/v1'),
    },
    mail: {
      smtpUrl: vars.SMTP_URL ?? null,
      from: vars.MAIL_FROM ?? '"Gongkai 政府信息公开" <noreply@gongkai.local>',
      outboxDir: path.join(dataDir, 'mail', 'outbox'),
      // Tests drive the dispatcher by hand (dispatchDue()), like the deadline scanner.
      dispatchIntervalSeconds: vars.MAIL_DISPATCH_INTERVAL_SECONDS ?? (nodeEnv === 'test' ? 0 : 10),
      batchSize: vars.MAIL_BATCH_SIZE ?? 20,
      maxAttempts: vars.MAIL_MAX_ATTEMPTS ?? 8,
      retryBaseSeconds: vars.MAIL_RETRY_BASE_SECONDS ?? 30,
      retryMaxSeconds: vars.MAIL_RETRY_MAX_SECONDS ?? 3600,
      leaseSeconds: vars.MAIL_LEASE_SECONDS ?? 300,
    },
    documents: {
      templatesDir: path.resolve(vars.DOCUMENT_TEMPLATES_DIR ?? 'templates'),
      sealImage: vars.DOCUMENT_SEAL_IMAGE ? path.resolve(vars.DOCUMENT_SEAL_IMAGE) : null,
      renderWorkers: vars.PDF_RENDER_WORKERS ?? 0,
      fonts: {
        regular: vars.DOCUMENT_FONT_REGULAR ?? null,
        bold: vars.DOCUMENT_FONT_BOLD ?? null,
        // Unset: Debian's fonts-noto-cjk when installed; set but empty: no fallback font.
        fallbacks:
          vars.DOCUMENT_FONT_FALLBACKS === undefined
            ? null
            : vars.DOCUMENT_FONT_FALLBACKS.split(',')
                .map((s) => s.trim())
                .filter((s) => s.length > 0),
      },
    },
    archive: {
      signingKeyPem: vars.ARCHIVE_SIGNING_KEY?.replace(/\\n/g, '\n') ?? null,
      signingKeyValidFrom: vars.ARCHIVE_SIGNING_KEY_VALID_FROM ?? null,
      signingKeyValidYears: vars.ARCHIVE_SIGNING_KEY_VALID_YEARS ?? 10,
      signatureAlgorithm: vars.ARCHIVE_SIGNATURE_ALGORITHM ?? 'ed25519',
      logOrigin: vars.ARCHIVE_LOG_ORIGIN ?? `${new URL(vars.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).host}/gongkai/archive-log`,
      exportMaxCases: vars.ARCHIVE_EXPORT_MAX_CASES ?? 500,
      exportMaxBytes: vars.ARCHIVE_EXPORT_MAX_BYTES ?? 2 * 1024 ** 3,
    },
  };
}

/** Outside production a secret is generated once per data directory, so restarts keep sessions valid. */
function localJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function derivedSecret(master: string, purpose: string): string {
  return createHmac('sha256', master).update(purpose).digest('base64url');
}
