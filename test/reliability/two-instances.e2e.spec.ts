import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type AppChild, startAppChild, tempDir, until } from '../setup/app-child.js';
import { webApplication } from '../setup/applications.js';
import { type SmtpReceiver, startSmtpReceiver } from '../setup/smtp-receiver.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

const OFFICER = 'officer@demo.gongkai.local';
const PASSWORD = 'Gongkai#2026';

async function call(app: AppChild, method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
}

/** The service counts dates in China Standard Time. */
const todayInBeijing = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());


/**
 * Two instances of the real service on one database, each with its own deadline scanner and mail dispatcher
 * running every second (as N instances behind a load balancer would): every mail goes out once, every scheduled
 * fact (an overdue mark, its notices) is recorded once, and one command sent to both at once for the same case
 * succeeds once while the other gets 409.
 */
describe('two instances on one database', () => {
  let db: TestDatabase;
  let receiver: SmtpReceiver;
  let a: AppChild;
  let b: AppChild;
  let client: pg.Client;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startSmtpReceiver();
    const dataDir = tempDir('two-instances-');
    const env = {
      DATABASE_URL: db.url,
      DB_RUN_MIGRATIONS: 'false',
      DATA_DIR: dataDir,
      DB_POOL_SIZE: '5',
      SMTP_URL: receiver.url,
      SCHEDULER_INTERVAL_SECONDS: '1',
      MAIL_DISPATCH_INTERVAL_SECONDS: '1',
    };
    // One seeds the demo data; the second starts on the seeded database (as a rolling deployment would).
    a = await startAppChild({ ...env, DB_SEED_DEMO: 'true' });
    b = await startAppChild({ ...env, DB_SEED_DEMO: 'false' });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    tokenA = (await call(a, 'POST', '/api/v1/auth/login', { email: OFFICER, password: PASSWORD })).body.accessToken as string;
    tokenB = (await call(b, 'POST', '/api/v1/auth/login', { email: OFFICER, password: PASSWORD })).body.accessToken as string;
  });
  afterAll(async () => {
    await client?.end();
    await Promise.all([a?.stop(), b?.stop()]);
    await receiver?.close();
    await db?.drop();
  });

  it('sends each acknowledgement once although both dispatchers poll the same outbox', async () => {
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        call(i % 2 ? b : a, 'POST', '/api/v1/applications', webApplication({}, 900 + i), undefined, { 'idempotency-key': randomUUID() }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(24).fill(201));
    const rows = await until('every acknowledgement sent', async () => {
      const r = await client.query<{ id: string; status: string }>(`SELECT id, status FROM outbox_message`);
      return r.rows.length >= 24 && r.rows.every((m) => m.status === 'SENT') ? r.rows : undefined;
    });
    await new Promise((r) => setTimeout(r, 2500)); // two more polls of each dispatcher: nothing may go out again
    const ids = receiver.mails.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(rows.map((m) => `<${m.id}@gongkai.local>`).sort());
  });

  it('accepts one of two identical commands sent to both instances at once and answers the other 409', async () => {
    const registered = await call(
      a,
      'POST',
      '/api/v1/cases',
      { channel: 'counter', receiptDate: todayInBeijing(), applicantName: '张三', requestDescription: '2026年度某镇土地征收补偿方案' },
      tokenA,
    );
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    const both = await Promise.all([
      call(a, 'POST', `/api/v1/cases/${id}/events`, { type: 'ACCEPT' }, tokenA),
      call(b, 'POST', `/api/v1/cases/${id}/events`, { type: 'ACCEPT' }, tokenB),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const accepted = await client.query(`SELECT 1 FROM case_event WHERE case_id = $1 AND type = 'ACCEPT'`, [id]);
    expect(accepted.rowCount).toBe(1);
  });

  it('marks an overdue case once and notifies each recipient once although both scanners run', async () => {
    // 补录 of a paper application received two months ago: its 20 working days have passed.
    const registered = await call(
      b,
      'POST',
      '/api/v1/cases',
      { channel: 'counter', receiptDate: '2026-09-01', reason: '纸质申请补录', applicantName: '李四', requestDescription: '2026年度某镇土地征收补偿方案' },
      tokenB,
    );
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    // Accepted today, not back-dated to the receipt: either scanner may already have recorded DEADLINE_PASSED
    // (dated the day after the due date) the moment the case exists, and no event may be dated before it.
    expect((await call(a, 'POST', `/api/v1/cases/${id}/events`, { type: 'ACCEPT' }, tokenA)).status).toBe(200);
    await until('the overdue mark', async () => {
      const r = await client.query(`SELECT 1 FROM case_event WHERE case_id = $1 AND type = 'DEADLINE_PASSED'`, [id]);
      return r.rowCount ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 3000)); // several more scans on each instance
    const marks = await client.query(`SELECT 1 FROM case_event WHERE case_id = $1 AND type = 'DEADLINE_PASSED'`, [id]);
    expect(marks.rowCount).toBe(1);
    const notices = await client.query<{ user_id: string; n: string }>(
      `SELECT user_id, count(*) AS n FROM notification WHERE case_id = $1 AND kind = 'OVERDUE' GROUP BY user_id`,
      [id],
    );
    expect(notices.rows.length).toBeGreaterThan(0);
    expect(notices.rows.every((r) => r.n === '1')).toBe(true);
  });
});
