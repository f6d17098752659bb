import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository } from 'typeorm';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>) {}

  findAll(filter: { agencyId?: string; role?: UserEntity['role'] }): Promise<UserEntity[]> {
    return this.repo.find({ where: { ...filter }, order: { createdAt: 'ASC' } });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Users by id (in the caller's transaction when given); unknown ids are left out. */
  findByIds(ids: readonly string[], em?: EntityManager): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return (em?.getRepository(UserEntity) ?? this.repo).findBy({ id: In([...ids]) });
  }

  /** The active users of an agency with a role (e.g. its office heads), in the caller's transaction when given. */
  activeOfAgency(agencyId: string, role: UserEntity['role'], em?: EntityManager): Promise<UserEntity[]> {
    return (em?.getRepository(UserEntity) ?? this.repo).find({ where: { agencyId, role, active: true }, order: { createdAt: 'ASC' } });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ email: email.toLowerCase() });
  }

  create(fields: Partial<UserEntity>): UserEntity {
    return this.repo.create(fields);
  }

  save(user: UserEntity): Promise<UserEntity> {
    return this.repo.save(user);
  }

  async recordSuccessfulLogin(id: string, at: Date): Promise<void> {
    await this.repo.update({ id }, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: at });
  }

  /** Ends every access token of the user (they carry the old version) and every refresh token when asked to. */
  async endSessions(id: string, options: { refreshTokens: boolean }): Promise<void> {
    await this.repo.manager.transaction(async (em) => {
      await em.query('UPDATE app_user SET token_version = token_version + 1 WHERE id = $1', [id]);
      // A new password or a deactivation must also end the sessions a stolen refresh token would keep alive.
      if (options.refreshTokens) await em.query('UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id]);
    });
  }

  count(): Promise<number> {
    return this.repo.count();
  }
}
