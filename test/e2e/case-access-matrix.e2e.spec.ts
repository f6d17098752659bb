import { randomUUID } from 'node:crypto';
import { webApplication } from '../setup/applications.js';
import { ADMIN, APPLICANT, AUDITOR, HEAD, LEGAL, OFFICER, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

// Non-negotiable 5, role by case endpoint. Case A: a web application of the demo applicant to the officer's agency
// (示例县自然资源局), referred to the demo legal advisor, with a letter to a third party. Case B: registered by an
// officer of another agency (示例县住房和城乡建设局), referred to nobody, nobody's own.
type Who = 'anonymous' | 'APPLICANT' | 'OTHER_APPLICANT' | 'OFFICER' | 'OFFICE_HEAD' | 'LEGAL_ADVISOR' | 'AUDITOR' | 'ADMIN';
type Outcome = 'ok' | 401 | 403 | 404;
type CaseKey = 'A' | 'B';

interface Endpoint {
  name: string;
  method: 'get' | 'post';
  path: (c: { id: string; receiptId: string }) => string;
  body?: () => object;
  /** What each caller gets, for case A and case B. `ok` is any answer that is not 401/403/404 (200, or a 409/422 after access was granted). */
  expect: Record<Exclude<Who, 'anonymous'>, [Outcome, Outcome]>;
}

const READ: Endpoint['expect'] = {
  APPLICANT: ['ok', 404],
  OTHER_APPLICANT: [404, 404],
  OFFICER: ['ok', 404],
  OFFICE_HEAD: ['ok', 404],
  LEGAL_ADVISOR: ['ok', 404],
  AUDITOR: ['ok', 'ok'],
  ADMIN: [403, 403],
};

const STAFF_READ: Endpoint['expect'] = { ...READ, APPLICANT: [403, 403], OTHER_APPLICANT: [403, 403] };

const ENDPOINTS: Endpoint[] = [
  { name: 'GET /cases/:id', method: 'get', path: (c) => `/api/v1/cases/${c.id}`, expect: READ },
  { name: 'GET /cases/:id/clock', method: 'get', path: (c) => `/api/v1/cases/${c.id}/clock`, expect: READ },
  { name: 'GET /cases/:id/events', method: 'get', path: (c) => `/api/v1/cases/${c.id}/events`, expect: READ },
  { name: 'GET /cases/:id/documents', method: 'get', path: (c) => `/api/v1/cases/${c.id}/documents`, expect: READ },
  { name: 'GET /cases/:id/documents/:receipt/pdf', method: 'get', path: (c) => `/api/v1/cases/${c.id}/documents/${c.receiptId}/pdf`, expect: READ },
  { name: 'GET /cases/:id/draft/preview', method: 'get', path: (c) => `/api/v1/cases/${c.id}/draft/preview`, expect: STAFF_READ },
  {
    name: 'GET /cases/:id/verify',
    method: 'get',
    path: (c) => `/api/v1/cases/${c.id}/verify`,
    expect: { ...STAFF_READ, LEGAL_ADVISOR: [403, 403] },
  },
  {
    // A command every handler may send and that changes nothing here (its document does not exist → 422).
    name: 'POST /cases/:id/events',
    method: 'post',
    path: (c) => `/api/v1/cases/${c.id}/events`,
    body: () => ({ type: 'RECORD_DELIVERY_PROOF', documentId: randomUUID(), receivedOn: '2026-03-09', proofAttachmentId: randomUUID() }),
    expect: {
      APPLICANT: [403, 404],
      OTHER_APPLICANT: [404, 404],
      OFFICER: ['ok', 404],
      OFFICE_HEAD: ['ok', 404],
      LEGAL_ADVISOR: [403, 404],
      AUDITOR: [403, 403],
      ADMIN: [403, 403],
    },
  },
];

const WHO: Who[] = ['anonymous', 'APPLICANT', 'OTHER_APPLICANT', 'OFFICER', 'OFFICE_HEAD', 'LEGAL_ADVISOR', 'AUDITOR', 'ADMIN'];

describe('least privilege: role × case endpoint', () => {
  let sut: TestApp;
  const tokens = new Map<Who, string>();
  const cases = {} as Record<CaseKey, { id: string; receiptId: string }>;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    const logins: [Who, string][] = [['APPLICANT', APPLICANT], ['OFFICER', OFFICER], ['OFFICE_HEAD', HEAD], ['LEGAL_ADVISOR', LEGAL], ['AUDITOR', AUDITOR], ['ADMIN', ADMIN]];
    for (const [who, email] of logins) tokens.set(who, await sut.tokenFor(email));
    const admin = tokens.get('ADMIN')!;
    const officer = tokens.get('OFFICER')!;

    await sut.http.post('/api/v1/auth/register').send({ email: 'other.applicant@example.com', password: 'Applicant#2026', displayName: '另一申请人' });
    tokens.set('OTHER_APPLICANT', await sut.tokenFor('other.applicant@example.com', 'Applicant#2026'));

    // Case A
    const submitted = await sut.http.post('/api/v1/applications').set('Authorization', `Bearer ${tokens.get('APPLICANT')}`).send(webApplication({}, 41));
    expect(submitted.status).toBe(201);
    const [a] = await sut.dataSource.query(`SELECT id FROM case_file WHERE tracking_number = $1`, [submitted.body.trackingNumber]);
    const advisor = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${tokens.get('LEGAL_ADVISOR')}`);
    for (const body of [
      { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' },
      { type: 'ACCEPT' },
      { type: 'CONSULT_THIRD_PARTY', party: 'THIRD_PARTY', partyName: '示例县青山建材有限公司' },
    ]) {
      expect((await sendEvent(sut, officer, a.id, body)).status).toBe(200);
    }
    const consultation = (await sut.http.get(`/api/v1/cases/${a.id}`).set('Authorization', `Bearer ${officer}`)).body.openConsultations[0];
    expect((await sendEvent(sut, officer, a.id, { type: 'RECEIVE_THIRD_PARTY_OPINION', consultationId: consultation, position: 'CONSENT' })).status).toBe(200);
    expect((await sendEvent(sut, officer, a.id, { type: 'REFER_TO_LEGAL', advisorIds: [advisor.body.id], question: '能否公开？' })).status).toBe(200);

    // Case B, by an officer of another agency
    const agencies = await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${admin}`);
    const housing = agencies.body.find((x: { code: string }) => x.code === 'SLXZJ');
    await sut.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'housing.officer@example.gov.cn', displayName: '住建承办', role: 'OFFICER', agencyId: housing.id, password: 'Other#20260101' });
    const housingOfficer = await sut.tokenFor('housing.officer@example.gov.cn', 'Other#20260101');
    const b = await sut.http
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${housingOfficer}`)
      .send({ channel: 'counter', counter: { submittedOn: '2026-03-09' }, reason: '纸质申请补录', applicant: webApplication({}, 42).applicant, request: webApplication().request });
    expect(b.status).toBe(201);

    const receiptOf = async (id: string, token: string) =>
      ((await sut.http.get(`/api/v1/cases/${id}/documents`).set('Authorization', `Bearer ${token}`)).body as { id: string; kind: string }[]).find((d) => d.kind === 'RECEIPT')!.id;
    cases.A = { id: a.id, receiptId: await receiptOf(a.id, officer) };
    cases.B = { id: b.body.id, receiptId: await receiptOf(b.body.id, housingOfficer) };
  });

  afterAll(async () => {
    await sut.close();
  });

  const rows = ENDPOINTS.flatMap((e) => WHO.flatMap((who) => (['A', 'B'] as const).map((key) => [e.name, who, key, e] as const)));

  it.each(rows)('%s as %s on case %s', async (_name, who, key, endpoint) => {
    let req = sut.http[endpoint.method](endpoint.path(cases[key]));
    const token = tokens.get(who);
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    const res = await (endpoint.body ? req.send(endpoint.body()) : req);
    const expected: Outcome = who === 'anonymous' ? 401 : endpoint.expect[who][key === 'A' ? 0 : 1];
    if (expected === 'ok') expect([401, 403, 404]).not.toContain(res.status);
    else expect(res.status).toBe(expected);
    expect(res.status).toBeLessThan(500);
  });

  it('should list to each caller the cases they may see, and nothing to an admin', async () => {
    const listed = async (who: Who) => {
      const res = await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${tokens.get(who)}`);
      return res.status === 200 ? (res.body.items as { id: string }[]).map((c) => c.id).filter((id) => id === cases.A.id || id === cases.B.id) : res.status;
    };
    expect(await listed('APPLICANT')).toEqual([cases.A.id]);
    expect(await listed('OTHER_APPLICANT')).toEqual([]);
    expect(await listed('OFFICER')).toEqual([cases.A.id]);
    expect(await listed('LEGAL_ADVISOR')).toEqual([cases.A.id]);
    expect((await listed('AUDITOR')) as string[]).toEqual(expect.arrayContaining([cases.A.id, cases.B.id]));
    expect(await listed('ADMIN')).toBe(403);
  });

  it('should show the applicant only the documents addressed to them, and only the milestones of the log', async () => {
    const token = tokens.get('APPLICANT')!;
    const docs = await sut.http.get(`/api/v1/cases/${cases.A.id}/documents`).set('Authorization', `Bearer ${token}`);
    expect((docs.body as { kind: string }[]).map((d) => d.kind).sort()).toEqual(['EXCLUSION_NOTICE', 'RECEIPT']);
    const staffDocs = await sut.http.get(`/api/v1/cases/${cases.A.id}/documents`).set('Authorization', `Bearer ${tokens.get('OFFICER')}`);
    const letter = (staffDocs.body as { id: string; kind: string }[]).find((d) => d.kind === 'THIRD_PARTY_CONSULTATION')!;
    expect((await sut.http.get(`/api/v1/cases/${cases.A.id}/documents/${letter.id}/pdf`).set('Authorization', `Bearer ${token}`)).status).toBe(404);

    const events = await sut.http.get(`/api/v1/cases/${cases.A.id}/events`).set('Authorization', `Bearer ${token}`);
    const types = (events.body as { type: string }[]).map((e) => e.type);
    expect(types).toContain('CONFIRM_RECEIPT');
    expect(types).not.toContain('REFER_TO_LEGAL');
    expect(JSON.stringify(events.body)).not.toContain('能否公开');
    expect(JSON.stringify(events.body)).not.toContain('示例县青山建材有限公司');
  });

  it('should let only case officers and office heads register cases', async () => {
    const body = { channel: 'counter', receiptDate: '2026-03-09', applicantName: '张三', requestDescription: '某方案', reason: '纸质申请补录' };
    const statuses: Record<string, number> = {};
    for (const who of WHO) {
      let req = sut.http.post('/api/v1/cases');
      const token = tokens.get(who);
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      statuses[who] = (await req.send(body)).status;
    }
    expect(statuses).toEqual({ anonymous: 401, APPLICANT: 403, OTHER_APPLICANT: 403, OFFICER: 201, OFFICE_HEAD: 201, LEGAL_ADVISOR: 403, AUDITOR: 403, ADMIN: 403 });
  });
});
