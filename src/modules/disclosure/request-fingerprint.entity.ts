import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Fingerprint } from './domain/fingerprint.js';
import type { PairMatch } from './domain/cluster.js';

/**
 * The fingerprint of one case's request (条例第四十四条: "相同政府信息" is compared on these, never on the
 * applicant's text itself, which stays byte for byte on the case). One row per case.
 */
@Entity('request_fingerprint')
@Index('IDX_request_fingerprint_cluster', ['clusterId'], { where: 'cluster_id IS NOT NULL' })
@Index('IDX_request_fingerprint_agency_received', ['agencyId', 'receivedOn'])
// GIN over block_keys (candidate retrieval) is created in the migration: TypeORM cannot declare a GIN index.
@Index('IDX_request_fingerprint_block_keys', { synchronize: false })
export class RequestFingerprintEntity {
  @PrimaryColumn({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  /** Who asked: the applicant key (ID document or credit code HMAC), else the account, else the name. */
  @Column({ type: 'varchar', length: 120 })
  applicantKey: string;

  /** Receipt date, or the submission date while unconfirmed. */
  @Column({ type: 'date' })
  receivedOn: string;

  @Column({ type: 'jsonb' })
  fingerprint: Fingerprint;

  @Column({ type: 'text', array: true })
  blockKeys: string[];

  @Column({ type: 'uuid', nullable: true })
  clusterId: string | null;

  /** The earlier requests it matched when detected, best first (score, reasons in Chinese, repeat). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  matches: PairMatch[];

  /** Clusters an officer took this request out of: it is never put back into them. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  excludedClusterIds: string[];

  /** A recorded publication this request matches (条例第三十六条第（一）项: 已主动公开 → ALREADY_PUBLIC), or null. */
  @Column({ type: 'jsonb', nullable: true })
  publicationSuggestion: Record<string, unknown> | null;

  @Column({ type: 'int' })
  algorithmVersion: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  computedAt: Date;
}
