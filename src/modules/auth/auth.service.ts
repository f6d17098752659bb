import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { accessTokenClaims } from '../../common/auth/auth.guard.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { ROLE_PERMISSIONS } from '../../common/auth/permission.js';
import { Role, ROLE_LABELS } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { PasswordHasher } from '../users/password-hasher.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import type { LoginDto } from './dto/login.dto.js';
import type { MeDto } from './dto/me.dto.js';
import type { RegisterApplicantDto } from './dto/register-applicant.dto.js';
import type { TokenResponseDto } from './dto/token-response.dto.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly agencies: AgenciesRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @InjectRepository(RefreshTokenEntity) private readonly refreshTokens: Repository<RefreshTokenEntity>,
  ) {}

  async login(dto: LoginDto): Promise<TokenResponseDto> {
    const user = await this.users.findByEmail(dto.email);
    if (user) this.assertNotLocked(user.lockedUntil);
    const ok = await this.hasher.verify(user?.passwordHash ?? null, dto.password);
    if (!user || !ok) {
      if (user) {
        const lockUntil = new Date(this.clock.now().getTime() + this.config.auth.lockMinutes * 60_000);
        const { failedLoginCount, lockedUntil } = await this.users.recordFailedLogin(user.id, this.config.auth.maxFailedLogins, lockUntil);
        // Each consecutive failure doubles the wait; the lock takes over at the limit.
        await sleep(Math.min(3000, this.config.auth.failureDelayMs * 2 ** Math.max(0, failedLoginCount - 1)));
        this.assertNotLocked(lockedUntil);
      } else {
        await sleep(this.config.auth.failureDelayMs);
      }
      throw new AppException('INVALID_CREDENTIALS');
    }
    if (!user.active) throw new AppException('ACCOUNT_DISABLED');
    await this.users.recordSuccessfulLogin(user.id, this.clock.now());
    return this.issueTokens(user);
  }

  async register(dto: RegisterApplicantDto): Promise<TokenResponseDto> {
    if (await this.users.findByEmail(dto.email)) throw new AppException('EMAIL_TAKEN', [{ field: 'email', code: 'EMAIL_TAKEN', message: '该电子邮箱已注册' }]);
    const user = await this.users.save(
      this.users.create({
        email: dto.email.toLowerCase(),
        displayName: dto.displayName,
        role: Role.APPLICANT,
        agencyId: null,
        phone: dto.phone ?? null,
        passwordHash: await this.hasher.hash(dto.password),
      }),
    );
    return this.issueTokens(user);
  }

  /** Refresh tokens rotate: each is good once. Presenting a spent one revokes every session of that user. */
  async refresh(token: string | undefined): Promise<TokenResponseDto> {
    if (!token) throw new AppException('INVALID_REFRESH_TOKEN');
    const stored = await this.refreshTokens.findOneBy({ tokenHash: sha256(token) });
    if (!stored || stored.expiresAt <= this.clock.now()) throw new AppException('INVALID_REFRESH_TOKEN');
    if (stored.revokedAt) {
      await this.refreshTokens.update({ userId: stored.userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
      throw new AppException('INVALID_REFRESH_TOKEN');
    }
    const revoked = await this.refreshTokens.update({ id: stored.id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    if (!revoked.affected) throw new AppException('INVALID_REFRESH_TOKEN');
    const user = await this.users.findById(stored.userId);
    if (!user?.active) throw new AppException('INVALID_REFRESH_TOKEN');
    return this.issueTokens(user);
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await this.refreshTokens.update({ tokenHash: sha256(token), revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  async me(principal: AuthUser): Promise<MeDto> {
    const user = await this.users.findById(principal.id);
    if (!user?.active) throw new AppException('UNAUTHENTICATED');
    return this.toMe(user);
  }

  private assertNotLocked(lockedUntil: Date | null): void {
    const now = this.clock.now();
    if (lockedUntil && lockedUntil > now) {
      const retryAfter = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
      throw new AppException('ACCOUNT_LOCKED', undefined, undefined, { 'Retry-After': String(retryAfter) });
    }
  }

  private async issueTokens(user: UserEntity): Promise<TokenResponseDto> {
    const me = await this.toMe(user);
    const principal: AuthUser = { id: user.id, role: user.role, agencyId: user.agencyId, email: user.email, displayName: user.displayName };
    const accessToken = await this.jwt.signAsync(accessTokenClaims(principal), { expiresIn: this.config.auth.accessTokenTtlSeconds });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.refreshTokens.insert({
      userId: user.id,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(this.clock.now().getTime() + this.config.auth.refreshTokenTtlDays * 86_400_000),
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.auth.accessTokenTtlSeconds, refreshToken, user: me };
  }

  private async toMe(user: UserEntity): Promise<MeDto> {
    const agency = user.agencyId ? await this.agencies.findById(user.agencyId) : null;
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      roleLabel: ROLE_LABELS[user.role],
      agency: agency ? { id: agency.id, name: agency.name, code: agency.code } : null,
      permissions: [...ROLE_PERMISSIONS[user.role]],
    };
  }
}
