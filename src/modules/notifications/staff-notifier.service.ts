import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UsersRepository } from '../users/users.repository.js';
import { composeStaffNoticeEmail } from './email-composition.js';
import { MailDispatcher } from './mail-dispatcher.service.js';
import { UserNotices } from './notify-users.js';
import { OutboxService } from './outbox.service.js';

export interface StaffNotice {
  caseId: string;
  trackingNumber: string;
  /** Stable English code of the notice (LEGAL_REFERRAL, APPROVAL_REQUESTED …). */
  kind: string;
  /** What the in-app notice and the mail say, in Chinese. */
  message: string;
  /** Tells one event's mail from another's (the same notice is never queued twice for a person). */
  eventKey: string;
  agencyName: string;
  today: string;
}

/**
 * Tells staff (officers, office heads, legal advisors) about a case: an in-app notice for each, and a mail through
 * the outbox to those with an address, in the caller's transaction; the dispatcher is woken once it commits.
 */
@Injectable()
export class StaffNotifier {
  constructor(
    private readonly users: UsersRepository,
    private readonly outbox: OutboxService,
    private readonly dispatcher: MailDispatcher,
    private readonly notices: UserNotices,
  ) {}

  async tell(em: EntityManager, userIds: readonly string[], notice: StaffNotice, afterCommit: (fn: () => void) => void): Promise<void> {
    const recipients = (await this.users.findByIds([...new Set(userIds)], em)).filter((u) => u.active);
    if (recipients.length === 0) return;
    await this.notices.notify(
      em,
      recipients.map((u) => u.id),
      { caseId: notice.caseId, kind: notice.kind, message: notice.message },
    );
    let queued = false;
    for (const user of recipients) {
      if (!user.email) continue;
      const mail = composeStaffNoticeEmail({ recipientName: user.displayName, trackingNumber: notice.trackingNumber, message: notice.message, agencyName: notice.agencyName, today: notice.today });
      await this.outbox.enqueueEmail(em, { dedupeKey: `staff-notice:${notice.kind}:${notice.eventKey}:${user.id}`, caseId: notice.caseId, to: user.email, ...mail });
      queued = true;
    }
    if (queued) afterCommit(() => this.dispatcher.kick());
  }
}
