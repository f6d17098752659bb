import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A published annual report (条例第四十九条: published by 31 January), frozen: the figures as they were published.
 * Later changes to old cases never alter it; the report shows them as reconciliation lines instead.
 */
@Entity('published_annual_report')
@Index('UQ_published_annual_report', ['agencyId', 'year', 'subtree'], { unique: true })
export class PublishedReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  @Column({ type: 'int' })
  year: number;

  /** The agency alone, or the agency and everything below it. */
  @Column({ type: 'boolean' })
  subtree: boolean;

  /** `{ tableThree: cells, tableFour }` as computed at publication. */
  @Column({ type: 'jsonb' })
  figures: Record<string, unknown>;

  /** Why it was published although a check failed (null when every check held). */
  @Column({ type: 'text', nullable: true })
  explanation: string | null;

  @Column({ type: 'uuid' })
  publishedById: string;

  @CreateDateColumn({ type: 'timestamptz' })
  publishedAt: Date;
}
