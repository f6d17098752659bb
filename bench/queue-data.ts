// Bulk data for the queue benchmark: N case_file rows in one INSERT … SELECT FROM generate_series.
// Reproducible (per-row hashes of the series number, not random()), spread like a real office:
// ~60% in the officer's agency, ~85% concluded, due dates 2024–2027, paused cases sorted last.
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { CaseChannel } from '../src/modules/cases/case-channel.js';
import { NO_DUE_DATE_SORT } from '../src/modules/cases/case.entity.js';
import { OPEN_CASE_STATUSES, PAUSED_STATUSES } from '../src/modules/cases/workflow/case-status.js';

/** Cumulative status mix: 85% concluded (is_open = false), 15% open, of which 3% paused. */
const STATUS_MIX: [status: string, upTo: number][] = [
  ['DELIVERED', 0.45],
  ['ARCHIVED', 0.75],
  ['WITHDRAWN', 0.8],
  ['CLOSED', 0.85],
  ['REGISTERED', 0.86],
  ['CORRECTION_PENDING', 0.87], // paused
  ['ACCEPTED', 0.9],
  ['CONSULTING_THIRD_PARTY', 0.915], // paused
  ['AWAITING_FEE', 0.92], // paused
  ['LEGAL_REVIEW', 0.93],
  ['DRAFTING', 0.97],
  ['AWAITING_APPROVAL', 0.99],
  ['APPROVED', 1.0],
];

/** Every column of case_file that the INSERT fills; checked against the live schema before loading. */
export const SEEDED_COLUMNS = [
  'id',
  'agency_id',
  'tracking_number',
  'channel',
  'receipt_date',
  'applicant_name',
  'applicant_user_id',
  'request_description',
  'status',
  'is_open',
  'due_date',
  'queue_due_date',
  'due_date_provisional',
  'clock_state',
  'overdue',
  'next_check_date',
  'assignee_id',
  'workflow_snapshot',
  'workflow_version',
  'version',
  'event_count',
  'last_event_hash',
  'created_by_id',
  'created_at',
  'updated_at',
] as const;

