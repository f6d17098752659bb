import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A group of requests to one agency for the same information (条例第四十四条第一款). */
@Entity('disclosure_cluster')
@Index('IDX_disclosure_cluster_agency', ['agencyId', 'status'])
export class DisclosureClusterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  /** ACTIVE, or MERGED into `mergedIntoId` by an officer. */
  @Column({ type: 'varchar', length: 16, default: 'ACTIVE' })
  status: 'ACTIVE' | 'MERGED';

  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  /** The first member's title: what the officer reads in the worklist. */
  @Column({ type: 'varchar', length: 200 })
  label: string;

  /** Why the members were grouped (Chinese), from the matches that joined them. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  reasons: string[];

  /** The office's latest decision (publish, not publish, review later), or null. */
  @Column({ type: 'jsonb', nullable: true })
  decision: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
