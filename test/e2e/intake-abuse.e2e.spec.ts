import { randomUUID } from 'node:crypto';
import { MailDispatcher } from '../../src/modules/notifications/mail-dispatcher.service.js';
import { webApplication } from '../setup/applications.js';
import { APPLICANT, OFFICER } from '../setup/case-helpers.js';
import { startSmtpReceiver, type SmtpReceiver } from '../setup/smtp-receiver.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('intake: idempotency keys belong to their caller', () => {
  let sut: TestApp;
  let applicantA: string;
  let applicantB: string;
  const submit = (body: Record<string, unknown>, key: string, token?: string) => {
    const req = sut.http.post('/api/v1/applications').set('Idempotency-Key', key);
    return (token ? req.set('Authorization', `Bearer ${token}`) : req).send(body);
  };

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    applicantA = await sut.tokenFor(APPLICANT);
    await sut.http.post('/api/v1/auth/register').send({ email: 'applicant.b@example.com', password: 'Applicant#2026', displayName: '乙' });
    applicantB = await sut.tokenFor('applicant.b@example.com', 'Applicant#2026');
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should give another applicant who sends A\'s key and body a case of their own, and nothing of A\'s', async () => {
    const body = webApplication({}, 21);
    const a = await submit(body, 'walk-shared-key-7', applicantA);
    expect(a.status).toBe(201);
    const b = await submit(body, 'walk-shared-key-7', applicantB);
    expect(b.status).toBe(201);
    expect(b.body.trackingNumber).not.toBe(a.body.trackingNumber);
    expect(b.body.queryCode).not.toBe(a.body.queryCode);
    // And A's own retry still gets A's answer, query code included.
    const retry = await submit(body, 'walk-shared-key-7', applicantA);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(a.body);
  });

  it('should refuse a low-entropy key from an anonymous caller, and not file anything', async () => {
    const body = webApplication({}, 22);
    const [{ count: before }] = await sut.dataSource.query(`SELECT count(*)::int AS count FROM case_file`);
    for (const key of ['walk-shared-key-7', 'retry-key-000000000001', '11111111-1111-1111-1111-111111111111']) {
      const res = await submit(body, key);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_WEAK', message: expect.stringContaining('UUID') }] });
    }
    const [{ count: after }] = await sut.dataSource.query(`SELECT count(*)::int AS count FROM case_file`);
    expect(after).toBe(before);
  });

  it('should replay an anonymous caller\'s answer to the holder of the key only, and keep neither key nor query code readable in the database', async () => {
    const body = webApplication({}, 23);
    const key = randomUUID();
    const first = await submit(body, key);
    expect(first.status).toBe(201);
    const retry = await submit(body, key);
    expect(retry.body).toEqual(first.body);
    // A logged-in caller with the same key is another caller: a case of their own.
    const other = await submit(body, key, applicantB);
    expect(other.status).toBe(201);
    expect(other.body.trackingNumber).not.toBe(first.body.trackingNumber);

    const rows: { key: string; response: unknown }[] = await sut.dataSource.query(`SELECT key, response FROM idempotency_key`);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(first.body.queryCode);
    expect(stored).not.toContain('walk-shared-key-7');
  });
});

