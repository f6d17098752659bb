import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import type { AgencySettings } from './agency-settings.js';
import { AgencyType } from './agency-type.js';

@Entity('agency')
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => AgencyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<AgencyEntity>;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Short code used in tracking numbers (`{code}-2026-000123`). Upper-case letters and digits. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  /** 发文机关代字 for document numbers, e.g. 示例县政公开 in 示例县政公开〔2026〕12号. */
  @Column({ name: 'document_prefix', type: 'varchar', length: 40 })
  documentPrefix: string;

  @Column({ type: 'enum', enum: AgencyType, enumName: 'agency_type' })
  type: AgencyType;

  /** 行政复议机关 named in remedy clauses. */
  @Column({ name: 'reconsideration_body', type: 'varchar', length: 100 })
  reconsiderationBody: string;

  /** 管辖法院 named in remedy clauses. */
  @Column({ name: 'competent_court', type: 'varchar', length: 100 })
  competentCourt: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings: Partial<AgencySettings>;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
