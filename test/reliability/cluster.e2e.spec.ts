import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
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


/**
 * HTTP_WORKERS=2: one supervising process, two workers sharing the port and the database. Each request is answered
 * by one of them; a worker that dies is replaced while the other keeps answering; SIGTERM stops them all.
 */
describe('the service with HTTP_WORKERS=2', () => {
  let db: TestDatabase;
  let app: AppChild;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startAppChild({ DATABASE_URL: db.url, DB_RUN_MIGRATIONS: 'true', DB_SEED_DEMO: 'true', DATA_DIR: tempDir('cluster-'), HTTP_WORKERS: '2', DB_POOL_SIZE: '4' });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const apply = (n: number) =>
    fetch(`${app.url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(webApplication({}, n)),
    }).then((r) => r.status);

  it('runs two workers that answer on the one port, replaces one that dies, and stops them all on SIGTERM', async () => {
    const first = workerPids(app);
    expect(first).toHaveLength(2);
    expect(app.output()).toContain('Workers:   2 processes (HTTP_WORKERS)');
    expect(await Promise.all(Array.from({ length: 8 }, (_, i) => apply(700 + i)))).toEqual(Array(8).fill(201));

    process.kill(first[0], 'SIGKILL');
    const replaced = await until('a replacement worker', () => {
      const now = workerPids(app);
      return now.length === 2 && !now.includes(first[0]) ? now : undefined;
    });
    expect(replaced).toContain(first[1]);
    await until('the replacement listening', async () => ((await apply(720)) === 201 && (await apply(721)) === 201 ? true : undefined));
    expect(app.output()).toContain(`Gongkai worker ${first[0]} died (SIGKILL); starting another`);

    await app.stop();
    expect(app.child.exitCode).toBe(0);
    for (const pid of replaced) expect(existsSync(`/proc/${pid}`)).toBe(false);
  });
});
