// Web applications accepted per second through the real app — POST /api/v1/applications: validation, one
// transaction with the tracking number, the REGISTERED event, repeat hints and the acknowledgement's outbox row —
// with a bounded number of requests in flight, against the floor: the same rows written with pg directly (one
// transaction each, same concurrency), measured in alternating rounds of the same run. Then the latency at half
// the measured maximum, paced open-loop.
//
// Mail: SMTP_URL is unset (mail would go to .eml files) and MAIL_DISPATCH_INTERVAL_SECONDS=0; the dispatcher's
// kick() after each commit is held for the whole benchmark (app-server.ts, hold-mail), so nothing is dispatched:
// the outbox rows are written and counted, no .eml file is. Sending is not part of accepting an application.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { shanghaiDate } from '../src/common/time/shanghai-date.js';
import { fromDayNumber, toDayNumber } from '../src/modules/deadlines/domain/index.js';
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, residentIdCheckDigit } from '../src/modules/intake/domain/identity.js';
import type { AppProcess } from './app-process.js';
import { type BenchPostgres, migrateAndSeed, runOnBenchPostgres, startBenchApp, type Step } from './bench-env.js';
import { type BenchContext, type Benchmark, formatMetric, hotSpotTable, median, percentile, type ResultRow, table, write } from './harness.js';
import { HttpClient } from './http-client.js';
import { type CpuSample, CpuMeter, cpuBetween } from './process-cpu.js';

const DATABASE = 'gongkai_bench_intake';
/** Requests (or floor transactions) in flight at any time, from the runner. */
const CONCURRENCY = 16;
const WARMUP_MS = 3000;
const ROUNDS = 3;
const ROUND_MS = 5000;
const PACED_MS = 10_000;
const PROFILE_MS = 3000;
const GOAL_SHARE = 0.4;
const GOAL_P99_MS = 50;
const ENDPOINT = '/api/v1/applications';

export const intakeBenchmark: Benchmark = {
  name: 'intake',
  description: `POST ${ENDPOINT} accepted/s (${CONCURRENCY} in flight) vs the same rows written with pg directly; p99 at half the maximum`,
  timeoutMs: 300_000, // a hang guard; the run normally takes about 1.5 minutes
  // Durable: accepting an application means it survives a crash, so every COMMIT is flushed (fsync and
  // synchronous_commit on, for the app and the floor alike). BENCH_INTAKE_FSYNC=off measures in fast mode instead.
  run: (ctx) => runOnBenchPostgres(ctx, DATABASE, runAgainst, process.env.BENCH_INTAKE_FSYNC !== 'off'),
};

// --- request bodies: valid, a new applicant every time ------------------------------------------------------

const FIRST_BIRTH_DAY = toDayNumber('1950-01-01');
const BIRTH_DAYS = 20_000; // 1950-01-01 .. 2004-10-04

