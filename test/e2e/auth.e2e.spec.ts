import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('authentication', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should log in with email and password and return the principal', async () => {
    const res = await sut.http.post('/api/v1/auth/login').send({ email: 'OFFICER@demo.gongkai.local', password: 'Gongkai#2026' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: 'officer@demo.gongkai.local', role: 'OFFICER', agency: { code: 'SLXZR' } } });
    expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).join(';')).toMatch(/gk_access=.*HttpOnly.*SameSite=Strict/);
    const me = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'OFFICER', roleLabel: '承办人', permissions: expect.arrayContaining(['case:act']) });
  });

  it('should 422 naming the field when the login body has an unknown field', async () => {
    const res = await sut.http.post('/api/v1/auth/login').send({ email: 'officer@demo.gongkai.local', password: 'x', admin: true });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'admin', code: 'UNKNOWN_FIELD', message: '不允许的字段' }] });
    expect(res.body.correlationId).toEqual(expect.any(String));
  });

  it('should 401 with the same message for an unknown email and a wrong password', async () => {
    const unknown = await sut.http.post('/api/v1/auth/login').send({ email: 'nobody@demo.gongkai.local', password: 'Whatever#123' });
    const wrong = await sut.http.post('/api/v1/auth/login').send({ email: 'auditor@demo.gongkai.local', password: 'Whatever#123' });
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('should hold off an address after five wrong passwords, even against the right one, and let it try again later', async () => {
    const email = 'legal@demo.gongkai.local';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await sut.http.post('/api/v1/auth/login').send({ email, password: 'Wrong#password1' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const held = await sut.http.post('/api/v1/auth/login').send({ email, password: 'Gongkai#2026' });
    expect(held.status).toBe(429);
    expect(held.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(800);

    sut.clock.set(new Date(sut.clock.now().getTime() + 16 * 60_000));
    const later = await sut.http.post('/api/v1/auth/login').send({ email, password: 'Gongkai#2026' });
    expect(later.status).toBe(200);
  });

  it('should rotate refresh tokens and revoke the family when a spent one is replayed', async () => {
    const login = await sut.http.post('/api/v1/auth/login').send({ email: 'head@demo.gongkai.local', password: 'Gongkai#2026' });
    const first = login.body.refreshToken as string;
    const second = await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: first });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first);
    const replay = await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: first });
    expect(replay.status).toBe(401);
    const afterTheft = await sut.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
    expect(afterTheft.status).toBe(401);
  });

  it('should let an applicant register and then log in, and answer a second registration of the address alike', async () => {
    const res = await sut.http.post('/api/v1/auth/register').send({ email: 'new.applicant@example.com', password: 'Applicant#2026', displayName: '新申请人' });
    expect(res.status).toBe(201);
    const login = await sut.http.post('/api/v1/auth/login').send({ email: 'new.applicant@example.com', password: 'Applicant#2026' });
    expect(login.body.user).toMatchObject({ role: 'APPLICANT', agency: null, displayName: '新申请人' });
    const again = await sut.http.post('/api/v1/auth/register').send({ email: 'NEW.applicant@example.com', password: 'Applicant#2026', displayName: '重复' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(res.body);
  });

  it('should refuse weak passwords at registration with a field-level message', async () => {
    const res = await sut.http.post('/api/v1/auth/register').send({ email: 'weak@example.com', password: 'short', displayName: '弱密码' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'password', code: 'WEAK_PASSWORD', message: expect.stringContaining('10') }]);
  });

  it('should 401 without a token and with a forged one', async () => {
    expect((await sut.http.get('/api/v1/me')).status).toBe(401);
    const forged = await sut.http.get('/api/v1/me').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('authentication rate limit', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ seed: false, env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should 429 with the standard body once an address exceeds the per-minute limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await sut.http.post('/api/v1/auth/login').send({ email: 'x@y.cn', password: 'Nope#123456' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const res = await sut.http.post('/api/v1/auth/login').send({ email: 'x@y.cn', password: 'Nope#123456' });
    expect(res.body).toMatchObject({ code: 'RATE_LIMITED', correlationId: expect.any(String) });
  });
});
