import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { NotificationEntity } from '../notifications/notification.entity.js';
import { DisclosureActionEntity } from './disclosure-action.entity.js';
import { DisclosureClusterEntity } from './disclosure-cluster.entity.js';
import { DisclosureSelfCheckEntity } from './disclosure-self-check.entity.js';
import { DisclosureSuggestionEntity } from './disclosure-suggestion.entity.js';
import { PublicationEntity } from './publication.entity.js';
import type { Fingerprint } from './domain/fingerprint.js';
import { RequestFingerprintEntity } from './request-fingerprint.entity.js';

/** What detection reads of a case. */
export interface CaseRequestRow {
  id: string;
  agency_id: string;
  tracking_number: string;
  request_title: string | null;
  request_description: string;
  request_document_number: string | null;
  applicant_key: string | null;
  applicant_user_id: string | null;
  applicant_name: string;
  received_on: string;
}

export interface CandidateRow {
  case_id: string;
  applicant_key: string;
  fingerprint: Fingerprint;
  cluster_id: string | null;
  received_on: string;
}

export interface MemberRow {
  case_id: string;
  cluster_id: string;
  applicant_key: string;
  received_on: string;
  tracking_number: string;
  status: string;
  request_title: string | null;
  reply_type: string | null;
  agency_id: string;
  matches: RequestFingerprintEntity['matches'];
}

/** Candidates compared per new request, most recent first. */
export const MAX_CANDIDATES = 400;

