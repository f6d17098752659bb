import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/**
 * Cases waiting for detection. A row is written by a trigger on case_file in the same transaction as the case
 * (see the migration), so a crash after the intake commit loses nothing and intake runs no matching itself.
 */
@Entity('disclosure_queue')
@Index('IDX_disclosure_queue_seq', ['seq'])
export class DisclosureQueueEntity {
  @PrimaryColumn({ type: 'uuid' })
  caseId: string;

  /** Claim order (a backfill queues in order of receipt): an index walk, not a sort of the whole queue per batch. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  enqueuedAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;
}
