import { LegalReviewContext1796590000000 } from '../../src/database/migrations/1796590000000-LegalReviewContext.js';
import { MailDispatcher } from '../../src/modules/notifications/mail-dispatcher.service.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { AUDITOR, HEAD, LEGAL, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { startSmtpReceiver, type SmtpReceiver } from '../setup/smtp-receiver.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('legal co-review (会商): advisors told of referrals, approval offered only when it will succeed; lookup by tracking number', () => {
  let sut: TestApp;
  let receiver: SmtpReceiver;
  let officer: string;
  let head: string;
  let legal: string;
  let advisorId: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    // Monday 2026-03-09, 10:00 in Beijing
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z', env: { SMTP_URL: receiver.url } });
    officer = await sut.tokenFor(OFFICER);
    head = await sut.tokenFor(HEAD);
    legal = await sut.tokenFor(LEGAL);
    advisorId = (await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${legal}`)).body.id;
  });

  afterAll(async () => {
    await sut.close();
    await receiver.close();
  });

  const caseAs = async (token: string, id: string) => (await sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${token}`)).body;

  it('should tell the advisor of a referral in the app and by mail, without the question or the applicant in the mail', async () => {
    const c = await registerCase(sut, '2026-03-09');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT' });
    const referred = await sendEvent(sut, officer, c.id, { type: 'REFER_TO_LEGAL', advisorIds: [advisorId], question: '张三申请的征收补偿档案是否属于过程性信息？' });
    expect(referred.status).toBe(200);

    const notes = await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${legal}`);
    expect(notes.body).toContainEqual(expect.objectContaining({ caseId: c.id, kind: 'LEGAL_REFERRAL', message: expect.stringContaining(c.trackingNumber), createdAt: '2026-03-09T02:00:00.000Z' }));

    await sut.app.get(MailDispatcher).dispatchDue();
    const [mail] = (await receiver.waitFor(1)).filter((m) => m.envelope.to.includes(LEGAL));
    expect(mail.parsed.subject).toContain(c.trackingNumber);
    expect(mail.parsed.text).toContain('提请您会商');
    expect(mail.parsed.text).not.toContain('张三');
    expect(mail.parsed.text).not.toContain('过程性信息');
  });

  it('should not offer the approval of a withholding reply before an advisor agrees, refuse it (409), and offer it once they do', async () => {
    const c = await registerCase(sut, '2026-03-09');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT' });
    await sendEvent(sut, officer, c.id, { type: 'START_DRAFT', replyType: 'NOT_EXIST', blanks: REPLY_BLANK_EXAMPLES.NOT_EXIST });
    await sendEvent(sut, officer, c.id, { type: 'SUBMIT_FOR_APPROVAL' });
    // The office head is asked to approve (in-app).
    const headNotes = await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${head}`);
    expect(headNotes.body).toContainEqual(expect.objectContaining({ caseId: c.id, kind: 'APPROVAL_REQUESTED' }));

    expect((await caseAs(head, c.id)).allowedEvents).not.toContain('APPROVE_REPLY');
    const refused = await sendEvent(sut, head, c.id, { type: 'APPROVE_REPLY' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'LEGAL_OPINION_REQUIRED', message: '此类答复须经法律顾问同意后方可审批' });
    expect((await sendEvent(sut, officer, c.id, { type: 'APPROVE_REPLY' })).status).toBe(403);

    const referred = await sendEvent(sut, officer, c.id, { type: 'REFER_TO_LEGAL', advisorIds: [advisorId], question: '是否确实不掌握？' });
    const [referralId] = referred.body.pendingReferrals as string[];
    const answered = await sendEvent(sut, legal, c.id, { type: 'SUBMIT_LEGAL_OPINION', referralId, opinion: 'AGREE', text: '同意按不存在答复。' });
    expect(answered.status).toBe(200);
    // Back with the officer once every opinion is in (会商不停表: the draft is kept), and the officer is told.
    expect(answered.body.status).toBe('DRAFTING');
    const officerNotes = await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${officer}`);
    expect(officerNotes.body).toContainEqual(expect.objectContaining({ caseId: c.id, kind: 'CASE_SUBMIT_LEGAL_OPINION' }));
    await sendEvent(sut, officer, c.id, { type: 'SUBMIT_FOR_APPROVAL' });
    expect((await caseAs(head, c.id)).allowedEvents).toContain('APPROVE_REPLY');
    expect((await sendEvent(sut, head, c.id, { type: 'APPROVE_REPLY' })).status).toBe(200);
  });

  it('should rebuild the co-review state of a case stored before the statechart kept it, from its referral rows', async () => {
    const c = await registerCase(sut, '2026-03-09');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT' });
    await sendEvent(sut, officer, c.id, { type: 'START_DRAFT', replyType: 'PARTIAL', blanks: REPLY_BLANK_EXAMPLES.PARTIAL });
    const referred = await sendEvent(sut, officer, c.id, { type: 'REFER_TO_LEGAL', advisorIds: [advisorId], question: '可否部分公开？', difficult: true });
    const [referralId] = referred.body.pendingReferrals as string[];
    await sendEvent(sut, legal, c.id, { type: 'SUBMIT_LEGAL_OPINION', referralId, opinion: 'AGREE', text: '同意。' });
    // As a version-3 row was stored: no co-review state in the snapshot's context.
    await sut.dataSource.query(
      `UPDATE case_file SET workflow_version = 3, workflow_snapshot = jsonb_set(workflow_snapshot, '{context}', (workflow_snapshot -> 'context') - 'legalReviewDifficult' - 'legalOpinionAgreed' - 'legalOpinionDisagreed') WHERE id = $1`,
      [c.id],
    );
    const runner = sut.dataSource.createQueryRunner();
    try {
      await new LegalReviewContext1796590000000().up(runner);
    } finally {
      await runner.release();
    }
    const [row] = await sut.dataSource.query(`SELECT workflow_version AS version, workflow_snapshot -> 'context' AS context FROM case_file WHERE id = $1`, [c.id]);
    expect(row).toMatchObject({ version: 4, context: expect.objectContaining({ legalReviewDifficult: true, legalOpinionAgreed: true, legalOpinionDisagreed: false }) });
    await sendEvent(sut, officer, c.id, { type: 'SUBMIT_FOR_APPROVAL' });
    expect((await caseAs(head, c.id)).allowedEvents).toContain('APPROVE_REPLY');
  });

  it('should find a case by its tracking number for staff in scope, closed or not, and nothing for others', async () => {
    const c = await registerCase(sut, '2026-03-09');
    await sendEvent(sut, officer, c.id, { type: 'CLOSE', closeReason: 'NOT_AN_APPLICATION' });
    const lookup = (token: string, trackingNumber: string) =>
      sut.http.get('/api/v1/cases').query({ trackingNumber }).set('Authorization', `Bearer ${token}`);

    for (const token of [officer, await sut.tokenFor(AUDITOR)]) {
      const found = await lookup(token, ` ${c.trackingNumber} `);
      expect(found.status).toBe(200);
      expect(found.body.items).toEqual([expect.objectContaining({ id: c.id, trackingNumber: c.trackingNumber, status: 'CLOSED' })]);
    }
    // Not referred to this advisor: as if it did not exist.
    expect((await lookup(legal, c.trackingNumber)).body).toEqual({ items: [], nextCursor: null });
    expect((await lookup(officer, 'SLXZR-1999-000001')).body.items).toEqual([]);
    expect((await lookup(officer, '')).status).toBe(422);
  });
});
