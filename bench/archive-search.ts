// The auditor's archive search at scale: 1,000,000 archived cases in a real (embedded) PostgreSQL, the real app on a
// loopback port, GET /api/v1/archive/search p95 per scenario against the same SQL (captured from
// ArchiveSearchRepository) sent directly. Scenarios: full text (jieba words, GIN over the stored tsvector), a receipt
// date range + agency + status, the applicant keyed-hash lookup, the first page and a cursor page.
// GONGKAI_BENCH_ARCHIVE_TRGM=1 also measures the alternative over the same rows: pg_trgm GIN on the raw description
// with ILIKE (the whole query, and per jieba word as the search did before), and ILIKE without any index.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { queryTokens, searchTokens, tsqueryAllLiteral, tsvectorLiteral } from '../src/common/text/search-text.js';
import { DEMO_PASSWORD } from '../src/database/seed/demo-seed.js';
import { ArchiveSearchRepository, type SearchFilter } from '../src/modules/archive/archive-search.repository.js';
import { ReadDatabase } from '../src/database/read-database.js';
import { CaseChannel } from '../src/modules/cases/case-channel.js';
import { requestSearchText } from '../src/modules/cases/case.entity.js';
import { CASE_MACHINE_VERSION } from '../src/modules/cases/workflow/case.machine.js';
import { initialCaseSnapshot } from '../src/modules/cases/workflow/case-workflow.js';
import { IdDocumentType } from '../src/modules/intake/domain/identity.js';
import { deriveApplicantKey } from '../src/modules/intake/domain/repeat-hints.js';
import type { AppProcess } from './app-process.js';
import { type BenchPostgres, migrateAndSeed, runOnBenchPostgres, startBenchApp, type Step } from './bench-env.js';
import { type BenchContext, formatInt, type LatencyStats, measureLatency, type ResultRow, table, write } from './harness.js';
import { HttpClient } from './http-client.js';
import { bulkInsert } from './queue-data.js';

/** GONGKAI_BENCH_CASES overrides the row count for quick local iterations; the reported run uses 1M. */
const CASES = Number(process.env.GONGKAI_BENCH_CASES ?? 1_000_000);
const WITH_TRIGRAM = process.env.GONGKAI_BENCH_ARCHIVE_TRGM === '1';
const GOAL_P95_MS = 50;
const PAGE = 50;
const SAMPLES = 300;
const WARMUP = 30;
const SERIES_BUDGET_MS = 8_000;
const APPLICANTS = 100_000;
const AUDITOR = 'auditor@demo.gongkai.local';
const DATABASE = 'gongkai_bench_archive';
const QUERY_CODE_SECRET = 'bench-archive-search-query-code-secret-0123456789';

// The request texts: place × year × topic × wording, ~14k distinct, each row picks one (by a hash of its number).
// prettier-ignore
const PLACES = ['青山镇', '城关镇', '白石乡', '河口村', '东湖街道', '西岭村', '南岗社区', '北塘镇', '李庄村', '张庄村', '王家湾村', '石桥镇',
  '黄土岭村', '新华街道', '红星村', '松林乡', '柳河镇', '杨柳村', '双河镇', '金沙村', '城南片区', '高新区', '经济开发区', '老城区'];
// prettier-ignore
const TOPICS = ['房屋拆迁补偿标准', '集体土地征收补偿安置方案', '征地补偿款发放明细', '国有土地上房屋征收决定', '棚户区改造项目拆迁补偿协议',
  '农村低保名单', '养老保险缴费基数', '财政预算执行情况', '政府采购合同', '建设项目环境影响评价报告', '城乡规划许可证', '道路拓宽工程立项批复',
  '学校招生划片方案', '耕地占补平衡指标交易情况', '河道治理工程招投标文件', '危房改造补助资金分配', '医疗保险基金支出', '扶贫项目资金使用情况',
  '土地出让合同', '违法建筑拆除决定', '安置房分配方案', '水库移民后期扶持资金', '三公经费决算', '行政处罚决定书'];
const YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];
const TAILS = ['。', '及相关会议纪要。', '，包括附件和批复文件。'];

