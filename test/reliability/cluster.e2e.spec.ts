import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type AppChild, startAppChild, tempDir, until } from '../setup/app-child.js';
import { webApplication } from '../setup/applications.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

/** The node processes the supervising process forked (its embedded PostgreSQL would be `postgres`; here there is none). */
function workerPids(app: AppChild): number[] {
  const pid = app.child.pid!;
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .split(' ')
    .filter(Boolean)
    .map(Number)
    .filter((p) => existsSync(`/proc/${p}/comm`) && readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'node');
}

/** A process's nice value (field 19 of /proc/PID/stat, counted after the command name). */
function niceOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
}

/** The node flags on a process's command line. */
function nodeFlagsOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg.startsWith('--'));
}

/** The HTTP workers (nice 0) and the background worker (nice 10), once all three run. */
function workers(app: AppChild): { http: number[]; jobs: number } | undefined {
  const pids = workerPids(app);
  const jobs = pids.filter((p) => niceOf(p) === 10);
  const http = pids.filter((p) => niceOf(p) === 0);
  return pids.length === 3 && jobs.length === 1 && http.length === 2 ? { http, jobs: jobs[0] } : undefined;
}

/**
 * HTTP_WORKERS=2: one supervising process, two workers sharing the port and the database, and one background worker
 * running the periodic jobs at a lower CPU priority. Each request is answered by one of the two; a worker that dies
 * is replaced in its role while the others go on; SIGTERM stops them all.
 */
describe('the service with HTTP_WORKERS=2', () => {
  let db: TestDatabase;
  let app: AppChild;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startAppChild({ DATABASE_URL: db.url, DB_RUN_MIGRATIONS: 'true', DB_SEED_DEMO: 'true', DATA_DIR: tempDir('cluster-'), HTTP_WORKERS: '2', DB_POOL_SIZE: '4', SCHEDULER_INTERVAL_SECONDS: '1' });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const submit = (n: number) =>
    fetch(`${app.url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(webApplication({}, n)),
    });
  const apply = (n: number) => submit(n).then((r) => r.status);
  const fingerprinted = async (trackingNumber: string) => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(`SELECT 1 FROM request_fingerprint f JOIN case_file c ON c.id = f.case_id WHERE c.tracking_number = $1`, [trackingNumber])).rowCount! > 0;
    } finally {
      await client.end();
    }
  };

  it('runs the periodic jobs in the background worker only, at nice 10', async () => {
    const { jobs } = await until('three workers', () => workers(app));
    expect(app.output()).toContain('Workers:   2 processes (HTTP_WORKERS) and 1 for background jobs');
    // Frequent-request detection is a periodic job: with the background worker stopped, nobody detects.
    process.kill(jobs, 'SIGSTOP');
    try {
      const res = await submit(650);
      expect(res.status).toBe(201);
      const { trackingNumber } = (await res.json()) as { trackingNumber: string };
      await new Promise((r) => setTimeout(r, 7000)); // longer than the detection poll (5 s)
      expect(await fingerprinted(trackingNumber)).toBe(false);
      process.kill(jobs, 'SIGCONT');
      await until('the background worker detecting it', async () => ((await fingerprinted(trackingNumber)) ? true : undefined), 30_000);
    } finally {
      process.kill(jobs, 'SIGCONT');
    }
  });

  it('starts the HTTP workers with old-generation headroom (HTTP_WORKER_OLD_SPACE_MB, 160 by default), the background worker without', async () => {
    const { http, jobs } = await until('three workers', () => workers(app));
    for (const pid of http) expect(nodeFlagsOf(pid)).toContain('--initial-old-space-size=160');
    expect(nodeFlagsOf(jobs).filter((flag) => flag.startsWith('--initial-old-space-size'))).toEqual([]);
    expect(nodeFlagsOf(app.child.pid!).filter((flag) => flag.startsWith('--initial-old-space-size'))).toEqual([]);
  });

  it('runs two workers that answer on the one port, replaces one that dies in its role, and stops them all on SIGTERM', async () => {
    const first = (await until('three workers', () => workers(app)))!;
    expect(await Promise.all(Array.from({ length: 8 }, (_, i) => apply(700 + i)))).toEqual(Array(8).fill(201));

    process.kill(first.http[0], 'SIGKILL');
    const replaced = await until('a replacement worker', () => {
      const now = workers(app);
      return now && !now.http.includes(first.http[0]) ? now : undefined;
    });
    expect(replaced.http).toContain(first.http[1]);
    expect(replaced.jobs).toBe(first.jobs);
    await until('the replacement listening', async () => ((await apply(720)) === 201 && (await apply(721)) === 201 ? true : undefined));
    expect(app.output()).toContain(`Gongkai worker ${first.http[0]} died (SIGKILL); starting another`);
    // The replacement is started as the first ones were: with the HTTP workers' heap headroom.
    const replacement = replaced.http.find((pid) => pid !== first.http[1])!;
    expect(nodeFlagsOf(replacement)).toContain('--initial-old-space-size=160');

    process.kill(first.jobs, 'SIGKILL');
    const again = await until('a replacement background worker', () => {
      const now = workers(app);
      return now && now.jobs !== first.jobs ? now : undefined;
    });
    expect(again.http.sort()).toEqual(replaced.http.sort());
    expect(app.output()).toContain(`Gongkai background worker ${first.jobs} died (SIGKILL); starting another`);

    await app.stop();
    expect(app.child.exitCode).toBe(0);
    for (const pid of [...again.http, again.jobs]) expect(existsSync(`/proc/${pid}`)).toBe(false);
  });
});
