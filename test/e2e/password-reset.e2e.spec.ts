import { DEMO_PASSWORD } from '../../src/database/seed/demo-seed.js';
import { APPLICANT } from '../setup/case-helpers.js';
import { startSmtpReceiver, type SmtpReceiver } from '../setup/smtp-receiver.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('forgotten password by e-mail', () => {
  let sut: TestApp;
  let receiver: SmtpReceiver;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z', env: { SMTP_URL: receiver.url, PUBLIC_URL: 'https://gongkai.example.gov.cn' } });
  });

  afterAll(async () => {
    await sut.close();
    await receiver.close();
  });

  /** Requests a reset for the address and returns the token of the link in the mail that arrives. */
  async function mailedToken(email: string, mailsSoFar: number): Promise<string> {
    const res = await sut.http.post('/api/v1/auth/password-reset').send({ email });
    expect(res.status).toBe(202);
    const mails = await receiver.waitFor(mailsSoFar + 1);
    const mail = mails[mailsSoFar]!;
    expect(mail.envelope.to).toEqual([email]);
    expect(mail.parsed.subject).toBe('重置密码');
    const link = /https:\/\/gongkai\.example\.gov\.cn\/account\/password-reset\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '');
    expect(link).not.toBeNull();
    return link![1]!;
  }

  it('should answer an unknown address exactly like a known one, and send nothing for it', async () => {
    const unknown = await sut.http.post('/api/v1/auth/password-reset').send({ email: 'nobody@example.com' });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual({});
    const [{ n }] = await sut.dataSource.query(`SELECT count(*)::int AS n FROM password_reset_token`);
    expect(n).toBe(0);
  });

  it('should set a new password with the mailed link once, revoke the sessions, and refuse the link a second time', async () => {
    const session = await sut.http.post('/api/v1/auth/login').send({ email: APPLICANT, password: DEMO_PASSWORD });
    expect(session.status).toBe(200);
    const token = await mailedToken(APPLICANT, 0);

    const weak = await sut.http.post('/api/v1/auth/password-reset/confirm').send({ token, password: 'short' });
    expect(weak.status).toBe(422);
    expect(weak.body.errors[0]).toMatchObject({ field: 'password', code: 'WEAK_PASSWORD' });

    const ok = await sut.http.post('/api/v1/auth/password-reset/confirm').send({ token, password: 'New#Password2026' });
    expect(ok.status).toBe(204);
    expect((await sut.http.post('/api/v1/auth/login').send({ email: APPLICANT, password: DEMO_PASSWORD })).status).toBe(401);
    expect((await sut.http.post('/api/v1/auth/login').send({ email: APPLICANT, password: 'New#Password2026' })).status).toBe(200);
    // The refresh token issued before the reset no longer works.
    expect((await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken })).status).toBe(401);
    // Nor does the access token: a new password ends every session at once.
    expect((await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${session.body.accessToken}`)).status).toBe(401);

    const again = await sut.http.post('/api/v1/auth/password-reset/confirm').send({ token, password: 'Other#Password2026' });
    expect(again.status).toBe(422);
    expect(again.body.errors[0]).toMatchObject({ field: 'token', code: 'INVALID_RESET_TOKEN', message: '重置链接无效或已过期，请重新申请' });
  });

  it('should refuse a link older than an hour', async () => {
    const token = await mailedToken(APPLICANT, 1);
    sut.clock.set('2026-03-09T03:01:00Z');
    const late = await sut.http.post('/api/v1/auth/password-reset/confirm').send({ token, password: 'Late#Password2026' });
    expect(late.status).toBe(422);
    expect(late.body.errors[0].code).toBe('INVALID_RESET_TOKEN');
    sut.clock.set('2026-03-09T02:00:00Z');
  });

  it('should do the same through the pages: request, then set the password from the link', async () => {
    // PUBLIC_URL is https, so the cookies are Secure: carry them by hand over the test's plain HTTP.
    let cookies: string[] = [];
    const keep = <T extends { headers: Record<string, unknown> }>(res: T): T => {
      const set = (res.headers['set-cookie'] as string[] | undefined) ?? [];
      const names = new Set(set.map((c) => c.split('=')[0]));
      cookies = [...cookies.filter((c) => !names.has(c.split('=')[0])), ...set.map((c) => c.split(';')[0]!)];
      return res;
    };
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const form = keep(await sut.http.get('/account/password-reset'));
    expect(cookies.some((c) => c.startsWith('__Host-gk_csrf='))).toBe(true);
    const sent = keep(await sut.http.post('/account/password-reset').set('Cookie', cookies.join('; ')).type('form').send({ _csrf: csrfOf(form.text), email: APPLICANT }));
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('请查收邮件');
    const mails = await receiver.waitFor(3);
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mails[2]!.parsed.text ?? '')![1]!;
    const page = keep(await sut.http.get(`/account/password-reset/confirm?token=${token}`).set('Cookie', cookies.join('; ')));
    expect(page.status).toBe(200);
    const done = await sut.http.post('/account/password-reset/confirm').set('Cookie', cookies.join('; ')).type('form').send({ _csrf: csrfOf(page.text), token, password: 'Page#Password2026' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('新密码已设置，请用新密码登录。');
    expect((await sut.http.post('/api/v1/auth/login').send({ email: APPLICANT, password: 'Page#Password2026' })).status).toBe(200);
  });
});
