import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { resolveAgencySettings } from '../agencies/agency-settings.js';
import { UsersRepository } from '../users/users.repository.js';
import type { Actor } from './commands/case-effects.registry.js';

/** 分办: who handles a case (officers and office heads of its agency). */
@Injectable()
export class CaseAssignment {
  constructor(private readonly users: UsersRepository) {}

  async assertHandlerOf(agencyId: string, userId: string, field: string): Promise<void> {
    const u = await this.users.findById(userId);
    if (!u || !u.active || u.agencyId !== agencyId || (u.role !== Role.OFFICER && u.role !== Role.OFFICE_HEAD)) {
      throw AppException.invalidField(field, 'NOT_A_HANDLER', '应为本机关在岗的承办人或负责人');
    }
  }

  /**
   * Agency setting `defaultAssignment`: who takes a case nobody has yet. At submission only a named user; on
   * CONFIRM_RECEIPT or ACCEPT by a handler, that handler under CONFIRMING_OFFICER (also when the named user is no
   * longer an active handler of the agency).
   */
  async defaultAssigneeOf(em: EntityManager, agencyId: string, settings: Record<string, unknown> | null, actor: Actor | null): Promise<string | null> {
    const rule = resolveAgencySettings(settings).defaultAssignment;
    if (rule === 'NONE') return null;
    if (rule !== 'CONFIRMING_OFFICER') {
      const [named] = await this.users.findByIds([rule], em);
      if (named && named.active && named.agencyId === agencyId && (named.role === Role.OFFICER || named.role === Role.OFFICE_HEAD)) return named.id;
    }
    if (!actor?.id || (actor.role !== Role.OFFICER && actor.role !== Role.OFFICE_HEAD)) return null;
    return actor.id;
  }
}
