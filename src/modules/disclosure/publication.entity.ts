import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Fingerprint } from './domain/fingerprint.js';

/** Where published information can be found (条例第二十三条: 政府网站、政府公报、查阅场所 …). */
export type PublicationChannel = 'WEBSITE' | 'GAZETTE' | 'READING_ROOM' | 'OTHER';

/** Information an agency made public on its own initiative (主动公开), e.g. after a cluster's publish decision. */
@Entity('publication')
@Index('IDX_publication_agency', ['agencyId', 'publishedOn'])
@Index('IDX_publication_block_keys', { synchronize: false })
export class PublicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  @Column({ type: 'uuid', nullable: true })
  clusterId: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  documentNumber: string | null;

  @Column({ type: 'varchar', length: 16 })
  channel: PublicationChannel;

  /** Website column and URL, gazette issue, or reading room. */
  @Column({ type: 'varchar', length: 500 })
  location: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  url: string | null;

  /** Null while decided but not yet published. */
  @Column({ type: 'date', nullable: true })
  publishedOn: string | null;

  /** 条例第二十六条: 20 working days after the information was formed or changed (here: the decision). */
  @Column({ type: 'date' })
  publishBy: string;

  @Column({ type: 'jsonb' })
  fingerprint: Fingerprint;

  @Column({ type: 'text', array: true })
  blockKeys: string[];

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
