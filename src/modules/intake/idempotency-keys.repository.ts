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

  async insert(em: EntityManager, row: Pick<IdempotencyKeyEntity, 'scope' | 'key' | 'requestHash' | 'caseId' | 'response'>): Promise<void> {
    await em.save(em.create(IdempotencyKeyEntity, row));
  }
}