/** A valid 居民身份证 number (GB 11643 check character), distinct for every i below 20,000,000. */
function residentId(i: number): string {
  const birth = fromDayNumber(FIRST_BIRTH_DAY + (i % BIRTH_DAYS)).replaceAll('-', '');
  const first17 = `110105${birth}${String(Math.floor(i / BIRTH_DAYS) % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

/** A valid 统一社会信用代码 (GB 32100 check character) for an enterprise, distinct for every i. */
function creditCode(i: number): string {
  let body = '';
  for (let k = 0, v = i; k < 9; k++, v = Math.floor(v / 31)) body = CREDIT_CODE_CHARSET[v % 31] + body;
  const first17 = `91110105${body}`;
  return first17 + creditCodeCheckChar(first17);
}

/** Every fifth applicant an enterprise, the others citizens; all want the answer by e-mail (→ an outbox row). */
function applicationBody(i: number, agencyCode: string): string {
  const email = `applicant${i}@example.com`;
  const contact = { phone: `138${String(i % 100_000_000).padStart(8, '0')}`, email, address: '示例县人民路2号', postalCode: '100000' };
  const applicant =
    i % 5 === 4
      ? {
          kind: 'ORGANISATION',
          name: `示例科技有限公司${i}`,
          organisation: { creditCode: creditCode(i), legalRepresentative: '王五', contactPerson: '赵六' },
          ...contact,
          category: 'COMMERCIAL_ENTERPRISE',
        }
      : { kind: 'NATURAL_PERSON', name: '张三', idType: 'RESIDENT_ID', idNumber: residentId(i), ...contact, category: 'NATURAL_PERSON' };
  return JSON.stringify({
    agencyCode,
    applicant,
    request: {
      title: '2025年青山镇土地征收补偿安置方案',
      documentNumber: '示政发〔2025〕3号',
      description: `请求公开青山镇${i % 997}号地块的征收补偿安置方案全文及附件，包括征收范围图、补偿标准和安置方式。`,
    },
    delivery: { form: 'ELECTRONIC', method: 'EMAIL', email },
  });
}

// --- load generation ------------------------------------------------------------------------------------------

interface LoadResult {
  count: number;
  seconds: number;
  cpu: CpuSample;
}

/** `concurrency` workers call `op` back to back for `ms`; the first failure stops all of them. */
async function closedLoop(ms: number, concurrency: number, op: () => Promise<void>, meter: CpuMeter): Promise<LoadResult> {
  const cpu0 = meter.sample();
  const t0 = performance.now();
  const end = t0 + ms;
  let count = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && performance.now() < end) {
      try {
        await op();
      } catch (e) {
        failed = true;
        throw e;
      }
      count++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { count, seconds, cpu: cpuBetween(cpu0, meter.sample()) };
}

/**
 * Open loop: request k is due at t0 + k / rate whatever happened to the earlier ones, and its latency runs from
 * that due time (so a late start, on either side, counts against it: no coordinated omission).
 */
async function pacedLoop(rate: number, ms: number, op: () => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let failure: unknown = null;
  const t0 = performance.now();
  const total = Math.floor((ms / 1000) * rate);
  for (let k = 0; k < total && failure === null; k++) {
    const due = t0 + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    pending.push(
      op().then(
        () => void latencies.push(performance.now() - due),
        (e: unknown) => void (failure ??= e),
      ),
    );
  }
  await Promise.all(pending);
  if (failure !== null) throw failure;
  return latencies.sort((a, b) => a - b);
}

// --- the floor: the same rows with pg ---------------------------------------------------------------------------

interface TableTemplate {
  columns: string[];
  values: (string | null)[];
}

/** Every column of one row, as text (the server parses them back by the target column's type). */
async function templateOf(sql: pg.Client, tableName: string, where: string, params: unknown[]): Promise<TableTemplate> {
  const columns = (
    await sql.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [tableName])
  ).rows.map((r) => r.column_name);
  const row = await sql.query<Record<string, string | null>>(
    `SELECT ${columns.map((c) => `"${c}"::text AS "${c}"`).join(', ')} FROM ${tableName} WHERE ${where}`,
    params,
  );
  if (row.rows.length !== 1) throw new Error(`no template row in ${tableName} (${where})`);
  return { columns, values: columns.map((c) => row.rows[0][c]) };
}

function insertSql(tableName: string, t: TableTemplate): string {
  return `INSERT INTO ${tableName} (${t.columns.map((c) => `"${c}"`).join(', ')}) VALUES (${t.columns.map((_, k) => `$${k + 1}`).join(', ')})`;
}

/** The template's values with some columns replaced. */
function valuesWith(t: TableTemplate, overrides: Record<string, string>): (string | null)[] {
  for (const c of Object.keys(overrides)) if (!t.columns.includes(c)) throw new Error(`no column ${c}`);
  return t.columns.map((c, k) => (c in overrides ? overrides[c] : t.values[k]));
}

const TRACKING_UPSERT = `INSERT INTO tracking_sequence (agency_id, year, last_value) VALUES ($1, $2, 1)
  ON CONFLICT (agency_id, year) DO UPDATE SET last_value = tracking_sequence.last_value + 1
  RETURNING last_value`;

// --- the benchmark ----------------------------------------------------------------------------------------------

async function runAgainst(ctx: BenchContext, step: Step, db: BenchPostgres, started: { app?: AppProcess }): Promise<ResultRow[]> {
  await migrateAndSeed(ctx, step, db.url);
  const sql = new pg.Client({ connectionString: db.url, application_name: 'gongkai-bench' });
  await sql.connect();
  ctx.defer(() => sql.end());
  const agencies = (await sql.query<{ id: string; code: string }>(`SELECT id, code FROM agency WHERE active ORDER BY code`)).rows;
  if (agencies.length === 0) throw new Error('the demo seed created no active agency');

  const rowCounts = async () =>
    (
      await sql.query<{ cases: string; events: string; outbox: string; dispatched: string }>(
        `SELECT (SELECT count(*) FROM case_file) AS cases, (SELECT count(*) FROM case_event) AS events,
                (SELECT count(*) FROM outbox_message) AS outbox, (SELECT count(*) FROM outbox_message WHERE status <> 'PENDING') AS dispatched`,
      )
    ).rows[0];
  const before = await rowCounts();

  // The benchmark's whole load comes from one client address: lift the per-IP cap on anonymous submissions.
  // BENCH_INTAKE_WORKERS=2: the app as HTTP_WORKERS=2 would run it, two processes on one port (CPU summed over both).
  const workers = process.env.BENCH_INTAKE_WORKERS ?? '1';
  const { app, port } = await startBenchApp(ctx, step, db, {
    MAIL_DISPATCH_INTERVAL_SECONDS: '0',
    APPLICATION_RATE_LIMIT_PER_HOUR: '1000000',
    BENCH_APP_WORKERS: workers,
  });
  if (workers !== '1') ctx.log(`app: ${workers} worker processes on one port (BENCH_INTAKE_WORKERS)`);
  started.app = app;
  await app.holdMail(true);
  const meter = new CpuMeter(app.pid, db.dataDir);
  if (!meter.available) ctx.log('note: /proc not readable, the CPU split is left out');
  const base = `http://127.0.0.1:${port}`;
  const http = new HttpClient(base, {}, CONCURRENCY);
  ctx.defer(() => http.close());
  ctx.log(`app on ${base}; mail dispatch held; applications spread round-robin over ${agencies.length} agencies (${agencies.map((a) => a.code).join(', ')})`);

  // Every request is a new applicant at the next agency in turn; the floor writes for the same agencies.
  let next = 0;
  const submit = async () => {
    const i = next++;
    const res = await http.postJson(ENDPOINT, applicationBody(i, agencies[i % agencies.length].code));
    if (res.status !== 201) throw new Error(`POST ${ENDPOINT} (#${i}): ${res.status} ${res.body.slice(0, 400)}`);
  };

  // --- one request, checked, then warm-up ----------------------------------------------------------------------
  const first = await http.postJson(ENDPOINT, applicationBody(next++, agencies[0].code));
  if (first.status !== 201) throw new Error(`POST ${ENDPOINT}: ${first.status} ${first.body.slice(0, 400)}`);
  const receipt = JSON.parse(first.body) as { trackingNumber: string; queryCode: string; status: string };
  const written = await sql.query<{ id: string; events: string; outbox: string }>(
    `SELECT c.id, (SELECT count(*) FROM case_event e WHERE e.case_id = c.id) AS events, (SELECT count(*) FROM outbox_message o WHERE o.case_id = c.id) AS outbox
       FROM case_file c WHERE c.tracking_number = $1`,
    [receipt.trackingNumber],
  );
  const firstCase = written.rows[0];
  if (!firstCase || firstCase.events !== '1' || firstCase.outbox !== '1') {
    throw new Error(`application ${receipt.trackingNumber} did not write one case, one event and one outbox row: ${JSON.stringify(written.rows)}`);
  }
  ctx.log(`first application ${receipt.trackingNumber} (${receipt.status}): 1 case_file, 1 case_event, 1 outbox_message row`);
  await step(`warm-up: ${WARMUP_MS / 1000} s of applications, ${CONCURRENCY} in flight`, () => closedLoop(WARMUP_MS, CONCURRENCY, submit, meter));
  // A live database has statistics; this one has none until autovacuum's first pass (a minute or more). Without
  // them the planner estimates agency_id and applicant_key as equally selective and answers the repeat-hints
  // query (agency + applicant key) with a BitmapAnd that reads the agency's whole index range, growing with the table.
  await step('ANALYZE (statistics, as a live database has them)', () => sql.query('ANALYZE'));

  // --- the floor: the first application's rows as templates --------------------------------------------------------
  const caseRow = await templateOf(sql, 'case_file', 'id = $1', [firstCase.id]);
  const eventRow = await templateOf(sql, 'case_event', 'case_id = $1', [firstCase.id]);
  const outboxRow = await templateOf(sql, 'outbox_message', 'case_id = $1', [firstCase.id]);
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  const insertCase = insertSql('case_file', caseRow);
  const insertEvent = insertSql('case_event', eventRow);
  const insertOutbox = insertSql('outbox_message', outboxRow);
  const floorClients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = new pg.Client({ connectionString: db.url, application_name: 'gongkai-bench-floor' });
      await client.connect();
      ctx.defer(() => client.end());
      return client;
    }),
  );
  let floorNext = 0;
  const free = [...floorClients];
  /** One application's rows in one transaction, as the app writes them (each worker holds its own connection). */
  const floorInsert = async () => {
    const i = floorNext++;
    const client = free.pop()!;
    try {
      const agency = agencies[i % agencies.length];
      const caseId = randomUUID();
      await client.query('BEGIN');
      const seq = (await client.query<{ last_value: number }>(TRACKING_UPSERT, [agency.id, year])).rows[0].last_value;
      await client.query(
        insertCase,
        valuesWith(caseRow, {
          id: caseId,
          agency_id: agency.id,
          tracking_number: `${agency.code}-${year}-${String(seq).padStart(6, '0')}`,
          applicant_key: randomBytes(32).toString('hex'),
          query_code_hash: randomBytes(32).toString('hex'),
        }),
      );
      await client.query(insertEvent, valuesWith(eventRow, { id: randomUUID(), case_id: caseId, hash: randomBytes(32).toString('hex') }));
      await client.query(insertOutbox, valuesWith(outboxRow, { id: randomUUID(), case_id: caseId, dedupe_key: `ack:${caseId}` }));
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      free.push(client);
    }
  };
  ctx.log(
    `floor per application: BEGIN; tracking_sequence upsert; INSERT case_file (${caseRow.columns.length} columns); ` +
      `INSERT case_event (${eventRow.columns.length}); INSERT outbox_message (${outboxRow.columns.length}); COMMIT — ${CONCURRENCY} connections`,
  );
  await step('floor warm-up: 1 s', () => closedLoop(1000, CONCURRENCY, floorInsert, meter));

  // --- throughput: alternating rounds ---------------------------------------------------------------------------------
  const runs: Record<'app' | 'floor', LoadResult[]> = { app: [], floor: [] };
  const rate = (r: LoadResult) => r.count / r.seconds;
  ctx.log(`throughput: ${ROUNDS} rounds of ${ROUND_MS / 1000} s each (floor, then app), ${CONCURRENCY} in flight …`);
  for (let r = 0; r < ROUNDS; r++) {
    runs.floor.push(await closedLoop(ROUND_MS, CONCURRENCY, floorInsert, meter));
    runs.app.push(await closedLoop(ROUND_MS, CONCURRENCY, submit, meter));
    ctx.log(`  round ${r + 1}: floor ${formatRate(rate(runs.floor[r]))}, app ${formatRate(rate(runs.app[r]))}`);
  }
  const appRate = median(runs.app.map(rate));
  const floorRate = median(runs.floor.map(rate));
  const share = appRate / floorRate;
  ctx.log(`median: app ${formatRate(appRate)}, floor ${formatRate(floorRate)} → app at ${(100 * share).toFixed(0)}% of the floor`);
  if (meter.available) writeCpuSplit(runs);

  // --- latency at half the maximum -----------------------------------------------------------------------------------------
  const pacedRate = appRate / 2;
  const pacedHttp = new HttpClient(base, {}, 256);
  ctx.defer(() => pacedHttp.close());
  const pacedSubmit = async () => {
    const i = next++;
    const res = await pacedHttp.postJson(ENDPOINT, applicationBody(i, agencies[i % agencies.length].code));
    if (res.status !== 201) throw new Error(`POST ${ENDPOINT} (#${i}): ${res.status} ${res.body.slice(0, 400)}`);
  };
  const pacedCpu = meter.sample();
  const latencies = await step(`latency: open loop at ${formatRate(pacedRate)} (half the app's maximum) for ${PACED_MS / 1000} s`, () =>
    pacedLoop(pacedRate, PACED_MS, pacedSubmit),
  );
  const pacedBusy = meter.available ? `; app process ${((100 * cpuBetween(pacedCpu, meter.sample()).app) / (PACED_MS / 1000)).toFixed(0)}% busy` : '';
  const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(latencies, p));
  ctx.log(
    `  n=${latencies.length}  p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  p99 ${p99.toFixed(1)} ms  max ${latencies[latencies.length - 1].toFixed(1)} ms${pacedBusy}`,
  );

  // --- what was written, and that nothing was sent ------------------------------------------------------------------------
  const counts = await rowCounts();
  const emlDir = path.join(db.tmp, 'app', 'mail', 'outbox');
  const emlFiles = existsSync(emlDir) ? readdirSync(emlDir).length : 0;
  const added = (key: 'cases' | 'events' | 'outbox' | 'dispatched') => Number(counts[key]) - Number(before[key]);
  ctx.log(
    `written: ${added('cases')} cases, ${added('events')} events, ${added('outbox')} outbox rows (expected ${next + floorNext} each: ${next} applications, ` +
      `${floorNext} floor transactions); ${added('dispatched')} outbox rows dispatched, ${emlFiles} .eml files`,
  );
  if ((['cases', 'events', 'outbox'] as const).some((k) => added(k) !== next + floorNext)) throw new Error('row counts do not match the requests made');
  if (added('dispatched') !== 0 || emlFiles !== 0) throw new Error('mail was dispatched during the benchmark');

  const rows: ResultRow[] = [
    {
      benchmark: `intake: applications accepted/s (${CONCURRENCY} in flight)`,
      measured: { value: appRate, unit: 'ops/s' },
      baseline: { value: floorRate, unit: 'ops/s', label: 'pg floor' },
      goal: { text: `>= ${GOAL_SHARE * 100}% of the floor`, met: share >= GOAL_SHARE },
    },
    { benchmark: `intake: p50 at ${formatRate(pacedRate)} (half max)`, measured: { value: p50, unit: 'ms' } },
    { benchmark: `intake: p95 at ${formatRate(pacedRate)} (half max)`, measured: { value: p95, unit: 'ms' } },
    {
      benchmark: `intake: p99 at ${formatRate(pacedRate)} (half max)`,
      measured: { value: p99, unit: 'ms' },
      goal: { text: `p99 <= ${GOAL_P99_MS} ms`, met: p99 <= GOAL_P99_MS },
    },
  ];

  // --- a missed goal: where the app's time goes -----------------------------------------------------------------------------
  if (rows.some((r) => r.goal && !r.goal.met)) {
    ctx.log(`a goal was missed: CPU profile of the app process over ${PROFILE_MS / 1000} s at ${CONCURRENCY} in flight …`);
    const where = await app.profile(async () => {
      await closedLoop(PROFILE_MS, CONCURRENCY, submit, meter);
    });
    write();
    write('  App process — CPU self time by package');
    write(hotSpotTable('package', where.packages));
    write('  App process — CPU self time by function');
    write(hotSpotTable('function', where.functions));
    write();
  }
  return rows;
}

