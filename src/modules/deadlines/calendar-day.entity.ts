import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DayKind } from './domain/index.js';

/**
 * The working-day calendar as data: only exceptions to "Monday–Friday work" are stored
 * (holidays on weekdays, days off of a holiday period, 调休 make-up working days).
 * A year with no rows here is provisional: built from the statutory days off alone (see domain/README.md).
 */
@Entity('calendar_day')
@Index('IDX_calendar_day_year', ['year'])
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 16 })
  kind: DayKind;

  @Column({ type: 'varchar', length: 40, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 200 })
  source: string;

  /** The calendar_version row that put this day here. */
  @Column({ type: 'int' })
  version: number;
}
