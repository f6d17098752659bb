import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface SelfCheckItem {
  key: string;
  kind: 'PARTIAL' | 'WITHHELD' | 'FREQUENT';
  caseId: string | null;
  groupId: string | null;
  trackingNumbers: string[];
  title: string;
  replyType: string | null;
  distinctApplicants: number | null;
  /** STILL_WITHHELD (why), PUBLISH (条例第十八条: can now be published), ALREADY_PUBLIC; null until reviewed. */
  conclusion: 'STILL_WITHHELD' | 'PUBLISH' | 'ALREADY_PUBLIC' | null;
  note: string | null;
  reviewedById: string | null;
  reviewedAt: string | null;
}

/**
 * The yearly self-check (each November): partial and withheld replies of the year and the frequently requested
 * information, each with a review conclusion (条例第十八条 dynamic review; 条例第四十四条).
 */
@Entity('disclosure_self_check')
@Index('UQ_disclosure_self_check_agency_year', ['agencyId', 'year'], { unique: true })
export class DisclosureSelfCheckEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  items: SelfCheckItem[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
