import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock.js';
import type { OutboxMessageEntity } from './outbox-message.entity.js';
import { OutboxRepository } from './outbox.repository.js';
import { assertValidEmailMessage, type EmailMessage } from './outgoing-mail.js';

/**
 * The write side of the outbox. A use case enqueues inside its own transaction, commits, then calls
 * MailDispatcher.kick(); the poll loop picks up anything a kick missed.
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the message in the caller's transaction `em`, so it commits or rolls back with the state change it
   * reports. Idempotent per `dedupeKey`: the same fact enqueued again returns the row written first (its content
   * is not replaced). Throws InvalidEmailMessageError for a malformed address, subject or attachment reference.
   */
  async enqueueEmail(em: EntityManager, message: EmailMessage): Promise<OutboxMessageEntity> {
    assertValidEmailMessage(message);
    return this.outbox.insertOnce(em, this.emailRow(message));
  }

  /** The outbox row of an e-mail, due now. */
  private emailRow(message: EmailMessage) {
    return {
      kind: 'EMAIL' as const,
      dedupeKey: message.dedupeKey,
      caseId: message.caseId ?? null,
      toAddress: message.to,
      subject: message.subject,
      textBody: message.textBody,
      htmlBody: message.htmlBody ?? null,
      attachments: message.attachments ?? [],
      nextAttemptAt: this.clock.now(),
    };
  }

  /** How many mails of one kind went to `address` in the last 24 hours (locks the address until commit). */
  countRecentTo(em: EntityManager, address: string, dedupePrefix: string): Promise<number> {
    return this.outbox.lockAndCountRecentTo(em, address, dedupePrefix);
  }

  /**
   * enqueueEmail as one part of the caller's statement (see OutboxRepository.insertOnceSql), written only if `only`
   * holds: the message is checked here, as enqueueEmail checks it, with `sample` for whatever `text` fills in.
   */
  enqueueEmailSql(
    param: (value: unknown) => string,
    message: EmailMessage,
    text: (value: string) => string,
    sample: (value: string) => string,
    only?: string,
  ): string {
    assertValidEmailMessage({ ...message, subject: sample(message.subject), textBody: sample(message.textBody), htmlBody: message.htmlBody == null ? null : sample(message.htmlBody) });
    return this.outbox.insertOnceSql(param, this.emailRow(message), text, only);
  }

  /** countRecentTo's cap as one row of a caller's statement (see OutboxRepository.recipientQuotaSql). */
  recipientQuotaSql(param: (value: unknown) => string, address: string, dedupePrefix: string, max: number): string {
    return this.outbox.recipientQuotaSql(param, address, dedupePrefix, max);
  }

  /** Every message about a case, oldest first, with its delivery state (status, attempts, Message-ID, sent at). */
  findByCase(caseId: string): Promise<OutboxMessageEntity[]> {
    return this.outbox.findByCase(caseId);
  }
}
