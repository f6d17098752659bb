import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who read which case file or bundle, when and why: append-only and hash-chained like the case log
 * (hash = SHA-256 over the canonical JSON of the entry with the previous entry's hash).
 */
@Entity('archive_access_log')
@Index('IDX_archive_access_log_case', ['caseId'])
export class AccessLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ type: 'uuid' })
  caseId: string;

  /** BUNDLE_EXPORT, … */
  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  purpose: string | null;

  /** ISO time with milliseconds, exactly as hashed. */
  @Column({ type: 'varchar', length: 30 })
  at: string;

  @Column({ type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
