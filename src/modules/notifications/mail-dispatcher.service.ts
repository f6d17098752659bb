import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { BlobStorage } from '../storage/blob-storage.js';
import { afterFailure, AttachmentIntegrityError, describeMailFailure, type RetryPolicy } from './mail-retry.js';
import { MailTransport } from './mail-transport.js';
import type { OutboxMessageEntity } from './outbox-message.entity.js';
import { type Claim, OutboxRepository } from './outbox.repository.js';
import { messageIdFor, type OutgoingMail } from './outgoing-mail.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';

export interface DispatchResult {
  sent: number;
  retried: number;
  failed: number;
  /** Claimed but not sent because the claim ran out before its turn (another sender may take it). */
  skipped: number;
}

/** Bounds one dispatchDue() call, so a steady stream of new mail cannot keep it running for ever. */
const MAX_ROUNDS = 50;

/**
 * Sends the outbox after commit: on kick() from a use case, and on a poll (MAIL_DISPATCH_INTERVAL_SECONDS) for
 * anything a kick missed (a crash between commit and kick, a retry that became due, another instance's work).
 * Several instances may run it at once: claims are disjoint, each send is preceded by a check that the claim is
 * still held, and the result is recorded only under that claim. A mail goes out twice only if a sender dies (or
 * stalls past its lease) between the server's acceptance and the SENT record; the copy then carries the same
 * Message-ID.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MailDispatcher');
  private readonly policy: RetryPolicy;
  private readonly job: PeriodicJob;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly transport: MailTransport,
    private readonly storage: BlobStorage,
    private readonly clock: Clock,
  ) {
    const { maxAttempts, retryBaseSeconds, retryMaxSeconds } = config.mail;
    this.policy = { maxAttempts, baseMs: retryBaseSeconds * 1000, maxMs: retryMaxSeconds * 1000 };
    // Kicks during a run are coalesced into one more run: mail committed meanwhile goes out without waiting for the poll.
    this.job = new PeriodicJob({
      everyMs: config.mail.dispatchIntervalSeconds * 1000,
      run: () => this.dispatchDue(),
      logger: this.logger,
      failureMessage: 'mail dispatch failed',
      rerunIfKickedWhileRunning: true,
      runOnStart: true, // whatever was left pending when the service last stopped
    });
  }

  onApplicationBootstrap(): void {
    this.logger.log(`outgoing mail goes to ${this.transport.description}`);
    // MAIL_DISPATCH_INTERVAL_SECONDS=0: no poll here; mail still goes out on kick() after each commit.
    if (this.config.mail.dispatchIntervalSeconds > 0) this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
    this.transport.close();
  }

  /**
   * Call after the transaction that enqueued mail has committed. Returns at once; sending happens in the
   * background. Kicks during a run are coalesced into one more run.
   */
  kick(): void {
    this.job.kick();
  }

  /** Resolves once no kicked or polled run is in progress (for shutdown and tests). */
  idle(): Promise<void> {
    return this.job.idle();
  }

  /** Claims and sends every due message, batch by batch, until none is left. Safe to call from several instances. */
  async dispatchDue(): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    for (let round = 0; round < MAX_ROUNDS && !this.job.stopped; round++) {
      const now = this.clock.now();
      const claims = await this.outbox.claimDue(now, this.leaseFrom(now), this.config.mail.batchSize);
      if (claims.length === 0) break;
      for (const claim of claims) await this.deliver(claim, result);
    }
    return result;
  }

  private async deliver(claim: Claim, result: DispatchResult): Promise<void> {
    const message = claim.message;
    const renewed = await this.outbox.renew(claim, this.clock.now(), this.leaseFrom(this.clock.now()));
    if (!renewed) {
      result.skipped++;
      return;
    }
    claim.lockedUntil = renewed;

    let sent: { messageId: string; response: string };
    try {
      sent = await this.transport.send(await this.compose(message));
    } catch (error) {
      await this.recordFailure(claim, error, result);
      return;
    }
    // Outside the try: if recording fails after the server took the mail, the claim runs out and the mail is
    // sent again with the same Message-ID, which is better than marking a delivered mail as failed.
    const recorded = await this.outbox.markSent(claim, { messageId: sent.messageId, sentAt: this.clock.now(), transportResponse: sent.response });
    result.sent++;
    if (recorded) this.logger.log({ outboxId: message.id, messageId: sent.messageId, caseId: message.caseId }, `mail sent: ${sent.response}`);
    else this.logger.warn({ outboxId: message.id }, 'mail sent after its claim ran out; another sender may send it again');
  }

  private async recordFailure(claim: Claim, error: unknown, result: DispatchResult): Promise<void> {
    const message = claim.message;
    const lastError = describeMailFailure(error);
    const verdict = afterFailure(message.attempts, error, this.policy);
    if (verdict.kind === 'fail') {
      await this.outbox.markFailed(claim, lastError);
      result.failed++;
      this.logger.error({ outboxId: message.id, caseId: message.caseId, attempts: message.attempts }, `mail failed for good: ${lastError}`);
      return;
    }
    await this.outbox.markRetry(claim, new Date(this.clock.now().getTime() + verdict.delayMs), lastError);
    result.retried++;
    this.logger.warn({ outboxId: message.id, attempts: message.attempts, retryInMs: verdict.delayMs }, `mail not sent, will retry: ${lastError}`);
  }

  /** The stored message plus the bytes of its attachments, each checked against the hash recorded with it. */
  private async compose(message: OutboxMessageEntity): Promise<OutgoingMail> {
    const attachments = [];
    for (const a of message.attachments) {
      const content = await this.storage.get(a.storageKey);
      const actual = createHash('sha256').update(content).digest('hex');
      // A reply is evidence: never send bytes other than the archived document (what the archive hashed is what the applicant received).
      if (actual !== a.sha256) throw new AttachmentIntegrityError(`attachment ${a.storageKey} has sha256 ${actual}, expected ${a.sha256}`);
      attachments.push({ filename: a.filename, contentType: a.contentType, content });
    }
    return {
      outboxId: message.id,
      messageId: messageIdFor(message.id, this.config.mail.from),
      from: this.config.mail.from,
      to: message.toAddress,
      subject: message.subject,
      text: message.textBody,
      html: message.htmlBody,
      date: this.clock.now(),
      attachments,
    };
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.config.mail.leaseSeconds * 1000);
  }
}
