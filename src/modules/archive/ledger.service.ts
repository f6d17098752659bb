import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock.js';
import { documentRefs } from './case-file.js';
import { ArchiveRepository, type LedgerLeafRow } from './archive.repository.js';
import { checkpointBody, ledgerLeafHash } from './ledger.js';
import { inclusionProof, merkleRoot } from './merkle.js';
import { ArchiveSigningKey } from './signing-key.js';

export interface CheckpointDto {
  origin: string;
  treeSize: number;
  rootHash: string;
  /** The signed note (C2SP tlog-checkpoint), to be kept by parties outside the agency. */
  note: string;
  createdAt: string;
}

export interface InclusionProofDto {
  leaf: { caseId: string; seq: number; eventHash: string; index: number };
  treeSize: number;
  proof: string[];
  checkpoint: string;
}

export type LedgerProblemKind =
  | 'CASE_MISSING'
  | 'EVENT_MISSING'
  | 'EVENT_REWRITTEN'
  | 'EVENT_NOT_IN_LEDGER'
  | 'CASE_HEAD_MISMATCH'
  | 'DOCUMENT_MISSING'
  | 'DOCUMENT_REWRITTEN'
  | 'CHECKPOINT_MISMATCH';

export interface LedgerProblem {
  kind: LedgerProblemKind;
  caseId?: string;
  trackingNumber?: string;
  seq?: number;
  documentId?: string;
  treeSize?: number;
  message: string;
}

export interface LedgerCheckDto {
  ok: boolean;
  checkedAt: string;
  treeSize: number;
  cases: number;
  events: number;
  checkpoints: number;
  problems: LedgerProblem[];
}

/** A checkpoint is signed at least this often even when the tree did not grow (the daily checkpoint). */
const CHECKPOINT_MAX_AGE_MS = 24 * 3600 * 1000;

export const ARCHIVE_SIGNING_KEY = Symbol('ARCHIVE_SIGNING_KEY');

