import { Injectable } from '@nestjs/common';
import { PrincipalDirectory, type PrincipalState } from '../../common/auth/principal-directory.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { UsersRepository } from './users.repository.js';

const MAX_ENTRIES = 10_000;

/**
 * The users' current state for the guard, remembered for AUTH_SESSION_CACHE_SECONDS. A change made through this
 * instance drops the entry at once; another instance sees it when its entry expires (so keep the setting short when
 * several instances run; 0 reads the row on every request).
 */
@Injectable()
export class UserPrincipalCache extends PrincipalDirectory {
  private readonly entries = new Map<string, { state: PrincipalState | null; until: number }>();

  constructor(
    private readonly users: UsersRepository,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    super();
  }

  async current(userId: string): Promise<PrincipalState | null> {
    const now = Date.now();
    const hit = this.entries.get(userId);
    if (hit && hit.until > now) return hit.state;
    const row = await this.users.findById(userId);
    const state: PrincipalState | null = row
      ? { id: row.id, role: row.role, agencyId: row.agencyId, email: row.email, displayName: row.displayName, active: row.active, tokenVersion: row.tokenVersion }
      : null;
    const ttl = this.config.auth.sessionCacheSeconds * 1000;
    if (ttl > 0) {
      this.entries.delete(userId);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(userId, { state, until: now + ttl });
    }
    return state;
  }

  invalidate(userId: string): void {
    this.entries.delete(userId);
  }
}
