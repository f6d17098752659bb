import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { LoginThrottleEntity } from './login-throttle.entity.js';

@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectRepository(LoginThrottleEntity) private readonly repo: Repository<LoginThrottleEntity>) {}

  async blockedUntil(key: string): Promise<Date | null> {
    return (await this.repo.findOneBy({ key }))?.blockedUntil ?? null;
  }

  /**
   * Counts one wrong password (atomically, so concurrent guesses cannot undercount). The count starts afresh when
   * the previous failure is older than `windowStart`; reaching `maxFailures` holds the pair off until `blockUntil`.
   */
  async recordFailure(row: { key: string; account: string }, at: Date, windowStart: Date, maxFailures: number, blockUntil: Date): Promise<{ failures: number; blockedUntil: Date | null }> {
    const rows: { failures: number; blocked_until: Date | null }[] = await this.repo.query(
      `INSERT INTO login_throttle (key, account, failures, last_failure_at, blocked_until)
       VALUES ($1, $2, 1, $3, CASE WHEN 1 >= $5 THEN $6::timestamptz END)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttle.last_failure_at < $4 THEN 1 ELSE login_throttle.failures + 1 END,
         last_failure_at = $3,
         blocked_until = CASE WHEN (CASE WHEN login_throttle.last_failure_at < $4 THEN 1 ELSE login_throttle.failures + 1 END) >= $5 THEN $6::timestamptz END
       RETURNING failures, blocked_until`,
      [row.key, row.account, at, windowStart, maxFailures, blockUntil],
    );
    return { failures: rows[0]?.failures ?? 1, blockedUntil: rows[0]?.blocked_until ?? null };
  }

  async clear(key: string): Promise<void> {
    await this.repo.delete({ key });
  }

  async clearAccount(account: string): Promise<void> {
    await this.repo.delete({ account });
  }

  async deleteOlderThan(before: Date): Promise<void> {
    await this.repo.delete({ lastFailureAt: LessThan(before) });
  }
}
