import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AccessLogEntity } from './access-log.entity.js';
import { CaseEventEntity } from '../cases/case-event.entity.js';
import { CheckpointEntity } from './ledger.entity.js';
import { RemedyProceedingEntity } from './remedy-proceeding.entity.js';
import { REMEDY_KIND_LABELS, type RemedyKind } from './remedy.js';
import { SweepRunEntity } from './sweep-run.entity.js';
import { CLOSING_EVENT_TYPES_SQL } from '../cases/workflow/case-event.js';

/** Advisory-lock keys (pg_advisory_xact_lock) of the ledger's sequencer and the access log's chain. */
const SEQUENCER_LOCK = 0x6c656467; // 'ledg'
const ACCESS_LOG_LOCK = 0x61636367; // 'accg'

export interface LedgerLeafRow {
  leafIndex: number;
  caseId: string;
  eventSeq: number;
  eventHash: string;
}

/** The archive's tables: ledger entries (fed by a trigger on case_event), checkpoints, the access log. */
@Injectable()
export class ArchiveRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Gives leaf indexes to the entries committed since the last run, in id order, under a lock (one sequencer at a
   * time across instances). An entry whose transaction commits later is simply sequenced by a later run: indexes
   * are only ever appended, so the tree grows append-only whatever the commit order.
   */
  async sequence(em: EntityManager): Promise<number> {
    await em.query(`SELECT pg_advisory_xact_lock($1)`, [SEQUENCER_LOCK]);
    const rows: { count: string }[] = await em.query(
      `WITH base AS (SELECT COALESCE(MAX(leaf_index) + 1, 0) AS next FROM archive_ledger_entry WHERE leaf_index IS NOT NULL),
            pending AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS n FROM archive_ledger_entry WHERE leaf_index IS NULL)
       , done AS (UPDATE archive_ledger_entry e SET leaf_index = base.next + pending.n FROM pending, base WHERE e.id = pending.id RETURNING 1)
       SELECT COUNT(*)::text AS count FROM done`,
    );
    return Number(rows[0]?.count ?? 0);
  }

  async leaves(em: EntityManager, treeSize?: number): Promise<LedgerLeafRow[]> {
    const rows: { leaf_index: string; case_id: string; event_seq: number; event_hash: string }[] = await em.query(
      `SELECT leaf_index, case_id, event_seq, event_hash FROM archive_ledger_entry
       WHERE leaf_index IS NOT NULL ${treeSize === undefined ? '' : 'AND leaf_index < $1'} ORDER BY leaf_index`,
      treeSize === undefined ? [] : [treeSize],
    );
    return rows.map((r) => ({ leafIndex: Number(r.leaf_index), caseId: r.case_id, eventSeq: r.event_seq, eventHash: r.event_hash }));
  }

  latestCheckpoint(em: EntityManager): Promise<CheckpointEntity | null> {
    return em.getRepository(CheckpointEntity).findOne({ where: {}, order: { id: 'DESC' } });
  }

  checkpoints(em: EntityManager): Promise<CheckpointEntity[]> {
    return em.getRepository(CheckpointEntity).find({ order: { id: 'ASC' } });
  }

  async insertCheckpoint(em: EntityManager, row: Pick<CheckpointEntity, 'treeSize' | 'rootHash' | 'note'>): Promise<CheckpointEntity> {
    return em.getRepository(CheckpointEntity).save(em.getRepository(CheckpointEntity).create(row));
  }

  /** Every case's events as (case, seq, hash), and every case row's head: for the ledger check. */
  async eventHashes(em: EntityManager): Promise<{ caseId: string; seq: number; hash: string; payload: Record<string, unknown> }[]> {
    const rows: { case_id: string; seq: number; hash: string; payload: Record<string, unknown> }[] = await em.query(`SELECT case_id, seq, hash, payload FROM case_event ORDER BY case_id, seq`);
    return rows.map((r) => ({ caseId: r.case_id, seq: r.seq, hash: r.hash, payload: r.payload }));
  }

  async caseHeads(em: EntityManager): Promise<{ id: string; trackingNumber: string; eventCount: number; lastEventHash: string | null }[]> {
    const rows: { id: string; tracking_number: string; event_count: number; last_event_hash: string | null }[] = await em.query(`SELECT id, tracking_number, event_count, last_event_hash FROM case_file`);
    return rows.map((r) => ({ id: r.id, trackingNumber: r.tracking_number, eventCount: r.event_count, lastEventHash: r.last_event_hash }));
  }

  async documentHashes(em: EntityManager): Promise<Map<string, { caseId: string; sha256: string }>> {
    const rows: { id: string; case_id: string; sha256: string }[] = await em.query(`SELECT id, case_id, sha256 FROM issued_document`);
    return new Map(rows.map((r) => [r.id, { caseId: r.case_id, sha256: r.sha256 }]));
  }

  /** Appends to the access log under a lock, so the chain has one head. */
  async appendAccess(em: EntityManager, build: (prevHash: string | null) => Omit<AccessLogEntity, 'id'>): Promise<AccessLogEntity> {
    await em.query(`SELECT pg_advisory_xact_lock($1)`, [ACCESS_LOG_LOCK]);
    const last = await em.getRepository(AccessLogEntity).findOne({ where: {}, order: { id: 'DESC' } });
    return em.getRepository(AccessLogEntity).save(em.getRepository(AccessLogEntity).create(build(last?.hash ?? null)));
  }

  accessLog(caseId?: string): Promise<AccessLogEntity[]> {
    return this.dataSource.getRepository(AccessLogEntity).find({ where: caseId ? { caseId } : {}, order: { id: 'ASC' } });
  }
}

