import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An applicant's suggestion that the information of their reply be made proactive (条例第四十四条第二款); the office
 * reviews it, and if it finds the information within the proactive scope it shall publish it in time.
 */
@Entity('disclosure_suggestion')
@Index('IDX_disclosure_suggestion_agency', ['agencyId', 'status'])
@Index('IDX_disclosure_suggestion_case', ['caseId'])
export class DisclosureSuggestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  @Column({ type: 'uuid', nullable: true })
  applicantUserId: string | null;

  /** Why the applicant thinks it concerns the public (公众利益调整、需要公众广泛知晓或者需要公众参与决策). */
  @Column({ type: 'text' })
  reason: string;

  /** PENDING, ACCEPTED (publication recorded) or REFUSED (with a reason). */
  @Column({ type: 'varchar', length: 16, default: 'PENDING' })
  status: 'PENDING' | 'ACCEPTED' | 'REFUSED';

  @Column({ type: 'jsonb', nullable: true })
  outcome: Record<string, unknown> | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
