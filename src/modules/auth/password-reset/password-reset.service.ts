import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { PrincipalDirectory } from '../../../common/auth/principal-directory.js';
import { AppException } from '../../../common/errors/app.exception.js';
import { Clock } from '../../../common/time/clock.js';
import type { AppConfig } from '../../../config/app-config.js';
import { InjectConfig } from '../../../config/config.module.js';
import { MailDispatcher } from '../../notifications/mail-dispatcher.service.js';
import { OutboxService } from '../../notifications/outbox.service.js';
import { PasswordHasher } from '../../users/password-hasher.js';
import { UserEntity } from '../../users/user.entity.js';
import { RefreshTokenEntity } from '../refresh-token.entity.js';
import type { ConfirmPasswordResetDto, RequestPasswordResetDto } from './password-reset.dto.js';
import { PasswordResetTokenEntity } from './password-reset-token.entity.js';

/** How long a reset link works. */
export const RESET_LINK_MINUTES = 60;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Forgotten passwords: a mail with a one-time link (32 random bytes; only the hash is stored), valid for an
 * hour, used once; setting the new password revokes every refresh token of the account. The request answers
 * the same whether or not the address has an account, so it reveals none.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly dispatcher: MailDispatcher,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly principals: PrincipalDirectory,
  ) {}

  async request(dto: RequestPasswordResetDto): Promise<void> {
    const queued = await this.dataSource.transaction(async (em) => {
      const user = await em.findOne(UserEntity, { where: { email: dto.email.toLowerCase() } });
      if (!user || !user.active) return false;
      const token = randomBytes(32).toString('base64url');
      const now = this.clock.now();
      const row = await em.save(
        em.create(PasswordResetTokenEntity, { userId: user.id, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000), usedAt: null }),
      );
      const link = `${this.config.http.publicUrl.replace(/\/$/, '')}/account/password-reset/confirm?token=${token}`;
      await this.outbox.enqueueEmail(em, {
        dedupeKey: `password-reset:${row.id}`,
        to: user.email,
        subject: '重置密码',
        textBody: [
          `${user.displayName}：`,
          '',
          '我们收到了重置您账号密码的请求。请在60分钟内打开以下链接设置新密码（链接只能使用一次）：',
          '',
          link,
          '',
          '如果不是您本人操作，请忽略本邮件，您的密码不会改变。',
        ].join('\n'),
      });
      return true;
    });
    if (queued) this.dispatcher.kick();
  }

  async confirm(dto: ConfirmPasswordResetDto): Promise<void> {
    const passwordHash = await this.hasher.hash(dto.password);
    await this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      // Single use even under a double submit: the row is locked, then marked used.
      const row = await em.findOne(PasswordResetTokenEntity, { where: { tokenHash: sha256(dto.token) }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.usedAt || row.expiresAt <= now) throw AppException.invalidField('token', 'INVALID_RESET_TOKEN', '重置链接无效或已过期，请重新申请');
      await em.update(PasswordResetTokenEntity, { id: row.id }, { usedAt: now });
      await em.update(UserEntity, { id: row.userId }, { passwordHash, lockedUntil: null });
      await em.update(RefreshTokenEntity, { userId: row.userId, revokedAt: IsNull() }, { revokedAt: now });
      // A new password ends every session at once, access tokens included (they carry the old token version).
      await em.query('UPDATE app_user SET token_version = token_version + 1 WHERE id = $1', [row.userId]);
      return row.userId;
    }).then((userId) => this.principals.invalidate(userId));
  }
}
