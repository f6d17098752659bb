import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';

const DAY_MS = 86_400_000;

/**
 * Slows and then holds off wrong passwords per (e-mail address, client IP), whether or not the address has an
 * account. Each failure waits AUTH_FAILURE_DELAY_MS doubling per consecutive failure (max 3 s); after
 * AUTH_MAX_FAILED_LOGINS failures within AUTH_LOCK_MINUTES the pair is refused for AUTH_LOCK_MINUTES. The owner
 * logging in from another address is not affected, so a guesser cannot lock anyone out.
 */
@Injectable()
export class LoginThrottle {
  private readonly secret: string;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly throttles: LoginThrottleRepository,
    private readonly clock: Clock,
  ) {
    this.secret = createHmac('sha256', config.auth.jwtSecret).update('gongkai/login-throttle/v1').digest('base64url');
  }

  /** Seconds until the pair may try again, or 0. */
  async retryAfterSeconds(email: string, ip: string): Promise<number> {
    const until = await this.throttles.blockedUntil(this.keys(email, ip).key);
    const now = this.clock.now().getTime();
    return until && until.getTime() > now ? Math.ceil((until.getTime() - now) / 1000) : 0;
  }

  /** Records a wrong password and waits the progressive delay; returns the seconds the pair is now held off (or 0). */
  async fail(email: string, ip: string): Promise<number> {
    const now = this.clock.now();
    const windowMs = this.config.auth.lockMinutes * 60_000;
    const { failures, blockedUntil } = await this.throttles.recordFailure(
      this.keys(email, ip),
      now,
      new Date(now.getTime() - windowMs),
      this.config.auth.maxFailedLogins,
      new Date(now.getTime() + windowMs),
    );
    // Rows of pairs that stopped trying are of no use after a day; about one failure in 64 sweeps them.
    if (Math.random() < 1 / 64) await this.throttles.deleteOlderThan(new Date(now.getTime() - DAY_MS));
    await new Promise((resolve) => setTimeout(resolve, Math.min(3000, this.config.auth.failureDelayMs * 2 ** Math.max(0, failures - 1))));
    return blockedUntil ? Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000) : 0;
  }

  async succeed(email: string, ip: string): Promise<void> {
    await this.throttles.clear(this.keys(email, ip).key);
  }

  /** An admin's unlock or password reset lifts every hold on the account, from every address. */
  async clearAccount(email: string): Promise<void> {
    await this.throttles.clearAccount(this.keys(email, '').account);
  }

  private keys(email: string, ip: string): { key: string; account: string } {
    const account = createHmac('sha256', this.secret).update(email.trim().toLowerCase()).digest('hex');
    return { account, key: createHmac('sha256', this.secret).update(`${account}\n${ip}`).digest('hex') };
  }
}
