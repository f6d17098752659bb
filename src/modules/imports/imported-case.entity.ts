import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseEntity } from '../cases/case.entity.js';

/**
 * The external id of every imported case, unique per agency: what makes a re-run of the same file change nothing.
 * The record's hash tells "already imported, unchanged" from "a different record under an id already used".
 */
@Entity('imported_case')
export class ImportedCaseEntity {
  @PrimaryColumn('uuid')
  agencyId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  externalId: string;

  @Column({ type: 'uuid', unique: true })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;

  /** SHA-256 of the record's canonical JSON. */
  @Column({ type: 'char', length: 64 })
  recordSha256: string;

  @Column({ type: 'uuid' })
  jobId: string;

  @Column({ type: 'int' })
  line: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
