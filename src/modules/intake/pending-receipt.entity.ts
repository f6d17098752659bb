import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A 接收回执 still to be issued for a case opened with its receipt date fixed (条例第三十一条). Written by the
 * statement that opens the case and deleted by the transaction that issues the receipt, which runs right after
 * the opening commits (PendingReceipts.issue). A row that outlives that moment (the process died between the two,
 * or the issue failed) is picked up by the background sweep once `retryAt` has passed.
 */
@Entity('pending_receipt')
export class PendingReceiptEntity {
  @PrimaryColumn({ type: 'uuid' })
  caseId: string;

  /** Who opened the case: the receipt is issued in their name, as it would have been at once. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20 })
  actorRole: string;

  /** Not before this instant may the sweep take it: the opening request issues it itself well before. */
  @Column({ type: 'timestamptz' })
  retryAt: Date;

  /** Failed sweeps so far (each one logged with its error). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  queuedAt: Date;
}