describe('intake: the status lookup and caching', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should refuse the query code in the URL with 405, pointing to the POST form', async () => {
    const { body } = await sut.http.post('/api/v1/applications').send(webApplication({}, 31));
    const res = await sut.http.get('/api/v1/applications/status').query({ trackingNumber: body.trackingNumber, queryCode: body.queryCode });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.body).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('POST /api/v1/applications/status'), correlationId: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toContain(body.trackingNumber);
    const ok = await sut.http.post('/api/v1/applications/status').send({ trackingNumber: body.trackingNumber, queryCode: body.queryCode });
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
  });

  it('should mark personal data, case files and document downloads no-store', async () => {
    const officer = await sut.tokenFor(OFFICER);
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, 32));
    expect(submitted.headers['cache-control']).toBe('no-store');
    const registered = await sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${officer}`).send({ channel: 'counter', receiptDate: '2026-03-09', applicantName: '张三', requestDescription: '某方案' });
    expect(registered.headers['cache-control']).toBe('no-store');
    const detail = await sut.http.get(`/api/v1/cases/${registered.body.id}`).set('Authorization', `Bearer ${officer}`);
    expect(detail.headers['cache-control']).toBe('no-store');
    const documents = await sut.http.get(`/api/v1/cases/${registered.body.id}/documents`).set('Authorization', `Bearer ${officer}`);
    expect(documents.headers['cache-control']).toBe('no-store');
    const pdf = await sut.http.get(`/api/v1/cases/${registered.body.id}/documents/${documents.body[0].id}/pdf`).set('Authorization', `Bearer ${officer}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['cache-control']).toBe('no-store');
    const me = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${officer}`);
    expect(me.headers['cache-control']).toBe('no-store');
    const denied = await sut.http.get('/api/v1/me');
    expect(denied.headers['cache-control']).toBe('no-store');
  });
});

describe('intake: limits on anonymous submissions and their mail', () => {
  let sut: TestApp;
  let receiver: SmtpReceiver;
  const from = (ip: string, body: Record<string, unknown>) => sut.http.post('/api/v1/applications').set('X-Forwarded-For', ip).send(body);

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z', env: { SMTP_URL: receiver.url, TRUST_PROXY: 'true', APPLICATION_RATE_LIMIT_PER_HOUR: '3', ACK_MAILS_PER_ADDRESS_PER_DAY: '2' } });
  });

  afterAll(async () => {
    await sut.close();
    await receiver.close();
  });

  it('should mail a typed-in address fixed text and the tracking number only, nothing the sender wrote', async () => {
    receiver.reset();
    const body = webApplication({ request: { title: '中奖通知 请点击 http://evil.example/prize', description: '<a href="http://evil.example">领取奖金</a>' } }, 41);
    (body.applicant as Record<string, unknown>).name = '客服中心请回电4008001234';
    const res = await from('198.51.100.1', body);
    expect(res.status).toBe(201);
    await sut.app.get(MailDispatcher).idle();
    const [mail] = await receiver.waitFor(1);
    expect(mail.envelope.to).toEqual(['applicant41@example.com']);
    expect(mail.parsed.subject).toBe(`【政府信息公开申请】申请已提交，待示例县自然资源局确认收到（${res.body.trackingNumber}）`);
    expect(mail.parsed.text).toContain(`申请编号：${res.body.trackingNumber}`);
    expect(mail.parsed.attachments).toHaveLength(0);
    for (const text of [mail.parsed.text ?? '', String(mail.parsed.html), mail.parsed.subject ?? '']) {
      for (const chosen of ['evil.example', '中奖', '领取奖金', '客服中心', '4008001234']) expect(text).not.toContain(chosen);
    }
    // The query code is never mailed.
    expect(mail.parsed.text).not.toContain(res.body.queryCode);
  });

  it('should 429 a fourth submission from one address within the hour with the standard body, and not count other addresses or the lookup', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) statuses.push((await from('198.51.100.1', webApplication({}, 42 + i))).status);
    expect(statuses).toEqual([201, 201]);
    const [{ count: before }] = await sut.dataSource.query(`SELECT count(*)::int AS count FROM case_file`);
    const refused = await from('198.51.100.1', webApplication({}, 44));
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试', correlationId: expect.any(String) });
    const [{ count: after }] = await sut.dataSource.query(`SELECT count(*)::int AS count FROM case_file`);
    expect(after).toBe(before);
    expect((await from('198.51.100.2', webApplication({}, 45))).status).toBe(201);
    const lookup = await sut.http.post('/api/v1/applications/status').set('X-Forwarded-For', '198.51.100.1').send({ trackingNumber: 'SLXZR-2026-000001', queryCode: 'AAAA-BBBB-CCCC' });
    expect(lookup.status).toBe(404);
    expect((await sut.http.get('/api/v1/applications/agencies').set('X-Forwarded-For', '198.51.100.1')).status).toBe(200);
  });

  it('should file every application to one recipient but mail that address at most the daily cap', async () => {
    receiver.reset();
    const to = { email: 'Victim@Example.com' };
    const tracking: string[] = [];
    for (let i = 0; i < 3; i++) {
      const body = webApplication({ delivery: { form: 'ELECTRONIC', method: 'EMAIL', ...to } }, 50 + i);
      const res = await from(`203.0.113.${i + 1}`, body);
      expect(res.status).toBe(201);
      tracking.push(res.body.trackingNumber);
    }
    await sut.app.get(MailDispatcher).idle();
    await receiver.waitFor(2);
    await sut.app.get(MailDispatcher).dispatchDue();
    const toVictim = receiver.mails.filter((m) => m.envelope.to.includes('victim@example.com'));
    expect(toVictim).toHaveLength(2);
    expect(toVictim.map((m) => m.parsed.subject).sort()).toEqual([expect.stringContaining(tracking[0]), expect.stringContaining(tracking[1])]);
  });
});
