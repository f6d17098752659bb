import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('error handling', () => {
  let sut: TestApp;
  let admin: string;

  beforeAll(async () => {
    sut = await startTestApp();
    admin = await sut.tokenFor('admin@demo.gongkai.local');
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should 400 with the standard body and a correlation id for malformed JSON', async () => {
    const res = await sut.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.cn", ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'MALFORMED_REQUEST', message: expect.any(String), correlationId: res.headers['x-correlation-id'] });
    expect(res.body.correlationId).toMatch(/.{8,}/);
  });

  it('should echo a well-formed incoming correlation id', async () => {
    const res = await sut.http.get('/api/v1/me').set('X-Correlation-Id', 'trace-abc-12345');
    expect(res.headers['x-correlation-id']).toBe('trace-abc-12345');
    expect(res.body.correlationId).toBe('trace-abc-12345');
  });

  it('should 413 for a body over the limit', async () => {
    const res = await sut.http.post('/api/v1/auth/login').send({ email: 'a@b.cn', password: 'x'.repeat(2_000_000) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('should 404 with the standard body for an unknown route', async () => {
    const res = await sut.http.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('should 404, not 500, for a malformed id in the path', async () => {
    const res = await sut.http.get('/api/v1/agencies/not-a-uuid').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(404);
  });

  it.each([
    ['an array body', []],
    ['a string where an object is expected', { name: { nested: ['junk'] }, code: 42, type: null }],
    ['deeply nested junk', { settings: { a: { b: { c: { d: [1, 2, { e: 'f' }] } } } } }],
    ['wrong scalar types', { name: 1, code: true, documentPrefix: [], type: 'NOPE', reconsiderationBody: {}, competentCourt: 0 }],
  ])('should 422 and never 500 for %s', async (_label, body) => {
    const res = await sut.http.post('/api/v1/agencies').set('Authorization', `Bearer ${admin}`).send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.code).toBeDefined();
  });

  it('should give field-level errors in Chinese with English codes', async () => {
    const res = await sut.http
      .post('/api/v1/agencies')
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: '', code: 'bad code', documentPrefix: 'x', type: 'NOPE', reconsiderationBody: 'y', competentCourt: 'z' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', code: 'REQUIRED', message: '必填' },
        { field: 'code', code: 'INVALID_FORMAT', message: expect.stringContaining('大写字母') },
        { field: 'type', code: 'INVALID_ENUM', message: '取值不在允许范围内' },
      ]),
    );
  });

  it('should send security headers', async () => {
    const res = await sut.http.get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
