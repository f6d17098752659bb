// The annual report at scale: 1,000,000 concluded cases of one agency in a real (embedded) PostgreSQL,
// GET /api/v1/reports/annual (表三 + checks, through the app in its own process) against the same aggregate
// written as one plain SQL statement, run directly in the same run.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/database/seed/demo-seed.js';
import { CASE_MACHINE_VERSION } from '../src/modules/cases/workflow/case.machine.js';
import { initialCaseSnapshot } from '../src/modules/cases/workflow/case-workflow.js';
import { REPLY_TYPES } from '../src/modules/letters/reply-types.js';
import { CATEGORY_COLUMNS } from '../src/modules/reports/domain/table-three.js';
import type { AppProcess } from './app-process.js';
import { type BenchPostgres, migrateAndSeed, runOnBenchPostgres, startBenchApp, type Step } from './bench-env.js';
import { type BenchContext, type Benchmark, formatInt, measureLatency, type ResultRow } from './harness.js';
import { HttpClient } from './http-client.js';
import { bulkInsert } from './queue-data.js';

const CASES = Number(process.env.GONGKAI_BENCH_CASES ?? 1_000_000);
const GOAL_MS = 1000;
const GOAL_RATIO = 1.7;
const STATS_GOAL_MS = 500;
const HEAD = 'head@demo.gongkai.local';
const YEAR = 2025;

export const reportBenchmark: Benchmark = {
  name: 'report',
  description: `GET /api/v1/reports/annual over ${formatInt(CASES)} concluded cases vs the same aggregate as one plain SQL statement`,
  timeoutMs: 600_000,
  run: (ctx) => runOnBenchPostgres(ctx, 'gongkai_bench_report', runAgainst),
};

const quote = (s: string) => `'${s}'`;

/**
 * One agency's cases received between November 2024 and December 2025, 98 % concluded 3–40 days after receipt
 * (so some of 2024 are carried over and some of December 2025 carried out), every reply type and category.
 */
function seedSql(): string {
  const types = `ARRAY[${[...REPLY_TYPES, 'CLOSED_OTHER'].map(quote).join(',')}]`;
  const categories = `ARRAY[${CATEGORY_COLUMNS.map(quote).join(',')}]`;
  return `
INSERT INTO case_file (id, agency_id, tracking_number, channel, receipt_date, applicant_name, applicant_category, request_description, status, is_open,
  due_date, queue_due_date, clock_state, overdue, workflow_snapshot, workflow_version, closed_on, closing_type)
SELECT gen_random_uuid(), $1::uuid, 'SLXZR-R-' || lpad(i::text, 8, '0'), 'web', receipt, '张某' || (i % 997),
  (${categories})[1 + (i * 7) % 6], '申请公开某方案', CASE WHEN open THEN 'ACCEPTED' ELSE 'DELIVERED' END, open,
  receipt + 28, receipt + 28, CASE WHEN open THEN 'running' ELSE 'stopped' END, false, $2::jsonb, $3::int,
  CASE WHEN NOT open THEN receipt + 3 + (i % 38) END, CASE WHEN NOT open THEN (${types})[1 + (i * 13) % ${REPLY_TYPES.length + 1}] END
FROM (SELECT i, DATE '2024-11-01' + (i % 426) AS receipt, i % 50 = 0 AS open FROM generate_series(1, $4::int) AS g(i) OFFSET 0) s`;
}

/** The same figures as one plain statement: the four counts per category and closing type, for one agency. */
const PLAIN_SQL = `
SELECT applicant_category, closing_type,
       count(*) FILTER (WHERE receipt_date >= $2) AS received,
       count(*) FILTER (WHERE receipt_date < $2) AS carried_in,
       count(*) FILTER (WHERE closed_on BETWEEN $2 AND $3) AS closed,
       count(*) FILTER (WHERE is_open OR closed_on > $3) AS carried_out
  FROM case_file
 WHERE agency_id = $1 AND receipt_date <= $3 AND (is_open OR closed_on IS NULL OR closed_on >= $2)
 GROUP BY applicant_category, closing_type`;

