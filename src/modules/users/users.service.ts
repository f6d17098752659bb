import { Injectable } from '@nestjs/common';
import { PrincipalDirectory } from '../../common/auth/principal-directory.js';
import { AGENCY_BOUND_ROLES, Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { ListUsersQuery } from './dto/list-users.query.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { UserDto } from './dto/user.dto.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { rejectNullFields } from '../../common/validation/reject-nulls.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly agencies: AgenciesRepository,
    private readonly hasher: PasswordHasher,
    private readonly principals: PrincipalDirectory,
    private readonly throttle: LoginThrottle,
  ) {}

  async list(query: ListUsersQuery): Promise<UserDto[]> {
    return (await this.users.findAll(query)).map(UserDto.from);
  }

  async get(id: string): Promise<UserDto> {
    return UserDto.from(await this.require(id));
  }

  async create(dto: CreateUserDto): Promise<UserDto> {
    await this.assertAgencyFits(dto.role, dto.agencyId ?? null);
    if (await this.users.findByEmail(dto.email)) throw new AppException('EMAIL_TAKEN');
    const user = this.users.create({
      email: dto.email.toLowerCase(),
      displayName: dto.displayName,
      role: dto.role,
      agencyId: dto.role === Role.APPLICANT ? null : (dto.agencyId ?? null),
      phone: dto.phone ?? null,
      passwordHash: await this.hasher.hash(dto.password),
    });
    return UserDto.from(await this.users.save(user));
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserDto> {
    rejectNullFields(dto, ['agencyId', 'phone']);
    const user = await this.require(id);
    const role = dto.role ?? user.role;
    const agencyId = dto.agencyId !== undefined ? dto.agencyId : user.agencyId;
    await this.assertAgencyFits(role, agencyId);
    const { password, ...fields } = dto;
    const before = { active: user.active, role: user.role, agencyId: user.agencyId };
    Object.assign(user, fields, { role, agencyId: role === Role.APPLICANT ? null : agencyId });
    if (password) user.passwordHash = await this.hasher.hash(password);
    const saved = await this.users.save(user);
    // What the user may do changed: their access tokens end now, not when they expire.
    const standingChanged = before.active !== saved.active || before.role !== saved.role || before.agencyId !== saved.agencyId;
    if (standingChanged || password) await this.endSessions(saved, { refreshTokens: !saved.active || Boolean(password) });
    return UserDto.from(saved);
  }

  async resetPassword(id: string, password: string): Promise<UserDto> {
    const user = await this.require(id);
    user.passwordHash = await this.hasher.hash(password);
    user.failedLoginCount = 0;
    user.lockedUntil = null;
    const saved = await this.users.save(user);
    await this.endSessions(saved, { refreshTokens: true });
    await this.throttle.clearAccount(saved.email);
    return UserDto.from(saved);
  }

  private async endSessions(user: UserEntity, options: { refreshTokens: boolean }): Promise<void> {
    await this.users.endSessions(user.id, options);
    this.principals.invalidate(user.id);
  }

  async unlock(id: string): Promise<UserDto> {
    const user = await this.require(id);
    user.failedLoginCount = 0;
    user.lockedUntil = null;
    await this.throttle.clearAccount(user.email);
    return UserDto.from(await this.users.save(user));
  }

  private async require(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw AppException.notFound();
    return user;
  }

  private async assertAgencyFits(role: Role, agencyId: string | null): Promise<void> {
    if (AGENCY_BOUND_ROLES.includes(role) && !agencyId) throw new AppException('AGENCY_REQUIRED', [{ field: 'agencyId', code: 'REQUIRED', message: '该角色必须指定所属机关' }]);
    if (agencyId && !(await this.agencies.findById(agencyId))) {
      throw AppException.invalidField('agencyId', 'NOT_FOUND', '机关不存在');
    }
  }
}
