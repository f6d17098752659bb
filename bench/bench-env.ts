// What the database-backed benchmarks share: a throwaway embedded PostgreSQL in a temp dir, the schema and demo
// data through the service's own code, and the app in a child process against it. Every resource is handed to
// ctx.defer, so the runner tears it down whatever happens (also on Ctrl-C).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { seedDemoData } from '../src/database/seed/demo-seed.js';
import { typeOrmOptions } from '../src/database/typeorm-options.js';
import { AppProcess } from './app-process.js';
import type { BenchContext, ResultRow } from './harness.js';
import { freePort } from './http-client.js';

export type Step = <T>(what: string, work: () => Promise<T>) => Promise<T>;

/** Logs `what …`, runs it, logs how long it took. */
export function stepTimer(ctx: BenchContext): Step {
  return async (what, work) => {
    ctx.log(`${what} …`);
    const t0 = performance.now();
    const result = await work();
    ctx.log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return result;
  };
}

export interface BenchPostgres {
  /** The temp dir: the cluster lives in `pg/`, the app's DATA_DIR may go next to it. */
  tmp: string;
  /** The benchmark's database. */
  url: string;
  /** The server's data directory (postmaster.pid lives there). */
  dataDir: string;
  /** The server's last log lines, for a crash report. */
  recentLog(lines: number): string[];
}

/**
 * A temp dir, an embedded PostgreSQL on a free loopback port, and `database` created in it. Fast mode (no fsync, no
 * synchronous commit) unless `durable`: then the server's defaults, as in production (every COMMIT flushed to disk).
 */
export async function startBenchPostgres(ctx: BenchContext, step: Step, database: string, durable = false): Promise<BenchPostgres> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'gongkai-bench-'));
  chmodSync(tmp, 0o755); // as root the server runs as the `postgres` OS user, which must reach its data dir
  // Last resort if the process exits without running the deferred cleanups (e.g. a signal).
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
  process.on('exit', removeTmp);
  ctx.defer(() => {
    removeTmp();
    process.off('exit', removeTmp);
    ctx.log(`removed ${tmp}`);
  });
  const log: string[] = [];
  const port = await freePort();
  const server = await step(`starting embedded PostgreSQL (${durable ? 'durable: fsync and synchronous_commit on' : 'fast mode'}) on 127.0.0.1:${port}`, () =>
    startEmbeddedPostgres({
      dir: path.join(tmp, 'pg'),
      port,
      fast: !durable,
      onLog: (m) => {
        if (log.push(m) > 200) log.shift();
      },
    }),
  );
  ctx.defer(async () => {
    await server.stop();
    ctx.log('PostgreSQL stopped');
  });
  const admin = new pg.Client({ connectionString: server.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  return { tmp, url: server.url(database), dataDir: server.dataDir, recentLog: (n) => log.slice(-n) };
}

/** Migrations and the demo seed through the service's own code; the DataSource (small pool) stays open until cleanup. */
export async function migrateAndSeed(ctx: BenchContext, step: Step, url: string, logger?: TypeOrmLogger): Promise<DataSource> {
  const dataSource = new DataSource({ ...typeOrmOptions({ url, poolSize: 2 }), ...(logger ? { logger } : {}) });
  await dataSource.initialize();
  ctx.defer(() => dataSource.destroy().then(() => undefined));
  await step('migrations + demo seed', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    await seedDemoData(dataSource);
  });
  return dataSource;
}

/**
 * The app (createApp, as main.ts) in a child process against `url`, production mode, silent logs, no background
 * deadline scan. `env` adds or overrides variables.
 */
export async function startBenchApp(
  ctx: BenchContext,
  step: Step,
  db: BenchPostgres,
  env: Record<string, string> = {},
): Promise<{ app: AppProcess; port: number }> {
  const started = await step('starting the app in a child process (createApp, LOG_LEVEL=silent)', () =>
    AppProcess.start({
      NODE_ENV: 'production',
      DATA_DIR: path.join(db.tmp, 'app'),
      DATABASE_URL: db.url,
      DB_RUN_MIGRATIONS: 'false',
      DB_SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      JWT_SECRET: randomBytes(32).toString('hex'),
      // A background deadline scan would add noise to the measurements.
      SCHEDULER_INTERVAL_SECONDS: '0',
      ...env,
    }),
  );
  ctx.defer(() => started.app.close());
  return started;
}

/** On a failure: the app's exit report (if it died) and the last PostgreSQL log lines. */
export function logFailureContext(ctx: BenchContext, db: BenchPostgres, app: AppProcess | undefined): void {
  const crash = app?.crashReport;
  if (crash) ctx.log(crash);
  const lines = db.recentLog(15);
  if (lines.length > 0) ctx.log(`last PostgreSQL log lines:\n    ${lines.join('\n    ')}`);
}

/** What a benchmark body gets: the timer, its own PostgreSQL, and where to record the app it starts (for failures). */
export type BenchBody = (ctx: BenchContext, step: Step, db: BenchPostgres, started: { app?: AppProcess }) => Promise<ResultRow[]>;

/** Runs a benchmark body on its own embedded PostgreSQL; on a failure, logs the app's and the server's last words. */
export async function runOnBenchPostgres(ctx: BenchContext, database: string, body: BenchBody, durable = false): Promise<ResultRow[]> {
  const step = stepTimer(ctx);
  const db = await startBenchPostgres(ctx, step, database, durable);
  const started: { app?: AppProcess } = {};
  try {
    return await body(ctx, step, db, started);
  } catch (e) {
    logFailureContext(ctx, db, started.app);
    throw e;
  }
}
