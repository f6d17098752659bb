import { startTestApp, type TestApp } from '../setup/test-app.js';
import { ADMIN, APPLICANT, AUDITOR, HEAD, LEGAL, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';

describe('cases: registration, events, clock', () => {
  let sut: TestApp;
  let officer: string;
  let head: string;

  beforeAll(async () => {
    // 2026-03-16 (Monday) 10:00 in Beijing
    // The concurrency test below queues for pooled connections behind the tracking-number lock: wait as long as it
    // takes rather than answer 503 on a loaded CI machine (the numbering is what is tested here).
    sut = await startTestApp({ now: '2026-03-16T02:00:00Z', env: { DB_CONNECT_TIMEOUT_MS: '60000' } });
    officer = await sut.tokenFor(OFFICER);
    head = await sut.tokenFor(HEAD);
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should register a case with a tracking number, status and a due date that explains itself', async () => {
    const res = await sut.http
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${officer}`)
      .send({ channel: 'counter', receiptDate: '2026-03-02', applicantName: '张三', requestDescription: '某项目环评批复', reason: '纸质申请补录' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ trackingNumber: expect.stringMatching(/^SLXZR-2026-\d{6}$/), status: 'REGISTERED', statusLabel: '待受理审查' });
    // 2026-03-02 (Mon) + 20 working days, no holidays in March 2026 → 2026-03-30 (Mon)
    expect(res.body.dueDate).toBe('2026-03-30');
    expect(res.body.clock).toMatchObject({ state: 'running', dueDate: '2026-03-30', correctionNoticeDeadline: '2026-03-11' });
    expect(res.body.allowedEvents).toEqual(expect.arrayContaining(['ACCEPT', 'REQUEST_CORRECTION']));
    const clock = await sut.http.get(`/api/v1/cases/${res.body.id}/clock`).set('Authorization', `Bearer ${officer}`);
    expect(clock.body.explanation.length).toBeGreaterThan(0);
    expect(clock.body.explanation.map((l: { text: string }) => l.text).join('\n')).toContain('2026-03-30');
  });

  it.each([
    ['a receipt date in the future', { receiptDate: '2026-03-17' }, 'receiptDate', 'DATE_IN_FUTURE'],
    ['an impossible date', { receiptDate: '2026-02-30' }, 'receiptDate', 'INVALID_DATE'],
    ['an unknown channel', { channel: 'pigeon' }, 'channel', 'INVALID_ENUM'],
    ['an unknown field', { priority: 'high' }, 'priority', 'UNKNOWN_FIELD'],
    ['an empty name', { applicantName: '   ' }, 'applicantName', 'REQUIRED'],
  ])('should 422 registration with %s', async (_label, patch, field, code) => {
    const body = { channel: 'counter', receiptDate: '2026-03-02', applicantName: '张三', requestDescription: '某文件', reason: '纸质申请补录', ...patch };
    const res = await sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${officer}`).send(body);
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, code }));
  });

  it('should issue gap-free sequential tracking numbers under concurrency', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => registerCase(sut, '2026-03-10')));
    const numbers = results.map((r) => Number(r.trackingNumber.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers[19] - numbers[0]).toBe(19);
  });

  it('should take a case from registration to archive, each step recorded in a verifiable chain', async () => {
    const c = await registerCase(sut, '2026-03-09');
    // Every answer shows the case as a read right after it would: the answer is built from the command's own
    // result, not read back, so this compares the two field by field.
    const detailFor = async (token: string) => (await sut.http.get(`/api/v1/cases/${c.id}`).set('Authorization', `Bearer ${token}`)).body;
    const { queryCode, ...registered } = c;
    expect(queryCode).toEqual(expect.any(String));
    expect(registered).toEqual(await detailFor(officer));
    const steps: [string, Record<string, unknown>, string][] = [
      [officer, { type: 'ACCEPT', effectiveDate: '2026-03-10' }, 'ACCEPTED'],
      [officer, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: { provisionForm: 'PAPER', description: '某项目环评批复全文' }, effectiveDate: '2026-03-12' }, 'DRAFTING'],
      [officer, { type: 'SUBMIT_FOR_APPROVAL', effectiveDate: '2026-03-13' }, 'AWAITING_APPROVAL'],
      [head, { type: 'APPROVE_REPLY' }, 'APPROVED'],
      [officer, { type: 'DELIVER_REPLY', method: 'ONLINE' }, 'DELIVERED'],
      [officer, { type: 'ARCHIVE' }, 'ARCHIVED'],
    ];
    for (const [token, body, status] of steps) {
      const res = await sendEvent(sut, token, c.id, body);
      expect({ type: body.type, status: res.status, caseStatus: res.body.status }).toEqual({ type: body.type, status: 200, caseStatus: status });
      expect(res.body).toEqual(await detailFor(token));
    }
    const events = await sut.http.get(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(['REGISTERED', 'ACCEPT', 'START_DRAFT', 'SUBMIT_FOR_APPROVAL', 'APPROVE_REPLY', 'DELIVER_REPLY', 'ARCHIVE']);
    expect(events.body[1]).toMatchObject({ backDated: true, reason: '纸质材料补录', effectiveDate: '2026-03-10' });
    expect(events.body[4]).toMatchObject({ backDated: false, effectiveDate: '2026-03-16' });
    const verify = await sut.http.get(`/api/v1/cases/${c.id}/verify`).set('Authorization', `Bearer ${officer}`);
    expect(verify.body).toMatchObject({ ok: true, checked: 7, problems: [] });
    const detail = await sut.http.get(`/api/v1/cases/${c.id}`).set('Authorization', `Bearer ${officer}`);
    expect(detail.body.clock).toMatchObject({ state: 'stopped', stoppedOn: '2026-03-16', late: false });
  });

  it('should 409 an event the current state does not allow', async () => {
    const c = await registerCase(sut, '2026-03-09');
    const res = await sendEvent(sut, officer, c.id, { type: 'DELIVER_REPLY', method: 'EMAIL' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EVENT_NOT_ALLOWED');
  });

  it('should 403 an extension by an officer and accept it from the office head', async () => {
    const c = await registerCase(sut, '2026-03-09');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-10' });
    const denied = await sendEvent(sut, officer, c.id, { type: 'APPROVE_EXTENSION', grounds: '需调取档案' });
    expect(denied.status).toBe(403);
    const ok = await sendEvent(sut, head, c.id, { type: 'APPROVE_EXTENSION', grounds: '需调取档案', workdays: 10 });
    expect(ok.status).toBe(200);
    // due 2026-04-07 (20 wd after 03-09; 04-06 is the 清明 holiday... counted by the clock), + 10 wd
    expect(ok.body.clock.extension).toMatchObject({ workdays: 10, approvedOn: '2026-03-16' });
    const again = await sendEvent(sut, head, c.id, { type: 'APPROVE_EXTENSION', grounds: '再次延期' });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].code).toBe('EXTENSION_ALREADY_USED');
  });

  it.each([
    ['an extension longer than 20 working days', { type: 'APPROVE_EXTENSION', workdays: 30, grounds: 'x' }, 'workdays'],
    ['an extension without grounds', { type: 'APPROVE_EXTENSION' }, 'grounds'],
    ['an unknown event type', { type: 'ESCALATE' }, 'type'],
    ['a field of another event type', { type: 'ACCEPT', workdays: 5 }, 'workdays'],
    ['a date in the future', { type: 'ACCEPT', effectiveDate: '2026-03-17' }, 'effectiveDate'],
    ['a back-dated event without a reason', { type: 'ACCEPT', effectiveDate: '2026-03-12', reason: undefined }, 'reason'],
    ['a date before the previous event', { type: 'ACCEPT', effectiveDate: '2026-03-01', reason: '补录' }, 'effectiveDate'],
  ])('should 422 %s, naming the field', async (_label, body, field) => {
    const c = await registerCase(sut, '2026-03-09');
    const res = await sut.http.post(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${head}`).send(body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('should let exactly one of two officers acting at once win, the other getting 409', async () => {
    const c = await registerCase(sut, '2026-03-09');
    const [a, b] = await Promise.all([sendEvent(sut, officer, c.id, { type: 'ACCEPT' }), sendEvent(sut, head, c.id, { type: 'ACCEPT' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const events = await sut.http.get(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(['REGISTERED', 'ACCEPT']);
  });

  it('should 409 a command sent with a stale expectedVersion', async () => {
    const c = await registerCase(sut, '2026-03-09');
    const res = await sendEvent(sut, officer, c.id, { type: 'ACCEPT', expectedVersion: c.version + 5 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('STALE_VERSION');
  });

  it('should pause for a third-party consultation and resume with the days left', async () => {
    const c = await registerCase(sut, '2026-03-02');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-03' });
    const consult = await sendEvent(sut, officer, c.id, { type: 'CONSULT_THIRD_PARTY', party: 'THIRD_PARTY', partyName: '某公司', effectiveDate: '2026-03-06' });
    expect(consult.body).toMatchObject({ status: 'CONSULTING_THIRD_PARTY', dueDate: null });
    // sent 03-06: 15 wd → 2026-03-27
    expect(consult.body.clock).toMatchObject({ state: 'paused', thirdPartyDeadline: '2026-03-27' });
    const [consultationId] = consult.body.openConsultations;
    const opinion = await sendEvent(sut, officer, c.id, { type: 'RECEIVE_THIRD_PARTY_OPINION', consultationId, position: 'OBJECTION', effectiveDate: '2026-03-13' });
    // used (03-02, 03-06] = 4 wd; 16 left after 03-13 → 03-16..04-03 is 15 wd, then 04-06 is 清明 (off) → 2026-04-07
    expect(opinion.body).toMatchObject({ status: 'ACCEPTED', dueDate: '2026-04-07' });
    expect(opinion.body.clock.pauses).toEqual([expect.objectContaining({ reason: 'THIRD_PARTY', from: '2026-03-06', to: '2026-03-13', excludedWorkdays: 5 })]);
  });

  it('should never let the queue contradict the detail: every field the list shows equals the detail', async () => {
    const legal = await sut.tokenFor(LEGAL);
    const advisor = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${legal}`);
    const c = await registerCase(sut, '2026-03-02');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-03' });
    await sendEvent(sut, head, c.id, { type: 'APPROVE_EXTENSION', grounds: '需调取档案', workdays: 20 });
    await sendEvent(sut, officer, c.id, { type: 'REFER_TO_LEGAL', advisorIds: [advisor.body.id], question: '是否属于过程性信息？' });
    const detail = (await sut.http.get(`/api/v1/cases/${c.id}`).set('Authorization', `Bearer ${officer}`)).body;
    expect(detail.clock.totalWorkdays).toBe(40);
    expect(detail.pendingReferrals).toHaveLength(1);

    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Record<string, unknown>[]; nextCursor: string | null } } = await sut.http.get(`/api/v1/cases${cursor ? `?cursor=${cursor}` : ''}`).set('Authorization', `Bearer ${officer}`);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const item = items.find((i) => i.id === c.id)!;
    for (const [key, value] of Object.entries(item)) {
      if (key === 'clock') continue;
      expect({ [key]: value }).toEqual({ [key]: detail[key] });
    }
    for (const [key, value] of Object.entries(item.clock as Record<string, unknown>)) expect({ [key]: value }).toEqual({ [key]: detail.clock[key] });
    // What the list cannot know without computing the clock or reading the workflow, it leaves out.
    for (const absent of ['allowedEvents', 'pendingReferrals', 'openConsultations']) expect(item).not.toHaveProperty(absent);
    for (const absent of ['totalWorkdays', 'workdaysRemaining', 'extension', 'deadlines']) expect(item.clock).not.toHaveProperty(absent);
  });
});

