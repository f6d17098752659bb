import { createHash, randomBytes } from 'node:crypto';
import type { AppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import { composeAcknowledgementEmail } from '../../src/modules/notifications/email-composition.js';
import { MailDispatcher } from '../../src/modules/notifications/mail-dispatcher.service.js';
import { MailTransport } from '../../src/modules/notifications/mail-transport.js';
import { OutboxMessageEntity } from '../../src/modules/notifications/outbox-message.entity.js';
import { OutboxRepository } from '../../src/modules/notifications/outbox.repository.js';
import { OutboxService } from '../../src/modules/notifications/outbox.service.js';
import type { EmailMessage, OutboxAttachment } from '../../src/modules/notifications/outgoing-mail.js';
import { BlobStorage } from '../../src/modules/storage/blob-storage.js';
import { registerCase } from '../setup/case-helpers.js';
import { startSmtpReceiver, type SmtpReceiver } from '../setup/smtp-receiver.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const T0 = new Date('2026-03-02T02:00:00.000Z');
const after = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const SUBJECT = '【政府信息公开申请答复】政府信息公开申请答复书（示自然资公开〔2026〕12号）';
const PDF_NAME = '政府信息公开申请答复书（示自然资公开〔2026〕12号）.pdf';

describe('mail outbox and dispatcher against a real SMTP server', () => {
  let receiver: SmtpReceiver;
  let sut: TestApp;
  let outbox: OutboxService;
  let dispatcher: MailDispatcher;
  let storage: BlobStorage;

  const enqueue = (message: Partial<EmailMessage> & { dedupeKey: string }) =>
    sut.dataSource.transaction((em) =>
      outbox.enqueueEmail(em, { to: 'zhang.san@example.cn', subject: SUBJECT, textBody: '张三：\n\n答复书见附件。\n', ...message }),
    );
  const row = (id: string) => sut.dataSource.getRepository(OutboxMessageEntity).findOneByOrFail({ id });

  /** A PDF-like file with every byte value, large enough for base64 line wrapping. */
  async function storePdf(): Promise<OutboxAttachment> {
    const bytes = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      randomBytes(96 * 1024),
      Buffer.from('\n%%EOF\n'),
    ]);
    const hash = sha256(bytes);
    const storageKey = `documents/2026/${hash}.pdf`;
    await storage.put(storageKey, bytes, 'application/pdf');
    return { filename: PDF_NAME, contentType: 'application/pdf', storageKey, sha256: hash };
  }

  beforeAll(async () => {
    receiver = await startSmtpReceiver({ user: 'gongkai', pass: 'p@ss wört' });
    sut = await startTestApp({
      now: T0.toISOString(),
      env: {
        SMTP_URL: receiver.url,
        MAIL_MAX_ATTEMPTS: '3',
        MAIL_RETRY_BASE_SECONDS: '60',
        MAIL_RETRY_MAX_SECONDS: '600',
        MAIL_BATCH_SIZE: '3',
        MAIL_LEASE_SECONDS: '300',
      },
    });
    outbox = sut.app.get(OutboxService);
    dispatcher = sut.app.get(MailDispatcher);
    storage = sut.app.get(BlobStorage);
  });

  afterAll(async () => {
    await sut.close();
    await receiver.close();
  });

  beforeEach(async () => {
    await dispatcher.idle();
    await sut.dataSource.query('DELETE FROM outbox_message');
    receiver.reset();
    sut.clock.set(T0);
  });

  it('should deliver a Chinese subject and a Chinese-named PDF byte for byte, with a Message-ID derived from the outbox id', async () => {
    const pdf = await storePdf();
    const queued = await enqueue({ dedupeKey: 'reply-delivery:1', htmlBody: '<p>张三：</p><p>答复书见附件。</p>', attachments: [pdf] });

    expect(await dispatcher.dispatchDue()).toEqual({ sent: 1, retried: 0, failed: 0, skipped: 0 });

    const [mail] = await receiver.waitFor(1);
    expect(mail.user).toBe('gongkai');
    expect(mail.envelope).toEqual({ from: 'noreply@gongkai.local', to: ['zhang.san@example.cn'] });
    expect(mail.parsed.subject).toBe(SUBJECT);
    expect(mail.parsed.from?.value[0]).toEqual({ name: 'Gongkai 政府信息公开', address: 'noreply@gongkai.local' });
    expect(mail.parsed.text).toContain('答复书见附件');
    expect(mail.parsed.html).toContain('<p>张三：</p>');
    expect(mail.parsed.messageId).toBe(`<${queued.id}@gongkai.local>`);
    expect(mail.parsed.attachments).toHaveLength(1);
    const [attachment] = mail.parsed.attachments;
    expect(attachment.filename).toBe(PDF_NAME);
    expect(attachment.contentType).toBe('application/pdf');
    expect(sha256(attachment.content)).toBe(pdf.sha256);
    expect(sha256(await storage.get(pdf.storageKey))).toBe(pdf.sha256);

    expect(await row(queued.id)).toMatchObject({
      status: 'SENT',
      attempts: 1,
      messageId: `<${queued.id}@gongkai.local>`,
      sentAt: T0,
      lockedUntil: null,
      lastError: null,
      transportResponse: expect.stringMatching(/^250 /),
    });
  });

  it('should retry with backoff after a transient rejection and then deliver', async () => {
    receiver.reject('RCPT', { responseCode: 451, message: 'greylisted, try again later' });
    const queued = await enqueue({ dedupeKey: 'retry:1' });

    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 0, retried: 1 });
    const waiting = await row(queued.id);
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1, lastError: expect.stringContaining('451') });
    // first delay: base 60 s with equal jitter, so 30–60 s
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(after(30).getTime());
    expect(waiting.nextAttemptAt.getTime()).toBeLessThanOrEqual(after(60).getTime());

    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 0, retried: 0 });
    sut.clock.set(after(61));
    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 1 });

    const [mail] = await receiver.waitFor(1);
    expect(mail.parsed.messageId).toBe(`<${queued.id}@gongkai.local>`);
    expect(await row(queued.id)).toMatchObject({ status: 'SENT', attempts: 2, lastError: null, sentAt: after(61) });
  });

  it('should mark a message FAILED after the last allowed attempt, with growing delays in between', async () => {
    receiver.reject('DATA', { times: 3, responseCode: 451, message: 'mailbox busy' });
    const queued = await enqueue({ dedupeKey: 'fail:1' });

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await dispatcher.dispatchDue();
      const current = await row(queued.id);
      expect(current.attempts).toBe(attempt);
      if (current.status !== 'PENDING') break;
      delays.push(current.nextAttemptAt.getTime() - sut.clock.now().getTime());
      sut.clock.set(current.nextAttemptAt);
    }

    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(30_000);
    expect(delays[0]).toBeLessThanOrEqual(60_000);
    expect(delays[1]).toBeGreaterThanOrEqual(60_000);
    expect(delays[1]).toBeLessThanOrEqual(120_000);
    expect(await row(queued.id)).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      lastError: expect.stringContaining('mailbox busy'),
      lockedUntil: null,
      sentAt: null,
    });
    sut.clock.set(after(3600));
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, retried: 0, failed: 0, skipped: 0 });
    expect(receiver.mails).toHaveLength(0);
  });

  it('should give up at once when the server refuses the recipient for good', async () => {
    receiver.reject('RCPT', { responseCode: 550, message: 'no such mailbox' });
    const queued = await enqueue({ dedupeKey: 'permanent:1' });

    expect(await dispatcher.dispatchDue()).toMatchObject({ failed: 1 });
    expect(await row(queued.id)).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.stringContaining('no such mailbox') });
  });

  it('should deliver each of 20 messages exactly once when two dispatchers race', async () => {
    const ids = await sut.dataSource.transaction(async (em) => {
      const rows = [];
      for (let i = 0; i < 20; i++)
        rows.push(await outbox.enqueueEmail(em, { dedupeKey: `race:${i}`, to: `applicant${i}@example.cn`, subject: `答复 ${i}`, textBody: `第${i}封` }));
      return rows.map((r) => r.id);
    });
    const second = new MailDispatcher(sut.app.get<AppConfig>(APP_CONFIG), sut.app.get(OutboxRepository), sut.app.get(MailTransport), storage, sut.clock);

    const [a, b] = await Promise.all([dispatcher.dispatchDue(), second.dispatchDue()]);

    expect(a.sent + b.sent).toBe(20);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    const mails = await receiver.waitFor(20);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate would arrive by now
    expect(receiver.mails).toHaveLength(20);
    expect(new Set(mails.map((m) => m.parsed.messageId))).toEqual(new Set(ids.map((id) => `<${id}@gongkai.local>`)));
    expect(new Set(mails.map((m) => m.envelope.to[0])).size).toBe(20);
    const statuses = await sut.dataSource.query<{ status: string; attempts: number; n: number }[]>(
      'SELECT status, attempts, count(*)::int AS n FROM outbox_message GROUP BY 1, 2',
    );
    expect(statuses).toEqual([{ status: 'SENT', attempts: 1, n: 20 }]);
  });

  it('should send nothing for a message enqueued in a transaction that rolled back', async () => {
    await expect(
      sut.dataSource.transaction(async (em) => {
        await outbox.enqueueEmail(em, { dedupeKey: 'rolled-back:1', to: 'zhang.san@example.cn', subject: SUBJECT, textBody: '不应发出' });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');

    expect(await dispatcher.dispatchDue()).toEqual({ sent: 0, retried: 0, failed: 0, skipped: 0 });
    expect(await sut.dataSource.getRepository(OutboxMessageEntity).count()).toBe(0);
    expect(receiver.mails).toHaveLength(0);
  });

  it('should keep one message when the same fact is enqueued twice', async () => {
    const first = await enqueue({ dedupeKey: 'ack:same-case', subject: '第一次' });
    const again = await enqueue({ dedupeKey: 'ack:same-case', subject: '第二次' });

    expect(again.id).toBe(first.id);
    await dispatcher.dispatchDue();
    const mails = await receiver.waitFor(1);
    expect(mails.map((m) => m.parsed.subject)).toEqual(['第一次']);
  });

  it('should take over a message whose sender stopped after claiming it, with the same Message-ID, and stop the stale sender', async () => {
    const queued = await enqueue({ dedupeKey: 'crash:1' });
    const repository = sut.app.get(OutboxRepository);
    const [stale] = await repository.claimDue(T0, after(300), 10); // claimed, then "crashed"

    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 0 }); // still held
    sut.clock.set(after(301));
    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 1 });

    const [mail] = await receiver.waitFor(1);
    expect(mail.parsed.messageId).toBe(`<${queued.id}@gongkai.local>`);
    expect(await row(queued.id)).toMatchObject({ status: 'SENT', attempts: 2 });
    // the old sender, were it only slow, may neither send nor record anything any more
    expect(await repository.renew(stale, after(302), after(602))).toBeNull();
    expect(await repository.markFailed(stale, 'too late')).toBe(false);
    expect(await row(queued.id)).toMatchObject({ status: 'SENT', lastError: null });
  });

  it('should refuse to send an attachment whose bytes no longer match the archived hash', async () => {
    const pdf = await storePdf();
    const queued = await enqueue({ dedupeKey: 'tampered:1', attachments: [{ ...pdf, sha256: sha256(Buffer.from('another document')) }] });

    expect(await dispatcher.dispatchDue()).toMatchObject({ failed: 1 });
    expect(await row(queued.id)).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.stringContaining('sha256') });
    expect(receiver.mails).toHaveLength(0);
  });

  it('should send an acknowledgement for a registered case on kick() after commit and list it by case', async () => {
    const registered = await registerCase(sut, '2026-03-02');
    const composed = composeAcknowledgementEmail({
      agencyName: '示例县自然资源局',
      applicantName: '张三',
      trackingNumber: registered.trackingNumber,
      receiptDate: '2026-03-02',
      requestSummary: '2025年度某镇土地征收补偿方案',
      today: sut.clock.today(),
    });
    const queued = await sut.dataSource.transaction((em) =>
      outbox.enqueueEmail(em, { dedupeKey: `ack:${registered.id}`, caseId: registered.id, to: 'zhang.san@example.cn', ...composed }),
    );

    dispatcher.kick();
    const [mail] = await receiver.waitFor(1);
    await dispatcher.idle();

    expect(mail.parsed.subject).toBe(composed.subject);
    expect(mail.parsed.text).toContain(`申请编号：${registered.trackingNumber}`);
    expect(await outbox.findByCase(registered.id)).toEqual([
      expect.objectContaining({ id: queued.id, caseId: registered.id, status: 'SENT', messageId: `<${queued.id}@gongkai.local>`, sentAt: T0 }),
    ]);
  });
});
