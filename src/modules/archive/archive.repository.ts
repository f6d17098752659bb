import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AccessLogEntity } from './access-log.entity.js';
import { CheckpointEntity } from './ledger.entity.js';

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
