import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The operational statistics' running totals: how many cases share one agency, receipt date, closing date,
 * channel, closing type and overdue flag, and how many of them had a correction requested (条例第三十条) or an
 * extension approved (条例第三十三条第二款). Database triggers keep it exact on every insert, update and delete of
 * `case_file` and on the first such event of a case, in the same transaction, so the statistics read a few
 * thousand rows instead of scanning every case. A missing date is stored as `infinity`, a missing type as ''.
 * `case_statistics_rebuild()` recomputes it from the cases (after a bulk load that bypassed the triggers).
 */
@Entity('case_statistics')
export class CaseStatisticsEntity {
  @PrimaryColumn({ type: 'uuid' })
  agencyId: string;

  @PrimaryColumn({ type: 'date' })
  receiptDate: string;

  @PrimaryColumn({ type: 'date' })
  closedOn: string;

  @PrimaryColumn({ type: 'varchar', length: 24 })
  channel: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  closingType: string;

  @PrimaryColumn({ type: 'boolean' })
  overdue: boolean;

  @Column({ type: 'int', default: 0 })
  cases: number;

  @Column({ type: 'int', default: 0 })
  corrected: number;

  @Column({ type: 'int', default: 0 })
  extended: number;
}
