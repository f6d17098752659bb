import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Last document number (文号序号) issued per agency, year and series. Incremented by an upsert inside the issuing
 * transaction: the row lock serialises concurrent issues and a rollback returns the number, so numbers are never
 * reused or skipped (a 文号 identifies one document of the agency for good, GB/T 9704-2012).
 */
@Entity('document_sequence')
export class DocumentSequenceEntity {
  @PrimaryColumn({ type: 'uuid' })
  agencyId: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  series: string;

  @Column({ type: 'int' })
  lastValue: number;
}
