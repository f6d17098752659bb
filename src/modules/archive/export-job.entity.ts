import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const EXPORT_JOB_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type ExportJobStatus = (typeof EXPORT_JOB_STATUSES)[number];

/**
 * One bulk export of an archive search: a ZIP of the evidence bundles of the cases the search found when it was
 * requested. The row is the job's state, so a restart (or another instance, once the lease has lapsed) picks it up
 * where it stopped: bundles already written are kept, the rest follow.
 */
@Entity('archive_export_job')
@Index('ix_archive_export_job_claim', ['status', 'leaseUntil'])
export class ExportJobEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  requestedBy: string;

  @Column({ type: 'varchar', length: 20 })
  requestedRole: string;

  /** The search as given (for the record); the case list below is what gets exported. */
  @Column({ type: 'jsonb' })
  query: Record<string, unknown>;

  @Column({ type: 'varchar', length: 200 })
  purpose: string;

  /** The cases found at request time, in search order. */
  @Column({ type: 'jsonb' })
  caseIds: string[];

  @Column({ type: 'varchar', length: 10 })
  status: ExportJobStatus;

  /** Bundles written so far (the first `done` of caseIds). */
  @Column({ type: 'int', default: 0 })
  done: number;

  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  bytes: number;

  /** Until when the instance running the job holds it; a lapsed lease lets another run resume it. */
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