/**
 * The agency-wide ledger: an RFC 6962 Merkle tree over every case event's head hash, with signed checkpoints. A
 * per-case chain cannot show that a whole case was deleted or replaced; the ledger and checkpoints kept outside
 * the agency can.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly repository: ArchiveRepository,
    @Inject(ARCHIVE_SIGNING_KEY) private readonly key: ArchiveSigningKey,
    private readonly clock: Clock,
  ) {}

  /** Sequences pending entries and signs a checkpoint of the current tree when it grew or the last is a day old. */
  checkpoint(): Promise<CheckpointDto> {
    return this.repository.transaction(async (em) => toDto(await this.checkpointIn(em)));
  }

  /** The daily checkpoint: signs one when none is younger than a day (called by the scheduler). */
  async checkpointIfDue(): Promise<void> {
    await this.repository.transaction(async (em) => {
      const latest = await this.repository.latestCheckpoint(em);
      if (!latest || this.clock.now().getTime() - latest.createdAt.getTime() >= CHECKPOINT_MAX_AGE_MS) await this.checkpointIn(em, true);
    });
  }

  private async checkpointIn(em: EntityManager, force = false) {
    await this.repository.sequence(em);
    const leaves = await this.repository.leaves(em);
    const latest = await this.repository.latestCheckpoint(em);
    const stale = !latest || this.clock.now().getTime() - latest.createdAt.getTime() >= CHECKPOINT_MAX_AGE_MS;
    if (latest && Number(latest.treeSize) === leaves.length && !stale && !force) return latest;
    const root = merkleRoot(leaves.map(leafOf));
    const note = this.key.signNote(checkpointBody(this.key.origin, leaves.length, root));
    return this.repository.insertCheckpoint(em, { treeSize: String(leaves.length), rootHash: root.toString('hex'), note });
  }

  /** The inclusion proof of a case's current head in a fresh checkpoint. */
  async proofForCase(caseId: string, headSeq: number, headHash: string): Promise<InclusionProofDto> {
    return this.repository.transaction(async (em) => {
      const checkpoint = await this.checkpointIn(em);
      const leaves = await this.repository.leaves(em, Number(checkpoint.treeSize));
      const leaf = leaves.find((l) => l.caseId === caseId && l.eventSeq === headSeq && l.eventHash === headHash);
      if (!leaf) throw new Error(`case ${caseId} head ${headSeq} is not in the ledger`);
      return {
        leaf: { caseId, seq: headSeq, eventHash: headHash, index: leaf.leafIndex },
        treeSize: leaves.length,
        proof: inclusionProof(leaf.leafIndex, leaves.map(leafOf)).map((b) => b.toString('hex')),
        checkpoint: checkpoint.note,
      };
    });
  }

  /**
   * Checks the ledger against the cases: every ledger entry still has its event with the same hash, every event
   * is in the ledger, every case row's head is its last ledger entry, every document an event issued still exists
   * with its hash, and every stored checkpoint's root is still the root of the tree at its size.
   */
  async check(): Promise<LedgerCheckDto> {
    return this.repository.transaction(async (em) => {
      await this.repository.sequence(em);
      const leaves = await this.repository.leaves(em);
      const events = await this.repository.eventHashes(em);
      const heads = await this.repository.caseHeads(em);
      const documents = await this.repository.documentHashes(em);
      const checkpoints = await this.repository.checkpoints(em);
      const problems: LedgerProblem[] = [];
      const caseById = new Map(heads.map((h) => [h.id, h]));
      const eventByKey = new Map(events.map((e) => [`${e.caseId}/${e.seq}`, e]));
      const leafByKey = new Map<string, LedgerLeafRow>();
      const lastLeafOfCase = new Map<string, LedgerLeafRow>();
      const tn = (caseId: string) => caseById.get(caseId)?.trackingNumber;
      const missingCases = new Set<string>();
      for (const leaf of leaves) {
        const key = `${leaf.caseId}/${leaf.eventSeq}`;
        leafByKey.set(key, leaf);
        const last = lastLeafOfCase.get(leaf.caseId);
        if (!last || last.eventSeq < leaf.eventSeq) lastLeafOfCase.set(leaf.caseId, leaf);
        if (!caseById.has(leaf.caseId)) {
          if (!missingCases.has(leaf.caseId)) problems.push({ kind: 'CASE_MISSING', caseId: leaf.caseId, message: `案件 ${leaf.caseId} 已从数据库中删除（账本中有其记录）` });
          missingCases.add(leaf.caseId);
          continue;
        }
        const event = eventByKey.get(key);
        if (!event) problems.push({ kind: 'EVENT_MISSING', caseId: leaf.caseId, trackingNumber: tn(leaf.caseId), seq: leaf.eventSeq, message: `案件 ${tn(leaf.caseId)} 第${leaf.eventSeq}条事件已被删除` });
        else if (event.hash !== leaf.eventHash) problems.push({ kind: 'EVENT_REWRITTEN', caseId: leaf.caseId, trackingNumber: tn(leaf.caseId), seq: leaf.eventSeq, message: `案件 ${tn(leaf.caseId)} 第${leaf.eventSeq}条事件已被改写` });
      }
      for (const e of events) {
        if (!leafByKey.has(`${e.caseId}/${e.seq}`)) problems.push({ kind: 'EVENT_NOT_IN_LEDGER', caseId: e.caseId, trackingNumber: tn(e.caseId), seq: e.seq, message: `案件 ${tn(e.caseId)} 第${e.seq}条事件不在账本中（绕过系统写入）` });
        for (const ref of documentRefs(e.payload)) {
          const doc = documents.get(ref.id);
          if (!doc) problems.push({ kind: 'DOCUMENT_MISSING', caseId: e.caseId, trackingNumber: tn(e.caseId), seq: e.seq, documentId: ref.id, message: `案件 ${tn(e.caseId)} 第${e.seq}条事件签发的文书记录已被删除` });
          else if (doc.sha256 !== ref.sha256) problems.push({ kind: 'DOCUMENT_REWRITTEN', caseId: e.caseId, trackingNumber: tn(e.caseId), seq: e.seq, documentId: ref.id, message: `案件 ${tn(e.caseId)} 第${e.seq}条事件签发的文书哈希已被改写` });
        }
      }
      for (const h of heads) {
        const last = lastLeafOfCase.get(h.id);
        if (last && (last.eventHash !== h.lastEventHash || last.eventSeq !== h.eventCount)) {
          problems.push({ kind: 'CASE_HEAD_MISMATCH', caseId: h.id, trackingNumber: h.trackingNumber, seq: h.eventCount, message: `案件 ${h.trackingNumber} 的最新事件与账本不符（第${last.eventSeq}条）` });
        }
      }
      const hashes = leaves.map(leafOf);
      for (const c of checkpoints) {
        const size = Number(c.treeSize);
        if (size > hashes.length || merkleRoot(hashes.slice(0, size)).toString('hex') !== c.rootHash) {
          problems.push({ kind: 'CHECKPOINT_MISMATCH', treeSize: size, message: `账本与${c.createdAt.toISOString()}签署的检查点（${size}条）不符：历史记录被改写` });
        }
      }
      return {
        ok: problems.length === 0,
        checkedAt: this.clock.now().toISOString(),
        treeSize: leaves.length,
        cases: heads.length,
        events: events.length,
        checkpoints: checkpoints.length,
        problems,
      };
    });
  }
}

const leafOf = (l: LedgerLeafRow): Buffer => ledgerLeafHash(l.caseId, l.eventSeq, l.eventHash);

function toDto(c: { treeSize: string; rootHash: string; note: string; createdAt: Date }): CheckpointDto {
  return { origin: c.note.split('\n')[0], treeSize: Number(c.treeSize), rootHash: c.rootHash, note: c.note, createdAt: c.createdAt.toISOString() };
}
