import fc from 'fast-check';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { webApplication } from '../setup/applications.js';
import { ADMIN, HEAD, LEGAL, OFFICER, registerCase } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

// Non-negotiable 4: no input, however malformed, gets a 500. Each endpoint that takes a body is sent valid bodies
// with one part replaced, removed or added by fast-check, and whole bodies of junk; every answer must be a 2xx or a
// 4xx in the standard error shape, and a 422 must name its fields in Chinese. FUZZ_SEED replays a failure.
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * Dates on and beyond every edge a date meets on its way in: impossible days (02-30, 99-99), year 0000 (none in
 * PostgreSQL), before the 条例 took effect (2008-05-01), before and after the working calendar (2000–2060), far
 * future; any YYYY-MM-DD of digits; any real date of years 1–9999.
 */
const dateLike: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '2026-02-30',
    '9999-99-99',
    '0000-01-01',
    '0001-01-01',
    '1900-01-01',
    '1969-12-31',
    '1999-12-31',
    '2000-01-01',
    '2000-02-29',
    '2008-04-30',
    '2008-05-01',
    '2060-12-31',
    '2061-01-01',
    '2070-01-01',
    '9999-12-31',
  ),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

/** Values where an id or a keyword (`me`) is expected: real UUIDs, near misses, words. */
const idLike: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.constantFrom('me', 'ME', 'me ', 'abc', '', '------------------------------------', '00000000-0000-0000-0000-00000000000g', '{3f2b8c1e-7a4d-4e2b-9c3a-1d2e3f4a5b6c}'),
  fc.stringMatching(/^[0-9a-f-]{36}$/),
  fc.string({ maxLength: 40 }),
);

/** Enum-like query values: known words in the wrong case or with spaces, lists, other identifiers. */
const enumLike: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('DRAFTING', 'drafting', 'DRAFTING,', ',', 'DRAFTING,NOPE', 'true', 'TRUE', '1', 'yes', '', ' '),
  fc.stringMatching(/^[A-Za-z_,]{1,20}$/),
);

const base64url = (text: string): string => Buffer.from(text).toString('base64url');

/** Paging cursors: the server's own shape ([dueDate, id]) holding any date and id, other JSON, and plain junk. */
const cursorLike: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(dateLike, idLike).map((pair) => base64url(JSON.stringify(pair))) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => base64url(JSON.stringify(v) ?? 'null')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);

const numberLike: fc.Arbitrary<string> = fc.oneof(fc.integer({ min: -10, max: 100_000 }).map(String), fc.constantFrom('0', '-1', '1e3', '1.5', '', 'NaN', '99999999999999999999'));

/** Awkward values a client might send: wrong types, edge numbers and dates, odd text, deep nesting. */
const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  dateLike,
  fc.constantFrom<Json>(
    '',
    ' ',
    '\u0000',
    '２０２６－０３－０２',
    '2026-02-30',
    '2026-13-01',
    '9999-12-31',
    '0000-00-00',
    '1e308',
    'NaN',
    '-1',
    '00000000-0000-0000-0000-000000000000',
    '<script>alert(1)</script>',
    "'; DROP TABLE case_file; --",
    '𠀀𠀁😀',
    '\uD800',
    'x'.repeat(70_000),
    -1,
    0,
    1e308,
    -1e308,
    2 ** 53,
    Number.MIN_VALUE,
    true,
    [],
    {},
    [[[[[[]]]]]],
    { __proto__: { polluted: true } } as unknown as Json,
    { constructor: { prototype: { polluted: true } } },
  ),
);

type Path = (string | number)[];

function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

/** A copy of `body` with the value at one path replaced or removed, or a junk key added next to it. */
function mutate(body: Json, pick: number, how: 'replace' | 'remove' | 'add', value: Json, key: string): Json {
  const copy = structuredClone(body);
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length];
  if (path.length === 0) return how === 'add' && copy && typeof copy === 'object' && !Array.isArray(copy) ? { ...copy, [key]: value } : value;
  const parent = path.slice(0, -1).reduce<Json>((node, k) => (node as Record<string | number, Json>)[k], copy) as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (how === 'replace') parent[last] = value;
  else if (how === 'remove') delete parent[last];
  else if (Array.isArray(parent)) parent.push(value);
  else parent[key] = value;
  return copy;
}

