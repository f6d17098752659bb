import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A client's Idempotency-Key for a submission: a retry with the same key and body gets the same case; the same
 * key with a different body is refused. Written in the submission's own transaction. `key` holds an HMAC of the
 * caller's scope (account or anonymous) and the key, never the key itself; the query code in `response` is sealed
 * under a secret derived from the key (domain/idempotency-key.ts).
 */
@Entity('idempotency_key')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  scope: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  /** SHA-256 of the canonical request body. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'uuid' })
  caseId: string;

  /** The 2xx body returned the first time, its query code sealed under the client's key. */
  @Column({ type: 'jsonb' })
  response: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
