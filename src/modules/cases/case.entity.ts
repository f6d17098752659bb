import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity.js';
import { UserEntity } from '../users/user.entity.js';
import type { CaseClock } from '../deadlines/domain/index.js';
import { CaseChannel } from './case-channel.js';
import type { CaseStatus } from './workflow/case-status.js';

/** Sorts paused cases (no due date) after every dated one in the officer queue. */
export const NO_DUE_DATE_SORT = '9999-12-31';

/**
 * The case row is a projection of the event log for queries: status and due date are denormalised
 * and indexed; the statechart snapshot is stored with its machine version.
 */
@Entity('case_file')
@Index('IDX_case_file_queue', ['agencyId', 'queueDueDate', 'id'], { where: 'is_open' })
@Index('IDX_case_file_next_check', ['nextCheckDate'], { where: 'next_check_date IS NOT NULL' })
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => AgencyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id' })
  agency?: Relation<AgencyEntity>;

  /** `{agencyCode}-{YYYY}-{NNNNNN}`, sequential per agency per year. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 40 })
  trackingNumber: string;

  @Column({ type: 'enum', enum: CaseChannel, enumName: 'case_channel' })
  channel: CaseChannel;

  /** 收到申请之日 (条例第三十一条), YYYY-MM-DD. */
  @Column({ type: 'date' })
  receiptDate: string;

  @Column({ type: 'varchar', length: 100 })
  applicantName: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  applicantUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'applicant_user_id' })
  applicantUser?: Relation<UserEntity>;

  @Column({ type: 'text' })
  requestDescription: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  status: CaseStatus;

  /** Open = the agency still owes a reply; drives the queue's partial index. */
  @Column({ type: 'boolean', default: true })
  isOpen: boolean;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  /** dueDate, or 9999-12-31 while no due date runs: the queue's sort key. */
  @Column({ type: 'date' })
  queueDueDate: string;

  @Column({ type: 'boolean', default: false })
  dueDateProvisional: boolean;

  @Column({ type: 'varchar', length: 16 })
  clockState: CaseClock['state'];

  @Column({ type: 'boolean', default: false })
  overdue: boolean;

  /** Earliest date on which the scheduler must look at this case again (warnings, lapses, overdue). */
  @Column({ type: 'date', nullable: true })
  nextCheckDate: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: Relation<UserEntity>;

  @Column({ type: 'jsonb' })
  workflowSnapshot: unknown;

  @Column({ type: 'int' })
  workflowVersion: number;

  /** Incremented by every command; clients may send it back (If-Match) to detect stale views. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'int', default: 0 })
  eventCount: number;

  @Column({ type: 'char', length: 64, nullable: true })
  lastEventHash: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
