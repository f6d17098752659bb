import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity.js';
import { UserEntity } from '../users/user.entity.js';
import type { CaseClock } from '../deadlines/domain/index.js';
import { CaseChannel } from './case-channel.js';
import type { CaseStatus } from './workflow/case-status.js';

/** Sorts paused cases (no due date) after every dated one in the officer queue. */
export const NO_DUE_DATE_SORT = '9999-12-31';

/** The text the full-text search covers: the requested information's title and its description. */
export const requestSearchText = (title: string | null | undefined, description: string | null | undefined): string => [title, description].filter(Boolean).join('\n');

/**
 * The case row is a projection of the event log for queries: status and due date are denormalised
 * and indexed; the statechart snapshot is stored with its machine version.
 */
@Entity('case_file')
@Index('IDX_case_file_queue', ['agencyId', 'queueDueDate', 'id'], { where: 'is_open' })
@Index('IDX_case_file_next_check', ['nextCheckDate'], { where: 'next_check_date IS NOT NULL' })
// The queue filtered by status (?status=DRAFTING) includes closed statuses, so IDX_case_file_queue (open cases only)
// cannot serve it: this one walks one agency's cases of that status in queue order. It replaces the status-only index.
@Index('IDX_case_file_agency_status_queue', ['agencyId', 'status', 'queueDueDate', 'id'])
// The annual report reads one agency's cases received by the year's end and not closed before it began.
@Index('IDX_case_file_report', ['agencyId', 'receiptDate', 'closedOn'])
// The operational statistics' open-case figures (per status; overdue and due soon per officer) read every open case of
// the agencies: with all the columns they need in this index they read it alone (an index-only scan), not one heap
// page per open case scattered over the whole table.
@Index('IDX_case_file_open_load', ['agencyId', 'status', 'assigneeId', 'overdue', 'dueDate'], { where: 'is_open' })
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

  /** 收到申请之日 (条例第三十一条), YYYY-MM-DD; null until the office confirms a web/fax/ordinary-letter application. */
  @Column({ type: 'date', nullable: true })
  receiptDate: string | null;

  /** How the receipt date was fixed (the rule applied, in Chinese), for the explanation and the evidence. */
  @Column({ type: 'text', nullable: true })
  receiptBasis: string | null;

  /** Set when staff overrode the derived receipt date: `{ derived, reason, byId }`. */
  @Column({ type: 'jsonb', nullable: true })
  receiptOverride: { derived: string | null; reason: string; byId: string } | null;

  /** When the application was submitted or arrived (raw evidence, kept apart from the legal receipt date). */
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** Channel evidence: fax number, waybill, signer, confirmation method … (rules.md §2). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  intake: Record<string, unknown>;

  @Column({ type: 'varchar', length: 100 })
  applicantName: string;

  /** Applicant details for the reply (ID numbers only masked here; the full number is encrypted below). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  applicant: Record<string, unknown>;

  /** 年度报告 applicant column (自然人, 商业企业 …), captured at intake. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  applicantCategory: string | null;

  /** AES-256-GCM ciphertext of the applicant's ID number or credit code. */
  @Column({ type: 'text', nullable: true })
  applicantIdEncrypted: string | null;

  /** HMAC of the applicant's normalised identity: finds their earlier requests without storing the number in clear. */
  @Index()
  @Column({ type: 'char', length: 64, nullable: true })
  applicantKey: string | null;

  /** Requested information: title and 文号 if the applicant knows them. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  requestTitle: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestDocumentNumber: string | null;

  /** Form and delivery wanted: `{ form: PAPER|ELECTRONIC, method: EMAIL|POST|PICKUP|ONLINE, email?, address?, postalCode? }`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  delivery: Record<string, unknown>;

  /** HMAC of the query code the applicant uses with the tracking number. */
  @Column({ type: 'char', length: 64, nullable: true })
  queryCodeHash: string | null;

  /** Repeat-request and volume hints for the officer; never block intake. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  hints: unknown[];

  @Index()
  @Column({ type: 'uuid', nullable: true })
  applicantUserId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'applicant_user_id' })
  applicantUser?: Relation<UserEntity>;

  @Column({ type: 'text' })
  requestDescription: string;

  /**
   * jieba words of the request (title and description) for the auditor's full-text search, GIN-indexed
   * (IDX_case_file_search, created in the migration: TypeORM cannot declare a GIN index). Filled by CasesRepository.insertCase and insertOpenedCase;
   * the request of a case never changes afterwards. Not read with the row.
   */
  @Index('IDX_case_file_search', { synchronize: false })
  @Column({ type: 'tsvector', default: () => "''", select: false })
  searchVector?: string;

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

  /** The clock's state, or not_started while the receipt date is not fixed. */
  @Column({ type: 'varchar', length: 16 })
  clockState: CaseClock['state'] | 'not_started';

  @Column({ type: 'boolean', default: false })
  overdue: boolean;

  /** Earliest date on which the scheduler must look at this case again (warnings, lapses, overdue). */
  @Column({ type: 'date', nullable: true })
  nextCheckDate: string | null;

  /** The day the case left the open statuses (reply delivered, withdrawn, lapsed, closed): 表三 counts results by it. */
  @Column({ type: 'date', nullable: true })
  closedOn: string | null;

  /** How it ended: the reply type delivered, or the closing event (WITHDRAWN, ABANDONED_*, CLOSED_<reason>); see reports/domain/closing.ts. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  closingType: string | null;

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

  /**
   * 历史导入: set on a case brought in from the office's earlier records (POST /imports), never on a live one. Its
   * events were replayed through the statechart and clock; no mail, notice or numbered document came of them.
   */
  @Column({ type: 'jsonb', nullable: true })
  imported: { jobId: string; externalId: string; line: number; importedAt: string } | null;

  /** The registering officer; null for a web application submitted anonymously. */
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