export interface SeedParams {
  /** The officer's agency first (gets ~60%), then the others (share the rest evenly). */
  agencies: { id: string; code: string }[];
  officerId: string;
  applicantUserId: string;
  workflowSnapshot: unknown;
  workflowVersion: number;
  /** "Today" in Asia/Shanghai: decides which open cases are overdue. */
  today: string;
  count: number;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const inList = (values: readonly string[]) => values.map(quote).join(', ');

/** u(k): a uniform number in [0, 1) derived from the series number i, stream k. */
const u = (k: number) => `(abs(hashint8extended(g.i, ${k}) % 1000000) / 1000000.0)`;

/**
 * Each level computes its columns once per row: OFFSET 0 keeps PostgreSQL from flattening the
 * subqueries, which would paste (and re-evaluate) e.g. the status CASE into every use of `status`.
 */
export function seedSql(agencyCount: number): string {
  const statusCase = `CASE ${STATUS_MIX.map(([s, upTo]) => `WHEN u_status < ${upTo} THEN ${quote(s)}`).join(' ')} ELSE 'APPROVED' END`;
  const otherShare = 0.4 / Math.max(1, agencyCount - 1);
  const channels = `ARRAY[${inList(Object.values(CaseChannel))}]::case_channel[]`;
  return `
INSERT INTO case_file (${SEEDED_COLUMNS.join(', ')})
SELECT
  gen_random_uuid(),
  ($1::uuid[])[ai],
  ($2::text[])[ai] || '-' || extract(year FROM receipt)::int || '-' || lpad(i::text, 7, '0'),
  (${channels})[1 + i % ${Object.values(CaseChannel).length}],
  receipt,
  (ARRAY['张','王','李','赵','陈','刘','杨','黄'])[1 + i % 8] || '某' || (i % 997),
  CASE WHEN i % 10 = 0 THEN $4::uuid END,
  '申请公开' || (ARRAY['青山镇','城关镇','白石乡','河口村'])[1 + i % 4] || (i % 997)
    || '号地块的征收补偿安置方案、土地征收批复文件及相关会议纪要',
  status,
  is_open,
  due,
  coalesce(due, DATE '${NO_DUE_DATE_SORT}'),
  coalesce(due >= DATE '2027-01-01', false),
  CASE WHEN NOT is_open THEN 'stopped' WHEN due IS NULL THEN 'paused' WHEN due < $6::date THEN 'overdue' ELSE 'running' END,
  CASE WHEN is_open THEN due IS NOT NULL AND due < $6::date ELSE status = 'DELIVERED' AND u_misc < 0.05 END,
  CASE WHEN is_open THEN $6::date + 1 + (i % 14)::int END,
  CASE WHEN ai = 1 THEN $3::uuid END,
  $5::jsonb,
  $7::int,
  1 + (i % 9)::int,
  1 + (i % 9)::int,
  md5(i::text) || md5((-i)::text),
  $3::uuid,
  created,
  created + make_interval(days => (i % 40)::int)
FROM (
  SELECT i, ai, status, is_open, due, receipt, u_misc, (receipt + TIME '09:30') AT TIME ZONE 'Asia/Shanghai' AS created
  FROM (
    SELECT i, ai, status, u_misc,
           status IN (${inList(OPEN_CASE_STATUSES)}) AS is_open,
           CASE WHEN status IN (${inList(PAUSED_STATUSES)}) THEN NULL ELSE due_base END AS due,
           due_base - 28 - (i % 5)::int AS receipt
    FROM (
      SELECT i, u_misc,
             CASE WHEN u_agency < 0.6 THEN 1 ELSE 2 + least(${agencyCount - 2}, floor((u_agency - 0.6) / ${otherShare})::int) END AS ai,
             ${statusCase} AS status,
             DATE '2024-01-01' + floor(u_due * (DATE '2028-01-01' - DATE '2024-01-01'))::int AS due_base
      FROM (
        SELECT g.i, ${u(1)} AS u_agency, ${u(2)} AS u_status, ${u(3)} AS u_due, ${u(4)} AS u_misc
        FROM generate_series(1, $8::int) AS g(i)
        OFFSET 0
      ) draws
      OFFSET 0
    ) drawn
    OFFSET 0
  ) derived
  OFFSET 0
) cases`;
}

export function seedParams(p: SeedParams): unknown[] {
  return [
    p.agencies.map((a) => a.id),
    p.agencies.map((a) => a.code),
    p.officerId,
    p.applicantUserId,
    JSON.stringify(p.workflowSnapshot),
    p.today,
    p.workflowVersion,
    p.count,
  ];
}

/**
 * Bulk-load practice for a throwaway database: the secondary indexes of case_file (those not backing a
 * constraint) are dropped, the rows inserted with FK triggers off (every referenced id was just read
 * from its table), then the indexes are rebuilt from their own definitions (pg_get_indexdef) and
 * checked to be exactly what the migrations created. Building an index once is far cheaper than
 * updating six of them a million times.
 */
export async function bulkInsert(client: pg.Client, sql: string, params: unknown[], log: (m: string) => void): Promise<void> {
  const indexesOf = async () =>
    (
      await client.query<{ name: string; def: string }>(
        `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
          WHERE i.schemaname = 'public' AND i.tablename = 'case_file'
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = to_regclass(quote_ident(i.indexname)))
          ORDER BY i.indexname`,
      )
    ).rows;
  const before = await indexesOf();
  const t0 = performance.now();
  await client.query('BEGIN');
  try {
    for (const index of before) await client.query(`DROP INDEX "${index.name}"`);
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(sql, params);
    await client.query(`SET LOCAL session_replication_role = origin`);
    const t1 = performance.now();
    log(`  rows inserted in ${((t1 - t0) / 1000).toFixed(1)} s; rebuilding ${before.length} secondary indexes …`);
    for (const index of before) await client.query(index.def);
    await client.query('COMMIT');
    log(`  indexes rebuilt in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  const after = await indexesOf();
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    throw new Error(`case_file indexes differ after the bulk load:\n${JSON.stringify(before)}\n${JSON.stringify(after)}`);
  }
}

/** Fails loudly when a migration added a NOT NULL column without default that the seed does not fill. */
export async function assertSeedCoversSchema(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string; is_nullable: string; column_default: string | null }>(
    `SELECT column_name, is_nullable, column_default FROM information_schema.columns WHERE table_name = 'case_file' ORDER BY ordinal_position`,
  );
  const seeded = new Set<string>(SEEDED_COLUMNS);
  const missingRequired = rows.filter((r) => !seeded.has(r.column_name) && r.is_nullable === 'NO' && r.column_default === null);
  if (missingRequired.length > 0) {
    throw new Error(`case_file has NOT NULL columns the bench seed does not fill: ${missingRequired.map((r) => r.column_name).join(', ')} (bench/queue-data.ts)`);
  }
  return rows.filter((r) => !seeded.has(r.column_name)).map((r) => r.column_name);
}

/** Share of rows per (agency, open) and paused/overdue counts, for the log. */
export async function describeSeed(client: pg.Client, officerAgencyId: string): Promise<string> {
  const { rows } = await client.query<{ total: string; officer: string; open: string; officer_open: string; paused: string; overdue: string; drafting: string }>(
    `SELECT count(*) AS total,
            count(*) FILTER (WHERE agency_id = $1) AS officer,
            count(*) FILTER (WHERE is_open) AS open,
            count(*) FILTER (WHERE is_open AND agency_id = $1) AS officer_open,
            count(*) FILTER (WHERE is_open AND queue_due_date = DATE '${NO_DUE_DATE_SORT}') AS paused,
            count(*) FILTER (WHERE is_open AND overdue) AS overdue,
            count(*) FILTER (WHERE status = 'DRAFTING' AND agency_id = $1) AS drafting
       FROM case_file`,
    [officerAgencyId],
  );
  const r = rows[0];
  const pct = (n: string) => `${((100 * Number(n)) / Number(r.total)).toFixed(1)}%`;
  return (
    `${Number(r.total).toLocaleString('en-US')} cases; officer's agency ${pct(r.officer)}; open ${pct(r.open)} ` +
    `(officer's agency: ${Number(r.officer_open).toLocaleString('en-US')}, paused ${pct(r.paused)}, overdue ${pct(r.overdue)}); ` +
    `DRAFTING in officer's agency: ${Number(r.drafting).toLocaleString('en-US')}`
  );
}
