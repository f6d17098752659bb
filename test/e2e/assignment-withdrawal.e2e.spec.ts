import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { webApplication } from '../setup/applications.js';
import { ADMIN, APPLICANT, caseIdByTrackingNumber, HEAD, OFFICER, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** 10:00 in Beijing on the given date. */
const at = (date: string) => `${date}T02:00:00Z`;

describe('分办: ASSIGN, the agency default rule and ?assignee=me', () => {
  let sut: TestApp;
  let officer: string;
  let head: string;
  let admin: string;
  let officerId: string;
  let headId: string;
  let agencyId: string;
  let n = 100;

  const submitWeb = async () => {
    n += 1;
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, n));
    expect(submitted.status).toBe(201);
    const id = await caseIdByTrackingNumber(sut, submitted.body.trackingNumber);
    return { id, ...submitted.body } as { id: string; trackingNumber: string; queryCode: string };
  };
  const detail = async (id: string) => (await sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${officer}`)).body;
  const mine = async (token: string) => (await sut.http.get('/api/v1/cases?assignee=me').set('Authorization', `Bearer ${token}`)).body.items.map((i: { id: string }) => i.id);
  const notes = async (token: string) => (await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${token}`)).body as { caseId: string; kind: string }[];
  const setRule = async (defaultAssignment: string) => {
    const res = await sut.http.patch(`/api/v1/agencies/${agencyId}`).set('Authorization', `Bearer ${admin}`).send({ settings: { defaultAssignment } });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    sut = await startTestApp({ now: at('2026-03-09') });
    officer = await sut.tokenFor(OFFICER);
    head = await sut.tokenFor(HEAD);
    admin = await sut.tokenFor(ADMIN);
    officerId = (await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${officer}`)).body.id;
    headId = (await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${head}`)).body.id;
    const agencies = await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${admin}`);
    agencyId = agencies.body.find((a: { code: string }) => a.code === 'SLXZR').id;
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should give a web case to the officer who confirms it (default CONFIRMING_OFFICER), listed under ?assignee=me', async () => {
    const c = await submitWeb();
    expect((await detail(c.id)).assigneeId).toBeNull();
    await sendEvent(sut, officer, c.id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
    expect((await detail(c.id)).assigneeId).toBe(officerId);
    expect(await mine(officer)).toContain(c.id);
    expect(await mine(head)).not.toContain(c.id);
    const events = await sut.http.get(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1)).toMatchObject({ type: 'CONFIRM_RECEIPT', payload: expect.objectContaining({ assigneeId: officerId }) });
  });

  it('should leave a case unassigned under NONE until the office head assigns it, and tell the assignee', async () => {
    await setRule('NONE');
    const c = await submitWeb();
    await sendEvent(sut, officer, c.id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT' });
    expect((await detail(c.id)).assigneeId).toBeNull();
    expect((await detail(c.id)).allowedEvents).toContain('ASSIGN');

    const assigned = await sendEvent(sut, head, c.id, { type: 'ASSIGN', assigneeId: officerId });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assigneeId).toBe(officerId);
    expect(await mine(officer)).toContain(c.id);
    // Dated by the app's clock, like the ASSIGN event itself (not the database server's time).
    expect(await notes(officer)).toContainEqual(expect.objectContaining({ caseId: c.id, kind: 'ASSIGNED', createdAt: sut.clock.now().toISOString() }));
    await setRule('CONFIRMING_OFFICER');
  });

  it('should let an officer take a case but not give it to someone else', async () => {
    const c = await submitWeb();
    await sendEvent(sut, head, c.id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
    expect((await detail(c.id)).assigneeId).toBe(headId);
    const toOther = await sendEvent(sut, officer, c.id, { type: 'ASSIGN', assigneeId: headId });
    expect(toOther.status).toBe(409);
    const taken = await sendEvent(sut, officer, c.id, { type: 'ASSIGN', assigneeId: officerId });
    expect(taken.status).toBe(200);
    expect(taken.body.assigneeId).toBe(officerId);
    const events = await sut.http.get(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1)).toMatchObject({ type: 'ASSIGN', payload: { assigneeId: officerId, previousAssigneeId: headId } });
  });

  it('should refuse an assignee who is not a handler of the agency (422)', async () => {
    const c = await submitWeb();
    const res = await sendEvent(sut, head, c.id, { type: 'ASSIGN', assigneeId: (await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${admin}`)).body.id });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'assigneeId', code: 'NOT_A_HANDLER' });
  });

  it('should give every new submission to the officer the agency names, and notify them', async () => {
    await setRule(officerId);
    const c = await submitWeb();
    expect((await detail(c.id)).assigneeId).toBe(officerId);
    expect(await notes(officer)).toContainEqual(expect.objectContaining({ caseId: c.id, kind: 'ASSIGNED' }));
    await setRule('CONFIRMING_OFFICER');
  });

  it('should 422 a default assignment rule that is neither a mode nor a user id', async () => {
    const res = await sut.http.patch(`/api/v1/agencies/${agencyId}`).set('Authorization', `Bearer ${admin}`).send({ settings: { defaultAssignment: 'EVERYONE' } });
    expect(res.status).toBe(422);
  });
});

