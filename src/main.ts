import 'reflect-metadata';
import cluster, { type Worker } from 'node:cluster';
import { setPriority } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DataSource } from 'typeorm';
import { type AppConfig, ConfigError, loadAppConfig } from './config/app-config.js';
import { type RunningEmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres.js';
import { DEMO_PASSWORD, DEMO_USERS } from './database/seed/demo-seed.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee README.md "Configuration".\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }

  // No DATABASE_URL: start a real PostgreSQL ourselves, with its data under DATA_DIR.
  const embedded = config.database.url
    ? null
    : await startEmbeddedPostgres({ dir: config.database.embedded.dir, port: config.database.embedded.port, onLog: () => undefined });
  if (embedded) {
    await ensureDatabase(embedded.url('postgres'), 'gongkai');
  }
  const databaseUrl = config.database.url ?? embedded!.url('gongkai');

  if (cluster.isPrimary && config.http.workers > 1) {
    await superviseWorkers(config, databaseUrl, embedded);
    printBanner(config, embedded);
    return;
  }

  // The application is imported here, not at the top: a cluster's supervising process never loads it.
  const { createApp } = await import('./bootstrap.js');
  const { seedDemoData } = await import('./database/seed/demo-seed.js');
  const app = await createApp({ config, databaseUrl });
  const jobsOnly = process.env[WORKER_ROLE] === 'jobs';
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stdout.write(`\n${signal} received: stopping Gongkai…\n`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  // The signals that stop a service (not SIGUSR2, which `node --heapsnapshot-signal=SIGUSR2` uses in npm run soak):
  // close the app (every module's shutdown hooks run), then stop the embedded server, then exit. Listeners stay
  // on: a second Ctrl-C while stopping must not kill the process before its database is stopped.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));

  if (jobsOnly) {
    // The background worker: every periodic job, no port. Started with its scheduler on (onApplicationBootstrap).
    await app.init();
    setPriority(BACKGROUND_NICENESS);
    collectBootGarbage();
    process.send?.(JOBS_READY);
    return;
  }
  if (config.database.seedDemo) await seedDemoData(app.get(DataSource));
  await app.listen(config.http.port, config.http.host);
  collectBootGarbage();
  if (cluster.isPrimary) printBanner(config, embedded);
}

/**
 * One full garbage collection once the service listens. Booting leaves large garbage that no allocation would make
 * V8 collect soon, chiefly the two CJK font files (~14 MB each) read to check DOCUMENT_FONT_* and let go until the
 * first document: an idle instance would hold ~30 MB it does not use until its first busy minute. `gc` is exposed
 * for this one call the way jest's leak detector does it (the flag must not be required on the command line).
 */
function collectBootGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Set on the forked background worker (see superviseWorkers). */
const WORKER_ROLE = 'GONGKAI_WORKER_ROLE';
const JOBS_READY = 'gongkai:jobs-ready';
/**
 * The background worker's nice value: under load the kernel gives the HTTP workers the cores first, and the jobs
 * still get about a tenth of a busy core (CFS weights 1024 : 110), plenty for scans that take seconds an hour.
 */
const BACKGROUND_NICENESS = 10;

type WorkerRole = 'first' | 'http' | 'jobs';

const INITIAL_OLD_SPACE = '--initial-old-space-size';

/**
 * An HTTP worker's node flags: the supervisor's own, plus `--initial-old-space-size` (HTTP_WORKER_OLD_SPACE_MB)
 * unless that is 0 or the supervisor was started with the flag. V8 starts a full collection once the old generation
 * has grown by a fraction of what survived the last one. Under load an HTTP worker keeps about 75 MB alive and
 * promotes about 2 MB/s of per-request objects that lived across a few awaits, so it collected in full every 5–6 s,
 * each time pausing for 15–75 ms plus incremental steps of up to 25 ms, and every request in flight on that worker
 * waited. Starting the old generation at 160 MB, a worker collects in full every 30–42 s instead (each pause
 * 15–27 ms). At 256 MB it was every 50–100 s, but the heaps then took several minutes to reach their size, and the
 * service's RSS with them; at 160 MB they reach it within the first two minutes. Costs: the heap under load is
 * larger by about 60 MB, an idle worker by about 10 MB.
 */
function httpWorkerExecArgv(execArgv: readonly string[], oldSpaceMb: number): string[] {
  if (oldSpaceMb === 0 || execArgv.some((flag) => flag.startsWith(INITIAL_OLD_SPACE))) return [...execArgv];
  return [...execArgv, `${INITIAL_OLD_SPACE}=${oldSpaceMb}`];
}

/**
 * HTTP_WORKERS > 1: this process starts the embedded PostgreSQL (if any) and forks that many copies of the service,
 * which share the port (node:cluster hands each new connection to one of them in turn) and the database, as
 * instances behind a load balancer would, plus one background worker that serves no HTTP and runs the periodic jobs
 * (deadline scans, archiving and the integrity sweep, frequent-request detection, the mail poll, upload sweeps) at a
 * lower CPU priority. Those jobs run in bursts of CPU (matching a batch of requests against thousands of earlier
 * ones, hashing every archived file): in an HTTP worker, every request behind one waits. The HTTP workers still
 * send a use case's mail right after its commit. The first worker runs the migrations and the demo seed and must be
 * listening before the others start with both off (two workers migrating at once would race). A worker that dies is
 * replaced in its role; SIGINT/SIGTERM stop every worker gracefully, then the embedded PostgreSQL.
 */
async function superviseWorkers(config: AppConfig, databaseUrl: string, embedded: RunningEmbeddedPostgres | null): Promise<void> {
  const env = (role: WorkerRole) => ({
    DATABASE_URL: databaseUrl,
    ...(role === 'first' ? {} : { DB_RUN_MIGRATIONS: 'false', DB_SEED_DEMO: 'false' }),
    ...(role === 'jobs' ? { [WORKER_ROLE]: 'jobs' } : { SCHEDULER_INTERVAL_SECONDS: '0', MAIL_DISPATCH_INTERVAL_SECONDS: '0' }),
  });
  const roles = new Map<number, WorkerRole>();
  const start = (role: WorkerRole) =>
    new Promise<Worker>((resolve, reject) => {
      // Each fork takes the settings given last: the HTTP workers get old-generation headroom; the background
      // worker, whose pauses hold up no request, keeps V8's own sizing and its smaller footprint.
      cluster.setupPrimary({ execArgv: role === 'jobs' ? process.execArgv : httpWorkerExecArgv(process.execArgv, config.http.workerOldSpaceMb) });
      const worker = cluster.fork(env(role));
      roles.set(worker.id, role === 'first' ? 'http' : role);
      if (role === 'jobs') worker.on('message', (m) => m === JOBS_READY && resolve(worker));
      else worker.once('listening', () => resolve(worker));
      worker.once('exit', (code, signal) => reject(new Error(`a worker exited while starting (${signal ?? `exit code ${code}`})`)));
    });
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const role = roles.get(worker.id) ?? 'http';
    roles.delete(worker.id);
    process.stderr.write(`Gongkai ${role === 'jobs' ? 'background worker' : 'worker'} ${worker.process.pid} died (${signal ?? `exit code ${code}`}); starting another\n`);
    setTimeout(() => void start(role).catch((e: unknown) => process.stderr.write(`${String(e)}\n`)), 1000);
  });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal} received: stopping Gongkai…\n`);
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (!worker || worker.isDead()) return resolve();
            const timer = setTimeout(() => worker.kill('SIGKILL'), 15_000);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.kill('SIGTERM');
          }),
      ),
    );
    await embedded?.stop();
    process.exit(0);
  };
  // Listening before the workers start: a Ctrl-C during their start stops them and the database too.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));

  await start('first');
  await Promise.all([...Array.from({ length: config.http.workers - 1 }, () => start('http')), start('jobs')]);
}

function printBanner(config: AppConfig, embedded: RunningEmbeddedPostgres | null): void {
  const url = config.http.publicUrl;
  const lines = [
    '',
    `Gongkai 公开 is running at ${url}`,
    `  API docs:  ${url}/api/docs  (OpenAPI JSON: ${url}/api/docs-json)`,
    `  Health:    ${url}/health/ready`,
    `  Database:  ${embedded ? `embedded PostgreSQL, data in ${embedded.dataDir}` : 'DATABASE_URL'}`,
  ];
  if (config.http.workers > 1) lines.push(`  Workers:   ${config.http.workers} processes (HTTP_WORKERS) and 1 for background jobs`);
  if (config.database.seedDemo) {
    lines.push(`  Demo logins (password ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.role.padEnd(14)} ${u.email}`);
  }
  lines.push('  Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n'));
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new DataSource({ type: 'postgres', url: adminUrl });
  await admin.initialize();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.length === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Gongkai failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
