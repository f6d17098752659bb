import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables } from './environment-variables.js';

/** Typed, validated configuration. Built once at boot from the environment (see README "Configuration"). */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; publicUrl: string; trustProxy: boolean; bodyLimit: string };
  log: { level: string; pretty: boolean };
  dataDir: string;
  database: {
    /** Set when an external server is used; unset means "start the embedded PostgreSQL". */
    url: string | null;
    embedded: { dir: string; port: number };
    runMigrations: boolean;
    seedDemo: boolean;
    poolSize: number;
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
    },
    log: { level: vars.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'), pretty: vars.LOG_PRETTY ?? false },
    dataDir,
    database: {
      url: databaseUrl,
      embedded: { dir: path.resolve(vars.EMBEDDED_PG_DIR ?? path.join(dataDir, 'postgres')), port: vars.EMBEDDED_PG_PORT ?? 54329 },
      runMigrations: vars.DB_RUN_MIGRATIONS ?? true,
      // The embedded default is a demo/evaluation install: seed it. A real server is seeded only on request.
      seedDemo: vars.DB_SEED_DEMO ?? databaseUrl === null,
      poolSize: vars.DB_POOL_SIZE ?? 10,
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
