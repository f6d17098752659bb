import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const IMPORT_JOB_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** A line of the file that was not imported: where, which field (class-validator path), why. */
export interface ImportLineError {
  line: number;
  externalId: string | null;
  field: string;
  code: string;
  message: string;
}

/** A line that was imported, or had been before (a re-run). */
export interface ImportLineResult {
  line: number;
  externalId: string;
  outcome: 'CREATED' | 'UNCHANGED';
  caseId: string;
  trackingNumber: string;
}

/**
 * One upload of a JSON Lines file of historical cases (历史导入). The file is kept with the job so that a restart
 * (or another instance, once the lease has lapsed) resumes it at `processed`: lines already imported come out
 * UNCHANGED, so a resumed job changes nothing twice.
 */
@Entity('import_job')
@Index('ix_import_job_claim', ['status', 'leaseUntil'])
export class ImportJobEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  requestedBy: string;

  @Column({ type: 'varchar', length: 200 })
  filename: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 10 })
  status: ImportJobStatus;

  /** Non-blank lines in the file. */
  @Column({ type: 'int' })
  total: number;

  /** Non-blank lines dealt with so far, in file order. */
  @Column({ type: 'int', default: 0 })
  processed: number;

  @Column({ type: 'int', default: 0 })
  created: number;

  @Column({ type: 'int', default: 0 })
  unchanged: number;

  @Column({ type: 'int', default: 0 })
  failed: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  errors: ImportLineError[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  results: ImportLineResult[];

  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
