import { MailDispatcher } from '../../src/modules/notifications/mail-dispatcher.service.js';
import { ADMIN } from '../setup/case-helpers.js';
import { startSmtpReceiver, type SmtpReceiver } from '../setup/smtp-receiver.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const PASSWORD = 'Officer#20260301';
const shortCase = { channel: 'counter', receiptDate: '2026-03-02', applicantName: '张三', requestDescription: '2025年度某镇土地征收补偿方案' };

describe('sessions follow the user\'s current state', () => {
  let sut: TestApp;
  let admin: string;
  let agencies: Record<string, string>;
  let n = 0;

  beforeAll(async () => {
    sut = await startTestApp();
    admin = await sut.tokenFor(ADMIN);
    const list = await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${admin}`);
    agencies = Object.fromEntries((list.body as { id: string; code: string }[]).map((a) => [a.code, a.id]));
  });

  afterAll(async () => {
    await sut.close();
  });

  /** A fresh officer of SLXZR, logged in: its id and its access and refresh tokens. */
  async function officer(): Promise<{ id: string; email: string; token: string; refreshToken: string }> {
    const email = `officer.${++n}@example.gov.cn`;
    const created = await sut.http.post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send({ email, displayName: `承办${n}`, role: 'OFFICER', agencyId: agencies.SLXZR, password: PASSWORD });
    expect(created.status).toBe(201);
    const login = await sut.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    expect((await sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${token}`).send(shortCase)).status).toBe(201);
    return { id: created.body.id, email, token, refreshToken: login.body.refreshToken };
  }

  const registerWith = (token: string) => sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${token}`).send(shortCase);
  const queueWith = (token: string) => sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${token}`);
  const patchUser = (id: string, body: Record<string, unknown>) => sut.http.patch(`/api/v1/users/${id}`).set('Authorization', `Bearer ${admin}`).send(body);

  it('should refuse a deactivated officer\'s earlier token on every endpoint at once, and record nothing in their name', async () => {
    const o = await officer();
    const [{ count: before }] = await sut.dataSource.query(`SELECT count(*)::int AS count FROM case_file WHERE created_by_id = $1`, [o.id]);
    expect((await patchUser(o.id, { active: false })).status).toBe(200);
    const register = await registerWith(o.token);
    expect(register.status).toBe(401);
    expect(register.body).toMatchObject({ code: 'UNAUTHENTICATED', correlationId: expect.any(String) });
    expect((await queueWith(o.token)).status).toBe(401);
    expect((await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${o.token}`)).status).toBe(401);
    const [{ count: after }] = await sut.dataSource.query(`SELECT count(*)::int AS count FROM case_file WHERE created_by_id = $1`, [o.id]);
    expect(after).toBe(before);
    // Nor can the refresh token bring the session back.
    expect((await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: o.refreshToken })).status).toBe(401);
  });

  it('should refuse a moved officer\'s earlier token, and register in the new agency after logging in again', async () => {
    const o = await officer();
    expect((await patchUser(o.id, { agencyId: agencies.SLXZJ })).status).toBe(200);
    expect((await registerWith(o.token)).status).toBe(401);
    expect((await queueWith(o.token)).status).toBe(401);
    const again = await sut.http.post('/api/v1/auth/login').send({ email: o.email, password: PASSWORD });
    const res = await registerWith(again.body.accessToken);
    expect(res.status).toBe(201);
    expect(res.body.trackingNumber).toMatch(/^SLXZJ-/);
  });

  it('should refuse a demoted officer\'s earlier token, and refuse registration to the new role after logging in again', async () => {
    const o = await officer();
    expect((await patchUser(o.id, { role: 'AUDITOR' })).status).toBe(200);
    expect((await registerWith(o.token)).status).toBe(401);
    const again = await sut.http.post('/api/v1/auth/login').send({ email: o.email, password: PASSWORD });
    expect(again.body.user.role).toBe('AUDITOR');
    const res = await registerWith(again.body.accessToken);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('should end the access token and the refresh token on logout', async () => {
    const o = await officer();
    const out = await sut.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${o.token}`).send({ refreshToken: o.refreshToken });
    expect(out.status).toBe(204);
    expect((await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${o.token}`)).status).toBe(401);
    expect((await registerWith(o.token)).status).toBe(401);
    expect((await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: o.refreshToken })).status).toBe(401);
  });

  it('should end every session when an admin resets the password', async () => {
    const o = await officer();
    expect((await sut.http.post(`/api/v1/users/${o.id}/password`).set('Authorization', `Bearer ${admin}`).send({ password: 'Changed#20260302' })).status).toBe(200);
    expect((await registerWith(o.token)).status).toBe(401);
    expect((await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: o.refreshToken })).status).toBe(401);
  });

  it('should leave other users\' tokens alone, and keep a token valid across harmless changes', async () => {
    const a = await officer();
    const b = await officer();
    expect((await patchUser(a.id, { active: false })).status).toBe(200);
    expect((await patchUser(b.id, { displayName: '改名承办' })).status).toBe(200);
    expect((await registerWith(b.token)).status).toBe(201);
  });
});

describe('login and registration do not reveal which accounts exist', () => {
  let sut: TestApp;
  let receiver: SmtpReceiver;
  const from = (ip: string) => ({ 'X-Forwarded-For': ip });
  const login = (email: string, password: string, ip: string) => sut.http.post('/api/v1/auth/login').set(from(ip)).send({ email, password });

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    sut = await startTestApp({ env: { SMTP_URL: receiver.url, TRUST_PROXY: 'true', AUTH_MAX_FAILED_LOGINS: '3' } });
  });

  afterAll(async () => {
    await sut.close();
    await receiver.close();
  });

  it('should answer an unknown address exactly like a known one, through the failures and the hold-off', async () => {
    const known: { status: number; body: unknown }[] = [];
    const unknown: { status: number; body: unknown }[] = [];
    for (let i = 0; i < 5; i++) {
      for (const [email, into] of [['auditor@demo.gongkai.local', known], ['nobody.here@demo.gongkai.local', unknown]] as const) {
        const res = await login(email, 'Wrong#password1', '198.51.100.7');
        into.push({ status: res.status, body: { ...res.body, correlationId: undefined }, retryAfter: res.headers['retry-after'] ? 'set' : 'unset' } as never);
      }
    }
    expect(known.map((r) => r.status)).toEqual([401, 401, 401, 429, 429]);
    expect(unknown).toEqual(known);
    expect(known[3].body).toMatchObject({ code: 'LOGIN_THROTTLED' });
  });

  it('should let the owner log in from another address while a guesser\'s address is held off, and lift the hold later', async () => {
    const email = 'legal@demo.gongkai.local';
    for (let i = 0; i < 3; i++) await login(email, 'Wrong#password1', '203.0.113.66');
    const guesser = await login(email, 'Gongkai#2026', '203.0.113.66');
    expect(guesser.status).toBe(429);
    expect(guesser.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(guesser.headers['retry-after'])).toBeGreaterThan(800);

    const owner = await login(email, 'Gongkai#2026', '192.0.2.10');
    expect(owner.status).toBe(200);

    sut.clock.set(new Date(sut.clock.now().getTime() + 16 * 60_000));
    expect((await login(email, 'Gongkai#2026', '203.0.113.66')).status).toBe(200);
  });

  it('should answer a registration with a taken address like a new one, and mail the owner instead', async () => {
    receiver.reset();
    const fresh = await sut.http.post('/api/v1/auth/register').send({ email: 'fresh.applicant@example.com', password: 'Applicant#2026', displayName: '新申请人' });
    const taken = await sut.http.post('/api/v1/auth/register').send({ email: 'Applicant@demo.gongkai.local', password: 'Attacker#2026', displayName: '<b>点此领奖</b> http://evil.example' });
    expect(taken.status).toBe(fresh.status);
    expect(fresh.status).toBe(201);
    expect(taken.body).toEqual(fresh.body);
    expect(Object.keys(fresh.body)).toEqual(['message']);

    // The new account works; the taken one still has its own password, not the one sent.
    expect((await login('fresh.applicant@example.com', 'Applicant#2026', '192.0.2.20')).status).toBe(200);
    expect((await login('applicant@demo.gongkai.local', 'Attacker#2026', '192.0.2.21')).status).toBe(401);
    expect((await login('applicant@demo.gongkai.local', 'Gongkai#2026', '192.0.2.21')).status).toBe(200);

    await sut.app.get(MailDispatcher).idle();
    const [mail] = await receiver.waitFor(1);
    expect(receiver.mails).toHaveLength(1);
    expect(mail.envelope.to).toEqual(['applicant@demo.gongkai.local']);
    expect(mail.parsed.subject).toContain('有人尝试使用您的邮箱注册账号');
    expect(mail.parsed.text).toContain('如果是您本人操作，请直接');
    expect(mail.parsed.text).not.toContain('点此领奖');
    expect(mail.parsed.text).not.toContain('evil.example');
  });
});
