import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseEntity } from '../cases/case.entity.js';
import { UserEntity } from '../users/user.entity.js';

export type LegalOpinion = 'AGREE' | 'DISAGREE' | 'AGREE_WITH_CHANGES';

/**
 * 法律顾问会商: one referral per advisor per question. An advisor sees a case only through a referral.
 * Written in the same transaction as the REFER_TO_LEGAL / SUBMIT_LEGAL_OPINION events that carry the same facts.
 */
@Entity('legal_referral')
@Index('IDX_legal_referral_advisor', ['advisorId', 'caseId'])
export class LegalReferralEntity {
  /** Also the `referralId` in the case's events. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;

  @Column({ type: 'uuid' })
  advisorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'advisor_id' })
  advisor?: Relation<UserEntity>;

  @Column({ type: 'text' })
  question: string;

  /** 重大复杂疑难 */
  @Column({ type: 'boolean', default: false })
  difficult: boolean;

  @Column({ type: 'date' })
  referredOn: string;

  @Column({ type: 'uuid' })
  referredById: string;

  @Column({ type: 'varchar', length: 24, nullable: true })
  opinion: LegalOpinion | null;

  @Column({ type: 'text', nullable: true })
  opinionText: string | null;

  @Column({ type: 'jsonb', nullable: true })
  articles: string[] | null;

  @Column({ type: 'date', nullable: true })
  answeredOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