/** Agency shares (demo seed codes): the auditor's county subtree holds all but the tax bureau's tenth. */
const AGENCY_SHARES: [code: string, upTo: number][] = [
  ['SLXZR', 0.4],
  ['SLXZJ', 0.6],
  ['SLXQS', 0.8],
  ['SLX', 0.9],
  ['SLXSW', 1.0],
];
/** Archived cases: everything concluded, most sealed. */
const STATUS_MIX: [status: string, upTo: number][] = [
  ['ARCHIVED', 0.7],
  ['DELIVERED', 0.9],
  ['WITHDRAWN', 0.95],
  ['CLOSED', 1.0],
];

/** The n-th applicant's ID number (distinct per n; the keyed hash is all the search compares). */
const applicantNumber = (n: number): string => `3301${String(n).padStart(13, '0')}7`;

const u = (k: number) => `(abs(hashint8extended(g.i, ${k}) % 1000000) / 1000000.0)`;
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

function seedSql(agencyCount: number, texts: number): string {
  const agencyCase = `CASE ${AGENCY_SHARES.map(([, upTo], i) => `WHEN u_agency < ${upTo} THEN ${i + 1}`).join(' ')} ELSE ${agencyCount} END`;
  const statusCase = `CASE ${STATUS_MIX.map(([s, upTo]) => `WHEN u_status < ${upTo} THEN ${quote(s)}`).join(' ')} ELSE 'CLOSED' END`;
  const channels = `ARRAY[${Object.values(CaseChannel).map(quote).join(', ')}]::case_channel[]`;
  return `
INSERT INTO case_file (id, agency_id, tracking_number, channel, receipt_date, applicant_name, applicant_key, request_title,
  request_description, search_vector, status, is_open, due_date, queue_due_date, clock_state, overdue, closed_on,
  workflow_snapshot, workflow_version, version, event_count, created_by_id, created_at, updated_at)
SELECT gen_random_uuid(), ($1::uuid[])[ai], ($2::text[])[ai] || '-' || extract(year FROM receipt)::int || '-' || lpad(i::text, 7, '0'),
  (${channels})[1 + i % ${Object.values(CaseChannel).length}], receipt,
  (ARRAY['张','王','李','赵','陈','刘','杨','黄'])[1 + i % 8] || '某' || (i % 997),
  ap.key, r.title, r.description, r.sv, status, false, receipt + 28, receipt + 28, 'stopped',
  u_misc < 0.05, receipt + 10 + (i % 18)::int, $4::jsonb, $5::int, 3, 8, $6::uuid, created, created
FROM (
  SELECT i, ai, k, status, receipt, u_misc, (receipt + TIME '09:30') AT TIME ZONE 'Asia/Shanghai' AS created
  FROM (
    SELECT g.i, ${agencyCase} AS ai, ${statusCase} AS status, floor(u_text * ${texts})::int AS k,
           DATE '2019-01-01' + floor(u_date * (DATE '2026-09-01' - DATE '2019-01-01'))::int AS receipt, u_misc
    FROM (
      SELECT g.i, ${u(1)} AS u_agency, ${u(2)} AS u_status, ${u(3)} AS u_date, ${u(4)} AS u_misc, ${u(5)} AS u_text
      FROM generate_series(1, $7::int) AS g(i)
      OFFSET 0
    ) g
    OFFSET 0
  ) drawn
  OFFSET 0
) c
JOIN bench_request r ON r.k = c.k
JOIN bench_applicant ap ON ap.n = c.i % $3::int`;
}

interface Scenario {
  key: string;
  label: string;
  /** Query string of GET /api/v1/archive/search */
  query: string;
  /** What the service hands the repository for the auditor (limit + 1). */
  filter: SearchFilter;
  fullText?: string;
}

const noFilter = (agencyIds: string[]): SearchFilter => ({
  agencyIds,
  receivedFrom: null,
  receivedTo: null,
  closedFrom: null,
  closedTo: null,
  channel: null,
  status: null,
  replyType: null,
  overdue: null,
  legalReview: null,
  remedy: null,
  tokens: [],
  applicantKey: null,
  applicantName: null,
});

export async function runArchiveSearchBench(ctx: BenchContext): Promise<ResultRow[]> {
  return runOnBenchPostgres(ctx, DATABASE, (c, step, db, started) => runAgainst(c, step, db, started));
}

