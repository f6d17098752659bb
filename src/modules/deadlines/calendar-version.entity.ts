import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CalendarDay } from './domain/index.js';

/** Every arrangement ever imported for a year, kept whole, so earlier due dates can be explained later. */
@Entity('calendar_version')
@Index('IDX_calendar_version_year', ['year'])
export class CalendarVersionEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ type: 'jsonb' })
  days: CalendarDay[];

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** null for the built-in seed. */
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  /** Open cases whose due date moved because of this version. */
  @Column({ type: 'int', default: 0 })
  casesRecomputed: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
