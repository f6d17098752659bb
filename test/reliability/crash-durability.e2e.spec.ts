import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type AppChild, startAppChild, tempDir } from '../setup/app-child.js';
import { webApplication } from '../setup/applications.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

const BURST = 200;
const REQUEST_TIMEOUT_MS = 30_000;

interface Attempt {
  key: string;
  n: number;
  answer?: { status: number; trackingNumber?: string };
}

function submit(app: AppChild, attempt: Attempt): Promise<{ status: number; trackingNumber?: string } | undefined> {
  return fetch(`${app.url}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': attempt.key },
    body: JSON.stringify(webApplication({}, attempt.n)),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  }).then(
    async (res) => ({ status: res.status, trackingNumber: ((await res.json()) as { trackingNumber?: string }).trackingNumber }),
    () => undefined, // connection cut by the kill: no answer seen
  );
}

/**
 * The real service is killed with SIGKILL in the middle of a burst of web applications, then restarted on the
 * same database; the client retries, with the same Idempotency-Key, every request whose answer it never saw.
 * Nothing acknowledged may be lost, nothing may be filed twice, and the tracking numbers stay gap-free.
 */
describe('crash durability: kill -9 during a burst of web applications', () => {
  let db: TestDatabase;
  let app: AppChild | undefined;
  const dataDir = tempDir('crash-');

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('keeps every acknowledged application exactly once and files every retried one exactly once', async () => {
    const env = { DATABASE_URL: db.url, DB_RUN_MIGRATIONS: 'false', DB_SEED_DEMO: 'true', DATA_DIR: dataDir, DB_POOL_SIZE: '10' };
    app = await startAppChild(env);
    const attempts: Attempt[] = Array.from({ length: BURST }, (_, i) => ({ key: randomUUID(), n: i + 1 }));

    // Fire all of them at once; kill the process once a quarter have been acknowledged (or after 20 s at most).
    const first = app;
    let acknowledged = 0;
    const killAt = new Promise<void>((resolve) => setTimeout(resolve, 20_000));
    let signalQuarter: () => void = () => undefined;
    const quarter = new Promise<void>((resolve) => (signalQuarter = resolve));
    const inFlight = attempts.map(async (attempt) => {
      const answer = await submit(first, attempt);
      // An answer that arrives after the kill was decided still counts: the client saw it.
      if (answer) attempt.answer = answer;
      if (answer?.status === 201 && ++acknowledged >= BURST / 4) signalQuarter();
    });
    await Promise.race([quarter, killAt]);
    await first.kill9();
    await Promise.all(inFlight);
    expect(first.child.signalCode).toBe('SIGKILL');

    const acked = attempts.filter((a) => a.answer?.status === 201);
    const unanswered = attempts.filter((a) => !a.answer);
    // No answer other than 201 or none: a 5xx here would be a request lost to the client.
    expect(attempts.filter((a) => a.answer && a.answer.status !== 201).map((a) => a.answer)).toEqual([]);
    expect(acked.length).toBeGreaterThanOrEqual(BURST / 4);
    expect(unanswered.length).toBeGreaterThan(0);

    // What the dead process committed: at least everything it acknowledged (some maybe never answered).
    const counter = new pg.Client({ connectionString: db.url });
    await counter.connect();
    const committed = Number((await counter.query<{ n: string }>('SELECT count(*) AS n FROM case_file')).rows[0].n);
    await counter.end();
    expect(committed).toBeGreaterThanOrEqual(acked.length);

    app = await startAppChild(env);
    const second = app;
    const retried = await Promise.all(unanswered.map(async (a) => ({ attempt: a, answer: await submit(second, a) })));
    expect(retried.filter((r) => r.answer?.status !== 201).map((r) => r.answer)).toEqual([]);
    // A retry of an acknowledged key gives back the same tracking number (no second case).
    const replay = await submit(second, acked[0]);
    expect(replay).toEqual({ status: 201, trackingNumber: acked[0].answer!.trackingNumber });

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ tracking_number: string; events: string; registered: string; outbox: string }>(
        `SELECT c.tracking_number,
                (SELECT count(*) FROM case_event e WHERE e.case_id = c.id) AS events,
                (SELECT count(*) FROM case_event e WHERE e.case_id = c.id AND e.seq = 1 AND e.type = 'REGISTERED') AS registered,
                (SELECT count(*) FROM outbox_message o WHERE o.case_id = c.id) AS outbox
           FROM case_file c`,
      );
      const byNumber = new Map(rows.map((r) => [r.tracking_number, r]));
      // Every key filed exactly once: as many cases as distinct requests.
      expect(rows).toHaveLength(BURST);
      const { rows: keys } = await client.query<{ n: string }>('SELECT count(DISTINCT case_id) AS n FROM idempotency_key');
      expect(Number(keys[0].n)).toBe(BURST);
      const seen = [...acked.map((a) => a.answer!.trackingNumber!), ...retried.map((r) => r.answer!.trackingNumber!)];
      expect(new Set(seen).size).toBe(BURST);
      for (const number of seen) {
        const row = byNumber.get(number);
        expect({ number, found: !!row, registered: Number(row?.registered), outbox: Number(row?.outbox) >= 1 }).toEqual({ number, found: true, registered: 1, outbox: true });
      }
      // Gap-free and never reused: per agency and year, the sequence numbers are exactly 1..n.
      const groups = new Map<string, number[]>();
      for (const r of rows) {
        const m = /^(.+)-(\d{4})-(\d+)$/.exec(r.tracking_number);
        expect(m).not.toBeNull();
        const list = groups.get(`${m![1]}-${m![2]}`) ?? [];
        list.push(Number(m![3]));
        groups.set(`${m![1]}-${m![2]}`, list);
      }
      for (const [, numbers] of groups) {
        numbers.sort((a, b) => a - b);
        expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
      }
    } finally {
      await client.end();
    }
  }, 150_000);
});