async function runAgainst(ctx: BenchContext, step: Step, db: BenchPostgres, started: { app?: AppProcess }): Promise<ResultRow[]> {
  await migrateAndSeed(ctx, step, db.url);
  const sql = new pg.Client({ connectionString: db.url, application_name: 'gongkai-bench-archive' });
  await sql.connect();
  ctx.defer(() => sql.end());

  const agencies = (await sql.query<{ id: string; code: string; parent_id: string | null }>(`SELECT id, code, parent_id FROM agency`)).rows;
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const ordered = AGENCY_SHARES.map(([code]) => byCode.get(code));
  if (ordered.some((a) => !a)) throw new Error(`demo seed lacks one of ${AGENCY_SHARES.map(([c]) => c).join(', ')}`);
  const auditor = (await sql.query<{ id: string; agency_id: string }>(`SELECT id, agency_id FROM app_user WHERE email = $1`, [AUDITOR])).rows[0];
  const officer = (await sql.query<{ id: string }>(`SELECT id FROM app_user WHERE email = 'officer@demo.gongkai.local'`)).rows[0];
  if (!auditor?.agency_id || !officer) throw new Error('demo seed did not create the auditor and officer');
  const subtree = (
    await sql.query<{ id: string }>(
      `WITH RECURSIVE t AS (SELECT id FROM agency WHERE id = $1 UNION ALL SELECT a.id FROM agency a JOIN t ON a.parent_id = t.id) SELECT id FROM t`,
      [auditor.agency_id],
    )
  ).rows.map((r) => r.id);

  // --- the request texts, cut by the application's own tokenizer ---------------------------------------------
  const texts: { title: string; description: string }[] = [];
  for (const place of PLACES) for (const year of YEARS) for (const topic of TOPICS) for (const tail of TAILS) texts.push({ title: `${place}${topic}`, description: `申请公开${place}${year}年${topic}${tail}` });
  const t0 = performance.now();
  const vectors = texts.map((t) => tsvectorLiteral(searchTokens(requestSearchText(t.title, t.description))));
  ctx.log(`${formatInt(texts.length)} distinct request texts segmented in ${(performance.now() - t0).toFixed(0)} ms`);
  await sql.query(`CREATE UNLOGGED TABLE bench_request (k int PRIMARY KEY, title text, description text, sv tsvector)`);
  await sql.query(`INSERT INTO bench_request SELECT k - 1, t, d, v::tsvector FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS x(t, d, v, k)`, [
    texts.map((t) => t.title),
    texts.map((t) => t.description),
    vectors,
  ]);
  const applicantKeys = Array.from({ length: APPLICANTS }, (_, n) => deriveApplicantKey({ kind: 'PERSON', idType: IdDocumentType.RESIDENT_ID, idNumber: applicantNumber(n) }, QUERY_CODE_SECRET));
  // A table, not an array parameter: subscripting a 100,000-element text[] walks it from the start on every row.
  await sql.query(`CREATE UNLOGGED TABLE bench_applicant (n int PRIMARY KEY, key text)`);
  await sql.query(`INSERT INTO bench_applicant SELECT n - 1, key FROM unnest($1::text[]) WITH ORDINALITY AS x(key, n)`, [applicantKeys]);

  // --- 1M archived cases in one INSERT … SELECT -------------------------------------------------------------------
  const required = (
    await sql.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'case_file' AND is_nullable = 'NO' AND column_default IS NULL`,
    )
  ).rows.map((r) => r.column_name);
  const statement = seedSql(ordered.length, texts.length);
  const missing = required.filter((c) => !new RegExp(`\\b${c}\\b`).test(statement.slice(0, statement.indexOf('SELECT'))));
  if (missing.length > 0) throw new Error(`case_file has NOT NULL columns the archive bench seed does not fill: ${missing.join(', ')}`);
  await sql.query(`SET maintenance_work_mem = '256MB'`);
  const seedStart = performance.now();
  await step(`inserting ${formatInt(CASES)} archived cases (one INSERT … SELECT FROM generate_series)`, () =>
    bulkInsert(
      sql,
      statement,
      [ordered.map((a) => a!.id), ordered.map((a) => a!.code), APPLICANTS, JSON.stringify(initialCaseSnapshot('2026-03-02')), CASE_MACHINE_VERSION, officer.id, CASES],
      ctx.log,
    ),
  );
  await step('VACUUM ANALYZE', () => sql.query('VACUUM ANALYZE'));
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const size = (
    await sql.query<{ table: string; gin: string }>(
      `SELECT pg_size_pretty(pg_table_size('case_file')) AS table, pg_size_pretty(pg_relation_size('"IDX_case_file_search"')) AS gin`,
    )
  ).rows[0];
  ctx.log(`case_file: table ${size.table}, IDX_case_file_search (GIN over the jieba words) ${size.gin}`);

  // --- the app, in its own process ----------------------------------------------------------------------------------
  const { app, port } = await startBenchApp(ctx, step, db, { QUERY_CODE_SECRET });
  started.app = app;
  const anonymous = new HttpClient(`http://127.0.0.1:${port}`);
  ctx.defer(() => anonymous.close());
  const login = await anonymous.post('/api/v1/auth/login', { email: AUDITOR, password: DEMO_PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.body}`);
  const http = anonymous.withHeaders({ authorization: `Bearer ${(JSON.parse(login.body) as { accessToken: string }).accessToken}` });
  ctx.defer(() => http.close());

  // --- scenarios ------------------------------------------------------------------------------------------------------
  const base = noFilter(subtree);
  const fullText = (key: string, q: string): Scenario => ({ key, label: `q=${q}`, query: `q=${encodeURIComponent(q)}`, filter: { ...base, tokens: queryTokens(q) }, fullText: q });
  const firstIds = (await sql.query<{ id: string }>(`SELECT id FROM case_file WHERE agency_id = ANY($1::uuid[]) ORDER BY id LIMIT ${PAGE}`, [subtree])).rows;
  const cursor = firstIds[PAGE - 1]!.id;
  const qs = byCode.get('SLXQS')!;
  const lookedUp = 4242;
  const scenarios: Scenario[] = [
    fullText('ft-common', '拆迁补偿'),
    fullText('ft-place', '李庄村 危房改造'),
    fullText('ft-year', '2023年三公经费决算'),
    {
      key: 'range',
      label: 'received 2025-01..06 + agency + status',
      query: `receivedFrom=2025-01-01&receivedTo=2025-06-30&agencyId=${qs.id}&status=ARCHIVED`,
      filter: { ...base, agencyIds: [qs.id], receivedFrom: '2025-01-01', receivedTo: '2025-06-30', status: 'ARCHIVED' },
    },
    {
      key: 'applicant',
      label: 'applicant by keyed hash',
      query: `applicantIdType=RESIDENT_ID&applicantIdNumber=${applicantNumber(lookedUp)}`,
      filter: { ...base, applicantKey: applicantKeys[lookedUp]! },
    },
    { key: 'first', label: 'first page, no filter', query: '', filter: base },
    { key: 'cursor', label: 'second page (cursor)', query: `after=${cursor}`, filter: base },
  ];
  const captured = new Map<string, { sql: string; params: unknown[] }>();
  for (const s of scenarios) {
    let last: { sql: string; params: unknown[] } | null = null;
    const capturing = { query: async (text: string, params: unknown[]) => ((last = { sql: text, params }), []) } as unknown as DataSource;
    await new ArchiveSearchRepository(new ReadDatabase(capturing, null, 0)).search(s.filter, s.key === 'cursor' ? cursor : null, PAGE + 1);
    if (!last) throw new Error(`no SQL captured for ${s.label}`);
    captured.set(s.key, last);
  }

  const explain = async (key: string, override?: { sql: string; params: unknown[] }) => {
    const st = override ?? captured.get(key)!;
    return (await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`, st.params)).rows.map((r) => r['QUERY PLAN']);
  };
  const stats = new Map<string, LatencyStats>();
  const measure = async (name: string, op: () => Promise<unknown>) => {
    const s = await measureLatency(op, { samples: SAMPLES, warmup: WARMUP, budgetMs: SERIES_BUDGET_MS });
    stats.set(name, s);
    ctx.log(`  ${name.padEnd(56)} n=${String(s.samples).padStart(3)}  p50 ${s.p50.toFixed(2)} ms  p95 ${s.p95.toFixed(2)} ms`);
    return s;
  };
  const runSql = (st: { sql: string; params: unknown[] }) => async () => (await sql.query(st.sql, st.params)).rowCount;
  const getPage = async (query: string) => {
    const res = await http.get(`/api/v1/archive/search?${query}${query ? '&' : ''}limit=${PAGE}`);
    if (res.status !== 200) throw new Error(`GET /api/v1/archive/search?${query}: ${res.status} ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as { items: { id: string; requestDescription: string }[] };
  };

  ctx.log(`load average before measuring: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  // The HTTP floor of this machine right now: the cheapest request the app answers (no token: nothing to verify).
  const health = await measure('GET /health (HTTP floor)', async () => {
    const res = await anonymous.get('/health');
    if (res.status !== 200) throw new Error(`GET /health: ${res.status}`);
  });
  const counts: string[][] = [];
  for (const s of scenarios) {
    // The API answers exactly the rows of the captured SQL (the SQL reads one more, for the cursor).
    const page = await getPage(s.query);
    const direct = (await sql.query<{ id: string }>(captured.get(s.key)!.sql, captured.get(s.key)!.params)).rows.map((r) => r.id);
    if (JSON.stringify(page.items.map((i) => i.id)) !== JSON.stringify(direct.slice(0, PAGE))) throw new Error(`${s.label}: the API and the captured SQL disagree`);
    if (page.items.length === 0) throw new Error(`${s.label}: no rows`);
    const matching = s.fullText ? await sql.query<{ n: string }>(`SELECT count(*) AS n FROM case_file c WHERE c.agency_id = ANY($1::uuid[]) AND c.search_vector @@ $2::tsquery`, [subtree, tsqueryAllLiteral(s.filter.tokens)]) : null;
    counts.push([s.label, String(page.items.length), matching ? formatInt(Number(matching.rows[0]!.n)) : '', planLine(await explain(s.key))]);
    await measure(`SQL ${s.label}`, runSql(captured.get(s.key)!));
    await measure(`GET ${s.label}`, async () => {
      const res = await http.get(`/api/v1/archive/search?${s.query}${s.query ? '&' : ''}limit=${PAGE}`);
      if (res.status !== 200) throw new Error(`GET ${s.label}: ${res.status}`);
    });
  }
  ctx.log(`load average after measuring: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  write();
  write('  Archive search scenarios (auditor of the county: its subtree, ~90% of the rows)');
  write(indent(table(['scenario', 'page rows', 'matching (subtree)', 'plan'], counts, [1, 2])));
  write();

  const rows: ResultRow[] = [
    { benchmark: `archive: seed ${formatInt(CASES)} archived cases + VACUUM ANALYZE`, measured: { value: seedSeconds, unit: 's' } },
    { benchmark: 'archive: GET /health p95 (HTTP floor)', measured: { value: health.p95, unit: 'ms' } },
  ];
  for (const s of scenarios) {
    const httpStats = stats.get(`GET ${s.label}`)!;
    rows.push({
      benchmark: `archive: search ${s.label} p95`,
      measured: { value: httpStats.p95, unit: 'ms' },
      baseline: { value: stats.get(`SQL ${s.label}`)!.p95, unit: 'ms', label: 'same SQL direct' },
      goal: { text: `p95 <= ${GOAL_P95_MS} ms`, met: httpStats.p95 <= GOAL_P95_MS },
    });
  }

  // A missed goal: the plan of its SQL, to tell the database's share from the app's.
  for (const s of scenarios.filter((x) => stats.get(`GET ${x.label}`)!.p95 > GOAL_P95_MS)) {
    write(`  ${s.label} missed (p95 ${stats.get(`GET ${s.label}`)!.p95.toFixed(1)} ms; its SQL alone ${stats.get(`SQL ${s.label}`)!.p95.toFixed(1)} ms). EXPLAIN (ANALYZE, BUFFERS):`);
    write(indent((await explain(s.key)).map((l) => `  ${l}`).join('\n')));
    write();
  }

  if (WITH_TRIGRAM) rows.push(...(await trigramComparison(ctx, step, sql, scenarios, captured, measure, explain)));

  write('  Latency detail (ms; sequential, one keep-alive connection; client in the runner, app in its own process)');
  write(indent(table(['series', 'samples', 'p50', 'p95', 'p99', 'mean', 'max'], [...stats.entries()].map(([name, s]) => [name, String(s.samples), ...[s.p50, s.p95, s.p99, s.mean, s.max].map((v) => v.toFixed(2))]), [1, 2, 3, 4, 5, 6])));
  write();
  return rows;
}

/**
 * The other index the search could use, over the same rows: pg_trgm GIN on the raw description, queried with ILIKE on
 * the whole query (a substring) and per jieba word (what the search did before), and the same ILIKEs without any index.
 */
async function trigramComparison(
  ctx: BenchContext,
  step: Step,
  sql: pg.Client,
  scenarios: Scenario[],
  captured: Map<string, { sql: string; params: unknown[] }>,
  measure: (name: string, op: () => Promise<unknown>) => Promise<LatencyStats>,
  explain: (key: string, override?: { sql: string; params: unknown[] }) => Promise<string[]>,
): Promise<ResultRow[]> {
  const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const variants = (s: Scenario) => {
    const st = captured.get(s.key)!;
    const m = /c\.search_vector @@ \$(\d+)::tsquery/.exec(st.sql)!;
    const n = Number(m[1]);
    const withParam = (v: string) => st.params.map((p, i) => (i === n - 1 ? v : p));
    const words = queryTokens(s.fullText!);
    return {
      whole: { sql: st.sql.replace(m[0], `c.request_description ILIKE $${n}`), params: withParam(like(s.fullText!.replace(/\s+/g, ''))) },
      words: {
        sql: st.sql.replace(m[0], `(${[`c.request_description ILIKE $${n}`, ...words.slice(1).map((w) => `c.request_description ILIKE ${quote(like(w))}`)].join(' AND ')})`),
        params: withParam(like(words[0]!)),
      },
    };
  };
  const rows: ResultRow[] = [];
  const fullText = scenarios.filter((s) => s.fullText);
  const series = async (suffix: string) => {
    const out = new Map<string, LatencyStats>();
    for (const s of fullText) {
      const v = variants(s);
      out.set(`${s.key} whole`, await measure(`SQL ${s.label}, ILIKE whole query${suffix}`, runDirect(sql, v.whole)));
      out.set(`${s.key} words`, await measure(`SQL ${s.label}, ILIKE per word${suffix}`, runDirect(sql, v.words)));
    }
    return out;
  };
  ctx.log('comparison: the same full-text queries as ILIKE, first without a text index (the search before) …');
  const plain = await series(', no index');
  await sql.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  const built = performance.now();
  await step('building a pg_trgm GIN index on request_description (experiment, dropped afterwards)', async () => {
    await sql.query(`CREATE INDEX "BENCH_trgm" ON case_file USING gin (request_description gin_trgm_ops)`);
    await sql.query('ANALYZE case_file');
  });
  const trgmBuild = (performance.now() - built) / 1000;
  const trgmSize = (await sql.query<{ s: string }>(`SELECT pg_size_pretty(pg_relation_size('"BENCH_trgm"')) AS s`)).rows[0]!.s;
  ctx.log(`  pg_trgm GIN: built in ${trgmBuild.toFixed(1)} s, ${trgmSize}`);
  for (const s of fullText) write(`  plan, ${s.label}, ILIKE per word + pg_trgm: ${planLine(await explain(s.key, variants(s).words))}`);
  const trgm = await series(', pg_trgm GIN');
  for (const s of fullText) {
    const tsv = (await measure(`SQL ${s.label}, tsvector again`, runDirect(sql, captured.get(s.key)!))).p95;
    for (const [kind, label] of [
      ['whole', 'ILIKE whole query'],
      ['words', 'ILIKE per word'],
    ] as const) {
      rows.push({ benchmark: `archive: SQL ${s.label}, ${label}, pg_trgm GIN p95`, measured: { value: trgm.get(`${s.key} ${kind}`)!.p95, unit: 'ms' }, baseline: { value: tsv, unit: 'ms', label: 'tsvector' } });
      rows.push({ benchmark: `archive: SQL ${s.label}, ${label}, no index p95`, measured: { value: plain.get(`${s.key} ${kind}`)!.p95, unit: 'ms' }, baseline: { value: tsv, unit: 'ms', label: 'tsvector' } });
    }
  }
  await sql.query(`DROP INDEX "BENCH_trgm"`);
  return rows;
}

const runDirect = (sql: pg.Client, st: { sql: string; params: unknown[] }) => async () => (await sql.query(st.sql, st.params)).rowCount;

/** The plan's scan nodes, in one line. */
const planLine = (plan: string[]): string =>
  plan
    .filter((l) => /Scan|Sort|Limit/.test(l) && !/Subquery|InitPlan|SubPlan/.test(l))
    .slice(0, 4)
    .map((l) => l.trim().replace(/^->\s*/, '').replace(/\s*\(cost=.*$/, ''))
    .join(' / ');

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