describe('applicants withdraw their own application before the reply', () => {
  let sut: TestApp;
  let officer: string;
  let head: string;
  let applicant: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: at('2026-03-09') });
    officer = await sut.tokenFor(OFFICER);
    head = await sut.tokenFor(HEAD);
    applicant = await sut.tokenFor(APPLICANT);
  });

  afterAll(async () => {
    await sut.close();
  });

  const ownCase = async (n: number) => {
    const submitted = await sut.http.post('/api/v1/applications').set('Authorization', `Bearer ${applicant}`).send(webApplication({}, n));
    expect(submitted.status).toBe(201);
    const list = await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${applicant}`);
    return list.body.items.find((i: { trackingNumber: string }) => i.trackingNumber === submitted.body.trackingNumber).id as string;
  };

  it('should let the applicant withdraw their own case (WITHDRAW offered and accepted)', async () => {
    const id = await ownCase(201);
    await sendEvent(sut, officer, id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
    const own = await sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${applicant}`);
    expect(own.body.allowedEvents).toEqual(['WITHDRAW']);
    const res = await sendEvent(sut, applicant, id, { type: 'WITHDRAW' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('WITHDRAWN');
  });

  it('should hide the case of another applicant (404) and refuse withdrawal after delivery (409)', async () => {
    await sut.http.post('/api/v1/auth/register').send({ email: 'withdraw.other@example.com', password: 'Other#20260101', displayName: '另一位' });
    const other = await sut.tokenFor('withdraw.other@example.com', 'Other#20260101');
    const id = await ownCase(202);
    expect((await sendEvent(sut, other, id, { type: 'WITHDRAW' })).status).toBe(404);

    await sendEvent(sut, officer, id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
    await sendEvent(sut, officer, id, { type: 'ACCEPT' });
    await sendEvent(sut, officer, id, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE });
    await sendEvent(sut, officer, id, { type: 'SUBMIT_FOR_APPROVAL' });
    expect((await sendEvent(sut, head, id, { type: 'APPROVE_REPLY' })).status).toBe(200);
    expect((await sendEvent(sut, officer, id, { type: 'DELIVER_REPLY', method: 'EMAIL' })).status).toBe(200);
    const late = await sendEvent(sut, applicant, id, { type: 'WITHDRAW' });
    expect(late.status).toBe(409);
  });

  it('should let an anonymous applicant withdraw through the status lookup, with the credential in the body', async () => {
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, 203));
    const { trackingNumber, queryCode } = submitted.body;
    const wrong = await sut.http.post('/api/v1/applications/withdraw').send({ trackingNumber, queryCode: 'AAAA-BBBB-CCCC' });
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe('APPLICATION_NOT_FOUND');

    const res = await sut.http.post('/api/v1/applications/withdraw').send({ trackingNumber, queryCode, reason: '已通过其他途径获取' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ trackingNumber, status: 'WITHDRAWN' });
    expect(res.body.milestones).toContainEqual(expect.objectContaining({ label: '申请已撤回' }));
    const id = await caseIdByTrackingNumber(sut, trackingNumber);
    const events = await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1)).toMatchObject({ type: 'WITHDRAW', actorRole: 'APPLICANT', payload: { via: 'STATUS_LOOKUP', reason: '已通过其他途径获取' } });

    const again = await sut.http.post('/api/v1/applications/withdraw').send({ trackingNumber, queryCode });
    expect(again.status).toBe(409);
  });
});
