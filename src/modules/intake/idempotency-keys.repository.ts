import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';

/** Only this class touches idempotency_key. */
@Injectable()
export class IdempotencyKeysRepository {
  /**
   * The stored key, read under a transaction lock on it: concurrent retries of one key serialise, the second waits
   * for the first to commit and then finds its row.
   */
  async lockAndFind(em: EntityManager, scope: string, key: string): Promise<IdempotencyKeyEntity | null> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${scope}:${key}`]);
    return em.findOneBy(IdempotencyKeyEntity, { scope, key });
  }

  /**
   * The key's row as one part of the statement that opens its case: `response` is the SQL expression of the
   * response's JSON text (which names the tracking number the statement draws).
   */
  insertSql(param: (value: unknown) => string, row: Pick<IdempotencyKeyEntity, 'scope' | 'key' | 'requestHash' | 'caseId'>, response: string): string {
    return `INSERT INTO idempotency_key (scope, key, request_hash, case_id, response)
      VALUES (${param(row.scope)}, ${param(row.key)}, ${param(row.requestHash)}, ${param(row.caseId)}, (${response})::jsonb) RETURNING scope`;
  }
}
