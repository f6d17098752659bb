import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * outbox_recipient_quota(address, dedupe_prefix, max_per_day): whether fewer than max_per_day mails of one kind went
 * to the address in the last 24 hours, counted under the address's transaction lock (the same advisory lock the
 * application takes for it). VOLATILE, so its count takes a fresh snapshot after the lock is granted: a statement that
 * calls it sees the mails of a concurrent transaction that held the lock before it, which a plain subquery of the
 * same statement (its snapshot taken at the statement's start) would miss. Lets one statement open a case and queue
 * its capped acknowledgement without an explicit transaction.
 */
export class OutboxRecipientQuota1796600000000 implements MigrationInterface {
  name = 'OutboxRecipientQuota1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION outbox_recipient_quota(p_address text, p_dedupe_prefix text, p_max_per_day integer) RETURNS boolean
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('outbox-recipient:' || p_address));
        RETURN (SELECT count(*) FROM outbox_message
                 WHERE to_address = p_address AND created_at > now() - interval '24 hours' AND starts_with(dedupe_key, p_dedupe_prefix)) < p_max_per_day;
      END
      $$
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION outbox_recipient_quota(text, text, integer)`);
  }
}