describe('cases: who may see and do what', () => {
  let sut: TestApp;
  let caseId: string;
  const token = (email: string) => sut.tokenFor(email);

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-16T02:00:00Z' });
    caseId = (await registerCase(sut, '2026-03-09')).id;
    const admin = await token(ADMIN);
    const agencies = await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${admin}`);
    const housing = agencies.body.find((a: { code: string }) => a.code === 'SLXZJ');
    await sut.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'other.officer@example.gov.cn', displayName: '他局承办', role: 'OFFICER', agencyId: housing.id, password: 'Other#20260101' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should hide a case from an officer of another agency (404) and from the queue', async () => {
    const other = await sut.tokenFor('other.officer@example.gov.cn', 'Other#20260101');
    expect((await sut.http.get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${other}`)).status).toBe(404);
    expect((await sendEvent(sut, other, caseId, { type: 'ACCEPT' })).status).toBe(404);
    const queue = await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${other}`);
    expect(queue.body.items).toEqual([]);
  });

  it('should answer 404, not 403, to an applicant asking for a case that is not theirs', async () => {
    const res = await sut.http.get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${await token(APPLICANT)}`);
    expect(res.status).toBe(404);
  });

  it('should let an auditor read across the agency subtree but change nothing', async () => {
    const auditor = await token(AUDITOR);
    expect((await sut.http.get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${auditor}`)).status).toBe(200);
    expect((await sut.http.get(`/api/v1/cases/${caseId}/verify`).set('Authorization', `Bearer ${auditor}`)).body.ok).toBe(true);
    expect((await sendEvent(sut, auditor, caseId, { type: 'ACCEPT' })).status).toBe(403);
    expect((await sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${auditor}`).send({})).status).toBe(403);
  });

  it('should keep cases away from admins, who administer but do not handle cases', async () => {
    expect((await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${await token(ADMIN)}`)).status).toBe(403);
  });

  it('should show a legal advisor only the cases referred to them, and let them answer', async () => {
    const legal = await token(LEGAL);
    const officer = await token(OFFICER);
    const unreferred = (await registerCase(sut, '2026-03-09')).id;
    expect((await sut.http.get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${legal}`)).status).toBe(404);
    const me = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${legal}`);
    await sendEvent(sut, officer, caseId, { type: 'ACCEPT' });
    const referred = await sendEvent(sut, officer, caseId, { type: 'REFER_TO_LEGAL', advisorIds: [me.body.id], question: '是否属于过程性信息？', difficult: true });
    expect(referred.body.status).toBe('LEGAL_REVIEW');
    // legal co-review does not stop the clock (会商不停表)
    expect(referred.body.clock.state).toBe('running');
    const [referralId] = referred.body.pendingReferrals;

    const list = await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${legal}`);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect((await sut.http.get(`/api/v1/cases/${unreferred}`).set('Authorization', `Bearer ${legal}`)).status).toBe(404);
    expect((await sendEvent(sut, legal, caseId, { type: 'ACCEPT' })).status).toBe(403);

    const opinion = await sendEvent(sut, legal, caseId, { type: 'SUBMIT_LEGAL_OPINION', referralId, opinion: 'AGREE', text: '同意', articles: ['第十六条第二款'] });
    expect(opinion.status).toBe(200);
    expect(opinion.body.status).toBe('ACCEPTED');
    // The advisor's answer shows the case as they may read it (no contact details), as a read would.
    expect(opinion.body).toEqual((await sut.http.get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${legal}`)).body);
  });

  it('should refuse to refer to someone who is not a legal advisor of the agency', async () => {
    const officer = await token(OFFICER);
    const c = await registerCase(sut, '2026-03-09');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT' });
    const me = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${officer}`);
    const res = await sendEvent(sut, officer, c.id, { type: 'REFER_TO_LEGAL', advisorIds: [me.body.id], question: '？' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'advisorIds.0', code: 'NOT_AN_ADVISOR' });
  });
});
