import type { EntityManager } from 'typeorm';
import { NotificationEntity } from './notification.entity.js';

/** One in-app notification per user (duplicates and nobody are fine), in the caller's transaction. */
export async function notifyUsers(em: EntityManager, userIds: Iterable<string>, n: { caseId: string | null; kind: string; message: string }): Promise<void> {
  const recipients = [...new Set(userIds)];
  if (recipients.length === 0) return;
  await em.insert(
    NotificationEntity,
    recipients.map((userId) => ({ userId, ...n })),
  );
}
