import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last tracking number issued per agency per year; incremented inside the registering transaction. */
@Entity('tracking_sequence')
export class TrackingSequenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  agencyId: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  lastValue: number;
}
