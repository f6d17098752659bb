import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What an officer did to a cluster (merge, split, remove a member, decide): the audit record, never changed. */
@Entity('disclosure_action')
@Index('IDX_disclosure_action_cluster', ['clusterId', 'createdAt'])
export class DisclosureActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  @Column({ type: 'uuid' })
  clusterId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  caseIds: string[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  byId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
