import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CaseEntity } from './case.entity.js';

/**
 * The case's record: append-only (a database trigger refuses UPDATE and DELETE) and hash-chained:
 * `hash` = SHA-256 over the event's canonical JSON, which includes the previous event's hash.
 */
@Entity('case_event')
@Index('UQ_case_event_seq', ['caseId', 'seq'], { unique: true })
export class CaseEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;

  /** 1, 2, 3 … within the case. */
  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  /** The day the act legally happened (Asia/Shanghai). */
  @Column({ type: 'date' })
  effectiveDate: string;

  /** When it was recorded; ISO string with milliseconds, exactly as hashed. */
  @Column({ type: 'varchar', length: 30 })
  recordedAt: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20 })
  actorRole: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'boolean', default: false })
  backDated: boolean;

  @Column({ type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
