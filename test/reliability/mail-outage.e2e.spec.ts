import { randomUUID } from 'node:crypto';
import { MailDispatcher } from '../../src/modules/notifications/mail-dispatcher.service.js';
import { webApplication } from '../setup/applications.js';
import { freePort } from '../setup/app-child.js';
import { type SmtpReceiver, startSmtpReceiver } from '../setup/smtp-receiver.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const T0 = new Date('2026-03-09T02:00:00.000Z');

/**
 * Mail goes through a transactional outbox: a notice is a row committed with the case, sent after commit, retried
 * with backoff, and carries a Message-ID derived from its row. These tests stop the real SMTP receiver, let the
 * service queue notices through the outage (ten minutes of backoff compressed by moving the clock), bring the
 * receiver back on the same port and count what arrives by Message-ID.
 */
describe('mail outage', () => {
  let sut: TestApp;
  let dispatcher: MailDispatcher;
  let port: number;
  let receiver: SmtpReceiver | undefined;
  let minutes = 0;
  let n = 500;

  const submit = async () => {
    const res = await sut.http.post('/api/v1/applications').set('Idempotency-Key', randomUUID()).send(webApplication({}, n++));
    expect(res.status).toBe(201);
    return res.body.trackingNumber as string;
  };
  const outbox = () =>
    sut.dataSource.query<{ id: string; status: string; attempts: number; last_error: string | null; tracking_number: string }[]>(
      'SELECT o.id, o.status, o.attempts, o.last_error, c.tracking_number FROM outbox_message o JOIN case_file c ON c.id = o.case_id ORDER BY o.created_at',
    );
  /** Moves the clock on (so retries come due) and runs the dispatcher once to the end. */
  const later = async (addMinutes: number) => {
    await dispatcher.idle();
    minutes += addMinutes;
    sut.clock.set(new Date(T0.getTime() + minutes * 60_000));
    return dispatcher.dispatchDue();
  };
  const messageIdOf = (id: string) => `<${id}@gongkai.local>`;

  beforeAll(async () => {
    port = await freePort();
    sut = await startTestApp({
      now: T0.toISOString(),
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_MAX_ATTEMPTS: '20', MAIL_RETRY_BASE_SECONDS: '5', MAIL_RETRY_MAX_SECONDS: '60', MAIL_LEASE_SECONDS: '30' },
    });
    dispatcher = sut.app.get(MailDispatcher);
  });
  afterAll(async () => {
    await dispatcher?.idle();
    await sut?.close();
    await receiver?.close();
  });
  afterEach(async () => {
    await dispatcher.idle();
    await sut.dataSource.query("UPDATE outbox_message SET status = 'SENT' WHERE status <> 'SENT'"); // each test counts its own
  });

  it('queues notices while the receiver is down and delivers each exactly once when it is back', async () => {
    // Ten minutes without a mail server: applications keep being accepted, their notices pile up, none is lost.
    const tracking = [];
    for (let i = 0; i < 8; i++) tracking.push(await submit());
    for (let m = 0; m < 10; m++) {
      tracking.push(await submit());
      const round = await later(1);
      expect(round.sent).toBe(0);
    }
    const queued = await outbox();
    expect(queued).toHaveLength(18);
    expect(new Set(queued.map((q) => q.tracking_number))).toEqual(new Set(tracking));
    expect(queued.every((q) => q.status === 'PENDING' && q.attempts >= 1 && /ECONNREFUSED|ESOCKET|ECONNECTION/.test(q.last_error ?? ''))).toBe(true);

    // The receiver returns on the same address; within one backoff period everything arrives.
    receiver = await startSmtpReceiver({ port });
    const round = await later(2);
    expect(round).toMatchObject({ sent: 18, failed: 0 });
    const mails = await receiver.waitFor(18);
    await later(10); // nothing left that could be sent again
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.mails).toHaveLength(18);
    const ids = mails.map((m) => m.parsed.messageId);
    expect(new Set(ids)).toEqual(new Set(queued.map((q) => messageIdOf(q.id))));
    expect((await outbox()).every((q) => q.status === 'SENT')).toBe(true);
  });

  it('marks a mail refused for good (550) FAILED at once and still delivers the others', async () => {
    receiver ??= await startSmtpReceiver({ port });
    receiver.reset();
    await dispatcher.idle();
    receiver.reject('RCPT', { responseCode: 550, message: 'mailbox unavailable' });
    const first = await submit(); // its notice meets the 550
    await dispatcher.idle();
    const others = [await submit(), await submit(), await submit()];
    await dispatcher.idle();
    const rows = (await outbox()).filter((q) => [first, ...others].includes(q.tracking_number));
    const failed = rows.find((q) => q.tracking_number === first)!;
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, last_error: expect.stringContaining('550') });
    expect(rows.filter((q) => q.tracking_number !== first).map((q) => q.status)).toEqual(['SENT', 'SENT', 'SENT']);
    await later(60); // a failed mail is never retried
    expect(receiver.mails.map((m) => m.parsed.messageId).sort()).toEqual(rows.filter((q) => q.status === 'SENT').map((q) => messageIdOf(q.id)).sort());
  });

  it('shows a mail failed for good to the administrators, who may queue it again once the cause is fixed', async () => {
    receiver ??= await startSmtpReceiver({ port });
    receiver.reset();
    await dispatcher.idle();
    receiver.reject('RCPT', { responseCode: 550, message: 'mailbox unavailable' });
    const tracking = await submit();
    await dispatcher.idle();
    const [row] = (await outbox()).filter((q) => q.tracking_number === tracking);
    expect(row).toMatchObject({ status: 'FAILED' });

    const admin = await sut.tokenFor('admin@demo.gongkai.local');
    const officer = await sut.tokenFor('officer@demo.gongkai.local');
    const notices = await sut.http.get('/api/v1/notifications?unread=true').set('Authorization', `Bearer ${admin}`);
    expect(notices.body).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'MAIL_FAILED', message: expect.stringContaining('550') })]));
    const listed = await sut.http.get('/api/v1/mail/failed').set('Authorization', `Bearer ${admin}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: row!.id, attempts: 1, lastError: expect.stringContaining('550') })]));
    // Only administrators see or requeue failed mail.
    expect((await sut.http.get('/api/v1/mail/failed').set('Authorization', `Bearer ${officer}`)).status).toBe(403);
    expect((await sut.http.post(`/api/v1/mail/${row!.id}/retry`).set('Authorization', `Bearer ${officer}`)).status).toBe(403);

    receiver.reset(); // the mailbox exists again
    expect((await sut.http.post(`/api/v1/mail/${row!.id}/retry`).set('Authorization', `Bearer ${admin}`)).status).toBe(204);
    expect((await sut.http.post(`/api/v1/mail/${row!.id}/retry`).set('Authorization', `Bearer ${admin}`)).status).toBe(409);
    expect((await sut.http.post(`/api/v1/mail/${randomUUID()}/retry`).set('Authorization', `Bearer ${admin}`)).status).toBe(404);
    await dispatcher.idle();
    await later(1);
    const [after] = (await outbox()).filter((q) => q.tracking_number === tracking);
    expect(after).toMatchObject({ status: 'SENT' });
    expect(receiver.mails.filter((m) => m.parsed.messageId === messageIdOf(row!.id))).toHaveLength(1);
  });

  it('sends again, with the same Message-ID, a mail whose receiver took the DATA and dropped the line before answering', async () => {
    receiver ??= await startSmtpReceiver({ port });
    receiver.reset();
    await dispatcher.idle();
    receiver.dropAfterData(1);
    const tracking = await submit();
    await dispatcher.idle();
    const [row] = (await outbox()).filter((q) => q.tracking_number === tracking);
    // The sender never got the 250: as far as it knows the mail did not go, so it stays PENDING for a retry.
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(receiver.mails).toHaveLength(1);

    await later(2);
    await receiver.waitFor(2);
    await later(10);
    // At least once: two copies reached the receiver, both with the same Message-ID, so a mail store that
    // deduplicates by Message-ID (or the reader) sees one mail. The outbox records it SENT once.
    expect(receiver.mails.map((m) => m.parsed.messageId)).toEqual([messageIdOf(row.id), messageIdOf(row.id)]);
    expect(receiver.mails[0].parsed.subject).toBe(receiver.mails[1].parsed.subject);
    expect((await outbox()).find((q) => q.id === row.id)).toMatchObject({ status: 'SENT', attempts: 2 });
  });
});
