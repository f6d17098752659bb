import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The agency-wide ledger: one entry per case event, written by a database trigger in the same transaction as the
 * event (so no code path can append an event without it). `leafIndex` is assigned afterwards by the sequencer in
 * commit order; once set it never changes (a trigger refuses DELETE and every other UPDATE).
 */
@Entity('archive_ledger_entry')
@Index('IDX_archive_ledger_entry_case', ['caseId', 'eventSeq'])
@Index('IDX_archive_ledger_entry_unsequenced', ['id'], { where: 'leaf_index IS NULL' })
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'int' })
  eventSeq: number;

  /** The case's head hash after this event (the event's own hash). */
  @Column({ type: 'char', length: 64 })
  eventHash: string;

  /** Position in the Merkle tree (0-based); null until sequenced. */
  @Index('UQ_archive_ledger_entry_leaf', { unique: true })
  @Column({ type: 'bigint', nullable: true })
  leafIndex: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A signed checkpoint of the ledger (C2SP tlog-checkpoint): origin, tree size, root hash, signature. */
@Entity('archive_checkpoint')
export class CheckpointEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Index()
  @Column({ type: 'bigint' })
  treeSize: string;

  @Column({ type: 'char', length: 64 })
  rootHash: string;

  /** The signed note as published. */
  @Column({ type: 'text' })
  note: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