export interface OpenRemedyRow {
  caseId: string;
  trackingNumber: string;
  kindLabel: string;
  body: string;
  appliedOn: string;
  copyReceivedOn: string | null;
  evidenceDueOn: string | null;
  evidenceSubmittedOn: string | null;
}

/** The columns of a remedy proceeding (without the relation). */
export type RemedyFields = Partial<Omit<RemedyProceedingEntity, 'case'>>;

/** Remedy proceedings (a projection of RECORD_REMEDY events) and the integrity sweep's runs. */
@Injectable()
export class RemedyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(em: EntityManager, caseId: string, id: string): Promise<RemedyProceedingEntity | null> {
    return em.getRepository(RemedyProceedingEntity).findOneBy({ id, caseId });
  }

  async insert(em: EntityManager, row: RemedyFields): Promise<void> {
    await em.getRepository(RemedyProceedingEntity).insert(row);
  }

  async update(em: EntityManager, id: string, changes: RemedyFields): Promise<void> {
    await em.getRepository(RemedyProceedingEntity).update({ id }, changes);
  }

  ofCase(caseId: string): Promise<RemedyProceedingEntity[]> {
    return this.dataSource.getRepository(RemedyProceedingEntity).find({ where: { caseId }, order: { createdAt: 'ASC' } });
  }

  /** An agency's proceedings not yet decided, with their case's number: evidence not produced and soonest due first. */
  async openOfAgency(agencyId: string): Promise<OpenRemedyRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT r.case_id, c.tracking_number, r.kind, r.body, r.applied_on::text AS applied_on, r.copy_received_on::text AS copy_received_on,
              r.evidence_due_on::text AS evidence_due_on, r.evidence_submitted_on::text AS evidence_submitted_on
         FROM remedy_proceeding r JOIN case_file c ON c.id = r.case_id
        WHERE r.agency_id = $1 AND r.outcome = 'PENDING'
        ORDER BY (r.evidence_submitted_on IS NOT NULL), r.evidence_due_on NULLS LAST, r.created_at`,
      [agencyId],
    );
    return rows.map((r) => ({
      caseId: r.case_id as string,
      trackingNumber: r.tracking_number as string,
      kindLabel: REMEDY_KIND_LABELS[r.kind as RemedyKind] ?? (r.kind as string),
      body: r.body as string,
      appliedOn: r.applied_on as string,
      copyReceivedOn: r.copy_received_on as string | null,
      evidenceDueOn: r.evidence_due_on as string | null,
      evidenceSubmittedOn: r.evidence_submitted_on as string | null,
    }));
  }

  /** Proceedings whose evidence is due by `until` and was neither produced nor reminded of; locked, skipping rows others hold. */
  dueForReminder(em: EntityManager, until: string): Promise<RemedyProceedingEntity[]> {
    return em
      .getRepository(RemedyProceedingEntity)
      .createQueryBuilder('r')
      .where('r.evidence_submitted_on IS NULL AND r.reminded_on IS NULL AND r.evidence_due_on <= :until', { until })
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async insertSweep(run: Omit<SweepRunEntity, 'id'>): Promise<SweepRunEntity> {
    return this.dataSource.getRepository(SweepRunEntity).save(this.dataSource.getRepository(SweepRunEntity).create(run));
  }

  latestSweeps(limit: number): Promise<SweepRunEntity[]> {
    return this.dataSource.getRepository(SweepRunEntity).find({ order: { id: 'DESC' }, take: limit });
  }

  /** Closed cases due for automatic archiving: ended (delivered, withdrawn, closed) at least the agency's N days ago. */
  async dueForArchiving(em: EntityManager, today: string, defaultDays: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT c.id FROM case_file c
         JOIN agency a ON a.id = c.agency_id
         JOIN LATERAL (SELECT MAX(e.effective_date) AS ended FROM case_event e
                        WHERE e.case_id = c.id AND e.type IN ${CLOSING_EVENT_TYPES_SQL}) x ON TRUE
        WHERE c.status IN ('DELIVERED', 'WITHDRAWN', 'CLOSED') AND x.ended IS NOT NULL
          AND x.ended + COALESCE(NULLIF(a.settings->>'autoArchiveDays', '')::int, $2) <= $1::date
        ORDER BY c.id LIMIT $3
        FOR UPDATE OF c SKIP LOCKED`,
      [today, defaultDays, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Staff to remind of a proceeding's deadline: the case's assignee and the agency's office heads. */
  async remindees(em: EntityManager, caseId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT u.id FROM app_user u JOIN case_file c ON c.id = $1
        WHERE u.active AND (u.id = c.assignee_id OR (u.role = 'OFFICE_HEAD' AND u.agency_id = c.agency_id))`,
      [caseId],
    );
    return rows.map((r) => r.id);
  }

  /** Every active admin (told of an integrity failure, which is not about one case). */
  async activeAdminIds(em: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await em.query(`SELECT id FROM app_user WHERE active AND role = 'ADMIN'`);
    return rows.map((r) => r.id);
  }

  async agencySettings(em: EntityManager, agencyId: string): Promise<Record<string, unknown>> {
    const rows: { settings: Record<string, unknown> | null }[] = await em.query(`SELECT settings FROM agency WHERE id = $1`, [agencyId]);
    return rows[0]?.settings ?? {};
  }

  async trackingNumber(em: EntityManager, caseId: string): Promise<string> {
    const rows: { tracking_number: string }[] = await em.query(`SELECT tracking_number FROM case_file WHERE id = $1`, [caseId]);
    return rows[0]?.tracking_number ?? '';
  }

  async caseHeads(): Promise<{ id: string; trackingNumber: string; lastEventHash: string | null }[]> {
    const rows: { id: string; tracking_number: string; last_event_hash: string | null }[] = await this.dataSource.query(`SELECT id, tracking_number, last_event_hash FROM case_file ORDER BY id`);
    return rows.map((r) => ({ id: r.id, trackingNumber: r.tracking_number, lastEventHash: r.last_event_hash }));
  }

  /** Every stored blob the archive vouches for: issued documents and attachments linked to cases. */
  async blobs(): Promise<{ kind: 'document' | 'attachment'; id: string; caseId: string; storageKey: string; sha256: string }[]> {
    const rows: { kind: 'document' | 'attachment'; id: string; case_id: string; storage_key: string; sha256: string }[] = await this.dataSource.query(
      `SELECT 'document' AS kind, id, case_id, storage_key, sha256 FROM issued_document
       UNION ALL SELECT 'attachment', id, case_id, storage_key, sha256 FROM attachment WHERE case_id IS NOT NULL`,
    );
    return rows.map((r) => ({ kind: r.kind, id: r.id, caseId: r.case_id, storageKey: r.storage_key, sha256: r.sha256 }));
  }

  /** One case's events, for re-verifying its chain. */
  async caseEvents(caseId: string): Promise<CaseEventEntity[]> {
    return this.dataSource.getRepository(CaseEventEntity).find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  /** Runs `work` only if no other instance holds the sweep lock (session-level try-lock on one connection). */
  async exclusively<T>(key: number, work: () => Promise<T>): Promise<T | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [key])) as { locked: boolean }[];
      if (!locked) return null;
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [key]);
      }
    } finally {
      await runner.release();
    }
  }
}
