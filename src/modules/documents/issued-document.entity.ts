import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity.js';
import { CaseEntity } from '../cases/case.entity.js';
import { UserEntity } from '../users/user.entity.js';

/**
 * A document as issued: number, template and version, and the SHA-256 of the PDF kept in blob storage. Immutable
 * (a trigger refuses UPDATE and DELETE): the evidence of 答复内容、答复依据、答复时间 the agency must produce when the
 * reply is challenged (行政诉讼法第三十四条).
 */
@Entity('issued_document')
@Index('UQ_issued_document_number', ['agencyId', 'documentNumber'], { unique: true })
export class IssuedDocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;

  @Column({ type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => AgencyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id' })
  agency?: Relation<AgencyEntity>;

  /** Reply type or procedural document: a kind of the letter catalogue. */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 40 })
  templateId: string;

  @Column({ type: 'int' })
  templateVersion: number;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  /** 文号, e.g. 示县自然资公开〔2026〕12号. */
  @Column({ type: 'varchar', length: 100 })
  documentNumber: string;

  @Column({ type: 'varchar', length: 20 })
  series: string;

  /** The sequence number within (agency, year, series). */
  @Column({ type: 'int' })
  seq: number;

  /** Hex SHA-256 of the PDF bytes. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** BlobStorage key: documents/<yyyy>/<sha256>.pdf. */
  @Column({ type: 'varchar', length: 200 })
  storageKey: string;

  @Column({ type: 'int' })
  byteSize: number;

  /** 成文日期 (YYYY-MM-DD). */
  @Column({ type: 'date' })
  issuedOn: string;

  @Column({ type: 'uuid' })
  issuedById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issued_by_id' })
  issuedBy?: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
