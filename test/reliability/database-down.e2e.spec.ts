import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type RunningEmbeddedPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { type AppChild, freePort, startAppChild, tempDir } from '../setup/app-child.js';
import { webApplication } from '../setup/applications.js';

const REQUEST_TIMEOUT_MS = 15_000;
const BOOT_ALLOWANCE_MS = 180_000;

interface Answer {
  status: number;
  body: { code?: string; message?: string; correlationId?: string; trackingNumber?: string };
  ms: number;
}

async function submit(app: AppChild, n: number): Promise<Answer | 'timeout' | 'no-answer'> {
  const started = Date.now();
  try {
    const res = await fetch(`${app.url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(webApplication({}, n)),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'], ms: Date.now() - started };
  } catch (e) {
    return (e as Error).name === 'TimeoutError' ? 'timeout' : 'no-answer';
  }
}

async function ready(app: AppChild): Promise<number | 'timeout'> {
  return fetch(`${app.url}/health/ready`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then(
    (r) => r.status,
    () => 'timeout' as const,
  );
}

/**
 * The service runs on its own PostgreSQL, whose postmaster is killed with SIGKILL during a burst of applications.
 * While the database is gone every request is answered, quickly, with 503 DATABASE_UNAVAILABLE in the standard
 * error body; /health/ready says 503; once PostgreSQL is back the same process serves again, without a restart.
 */
describe('database down: kill -9 of the postmaster during a burst', () => {
  const pgDir = path.join(tempDir('dbdown-'), 'pg');
  let pgPort: number;
  let postgres: RunningEmbeddedPostgres | undefined;
  let app: AppChild | undefined;

  beforeAll(async () => {
    pgPort = await freePort();
    postgres = await startEmbeddedPostgres({ dir: pgDir, port: pgPort, fast: true });
    const admin = new pg.Client({ connectionString: postgres.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE gongkai');
    await admin.end();
  }, BOOT_ALLOWANCE_MS);
  afterAll(async () => {
    await app?.stop();
    // Bounded: stopping a server that was killed and not restarted would wait for an exit that never comes.
    await Promise.race([postgres?.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000).unref())]);
  }, 30_000);

  function killPostmaster(): void {
    const pid = Number(readFileSync(path.join(postgres!.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    postgres = undefined;
  }

  it('answers 503 with the error body while PostgreSQL is gone and recovers without a restart', async () => {
    // The background loops (deadline scan, mail poll) run every second too: they must survive the outage as well.
    app = await startAppChild({
      DATABASE_URL: postgres!.url('gongkai'),
      DB_RUN_MIGRATIONS: 'true',
      DB_SEED_DEMO: 'true',
      DATA_DIR: tempDir('dbdown-app-'),
      SCHEDULER_INTERVAL_SECONDS: '1',
      MAIL_DISPATCH_INTERVAL_SECONDS: '1',
      // Boot (migrations and seed on a fresh database) is allowed as long as a loaded CI machine needs: a slow
      // start is not what this test is about.
    }, BOOT_ALLOWANCE_MS);
    const running = app;

    // A burst in flight while the postmaster dies: each request gets an answer (201 before, 503 after), none a 500.
    const burst = Array.from({ length: 40 }, (_, i) => submit(running, i + 1));
    await new Promise((r) => setTimeout(r, 150));
    killPostmaster();
    const during = await Promise.all(burst);
    // (the service's last output goes with a failure: a crash here would otherwise be a bare list of "no-answer")
    expect({ unanswered: during.filter((a) => typeof a === 'string'), exit: running.child.exitCode ?? running.child.signalCode, output: running.child.exitCode === null ? '' : running.output().slice(-3000) }).toEqual({ unanswered: [], exit: null, output: '' });
    const statuses = (during as Answer[]).map((a) => a.status);
    const unexpected = statuses.filter((s) => s !== 201 && s !== 503);
    expect({ unexpected, output: unexpected.length ? running.output().slice(-4000) : '' }).toEqual({ unexpected: [], output: '' });

    // While it is down: 503 with the standard body, fast; readiness says 503; liveness stays 200.
    await new Promise((r) => setTimeout(r, 1500));
    for (let i = 0; i < 5; i++) {
      const answer = await submit(running, 100 + i);
      expect(answer).toMatchObject({ status: 503, body: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String), correlationId: expect.any(String) } });
      expect((answer as Answer).ms).toBeLessThan(10_000);
    }
    const statusLookup = await fetch(`${running.url}/api/v1/applications/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trackingNumber: 'SLXZR-2026-000001', queryCode: 'K7M2-Q9XT-4HPR' }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    expect(statusLookup.status).toBe(503);
    expect(await ready(running)).toBe(503);
    const readiness = await fetch(`${running.url}/health/ready`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    expect(await readiness.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect((await fetch(`${running.url}/health`)).status).toBe(200);

    // PostgreSQL back (crash recovery replays its WAL): the same process serves again within a bounded time.
    postgres = await startEmbeddedPostgres({ dir: pgDir, port: pgPort, fast: true });
    const deadline = Date.now() + 30_000;
    while ((await ready(running)) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await ready(running)).toBe(200);
    const after = await submit(running, 200);
    expect(after).toMatchObject({ status: 201, body: { trackingNumber: expect.stringMatching(/^SLXZR-/) } });
    expect(running.child.exitCode).toBeNull();
  }, BOOT_ALLOWANCE_MS + 120_000);
});
