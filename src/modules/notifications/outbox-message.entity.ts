import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CaseEntity } from '../cases/case.entity.js';
import type { OutboxAttachment } from './outgoing-mail.js';

export const OUTBOX_STATUSES = ['PENDING', 'SENDING', 'SENT', 'FAILED'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export type OutboxKind = 'EMAIL';

/**
 * One message to send, written in the same transaction as the state change it reports (a case event, a reply
 * issued), so a committed fact always gets its mail and a rolled-back one never does. The dispatcher sends it
 * after commit. Kept after sending: the Message-ID and send time are part of the evidence of delivery.
 */
@Entity('outbox_message')
@Index('IDX_outbox_message_due', ['nextAttemptAt'], { where: `status = 'PENDING'` })
@Index('IDX_outbox_message_lease', ['lockedUntil'], { where: `status = 'SENDING'` })
// Mails to one address lately (the per-recipient cap on acknowledgements of anonymous submissions).
@Index('IDX_outbox_message_recipient', ['toAddress', 'createdAt'])
export class OutboxMessageEntity {
  /** Also the left part of the mail's Message-ID. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: OutboxKind;

  /** Names the business fact (e.g. `reply-delivery:<documentId>`): enqueuing the same fact twice yields one row. */
  @Index('UQ_outbox_message_dedupe_key', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  @Index('IDX_outbox_message_case')
  @Column({ type: 'uuid', nullable: true })
  caseId: string | null;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;

  @Column({ type: 'varchar', length: 320 })
  toAddress: string;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ type: 'text' })
  textBody: string;

  @Column({ type: 'text', nullable: true })
  htmlBody: string | null;

  /** References into BlobStorage with the expected hash; the bytes are read (and checked) at send time. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: OutboxAttachment[];

  @Column({ type: 'enum', enum: OUTBOX_STATUSES, enumName: 'outbox_status', default: 'PENDING' })
  status: OutboxStatus;

  /** Send attempts started (counted when claimed, so a message that crashes its sender also runs out). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz' })
  nextAttemptAt: Date;

  /** While SENDING: the claim holds until then; after it an instance may take the message over (crashed sender). */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /**
   * The Message-ID of the delivered mail, `<outbox-id@sender-domain>`: derived from the id, so every attempt (also
   * a resend after a crash between sending and recording) carries the same one and the recipient can tell.
   */
  @Column({ type: 'varchar', length: 250, nullable: true })
  messageId: string | null;

  /** When our SMTP server accepted the mail (or the .eml file was written); not when it reached the mailbox. */
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** Evidence of the hand-over (固定证据: proof the mail left): the server's final reply with its queue id, or the .eml path. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  transportResponse: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