const bodies = (valid: Json): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.nat(), fc.constantFrom('replace', 'remove', 'add') as fc.Arbitrary<'replace' | 'remove' | 'add'>, junk, fc.string({ maxLength: 12 })).map(([pick, how, value, key]) => mutate(valid, pick, how, value, key)) },
    { weight: 1, arbitrary: junk },
  );

describe('fuzz: no client input gets a 500', () => {
  let sut: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    for (const [role, email] of Object.entries({ OFFICER, HEAD, LEGAL, ADMIN })) tokens[role] = await sut.tokenFor(email);
  });

  afterAll(async () => {
    await sut.close();
  });

  /** A 2xx, or a 4xx in the standard error shape; a 422 for validation names at least one field, in Chinese. */
  function expectClientAnswer(request: string, input: Json, res: { status: number; body: { code?: string; errors?: unknown[] } }): void {
    if (res.status >= 500) throw new Error(`${request} → ${res.status} for ${JSON.stringify(input)?.slice(0, 400)}`);
    if (res.status >= 400) {
      expect(res.body).toMatchObject({ code: expect.any(String), message: expect.any(String), correlationId: expect.any(String) });
      if (res.status === 422) {
        if (res.body.code === 'VALIDATION_FAILED') expect(res.body.errors?.length).toBeGreaterThan(0);
        for (const e of res.body.errors ?? []) expect(e).toMatchObject({ field: expect.any(String), code: expect.any(String), message: expect.stringMatching(/[\u4e00-\u9fff]/) });
      }
    }
  }

  async function checkWith(method: 'post' | 'put' | 'patch', url: string, token: string | null, arbitrary: fc.Arbitrary<Json>): Promise<void> {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (body) => {
        let req = sut.http[method](url).set('Content-Type', 'application/json');
        if (token) req = req.set('Authorization', `Bearer ${token}`);
        expectClientAnswer(`${method.toUpperCase()} ${url}`, body, await req.send(JSON.stringify(body)));
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }

  const check = (method: 'post' | 'put' | 'patch', url: string, token: string | null, valid: Json): Promise<void> => checkWith(method, url, token, bodies(valid));

  it('POST /applications (anonymous)', () => check('post', '/api/v1/applications', null, webApplication() as Json));

  it('POST /applications/status (the public lookup)', () => check('post', '/api/v1/applications/status', null, { trackingNumber: 'SLXZR-2026-000001', queryCode: 'AAAA-BBBB-CCCC' }));

  it('POST /cases (officer registration, each channel)', async () => {
    const request = webApplication().request as Json;
    const applicant = webApplication().applicant as Json;
    await check('post', '/api/v1/cases', tokens.OFFICER, { channel: 'counter', counter: { submittedOn: '2026-03-09', oral: true, recordedBy: '王承办', applicantSigned: true }, applicant, request, delivery: { form: 'PAPER', method: 'PICKUP' }, reason: '纸质申请补录' });
    await check('post', '/api/v1/cases', tokens.OFFICER, { channel: 'letter_ordinary', letterOrdinary: { arrivedOn: '2026-03-05', confirmedOn: '2026-03-06', confirmationMethod: 'PHONE', confirmedBy: '王承办' }, applicant, request, reason: '纸质申请补录' });
    await check('post', '/api/v1/cases', tokens.OFFICER, { channel: 'counter', receiptDate: '2026-03-09', applicantName: '张三', requestDescription: '某方案', reason: '纸质申请补录' });
  });

  it('POST /cases/{id}/events (every event type, from a case that can take many of them)', async () => {
    const events: Record<string, Json> = {
      ACCEPT: { type: 'ACCEPT' },
      REQUEST_CORRECTION: { type: 'REQUEST_CORRECTION', items: ['请明确信息名称'] },
      CONSULT_THIRD_PARTY: { type: 'CONSULT_THIRD_PARTY', party: 'THIRD_PARTY', partyName: '某公司' },
      SEND_FEE_NOTICE: { type: 'SEND_FEE_NOTICE', basis: 'PER_PAGE', pages: 40 },
      APPROVE_EXTENSION: { type: 'APPROVE_EXTENSION', workdays: 20, grounds: '需调取档案' },
      DEFER: { type: 'DEFER', until: '2026-06-30', grounds: '数量大' },
      REFER_TO_LEGAL: { type: 'REFER_TO_LEGAL', advisorIds: ['00000000-0000-4000-8000-000000000000'], question: '？' },
      START_DRAFT: { type: 'START_DRAFT', replyType: 'NOT_EXIST', blanks: REPLY_BLANK_EXAMPLES.NOT_EXIST as Json },
      DELIVER_REPLY: { type: 'DELIVER_REPLY', method: 'POST', waybillNumber: 'EA1' },
      RECORD_DELIVERY_PROOF: { type: 'RECORD_DELIVERY_PROOF', documentId: '00000000-0000-4000-8000-000000000000', receivedOn: '2026-03-09', proofAttachmentId: '00000000-0000-4000-8000-000000000000' },
      CLOSE: { type: 'CLOSE', closeReason: 'NOT_AN_APPLICATION', note: '投诉' },
      CONFIRM_RECEIPT: { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' },
    };
    for (const [type, body] of Object.entries(events)) {
      const c = await registerCase(sut, '2026-03-02');
      if (type !== 'ACCEPT' && type !== 'REQUEST_CORRECTION') await sut.http.post(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${tokens.OFFICER}`).send({ type: 'ACCEPT' });
      await check('post', `/api/v1/cases/${c.id}/events`, type === 'APPROVE_EXTENSION' ? tokens.HEAD : tokens.OFFICER, body);
    }
  });

  it('PUT /calendar/{year} (admin)', () =>
    check('put', '/api/v1/calendar/2029', tokens.ADMIN, { source: '测试', days: [{ date: '2029-01-01', kind: 'DAY_OFF', name: '元旦' }, { date: '2029-02-03', kind: 'MAKEUP_WORKDAY' }] }));

  it('POST /auth/login and /auth/register', async () => {
    await check('post', '/api/v1/auth/login', null, { email: 'officer@demo.gongkai.local', password: 'wrong-password' });
    await check('post', '/api/v1/auth/register', null, { email: 'fuzz@example.com', password: 'Applicant#2026', displayName: '测试' });
  });

  describe('POST /cases: channel evidence and receipt dates', () => {
    const evidence: Record<string, Json> = {
      counter: { submittedOn: '2026-03-09' },
      fax: { sendingNumber: '0591-12345678', receivedAt: '2026-03-09T10:00:00+08:00' },
      letterRegistered: { waybillNumber: 'EA123456789CN', signedOn: '2026-03-09', signer: '王收发' },
      letterOrdinary: { arrivedOn: '2026-03-06', confirmedOn: '2026-03-06', confirmationMethod: 'PHONE', confirmedBy: '王承办' },
    };
    const channels = ['counter', 'fax', 'web', 'letter_registered', 'letter_ordinary'] as const;
    const kindOf: Record<string, string> = { counter: 'counter', fax: 'fax', letter_registered: 'letterRegistered', letter_ordinary: 'letterOrdinary' };
    const short = { applicantName: '张三', requestDescription: '某方案' };
    // Evidence of any channel (often another one) with any channel, with or without a receipt date.
    it('channel evidence of one channel sent with another', async () => {
      const mixed: fc.Arbitrary<Json> = fc
        .record({ channel: fc.constantFrom(...channels), kinds: fc.subarray(Object.keys(evidence), { minLength: 1, maxLength: 2 }), receiptDate: fc.option(fc.constant('2026-03-09'), { nil: undefined }) })
        .map(({ channel, kinds, receiptDate }) => ({ channel, ...short, ...Object.fromEntries(kinds.map((k) => [k, evidence[k]])), ...(receiptDate ? { receiptDate } : {}) }));
      await checkWith('post', '/api/v1/cases', tokens.OFFICER, mixed);
    });

    // Dates from every range as the short form's receipt date, as an override, and inside the channel's own facts.
    it('receipt dates from every range, on every path', async () => {
      const dated: fc.Arbitrary<Json> = fc
        .record({ channel: fc.constantFrom(...channels), date: dateLike, where: fc.constantFrom('receiptDate', 'facts', 'override') })
        .map(({ channel, date, where }) => {
          const kind = kindOf[channel];
          if (where === 'receiptDate' || !kind) return { channel, ...short, receiptDate: date };
          const facts = { ...(evidence[kind] as Record<string, Json>) };
          if (where === 'facts') for (const k of Object.keys(facts)) if (k.endsWith('On') || k.endsWith('At')) facts[k] = k.endsWith('At') ? `${date}T10:00:00+08:00` : date;
          return { channel, ...short, [kind]: facts, ...(where === 'override' ? { receiptDate: date, receiptDateReason: '纸质材料补录' } : {}) };
        });
      await checkWith('post', '/api/v1/cases', tokens.OFFICER, dated);
    });
  });

  it('query strings: each parameter given values of its own kind (dates from every range, ids, cursors, enum words)', async () => {
    const queries: [string, string | null, Record<string, string>, Record<string, fc.Arbitrary<string>>][] = [
      [
        '/api/v1/cases',
        tokens.OFFICER,
        { status: 'DRAFTING', overdue: 'true', dueBefore: '2026-12-31', assignee: 'me', limit: '10', cursor: base64url(JSON.stringify(['2026-03-31', '3f2b8c1e-7a4d-4e2b-9c3a-1d2e3f4a5b6c'])) },
        { status: enumLike, overdue: enumLike, dueBefore: dateLike, assignee: idLike, agencyId: idLike, limit: numberLike, cursor: cursorLike },
      ],
      ['/api/v1/calendar/add-workdays', tokens.OFFICER, { date: '2026-09-25', n: '20' }, { date: dateLike, n: numberLike }],
      ['/api/v1/calendar/versions', tokens.OFFICER, { year: '2026' }, { year: numberLike }],
    ];
    // Every parameter is tried, and every failure reported, not only the first.
    const failures: string[] = [];
    for (const [url, token, valid, kinds] of queries) {
      // One parameter at a time gets values of its kind while the others stay valid (or are left out), so that no
      // other parameter's 422 hides what this one does further in.
      for (const key of Object.keys(kinds)) {
        const others = Object.keys(valid).filter((k) => k !== key);
        const query = fc.record({ value: kinds[key], drop: fc.subarray(others) }).map(({ value, drop }) => ({ ...Object.fromEntries(Object.entries(valid).filter(([k]) => !drop.includes(k))), [key]: value }));
        const details = await fc.check(
          fc.asyncProperty(query, async (q) => {
            let req = sut.http.get(url).query(q);
            if (token) req = req.set('Authorization', `Bearer ${token}`);
            expectClientAnswer(`GET ${url}`, q, await req);
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );
        if (details.failed) failures.push(`${key}: ${String(details.errorInstance ?? '').split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('query strings: the officer queue and the calendar', async () => {
    const queries: [string, string | null, Json][] = [
      ['/api/v1/cases', tokens.OFFICER, { status: 'DRAFTING', overdue: 'true', dueBefore: '2026-12-31', assignee: 'me', limit: '10', cursor: 'abc' }],
      ['/api/v1/calendar/add-workdays', tokens.OFFICER, { date: '2026-09-25', n: '20' }],
    ];
    for (const [url, token, valid] of queries) {
      await fc.assert(
        fc.asyncProperty(bodies(valid), async (query) => {
          let req = sut.http.get(url).query(query && typeof query === 'object' ? (query as object) : { q: JSON.stringify(query) });
          if (token) req = req.set('Authorization', `Bearer ${token}`);
          const res = await req;
          if (res.status >= 500) throw new Error(`GET ${url} → ${res.status} for ${JSON.stringify(query)?.slice(0, 400)}`);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }
  });

  it('PATCH /agencies/{id} (admin)', async () => {
    const agencies = await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${tokens.ADMIN}`);
    const id = (agencies.body as { id: string; code: string }[]).find((a) => a.code === 'SLXZR')!.id;
    await check('patch', `/api/v1/agencies/${id}`, tokens.ADMIN, { name: '示例县自然资源局', phone: '0591-12345678', settings: { autoConfirmWebSubmissions: false } });
  });

  it('PATCH /users/{id} (admin)', async () => {
    const users = await sut.http.get('/api/v1/users').set('Authorization', `Bearer ${tokens.ADMIN}`);
    const list = (Array.isArray(users.body) ? users.body : users.body.items) as { id: string; email: string }[];
    const id = list.find((u) => u.email === 'applicant@demo.gongkai.local')!.id;
    await check('patch', `/api/v1/users/${id}`, tokens.ADMIN, { displayName: '示例申请人', phone: '13800138000', active: true });
  });

  it('POST /agencies and /users (admin)', async () => {
    await check('post', '/api/v1/agencies', tokens.ADMIN, {
      name: '示例县测试局',
      code: 'SLXCS',
      documentPrefix: '示县测',
      type: 'GOVERNMENT_DEPARTMENT',
      reconsiderationBody: '示例县人民政府',
      competentCourt: '示例县人民法院',
    });
    await check('post', '/api/v1/users', tokens.ADMIN, { email: 'fuzz.officer@example.gov.cn', displayName: '测试承办', role: 'OFFICER', password: 'Other#20260101' });
  });
});
