import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, QueryFailedError, type Repository } from 'typeorm';
import { accessTokenClaims } from '../../common/auth/auth.guard.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { ROLE_PERMISSIONS } from '../../common/auth/permission.js';
import { PrincipalDirectory } from '../../common/auth/principal-directory.js';
import { Role, ROLE_LABELS } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { composeRegistrationAttemptEmail } from '../notifications/email-composition.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { LoginThrottle } from '../users/login-throttle.service.js';
import { PasswordHasher } from '../users/password-hasher.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import type { LoginDto } from './dto/login.dto.js';
import type { MeDto } from './dto/me.dto.js';
import type { RegisterApplicantDto } from './dto/register-applicant.dto.js';
import type { RegistrationAcceptedDto } from './dto/registration-accepted.dto.js';
import type { TokenResponseDto } from './dto/token-response.dto.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const REGISTRATION_ACCEPTED = '已收到注册申请。请使用该电子邮箱和密码登录；如无法登录，请查看该邮箱收到的邮件。';

function isUniqueViolation(e: unknown): boolean {
  return e instanceof QueryFailedError && (e.driverError as { code?: string } | undefined)?.code === '23505';
}

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
    private readonly throttle: LoginThrottle,
    private readonly principals: PrincipalDirectory,
    private readonly outbox: OutboxService,
    private readonly dispatcher: MailDispatcher,
  ) {}

  /**
   * Unknown and known addresses go the same way: the password is checked against a dummy hash when there is no
   * account, and wrong passwords are throttled per (address, client IP) whether or not the address exists.
   */
  async login(dto: LoginDto, ip: string): Promise<TokenResponseDto> {
    const heldOff = await this.throttle.retryAfterSeconds(dto.email, ip);
    if (heldOff > 0) throw new AppException('LOGIN_THROTTLED', undefined, undefined, { 'Retry-After': String(heldOff) });
    const user = await this.users.findByEmail(dto.email);
    const ok = await this.hasher.verify(user?.passwordHash ?? null, dto.password);
    if (!user || !ok) {
      await this.throttle.fail(dto.email, ip);
      throw new AppException('INVALID_CREDENTIALS');
    }
    if (!user.active) throw new AppException('ACCOUNT_DISABLED');
    await this.throttle.succeed(dto.email, ip);
    await this.users.recordSuccessfulLogin(user.id, this.clock.now());
    return this.issueTokens(user);
  }

  /**
   * Answers every well-formed registration alike, so the answer does not tell which addresses have accounts. A new
   * address gets its account (log in next); the owner of a taken one is told by mail instead.
   */
  async register(dto: RegisterApplicantDto): Promise<RegistrationAcceptedDto> {
    // Hashed on both paths, so a taken address takes as long as a new one.
    const passwordHash = await this.hasher.hash(dto.password);
    const existing = await this.users.findByEmail(dto.email);
    if (existing) {
      await this.tellOwnerOfRegistrationAttempt(existing);
    } else {
      try {
        await this.users.save(
          this.users.create({ email: dto.email.toLowerCase(), displayName: dto.displayName, role: Role.APPLICANT, agencyId: null, phone: dto.phone ?? null, passwordHash }),
        );
      } catch (e) {
        // Two registrations of one address at once: the second is a taken address like any other.
        const raced = isUniqueViolation(e) ? await this.users.findByEmail(dto.email) : null;
        if (!raced) throw e;
        await this.tellOwnerOfRegistrationAttempt(raced);
      }
    }
    return { message: REGISTRATION_ACCEPTED };
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

  /**
   * Revokes the refresh token and ends the user's access tokens at once (they carry the previous token version);
   * the user's other devices get new access tokens with their own refresh tokens.
   */
  async logout(principal: AuthUser | undefined, token: string | undefined): Promise<void> {
    let userId = principal?.id;
    if (token) {
      const stored = await this.refreshTokens.findOneBy({ tokenHash: sha256(token) });
      if (stored) {
        await this.refreshTokens.update({ id: stored.id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
        userId ??= stored.userId;
      }
    }
    if (!userId) return;
    await this.users.endSessions(userId, { refreshTokens: false });
    this.principals.invalidate(userId);
  }

  async me(principal: AuthUser): Promise<MeDto> {
    const user = await this.users.findById(principal.id);
    if (!user?.active) throw new AppException('UNAUTHENTICATED');
    return this.toMe(user);
  }

  /** One mail a day at most per account, however often the address is tried. */
  private async tellOwnerOfRegistrationAttempt(owner: UserEntity): Promise<void> {
    const today = this.clock.today();
    const mail = composeRegistrationAttemptEmail({ loginUrl: `${this.config.http.publicUrl}/`, today });
    await this.outbox.enqueueEmail(this.refreshTokens.manager, { dedupeKey: `registration-attempt:${owner.id}:${today}`, to: owner.email, ...mail });
    this.dispatcher.kick();
  }

  private async issueTokens(user: UserEntity): Promise<TokenResponseDto> {
    const me = await this.toMe(user);
    const principal: AuthUser = { id: user.id, role: user.role, agencyId: user.agencyId, email: user.email, displayName: user.displayName };
    const accessToken = await this.jwt.signAsync(accessTokenClaims(principal, user.tokenVersion), { expiresIn: this.config.auth.accessTokenTtlSeconds });
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
