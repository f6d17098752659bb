import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One run of the integrity sweep: what it checked and every failure it found. */
@Entity('archive_sweep_run')
export class SweepRunEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  finishedAt: Date;

  @Column({ type: 'int' })
  casesChecked: number;

  @Column({ type: 'int' })
  eventsChecked: number;

  @Column({ type: 'int' })
  blobsChecked: number;

  @Column({ type: 'boolean' })
  ok: boolean;

  /** `{ kind, caseId?, trackingNumber?, seq?, documentId?, message }[]` */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  problems: unknown[];
}