/** Only this class touches the disclosure tables; writes take the caller's transaction. */
@Injectable()
export class DisclosureRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

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

  async caseRequest(em: EntityManager, caseId: string): Promise<CaseRequestRow | null> {
    const rows = await em.query<CaseRequestRow[]>(
      `SELECT id, agency_id, tracking_number, request_title, request_description, request_document_number, applicant_key,
              applicant_user_id, applicant_name, to_char(COALESCE(receipt_date, created_at::date), 'YYYY-MM-DD') AS received_on
       FROM case_file WHERE id = $1`,
      [caseId],
    );
    return rows[0] ?? null;
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
   * The candidates of several requests in one round trip: for each, exactly what `candidates` returns (a LATERAL
   * query per request, each through the GIN index alone, fenced as there), keyed by case id.
   */
  async candidatesBatch(em: EntityManager, requests: readonly { caseId: string; agencyId: string; keys: readonly string[] }[], limit = MAX_CANDIDATES): Promise<Map<string, CandidateRow[]>> {
    const out = new Map<string, CandidateRow[]>(requests.map((r) => [r.caseId, []]));
    if (requests.length === 0) return out;
    const rows = await em.query<(CandidateRow & { for_case: string })[]>(
      `SELECT q.case_id AS for_case, c.case_id, c.applicant_key, c.fingerprint, c.cluster_id, c.received_on
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS q(case_id, agency_id, keys)
       CROSS JOIN LATERAL (
         SELECT f.case_id, f.applicant_key, f.fingerprint, f.cluster_id, to_char(f.received_on, 'YYYY-MM-DD') AS received_on
         FROM (SELECT * FROM request_fingerprint WHERE block_keys && ARRAY(SELECT jsonb_array_elements_text(q.keys::jsonb)) OFFSET 0) f
         WHERE f.agency_id = q.agency_id AND f.case_id <> q.case_id
         ORDER BY f.received_on DESC LIMIT $4
       ) c`,
      [requests.map((r) => r.caseId), requests.map((r) => r.agencyId), requests.map((r) => JSON.stringify(r.keys)), limit],
    );
    for (const { for_case, ...row } of rows) out.get(for_case)!.push(row);
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

  clusterFingerprints(em: EntityManager, clusterId: string): Promise<{ case_id: string; fingerprint: Fingerprint }[]> {
    return em.query(`SELECT case_id, fingerprint FROM request_fingerprint WHERE cluster_id = $1 LIMIT 1000`, [clusterId]);
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

  async setCluster(em: EntityManager, caseIds: readonly string[], clusterId: string | null): Promise<void> {
    await em.query('UPDATE request_fingerprint SET cluster_id = $2 WHERE case_id = ANY($1)', [caseIds, clusterId]);
  }

  async exclude(em: EntityManager, caseIds: readonly string[], clusterId: string): Promise<void> {
    await em.query(
      `UPDATE request_fingerprint SET excluded_cluster_ids = array_append(excluded_cluster_ids, $2::uuid)
       WHERE case_id = ANY($1) AND NOT ($2::uuid = ANY(excluded_cluster_ids))`,
      [caseIds, clusterId],
    );
  }

  createCluster(em: EntityManager, fields: Pick<DisclosureClusterEntity, 'agencyId' | 'label' | 'reasons'>): Promise<DisclosureClusterEntity> {
    return em.save(em.create(DisclosureClusterEntity, { ...fields, status: 'ACTIVE', mergedIntoId: null, decision: null }));
  }

  findCluster(em: EntityManager, id: string, lock = false): Promise<DisclosureClusterEntity | null> {
    return em.findOne(DisclosureClusterEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  saveCluster(em: EntityManager, c: DisclosureClusterEntity): Promise<DisclosureClusterEntity> {
    return em.save(c);
  }

  async addReasons(em: EntityManager, clusterId: string, reasons: readonly string[]): Promise<void> {
    await em.query(
      `UPDATE disclosure_cluster SET reasons = (SELECT COALESCE(jsonb_agg(DISTINCT r), '[]'::jsonb) FROM (
         SELECT jsonb_array_elements_text(reasons) AS r UNION SELECT unnest($2::text[])) x), updated_at = now()
       WHERE id = $1`,
      [clusterId, reasons],
    );
  }

  recordAction(em: EntityManager, fields: Pick<DisclosureActionEntity, 'agencyId' | 'clusterId' | 'kind' | 'caseIds' | 'payload' | 'byId'>): Promise<DisclosureActionEntity> {
    return em.save(em.create(DisclosureActionEntity, fields));
  }

  /**
   * What officers did that concerns one case: the actions naming it (decisions name every member at the time), and
   * the publication dates recorded later on a group it was decided with.
   */
  actionsOfCase(agencyId: string, caseId: string): Promise<DisclosureActionEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(DisclosureActionEntity, 'a')
      .where('a.agency_id = :agencyId', { agencyId })
      .andWhere(
        "(a.case_ids @> ARRAY[:caseId]::uuid[] OR (a.kind = 'PUBLISHED' AND a.cluster_id IN (SELECT d.cluster_id FROM disclosure_action d WHERE d.agency_id = :agencyId AND d.kind = 'DECIDE_PUBLISH' AND d.case_ids @> ARRAY[:caseId]::uuid[])))",
        { caseId },
      )
      .orderBy('a.created_at', 'ASC')
      .getMany();
  }

  actionsOf(clusterId: string): Promise<DisclosureActionEntity[]> {
    return this.dataSource.manager.find(DisclosureActionEntity, { where: { clusterId }, order: { createdAt: 'ASC' } });
  }

  /** Active clusters of the agencies with a member received in [from, to]. */
  clustersIn(agencyIds: readonly string[], from: string, to: string): Promise<DisclosureClusterEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(DisclosureClusterEntity, 'c')
      .where('c.agency_id = ANY(:agencyIds)', { agencyIds })
      .andWhere("c.status = 'ACTIVE'")
      .andWhere('EXISTS (SELECT 1 FROM request_fingerprint f WHERE f.cluster_id = c.id AND f.received_on BETWEEN :from AND :to)', { from, to })
      .orderBy('c.created_at', 'ASC')
      .getMany();
  }

  /**
   * Members of the clusters with what the officer needs: tracking number, status and the reply type of the
   * latest draft (START_DRAFT carries it), so withheld information is visible as such.
   */
  members(clusterIds: readonly string[]): Promise<MemberRow[]> {
    if (clusterIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query<MemberRow[]>(
      `SELECT f.case_id, f.cluster_id, f.applicant_key, to_char(f.received_on, 'YYYY-MM-DD') AS received_on, f.matches,
              c.tracking_number, c.status, c.request_title, c.agency_id,
              (SELECT e.payload->>'replyType' FROM case_event e WHERE e.case_id = f.case_id AND e.type = 'START_DRAFT'
                ORDER BY e.seq DESC LIMIT 1) AS reply_type
       FROM request_fingerprint f JOIN case_file c ON c.id = f.case_id
       WHERE f.cluster_id = ANY($1)
       ORDER BY f.received_on, c.tracking_number`,
      [clusterIds],
    );
  }

  insertPublication(em: EntityManager, fields: Omit<PublicationEntity, 'id' | 'createdAt'>): Promise<PublicationEntity> {
    return em.save(em.create(PublicationEntity, fields));
  }

  findPublication(em: EntityManager, id: string): Promise<PublicationEntity | null> {
    return em.findOneBy(PublicationEntity, { id });
  }

  savePublication(em: EntityManager, p: PublicationEntity): Promise<PublicationEntity> {
    return em.save(p);
  }

  publicationsOfClusters(clusterIds: readonly string[]): Promise<PublicationEntity[]> {
    if (clusterIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager
      .createQueryBuilder(PublicationEntity, 'p')
      .where('p.cluster_id = ANY(:clusterIds)', { clusterIds })
      .orderBy('p.created_at', 'ASC')
      .getMany();
  }

  /** Published information of the agencies (all when null) sharing a block key, most recent first. */
  publicationCandidates(em: EntityManager, agencyIds: readonly string[] | null, keys: readonly string[], limit = 50): Promise<PublicationEntity[]> {
    return em
      .createQueryBuilder(PublicationEntity, 'p')
      .where('p.block_keys && :keys::text[]', { keys })
      .andWhere('p.published_on IS NOT NULL')
      .andWhere(agencyIds ? 'p.agency_id = ANY(:agencyIds)' : 'TRUE', { agencyIds })
      .orderBy('p.published_on', 'DESC')
      .limit(limit)
      .getMany();
  }

  async hasPublications(em: EntityManager, agencyId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>('SELECT 1 FROM publication WHERE agency_id = $1 AND published_on IS NOT NULL LIMIT 1', [agencyId]);
    return rows.length > 0;
  }

  /** Publications whose title or 文号 contains the text (the search box, for words the detector has no key for). */
  publicationsLike(text: string, limit = 10): Promise<PublicationEntity[]> {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.dataSource.manager
      .createQueryBuilder(PublicationEntity, 'p')
      .where('p.published_on IS NOT NULL')
      .andWhere('(p.title ILIKE :like OR p.document_number ILIKE :like)', { like })
      .orderBy('p.published_on', 'DESC')
      .limit(limit)
      .getMany();
  }

  caseFingerprint(caseId: string): Promise<RequestFingerprintEntity | null> {
    return this.dataSource.manager.findOneBy(RequestFingerprintEntity, { caseId });
  }

  insertSuggestion(em: EntityManager, fields: Pick<DisclosureSuggestionEntity, 'caseId' | 'agencyId' | 'applicantUserId' | 'reason'>): Promise<DisclosureSuggestionEntity> {
    return em.save(em.create(DisclosureSuggestionEntity, { ...fields, status: 'PENDING', outcome: null, decidedById: null, decidedAt: null }));
  }

  findSuggestion(em: EntityManager, id: string): Promise<DisclosureSuggestionEntity | null> {
    return em.findOne(DisclosureSuggestionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  saveSuggestion(em: EntityManager, s: DisclosureSuggestionEntity): Promise<DisclosureSuggestionEntity> {
    return em.save(s);
  }

  suggestionsOfCase(caseId: string): Promise<DisclosureSuggestionEntity[]> {
    return this.dataSource.manager.find(DisclosureSuggestionEntity, { where: { caseId }, order: { createdAt: 'ASC' } });
  }

  suggestionsOfAgency(agencyId: string, pendingOnly: boolean): Promise<DisclosureSuggestionEntity[]> {
    return this.dataSource.manager.find(DisclosureSuggestionEntity, { where: { agencyId, ...(pendingOnly ? { status: 'PENDING' as const } : {}) }, order: { createdAt: 'ASC' } });
  }

  findSelfCheck(agencyId: string, year: number, em: EntityManager = this.dataSource.manager): Promise<DisclosureSelfCheckEntity | null> {
    return em.findOneBy(DisclosureSelfCheckEntity, { agencyId, year });
  }

  /** Creates the self-check once per agency and year (a second caller gets null). */
  async insertSelfCheck(em: EntityManager, agencyId: string, year: number, items: DisclosureSelfCheckEntity['items']): Promise<DisclosureSelfCheckEntity | null> {
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO disclosure_self_check (agency_id, year, items) VALUES ($1, $2, $3) ON CONFLICT (agency_id, year) DO NOTHING RETURNING id`,
      [agencyId, year, JSON.stringify(items)],
    );
    return rows[0] ? em.findOneBy(DisclosureSelfCheckEntity, { id: rows[0].id }) : null;
  }

  saveSelfCheck(em: EntityManager, c: DisclosureSelfCheckEntity): Promise<DisclosureSelfCheckEntity> {
    return em.save(c);
  }

  /** Cases of the agency replied in the year with a partial or withholding reply (the reply type of the latest draft). */
  refusedReplies(agencyId: string, year: number): Promise<{ case_id: string; tracking_number: string; request_title: string | null; request_description: string; reply_type: string }[]> {
    return this.dataSource.query(
      `SELECT c.id AS case_id, c.tracking_number, c.request_title, c.request_description, d.reply_type
       FROM case_file c
       JOIN LATERAL (SELECT e.payload->>'replyType' AS reply_type, e.effective_date FROM case_event e
                     WHERE e.case_id = c.id AND e.type = 'START_DRAFT' ORDER BY e.seq DESC LIMIT 1) d ON TRUE
       WHERE c.agency_id = $1 AND (d.reply_type = 'PARTIAL' OR d.reply_type LIKE 'WITHHOLD%')
         AND c.status IN ('APPROVED', 'DELIVERED', 'ARCHIVED')
         AND EXISTS (SELECT 1 FROM case_event a WHERE a.case_id = c.id AND a.type = 'APPROVE_REPLY'
                     AND a.effective_date BETWEEN make_date($2, 1, 1) AND make_date($2, 12, 31))
       ORDER BY c.tracking_number`,
      [agencyId, year],
    );
  }

  /** An in-app notification to each active office head of the agency, in the caller's transaction. */
  async notifyHeads(em: EntityManager, agencyId: string, message: string): Promise<void> {
    const heads = await em.query<{ id: string }[]>(`SELECT id FROM app_user WHERE agency_id = $1 AND role = 'OFFICE_HEAD' AND active`, [agencyId]);
    if (heads.length === 0) return;
    await em.insert(
      NotificationEntity,
      heads.map((h) => ({ userId: h.id, caseId: null, kind: 'DISCLOSURE_SELF_CHECK', message })),
    );
  }
}
