import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per warning sent (case, warning code, the date it was due): the scheduler inserts it first, so two
 * instances racing for the same warning cannot both send it.
 */
@Entity('case_reminder')
export class CaseReminderEntity {
  @PrimaryColumn({ type: 'uuid' })
  caseId: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  code: string;

  @PrimaryColumn({ type: 'date' })
  dueOn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  sentAt: Date;
}
