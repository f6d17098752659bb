import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock.js';
import { CaseNoticesPort, type InAppNotice, type InAppNoticeWriter } from '../cases/commands/case-ports.js';
import { NotificationEntity } from './notification.entity.js';

/**
 * In-app notices, in the caller's transaction. A notice is dated by the app's clock, like the case event it goes
 * with (the column's default would be the database server's time, which a test's fixed clock does not move). Also
 * the case pipeline's CaseNoticesPort: the pipeline tells a new assignee through it.
 */
@Injectable()
export class UserNotices implements InAppNoticeWriter, OnModuleInit {
  constructor(
    private readonly clock: Clock,
    private readonly port: CaseNoticesPort,
  ) {}

  onModuleInit(): void {
    this.port.implement(this);
  }

  /** One in-app notification per user (duplicates and nobody are fine). */
  async notify(em: EntityManager, userIds: Iterable<string>, n: InAppNotice): Promise<void> {
    const recipients = [...new Set(userIds)];
    if (recipients.length === 0) return;
    const createdAt = this.clock.now();
    await em.insert(
      NotificationEntity,
      recipients.map((userId) => ({ userId, ...n, createdAt })),
    );
  }
}