async function runAgainst(ctx: BenchContext, step: Step, db: BenchPostgres, started: { app?: AppProcess }): Promise<ResultRow[]> {
  await migrateAndSeed(ctx, step, db.url);
  const sql = new pg.Client({ connectionString: db.url, application_name: 'gongkai-bench-report' });
  await sql.connect();
  ctx.defer(() => sql.end());
  const agency = (await sql.query<{ id: string }>(`SELECT id FROM agency WHERE code = 'SLXZR'`)).rows[0];
  await sql.query(`SET maintenance_work_mem = '256MB'`);
  const t0 = performance.now();
  await step(`inserting ${formatInt(CASES)} cases`, () => bulkInsert(sql, seedSql(), [agency.id, JSON.stringify(initialCaseSnapshot('2025-01-01')), CASE_MACHINE_VERSION, CASES], ctx.log));
  // The bulk load runs with triggers off (session_replication_role = replica): recount the statistics' totals.
  await step('case_statistics_rebuild()', () => sql.query('SELECT case_statistics_rebuild()'));
  await step('VACUUM ANALYZE', () => sql.query('VACUUM ANALYZE'));
  const seedSeconds = (performance.now() - t0) / 1000;

  const { app, port } = await startBenchApp(ctx, step, db);
  started.app = app;
  const anonymous = new HttpClient(`http://127.0.0.1:${port}`);
  ctx.defer(() => anonymous.close());
  const login = await anonymous.post('/api/v1/auth/login', { email: HEAD, password: DEMO_PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.body}`);
  const http = anonymous.withHeaders({ authorization: `Bearer ${(JSON.parse(login.body) as { accessToken: string }).accessToken}` });
  ctx.defer(() => http.close());

  const url = `/api/v1/reports/annual?agencyId=${agency.id}&year=${YEAR}`;
  const first = await http.get(url);
  if (first.status !== 200) throw new Error(`GET ${url}: ${first.status} ${first.body.slice(0, 300)}`);
  const report = JSON.parse(first.body) as { tableThree: { rows: { code: string; cells: { TOTAL: number } }[] }; checks: { ok: boolean; message: string }[] };
  const plain = await sql.query<{ closed: string }>(PLAIN_SQL, [agency.id, `${YEAR}-01-01`, `${YEAR}-12-31`]);
  const closedPlain = plain.rows.reduce((s, r) => s + Number(r.closed), 0);
  const closedReport = report.tableThree.rows.find((r) => r.code === '三(七)')!.cells.TOTAL;
  if (closedPlain !== closedReport) throw new Error(`the report (${closedReport}) and the plain SQL (${closedPlain}) disagree on 三(七)`);
  const failing = report.checks.filter((c) => !c.ok);
  if (failing.length) throw new Error(`checks failed: ${failing.map((c) => c.message).join('; ')}`);
  ctx.log(`三(七) = ${formatInt(closedReport)} cases closed in ${YEAR}; every check holds`);

  const options = { samples: 30, warmup: 3, budgetMs: 60_000 };
  const sqlStats = await measureLatency(() => sql.query(PLAIN_SQL, [agency.id, `${YEAR}-01-01`, `${YEAR}-12-31`]), options);
  ctx.log(`plain SQL aggregate  p50 ${sqlStats.p50.toFixed(1)} ms  p95 ${sqlStats.p95.toFixed(1)} ms`);
  const httpStats = await measureLatency(async () => {
    const res = await http.get(url);
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  }, options);
  ctx.log(`GET report           p50 ${httpStats.p50.toFixed(1)} ms  p95 ${httpStats.p95.toFixed(1)} ms`);
  const statsUrl = `/api/v1/reports/statistics?agencyId=${agency.id}&from=${YEAR}-01-01&to=${YEAR}-12-31`;
  const stats = await http.get(statsUrl);
  const statsBody = JSON.parse(stats.body) as { receivedInPeriod: number; replyTypeMix: { count: number }[] };
  const plainStats = (
    await sql.query<{ received: string; closed: string }>(
      `SELECT count(*) FILTER (WHERE receipt_date BETWEEN $2 AND $3) AS received, count(*) FILTER (WHERE closed_on BETWEEN $2 AND $3) AS closed FROM case_file WHERE agency_id = $1`,
      [agency.id, `${YEAR}-01-01`, `${YEAR}-12-31`],
    )
  ).rows[0];
  const mixTotal = statsBody.replyTypeMix.reduce((n, m) => n + m.count, 0);
  if (statsBody.receivedInPeriod !== Number(plainStats.received) || mixTotal !== Number(plainStats.closed)) {
    throw new Error(`the statistics (${statsBody.receivedInPeriod} received, ${mixTotal} closed) and the cases (${plainStats.received}, ${plainStats.closed}) disagree`);
  }
  const statsStats = await measureLatency(async () => {
    const res = await http.get(statsUrl);
    if (res.status !== 200) throw new Error(`GET ${statsUrl}: ${res.status} ${res.body.slice(0, 200)}`);
  }, options);
  ctx.log(`GET statistics       p50 ${statsStats.p50.toFixed(1)} ms  p95 ${statsStats.p95.toFixed(1)} ms`);
  return [
    { benchmark: 'report: GET operational statistics p50', measured: { value: statsStats.p50, unit: 'ms' }, goal: { text: `p50 <= ${STATS_GOAL_MS} ms`, met: statsStats.p50 <= STATS_GOAL_MS } },
    { benchmark: `report: seed ${formatInt(CASES)} cases + VACUUM ANALYZE`, measured: { value: seedSeconds, unit: 's' } },
    { benchmark: 'report: GET annual report p50', measured: { value: httpStats.p50, unit: 'ms' }, goal: { text: `p50 <= ${GOAL_MS} ms`, met: httpStats.p50 <= GOAL_MS } },
    {
      benchmark: 'report: GET annual report p50 vs plain SQL',
      measured: { value: httpStats.p50, unit: 'ms' },
      baseline: { value: sqlStats.p50, unit: 'ms', label: 'plain SQL' },
      goal: { text: `<= ${GOAL_RATIO}× plain SQL`, met: httpStats.p50 <= GOAL_RATIO * sqlStats.p50 },
    },
  ];
}
