import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { CaseEntity } from '../cases/case.entity.js';

/**
 * A reconsideration (行政复议) or lawsuit (行政诉讼) against a case's reply: a projection of the case's RECORD_REMEDY
 * events (the events are the evidence), kept for the evidence deadline, reminders and the annual report's table of
 * reconsiderations and lawsuits.
 */
@Entity('remedy_proceeding')
@Index('IDX_remedy_proceeding_due', ['evidenceDueOn'], { where: 'evidence_submitted_on IS NULL' })
export class RemedyProceedingEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;

  @Index()
  @Column({ type: 'uuid' })
  agencyId: string;

  /** RECONSIDERATION | LITIGATION */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  /** 复议机关 or 人民法院. */
  @Column({ type: 'varchar', length: 100 })
  body: string;

  @Column({ type: 'date' })
  appliedOn: string;

  /** 收到申请书副本（复议）或起诉状副本（诉讼）之日. */
  @Column({ type: 'date', nullable: true })
  copyReceivedOn: string | null;

  @Column({ type: 'boolean', default: false })
  simplified: boolean;

  @Column({ type: 'boolean', default: false })
  afterReconsideration: boolean;

  /** The written reply and all evidence are due on this day (行政复议法第四十八条、第五十四条; 行政诉讼法第六十七条). */
  @Column({ type: 'date', nullable: true })
  evidenceDueOn: string | null;

  /** When the evidence package was produced for it (the one-action 证据材料). */
  @Column({ type: 'date', nullable: true })
  evidenceSubmittedOn: string | null;

  /** PENDING | UPHELD | CORRECTED | OTHER */
  @Column({ type: 'varchar', length: 20, default: 'PENDING' })
  outcome: string;

  /** REVOKED | CHANGED | CONFIRMED_ILLEGAL | ORDERED_TO_PERFORM when corrected. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  correction: string | null;

  @Column({ type: 'date', nullable: true })
  decidedOn: string | null;

  @Column({ type: 'boolean', default: false })
  appealed: boolean;

  /** The day the deadline reminder went out (one per proceeding). */
  @Column({ type: 'date', nullable: true })
  remindedOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
