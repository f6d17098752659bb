import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Fingerprint } from './domain/fingerprint.js';
import type { CaseRequestRow } from './disclosure.repository.js';
import { RequestFingerprintEntity } from './request-fingerprint.entity.js';

export interface CandidateRow {
  case_id: string;
  applicant_key: string;
  fingerprint: Fingerprint;
  cluster_id: string | null;
  received_on: string;
}

/** Candidates compared per new request, most recent first. */
export const MAX_CANDIDATES = 400;

/** Detection's tables: the queue of requests to detect, their fingerprints and the candidates they are compared with. */
@Injectable()
export class DisclosureDetectionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Serialises detection within one agency (two alike requests detected at once must not open two clusters). */
  async lockAgency(em: EntityManager, agencyId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`disclosure:${agencyId}`]);
  }

  /**
   * Claims up to `limit` queued cases in queue order after `afterSeq`, skipping those another worker holds. A caller
   * draining the queue passes the last seq it took: the index walk then starts past the rows it deleted (dead until
   * vacuumed), instead of stepping over all of them on every batch.
   */
  async claimQueued(em: EntityManager, limit: number, agencyIds?: readonly string[], afterSeq = '0'): Promise<{ caseId: string; seq: string }[]> {
    const rows = await em.query<{ case_id: string; seq: string }[]>(
      `SELECT q.case_id, q.seq FROM disclosure_queue q JOIN case_file c ON c.id = q.case_id
       WHERE q.seq > $3 AND ($2::uuid[] IS NULL OR c.agency_id = ANY($2))
       ORDER BY q.seq
       LIMIT $1 FOR UPDATE OF q SKIP LOCKED`,
      [limit, agencyIds ?? null, afterSeq],
    );
    return rows.map((r) => ({ caseId: r.case_id, seq: String(r.seq) }));
  }

  async dequeue(em: EntityManager, caseId: string): Promise<void> {
    await em.query('DELETE FROM disclosure_queue WHERE case_id = $1', [caseId]);
  }

  /** Queues every case of the agencies without a fingerprint of this algorithm version; returns how many. */
  async enqueueStale(agencyIds: readonly string[] | null, algorithmVersion: number): Promise<number> {
    const rows = await this.dataSource.query<{ n: number }[]>(
      `WITH ins AS (
         INSERT INTO disclosure_queue (case_id)
         SELECT c.id FROM case_file c
         WHERE ($1::uuid[] IS NULL OR c.agency_id = ANY($1))
           AND NOT EXISTS (SELECT 1 FROM request_fingerprint f WHERE f.case_id = c.id AND f.algorithm_version = $2)
         ORDER BY COALESCE(c.receipt_date, c.created_at::date), c.created_at, c.id
         ON CONFLICT DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [agencyIds, algorithmVersion],
    );
    return rows[0].n;
  }

  async queuedCount(agencyIds: readonly string[] | null): Promise<number> {
    const rows = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM disclosure_queue q JOIN case_file c ON c.id = q.case_id WHERE ($1::uuid[] IS NULL OR c.agency_id = ANY($1))`,
      [agencyIds],
    );
    return rows[0].n;
  }

  async dequeueAll(em: EntityManager, caseIds: readonly string[]): Promise<void> {
    await em.query('DELETE FROM disclosure_queue WHERE case_id = ANY($1)', [caseIds]);
  }

  caseRequests(em: EntityManager, caseIds: readonly string[]): Promise<CaseRequestRow[]> {
    return em.query<CaseRequestRow[]>(
      `SELECT id, agency_id, tracking_number, request_title, request_description, request_document_number, applicant_key,
              applicant_user_id, applicant_name, to_char(COALESCE(receipt_date, created_at::date), 'YYYY-MM-DD') AS received_on
       FROM case_file WHERE id = ANY($1)`,
      [caseIds],
    );
  }

  findFingerprints(em: EntityManager, caseIds: readonly string[]): Promise<RequestFingerprintEntity[]> {
    return em.getRepository(RequestFingerprintEntity).createQueryBuilder('f').where('f.case_id = ANY(:caseIds)', { caseIds }).getMany();
  }

  findFingerprint(em: EntityManager, caseId: string): Promise<RequestFingerprintEntity | null> {
    return em.findOneBy(RequestFingerprintEntity, { caseId });
  }

  /**
   * Earlier requests of the agency sharing a block key, most recent first, through the GIN index on block_keys alone.
   * The keys carry the agency (agencyKeys), so the agency test only confirms; it sits outside an `OFFSET 0` fence so
   * the planner cannot AND the GIN bitmap with the (agency_id, received_on) index. With statistics older than an
   * agency's rows (a backfill filling a new agency: autovacuum analyses after 10 % of the whole table changed) it
   * did exactly that, reading every row of the agency for each request: the backfill slowed down as it went.
   */
  candidates(em: EntityManager, agencyId: string, keys: readonly string[], excludeCaseId: string, limit = MAX_CANDIDATES): Promise<CandidateRow[]> {
    return em.query<CandidateRow[]>(
      `SELECT case_id, applicant_key, fingerprint, cluster_id, to_char(received_on, 'YYYY-MM-DD') AS received_on
       FROM (SELECT * FROM request_fingerprint WHERE block_keys && $1::text[] OFFSET 0) f
       WHERE agency_id = $2 AND case_id <> $3
       ORDER BY received_on DESC LIMIT $4`,
      [keys, agencyId, excludeCaseId, limit],
    );
  }

  /**
   * The candidates of several requests: for each, exactly what `candidates` returns (a LATERAL query per request,
   * each through the GIN index alone, fenced as there), keyed by case id. Requests for much-asked information share
   * most of their candidates, so the pairs come first and each candidate's row once, in a second statement: a batch
   * of 200 alike requests read 80,000 fingerprints (the same 400, 200 times) and parsed each.
   */
  async candidatesBatch(em: EntityManager, requests: readonly { caseId: string; agencyId: string; keys: readonly string[] }[], limit = MAX_CANDIDATES): Promise<Map<string, CandidateRow[]>> {
    const out = new Map<string, CandidateRow[]>(requests.map((r) => [r.caseId, []]));
    if (requests.length === 0) return out;
    const pairs = await em.query<{ for_case: string; case_id: string }[]>(
      `SELECT q.case_id AS for_case, c.case_id
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS q(case_id, agency_id, keys)
       CROSS JOIN LATERAL (
         SELECT f.case_id
         FROM (SELECT * FROM request_fingerprint WHERE block_keys && ARRAY(SELECT jsonb_array_elements_text(q.keys::jsonb)) OFFSET 0) f
         WHERE f.agency_id = q.agency_id AND f.case_id <> q.case_id
         ORDER BY f.received_on DESC LIMIT $4
       ) c`,
      [requests.map((r) => r.caseId), requests.map((r) => r.agencyId), requests.map((r) => JSON.stringify(r.keys)), limit],
    );
    if (pairs.length === 0) return out;
    const rows = await em.query<CandidateRow[]>(
      `SELECT case_id, applicant_key, fingerprint, cluster_id, to_char(received_on, 'YYYY-MM-DD') AS received_on
       FROM request_fingerprint WHERE case_id = ANY($1::uuid[])`,
      [[...new Set(pairs.map((p) => p.case_id))]],
    );
    const byId = new Map(rows.map((r) => [r.case_id, r]));
    // The same row object in several requests' lists: callers replace entries (with a copy), never change them. A row
    // deleted between the two statements is left out, as if the first had not seen it.
    for (const p of pairs) {
      const row = byId.get(p.case_id);
      if (row) out.get(p.for_case)!.push(row);
    }
    return out;
  }

  /** Many fingerprints in one statement (the backfill's batches); the same upsert as `upsertFingerprint`. */
  async upsertFingerprints(em: EntityManager, rows: readonly Omit<RequestFingerprintEntity, 'computedAt'>[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO request_fingerprint (case_id, agency_id, applicant_key, received_on, fingerprint, block_keys, cluster_id, matches, excluded_cluster_ids, algorithm_version, publication_suggestion)
       SELECT t.case_id, t.agency_id, t.applicant_key, t.received_on, t.fingerprint::jsonb, ARRAY(SELECT jsonb_array_elements_text(t.block_keys::jsonb)),
              t.cluster_id, t.matches::jsonb, ARRAY(SELECT jsonb_array_elements_text(t.excluded::jsonb))::uuid[], t.algorithm_version, t.publication_suggestion::jsonb
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[], $10::int[], $11::text[])
         AS t(case_id, agency_id, applicant_key, received_on, fingerprint, block_keys, cluster_id, matches, excluded, algorithm_version, publication_suggestion)
       ON CONFLICT (case_id) DO UPDATE SET applicant_key = EXCLUDED.applicant_key, received_on = EXCLUDED.received_on,
         fingerprint = EXCLUDED.fingerprint, block_keys = EXCLUDED.block_keys, cluster_id = EXCLUDED.cluster_id,
         matches = EXCLUDED.matches, algorithm_version = EXCLUDED.algorithm_version,
         publication_suggestion = EXCLUDED.publication_suggestion, computed_at = now()`,
      [
        rows.map((r) => r.caseId),
        rows.map((r) => r.agencyId),
        rows.map((r) => r.applicantKey),
        rows.map((r) => r.receivedOn),
        rows.map((r) => JSON.stringify(r.fingerprint)),
        rows.map((r) => JSON.stringify(r.blockKeys)),
        rows.map((r) => r.clusterId),
        rows.map((r) => JSON.stringify(r.matches)),
        rows.map((r) => JSON.stringify(r.excludedClusterIds)),
        rows.map((r) => r.algorithmVersion),
        rows.map((r) => (r.publicationSuggestion ? JSON.stringify(r.publicationSuggestion) : null)),
      ],
    );
  }

  async upsertFingerprint(em: EntityManager, row: Omit<RequestFingerprintEntity, 'computedAt'>): Promise<void> {
    await em.query(
      `INSERT INTO request_fingerprint (case_id, agency_id, applicant_key, received_on, fingerprint, block_keys, cluster_id, matches, excluded_cluster_ids, algorithm_version, publication_suggestion)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (case_id) DO UPDATE SET applicant_key = EXCLUDED.applicant_key, received_on = EXCLUDED.received_on,
         fingerprint = EXCLUDED.fingerprint, block_keys = EXCLUDED.block_keys, cluster_id = EXCLUDED.cluster_id,
         matches = EXCLUDED.matches, algorithm_version = EXCLUDED.algorithm_version,
         publication_suggestion = EXCLUDED.publication_suggestion, computed_at = now()`,
      [
        row.caseId,
        row.agencyId,
        row.applicantKey,
        row.receivedOn,
        JSON.stringify(row.fingerprint),
        row.blockKeys,
        row.clusterId,
        JSON.stringify(row.matches),
        row.excludedClusterIds,
        row.algorithmVersion,
        row.publicationSuggestion ? JSON.stringify(row.publicationSuggestion) : null,
      ],
    );
  }
}
