import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { ROLE_LABELS } from '../../common/auth/role.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
import { STAFF_NAV, type StaffNavItem } from './staff-nav.js';

export interface StaffLocals {
  staff: true;
  staffUser: { name: string; roleLabel: string; agencyName: string | null };
  staffNav: (StaffNavItem & { current: boolean })[];
  unreadCount: number;
}

/** What every staff page shows around its content: who is signed in, the role's navigation, unread notices. */
@Injectable()
export class StaffLayout {
  constructor(
    private readonly agencies: AgenciesRepository,
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
  ) {}

  async locals(user: AuthUser, currentPath: string): Promise<StaffLocals> {
    const [agency, unreadCount] = await Promise.all([
      user.agencyId ? this.agencies.findById(user.agencyId) : Promise.resolve(null),
      this.unreadCount(user.id),
    ]);
    const nav = STAFF_NAV[user.role] ?? [];
    // The longest matching entry is the current one (案件 for /staff/cases/…, 工作台 only on /staff itself).
    const current = nav
      .map((n) => n.href.split('?')[0]!)
      .filter((h) => currentPath === h || (h !== '/staff' && currentPath.startsWith(`${h}/`)))
      .sort((a, b) => b.length - a.length)[0];
    return {
      staff: true,
      staffUser: { name: user.displayName, roleLabel: ROLE_LABELS[user.role], agencyName: agency?.name ?? null },
      staffNav: nav.map((n) => ({ ...n, current: !n.href.includes('?') && n.href === current })),
      unreadCount,
    };
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.count({ where: { userId, readAt: IsNull() } });
  }
}
