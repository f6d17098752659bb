import { webApplication } from '../setup/applications.js';
import { OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
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

// Input that used to end in a 500 (or in a misleading 422): each answer is a clear 4xx naming the field.
describe('error handling: client input that reached the database or the calendar', () => {
  let sut: TestApp;
  let officer: string;
  const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const uuid = '3f2b8c1e-7a4d-4e2b-9c3a-1d2e3f4a5b6c';

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  const fieldError = (res: { status: number; body: { code?: string; errors?: { field: string; code: string; message: string }[] } }, field: string, code?: string) => {
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, ...(code ? { code } : {}), message: expect.stringMatching(/[\u4e00-\u9fff]/) })]));
  };

  it.each(['abc', 'ME', 'me ', '00000000-0000-0000-0000-00000000000g', '------------------------------------'])('should 422 on assignee=%j (neither a UUID nor me)', async (assignee) => {
    fieldError(await sut.http.get('/api/v1/cases').query({ assignee }).set('Authorization', `Bearer ${officer}`), 'assignee');
  });

  it.each(['me', uuid])('should list cases for assignee=%s', async (assignee) => {
    expect((await sut.http.get('/api/v1/cases').query({ assignee }).set('Authorization', `Bearer ${officer}`)).status).toBe(200);
  });

  it.each([
    ['an impossible date', cursorOf(['2026-02-30', uuid])],
    ['a date of nines', cursorOf(['9999-99-99', uuid])],
    ['year zero', cursorOf(['0000-01-01', uuid])],
    ['an id of dashes', cursorOf(['2026-03-01', '------------------------------------'])],
    ['an object', cursorOf({ a: 1 })],
    ['a number', cursorOf(42)],
    ['no JSON at all', 'abc'],
    ['characters outside base64url', '!!!%%%'],
  ])('should 422 on a cursor holding %s', async (_label, cursor) => {
    fieldError(await sut.http.get('/api/v1/cases').query({ cursor }).set('Authorization', `Bearer ${officer}`), 'cursor');
  });

  it('should page on with the cursor it handed out', async () => {
    await registerCase(sut, '2026-03-02');
    await registerCase(sut, '2026-03-03');
    const first = await sut.http.get('/api/v1/cases').query({ limit: 1 }).set('Authorization', `Bearer ${officer}`);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const next = await sut.http.get('/api/v1/cases').query({ limit: 1, cursor: first.body.nextCursor }).set('Authorization', `Bearer ${officer}`);
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('should 422 on dueBefore in year zero (no such year in PostgreSQL)', async () => {
    fieldError(await sut.http.get('/api/v1/cases').query({ dueBefore: '0000-01-01' }).set('Authorization', `Bearer ${officer}`), 'dueBefore', 'INVALID_DATE');
  });

  it.each(['2070-01-01', '1900-01-01', '9999-12-31', '0001-01-01'])('should 422 naming date for add-workdays from %s (outside the calendar)', async (date) => {
    const res = await sut.http.get('/api/v1/calendar/add-workdays').query({ date, n: 5 }).set('Authorization', `Bearer ${officer}`);
    fieldError(res, 'date', 'DATE_OUTSIDE_CALENDAR');
    expect(res.body.errors[0].message).toContain('2000-01-01');
  });

  it('should 422 naming n when the answer falls beyond the calendar', async () => {
    fieldError(await sut.http.get('/api/v1/calendar/add-workdays').query({ date: '2060-12-01', n: 400 }).set('Authorization', `Bearer ${officer}`), 'n', 'DATE_OUTSIDE_CALENDAR');
  });

  it('should still add working days inside the calendar', async () => {
    const res = await sut.http.get('/api/v1/calendar/add-workdays').query({ date: '2026-09-25', n: 20 }).set('Authorization', `Bearer ${officer}`);
    expect(res.status).toBe(200);
    expect(res.body.result).toMatch(/^2026-1\d-\d\d$/);
  });

  const register = (body: Record<string, unknown>) => sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${officer}`).send(body);
  const short = { applicantName: '张三', requestDescription: '2025年度某镇土地征收补偿方案' };

  it.each(['1969-12-31', '1900-01-01', '0001-01-01', '2000-02-29', '2008-04-30'])('should 422 on a short-form receipt date of %s (before the 条例 took effect)', async (receiptDate) => {
    fieldError(await register({ channel: 'counter', receiptDate, ...short }), 'receiptDate', 'DATE_BEFORE_REGULATION');
  });

  it('should apply the same earliest date to channel facts and to an override of the derived date', async () => {
    const request = { title: '耕地占补平衡项目验收报告', description: '请求公开验收报告全文。' };
    const applicant = webApplication().applicant;
    fieldError(await register({ channel: 'counter', counter: { submittedOn: '2000-02-29' }, applicant, request }), 'counter.submittedOn', 'DATE_BEFORE_REGULATION');
    fieldError(
      await register({ channel: 'counter', counter: { submittedOn: '2026-03-02' }, receiptDate: '2000-02-29', receiptDateReason: '补录', applicant, request }),
      'receiptDate',
      'DATE_BEFORE_REGULATION',
    );
    fieldError(await register({ channel: 'letter_ordinary', letterOrdinary: { arrivedOn: '2008-04-30' }, applicant, request }), 'letterOrdinary.arrivedOn', 'DATE_BEFORE_REGULATION');
  });

  it('should register a short-form case received on the day the 条例 took effect', async () => {
    expect((await register({ channel: 'counter', receiptDate: '2008-05-01', reason: '纸质申请补录', ...short })).status).toBe(201);
  });

  it.each([
    ['without a receipt date', { channel: 'letter_ordinary', counter: { submittedOn: '2026-03-02' } }, 'counter'],
    ['with a receipt date', { channel: 'letter_ordinary', receiptDate: '2026-03-02', counter: { submittedOn: '2026-03-02' } }, 'counter'],
    ['fax facts on a counter case', { channel: 'counter', receiptDate: '2026-03-02', fax: { sendingNumber: '0591-1234567', receivedAt: '2026-03-02T10:00:00+08:00' } }, 'fax'],
    ['letter facts on a web case', { channel: 'web', receiptDate: '2026-03-02', letterRegistered: { waybillNumber: 'EA1', signedOn: '2026-03-02', signer: '李四' } }, 'letterRegistered'],
  ])('should 422 on channel evidence of another channel, %s', async (_label, body, field) => {
    fieldError(await register({ ...body, ...short }), field, 'CHANNEL_MISMATCH');
  });
});

describe('error handling: a missing field is REQUIRED, whatever else it would have to be', () => {
  let sut: TestApp;
  let officer: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  const required = (res: { status: number; body: { errors?: unknown[] } }, field: string) => {
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([{ field, code: 'REQUIRED', message: expect.stringMatching(/[\u4e00-\u9fff]/) }]));
  };

  it('should answer REQUIRED for CONFIRM_RECEIPT without receiptDate (a date field)', async () => {
    const web = await sut.http.post('/api/v1/applications').send(webApplication());
    expect(web.status).toBe(201);
    const [row] = await sut.dataSource.query<{ id: string }[]>('SELECT id FROM case_file WHERE tracking_number = $1', [web.body.trackingNumber]);
    required(await sendEvent(sut, officer, row.id, { type: 'CONFIRM_RECEIPT' }), 'receiptDate');
  });

  it('should answer REQUIRED for START_DRAFT without blanks (an object field)', async () => {
    const c = await registerCase(sut, '2026-03-02');
    required(await sendEvent(sut, officer, c.id, { type: 'START_DRAFT', replyType: 'DISCLOSE' }), 'blanks');
  });

  it('should answer REQUIRED for the status lookup without queryCode', async () => {
    required(await sut.http.post('/api/v1/applications/status').send({ trackingNumber: 'SLXZR-2026-000001' }), 'queryCode');
  });

  it('should answer REQUIRED for login without email (an e-mail field with a length limit)', async () => {
    required(await sut.http.post('/api/v1/auth/login').send({ password: 'Gongkai#2026' }), 'email');
  });

  it('should answer REQUIRED for a missing nested field and keep format errors for wrong ones', async () => {
    const res = await sut.http.post('/api/v1/applications').send(webApplication({ request: { title: '某文件' } }));
    required(res, 'request.description');
    const wrong = await sendEvent(sut, officer, (await registerCase(sut, '2026-03-02')).id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-02-30' });
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'receiptDate', code: 'INVALID_DATE' })]);
  });
});

describe('error handling: bodies that are not JSON', () => {
  let sut: TestApp;
  let officer: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  it.each([
    ['text/plain', 'email=officer@demo.gongkai.local&password=x'],
    ['application/xml', '<login><email>officer@demo.gongkai.local</email></login>'],
    ['text/xml; charset=utf-8', '<login/>'],
    ['application/x-www-form-urlencoded', 'email=officer%40demo.gongkai.local&password=x'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.cn\r\n--x--\r\n'],
  ])('should 415 with the standard body for %s where JSON is expected', async (type, body) => {
    const res = await sut.http.post('/api/v1/auth/login').set('Content-Type', type).send(body);
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/[\u4e00-\u9fff]/), correlationId: res.headers['x-correlation-id'] });
    expect(res.body.message).toContain('application/json');
  });

  it('should 415 for XML sent to an authenticated endpoint, before any field is checked', async () => {
    const res = await sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${officer}`).set('Content-Type', 'application/xml').send('<case><channel>counter</channel></case>');
    expect(res.status).toBe(415);
    expect(res.body.errors).toBeUndefined();
  });

  it('should take JSON with a charset, and a POST without a body', async () => {
    const login = await sut.http.post('/api/v1/auth/login').set('Content-Type', 'application/json; charset=utf-8').send(JSON.stringify({ email: OFFICER, password: 'Gongkai#2026' }));
    expect(login.status).toBe(200);
    const logout = await sut.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(logout.status).toBeLessThan(300);
  });

  it('should keep taking multipart uploads, and refuse JSON there', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
    const upload = await sut.http.post('/api/v1/attachments').field('purpose', 'APPLICATION_SCAN').attach('file', pdf, { filename: 'form.pdf', contentType: 'application/pdf' });
    expect(upload.status).toBe(201);
    const json = await sut.http.post('/api/v1/attachments').send({ purpose: 'APPLICATION_SCAN' });
    expect(json.status).toBe(415);
    expect(json.body.message).toContain('multipart/form-data');
  });
});
