import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DisclosureActionEntity } from './disclosure-action.entity.js';
import { DisclosureClusterEntity } from './disclosure-cluster.entity.js';
import { DisclosureSuggestionEntity } from './disclosure-suggestion.entity.js';
import { PublicationEntity } from './publication.entity.js';
import type { RequestSlots } from './domain/slots.js';
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

/**
 * The disclosure tables of groups, their actions, publications and suggestions; writes take the caller's
 * transaction. Detection's queue and fingerprints are DisclosureDetectionRepository's, the self-checks
 * DisclosureSelfCheckRepository's.
 */
@Injectable()
export class DisclosureRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
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

  /** Every member of the cluster (a request for much-asked information can have thousands). */
  async clusterMemberIds(em: EntityManager, clusterId: string): Promise<string[]> {
    const rows = await em.query<{ case_id: string }[]>(`SELECT case_id FROM request_fingerprint WHERE cluster_id = $1`, [clusterId]);
    return rows.map((r) => r.case_id);
  }

  /**
   * The distinct hard keys of the cluster's members: what a request joining it is checked against (slotVeto). A large
   * cluster has thousands of members but a handful of distinct key sets; reading and parsing every member's whole
   * fingerprint made each detection batch's cost grow with the cluster.
   */
  async clusterSlotSets(em: EntityManager, clusterId: string): Promise<RequestSlots[]> {
    const rows = await em.query<{ slots: RequestSlots }[]>(`SELECT DISTINCT fingerprint->'slots' AS slots FROM request_fingerprint WHERE cluster_id = $1`, [clusterId]);
    return rows.map((r) => r.slots);
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
}
