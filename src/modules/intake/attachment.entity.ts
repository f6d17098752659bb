import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CaseEntity } from '../cases/case.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { AttachmentPurpose } from './domain/attachment.js';

/**
 * A stored file and what it is for. The bytes live in BlobStorage under `storageKey` (content-addressed, so an
 * identical upload is stored once); the row is uploaded first and linked to its case when the case exists.
 * Rows are never deleted with a case (RESTRICT): they are evidence (rules.md §6).
 */
@Entity('attachment')
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null until the application it belongs to is registered. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;

  @Column({ type: 'enum', enum: AttachmentPurpose, enumName: 'attachment_purpose' })
  purpose: AttachmentPurpose;

  @Column({ type: 'varchar', length: 120 })
  filename: string;

  /** Sniffed from the content, not the client's claim. */
  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'int' })
  byteSize: number;

  @Index()
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 300 })
  storageKey: string;

  /** Null for an anonymous web applicant. */
  @Column({ type: 'uuid', nullable: true })
  uploadedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by_id' })
  uploadedBy?: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
