import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { Role } from '../../common/auth/role.js';
import { UserEntity } from '../users/user.entity.js';
import { UserNotices } from './notify-users.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';

export type NewOutboxMessage = Pick<
  OutboxMessageEntity,
  'kind' | 'dedupeKey' | 'caseId' | 'toAddress' | 'subject' | 'textBody' | 'htmlBody' | 'attachments' | 'nextAttemptAt'
>;

type OutcomeFields = Partial<
  Pick<OutboxMessageEntity, 'status' | 'nextAttemptAt' | 'lockedUntil' | 'lastError' | 'messageId' | 'sentAt' | 'transportResponse'>
>;

/** A claimed message and the lease that proves the claim is still ours. */
export interface Claim {
  message: OutboxMessageEntity;
  lockedUntil: Date;
}

/** Only this class touches outbox_message. */
@Injectable()
export class OutboxRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notices: UserNotices,
  ) {}

  /** Inserts in the caller's transaction; a second message for the same dedupe key is dropped, the first returned. */
  async insertOnce(em: EntityManager, row: NewOutboxMessage): Promise<OutboxMessageEntity> {
    const entity = em.create(OutboxMessageEntity, row);
    // ON CONFLICT DO NOTHING returns no row for a duplicate: only then is the first one read back.
    // The generated and defaulted columns come back by RETURNING into the entity.
    const result = await em.createQueryBuilder().insert().into(OutboxMessageEntity).values(entity as Parameters<EntityManager['insert']>[1]).orIgnore().execute();
    if ((result.raw as unknown[]).length === 1) return entity;
    return em.findOneByOrFail(OutboxMessageEntity, { dedupeKey: row.dedupeKey });
  }

  findByCase(caseId: string): Promise<OutboxMessageEntity[]> {
    return this.dataSource.manager.find(OutboxMessageEntity, { where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Takes up to `limit` due messages for this sender: pending ones whose time has come, and ones whose sender's
   * lease ran out (it crashed or hung). SKIP LOCKED makes concurrent claimers take disjoint sets; the status
   * change commits with the claim, so a message is held by one sender at a time. The attempt is counted here.
   */
  /**
   * Mails of one kind (dedupe-key prefix) queued to `address` (exactly as queued: callers that cap a kind queue it
   * lower-cased) in the last 24 hours, counted under a transaction lock on the address, so concurrent senders cannot
   * both slip under a cap.
   */
  async lockAndCountRecentTo(em: EntityManager, address: string, dedupePrefix: string): Promise<number> {
    // The same lock as outbox_recipient_quota() takes (see recipientQuotaSql).
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`outbox-recipient:${address}`]);
    const rows: { count: number }[] = await em.query(
      `SELECT count(*)::int AS count FROM outbox_message
       WHERE to_address = $1 AND created_at > now() - interval '24 hours' AND starts_with(dedupe_key, $2)`,
      [address, dedupePrefix],
    );
    return rows[0]?.count ?? 0;
  }

  /**
   * A query of one row whose column `allowed` says whether fewer than `max` mails of a kind (dedupe-key prefix) went
   * to `address` in the last 24 hours: lockAndCountRecentTo's check for one statement, through the database function
   * outbox_recipient_quota (same lock; its count sees what the lock's previous holder committed).
   */
  recipientQuotaSql(param: (value: unknown) => string, address: string, dedupePrefix: string, max: number): string {
    return `SELECT outbox_recipient_quota(${param(address)}::text, ${param(dedupePrefix)}::text, ${param(max)}::int) AS allowed`;
  }

  /**
   * insertOnce as one part (a CTE body) of a caller's statement, for a message written by the statement that creates
   * what it reports: `text` turns each text column's value into its SQL expression (so the caller may fill slots in it
   * from its own statement), `param` binds a value; `only`, an SQL condition (e.g. a recipientQuotaSql result), keeps
   * the row out when false. Returns the inserted id (no row for a duplicate dedupe key or a false condition).
   */
  insertOnceSql(param: (value: unknown) => string, row: NewOutboxMessage, text: (value: string) => string, only?: string): string {
    const to = param(row.toAddress);
    const capped = only ? `WHERE ${only}` : '';
    return `INSERT INTO outbox_message (kind, dedupe_key, case_id, to_address, subject, text_body, html_body, attachments, next_attempt_at)
      SELECT ${param(row.kind)}::varchar, ${param(row.dedupeKey)}::varchar, ${param(row.caseId)}::uuid, ${to}::varchar,
             ${text(row.subject)}, ${text(row.textBody)}, ${row.htmlBody === null ? 'NULL' : text(row.htmlBody)},
             ${param(JSON.stringify(row.attachments))}::jsonb, ${param(row.nextAttemptAt)}::timestamptz
      ${capped}
      ON CONFLICT DO NOTHING RETURNING id`;
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<Claim[]> {
    // Wrapped in a CTE so TypeORM hands back the rows (for a bare UPDATE … RETURNING it returns [rows, count]).
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH claimed AS (
         UPDATE outbox_message SET status = 'SENDING', locked_until = $2, attempts = attempts + 1
          WHERE id IN (
            SELECT id FROM outbox_message
             WHERE (status = 'PENDING' AND next_attempt_at <= $1) OR (status = 'SENDING' AND locked_until < $1)
             ORDER BY next_attempt_at
             LIMIT $3
               FOR UPDATE SKIP LOCKED)
         RETURNING id)
       SELECT id FROM claimed`,
      [now, leaseUntil, limit],
    );
    if (rows.length === 0) return [];
    const messages = await this.dataSource.manager.find(OutboxMessageEntity, { where: { id: In(rows.map((r) => r.id)) }, order: { nextAttemptAt: 'ASC' } });
    return messages.map((message) => ({ message, lockedUntil: leaseUntil }));
  }

  /**
   * Extends a claim just before sending, only if it is still ours and has not run out: a sender that stalled past
   * its lease must not send a message another instance may have taken over. Returns the new lease, or null.
   */
  async renew(claim: Claim, now: Date, leaseUntil: Date): Promise<Date | null> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH renewed AS (
         UPDATE outbox_message SET locked_until = $4
          WHERE id = $1 AND status = 'SENDING' AND locked_until = $2 AND locked_until > $3
         RETURNING id)
       SELECT id FROM renewed`,
      [claim.message.id, claim.lockedUntil, now, leaseUntil],
    );
    return rows.length ? leaseUntil : null;
  }

  /** Returns false when the claim was lost meanwhile (the lease ran out during the send). */
  async markSent(claim: Claim, fields: { messageId: string; sentAt: Date; transportResponse: string }): Promise<boolean> {
    return this.finish(claim, {
      status: 'SENT',
      messageId: fields.messageId,
      sentAt: fields.sentAt,
      transportResponse: fields.transportResponse.slice(0, 1000),
      lockedUntil: null,
      lastError: null,
    });
  }

  markRetry(claim: Claim, nextAttemptAt: Date, lastError: string): Promise<boolean> {
    return this.finish(claim, { status: 'PENDING', nextAttemptAt, lockedUntil: null, lastError });
  }

  /**
   * A mail that failed for good is not retried; the active administrators get an in-app notice in the same
   * transaction, so nobody has to read the logs to learn that an applicant was not reached.
   */
  async markFailed(claim: Claim, lastError: string): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const marked = await this.finish(claim, { status: 'FAILED', lockedUntil: null, lastError }, em);
      if (marked) {
        const admins = await em.getRepository(UserEntity).find({ select: { id: true }, where: { role: Role.ADMIN, active: true } });
        const message = `邮件发送失败：收件人 ${claim.message.toAddress}，主题“${claim.message.subject}”（${lastError.slice(0, 200)}）`;
        await this.notices.notify(em, admins.map((a) => a.id), { caseId: claim.message.caseId, kind: 'MAIL_FAILED', message });
      }
      return marked;
    });
  }

  /** Mails that failed for good, newest first (for the administrators' list). */
  listFailed(limit: number): Promise<OutboxMessageEntity[]> {
    return this.dataSource.getRepository(OutboxMessageEntity).find({ where: { status: 'FAILED' }, order: { createdAt: 'DESC' }, take: limit });
  }

  /**
   * Puts a failed mail back in the queue with fresh attempts (an administrator fixed the address or the
   * server). Only a FAILED row moves, so two clicks requeue it once. Returns the status found when nothing moved.
   */
  async requeueFailed(id: string, now: Date): Promise<'REQUEUED' | 'NOT_FOUND' | 'NOT_FAILED'> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(OutboxMessageEntity)
      .set({ status: 'PENDING', attempts: 0, nextAttemptAt: now, lockedUntil: null })
      .where('id = :id AND status = :failed', { id, failed: 'FAILED' })
      .execute();
    if ((result.affected ?? 0) > 0) return 'REQUEUED';
    const exists = await this.dataSource.getRepository(OutboxMessageEntity).exists({ where: { id } });
    return exists ? 'NOT_FAILED' : 'NOT_FOUND';
  }

  private async finish(claim: Claim, fields: OutcomeFields, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(OutboxMessageEntity)
      .set(fields)
      .where('id = :id AND status = :sending AND locked_until = :lease', { id: claim.message.id, sending: 'SENDING', lease: claim.lockedUntil })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