const formatRate = (perSecond: number): string => formatMetric({ value: perSecond, unit: 'ops/s' });

/** CPU per accepted application and busy share of each process, summed over the rounds. */
function writeCpuSplit(runs: Record<'app' | 'floor', LoadResult[]>): void {
  const line = (label: string, results: LoadResult[]) => {
    const count = results.reduce((s, r) => s + r.count, 0);
    const seconds = results.reduce((s, r) => s + r.seconds, 0);
    const cpu = results.reduce<CpuSample>((s, r) => ({ runner: s.runner + r.cpu.runner, app: s.app + r.cpu.app, postgres: s.postgres + r.cpu.postgres }), {
      runner: 0,
      app: 0,
      postgres: 0,
    });
    const per = (v: number) => `${((1000 * v) / count).toFixed(2)} ms`;
    const busy = (v: number) => `${((100 * v) / seconds).toFixed(0)}%`;
    return {
      cells: [
        label,
        per(cpu.app),
        per(cpu.postgres),
        per(cpu.runner),
        per(cpu.app + cpu.postgres + cpu.runner),
        busy(cpu.app),
        busy(cpu.postgres),
        busy(cpu.runner),
      ],
      appBusy: cpu.app / seconds,
    };
  };
  const app = line('app (HTTP)', runs.app);
  const floor = line('floor (pg)', runs.floor);
  write();
  write('  CPU per application (and share of one core busy) while each subject ran; this machine has the cores the header says');
  write(
    table(['subject', 'app', 'postgres', 'runner', 'total', 'app busy', 'pg busy', 'runner busy'], [app.cells, floor.cells], [1, 2, 3, 4, 5, 6, 7])
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n'),
  );
  // Node runs the request path on one thread: near 100% of a core, the app process is the bottleneck.
  if (app.appBusy >= 0.9)
    write(`  The app process was ${(100 * app.appBusy).toFixed(0)}% busy: one Node process is CPU-bound; its CPU per application bounds the rate.`);
  write();
}
