import { DeadlineSchedulerService } from '../../src/modules/deadline-scanner/deadline-scheduler.service.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { HEAD, LEGAL, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';

/** 10:00 in Beijing on the given date. */
const at = (date: string) => `${date}T02:00:00Z`;

describe('deadline scheduler', () => {
  let sut: TestApp;
  let officer: string;
  let head: string;
  let scheduler: DeadlineSchedulerService;

  const eventsOf = async (id: string) => (await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`)).body as { type: string; effectiveDate: string; payload: Record<string, unknown> }[];
  const caseOf = async (id: string) => (await sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${officer}`)).body;

  beforeEach(async () => {
    sut = await startTestApp({ now: at('2026-03-02') });
    officer = await sut.tokenFor(OFFICER);
    head = await sut.tokenFor(HEAD);
    scheduler = sut.app.get(DeadlineSchedulerService);
  });

  afterEach(async () => {
    await sut.close();
  });

  it('should warn the assignee and the office head once when five working days remain', async () => {
    const c = await registerCase(sut, '2026-03-02');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT' });
    // due 2026-03-30; five working days left on 2026-03-23
    const warning = (c.clock.warnings as { code: string; date: string }[]).find((w) => w.code === 'REPLY_DUE_IN_5');
    expect(warning?.date).toBe('2026-03-23');
    sut.clock.set(at('2026-03-23'));

    const [first, second] = await Promise.all([scheduler.runOnce(), scheduler.runOnce()]);
    expect(first.warnings + second.warnings).toBe(1);
    expect((await scheduler.runOnce()).warnings).toBe(0);

    const warnings = (await eventsOf(c.id)).filter((e) => e.type === 'DEADLINE_WARNING');
    expect(warnings).toEqual([expect.objectContaining({ effectiveDate: '2026-03-23', payload: { warning: 'REPLY_DUE_IN_5', date: '2026-03-23' } })]);
    for (const token of [officer, head]) {
      const notes = await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${token}`);
      expect(notes.body).toEqual([expect.objectContaining({ caseId: c.id, kind: 'REPLY_DUE_IN_5', message: expect.stringContaining('还有5个工作日') })]);
    }
  });

  it('should warn the legal advisors who have not answered while the case is in co-review (the clock runs on)', async () => {
    const legal = await sut.tokenFor(LEGAL);
    const advisor = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${legal}`);
    const c = await registerCase(sut, '2026-03-02');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT' });
    await sendEvent(sut, officer, c.id, { type: 'REFER_TO_LEGAL', advisorIds: [advisor.body.id], question: '是否属于过程性信息？' });
    sut.clock.set(at('2026-03-23'));
    expect((await scheduler.runOnce()).warnings).toBe(1);
    const notes = await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${legal}`);
    // Besides the notice of the referral itself.
    expect(notes.body.filter((n: { kind: string }) => n.kind !== 'LEGAL_REFERRAL')).toEqual([expect.objectContaining({ caseId: c.id, kind: 'REPLY_DUE_IN_5' })]);
  });

  it('should mark a case overdue the day after its due date', async () => {
    const c = await registerCase(sut, '2026-03-02');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT' });
    sut.clock.set(at('2026-03-31'));
    const result = await scheduler.runOnce();
    expect(result.events).toContainEqual(expect.objectContaining({ caseId: c.id, type: 'DEADLINE_PASSED' }));
    expect(await caseOf(c.id)).toMatchObject({ overdue: true, clock: expect.objectContaining({ state: 'overdue' }) });
    const overdue = await sut.http.get('/api/v1/cases?overdue=true').set('Authorization', `Bearer ${officer}`);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
  });

  it('should close a case whose applicant did not correct in time (条例第三十条)', async () => {
    const c = await registerCase(sut, '2026-03-02');
    const requested = await sendEvent(sut, officer, c.id, { type: 'REQUEST_CORRECTION', items: ['请明确信息名称'] });
    // 15 working days after 2026-03-02 → 2026-03-23
    expect(requested.body.clock.correctionWindowEnds).toBe('2026-03-23');
    sut.clock.set(at('2026-03-23'));
    await scheduler.runOnce();
    expect((await caseOf(c.id)).status).toBe('CORRECTION_PENDING');
    sut.clock.set(at('2026-03-24'));
    await scheduler.runOnce();
    const after = await caseOf(c.id);
    expect(after.status).toBe('CLOSED');
    expect((await eventsOf(c.id)).at(-1)).toMatchObject({ type: 'CORRECTION_LAPSED', effectiveDate: '2026-03-24' });
  });

  it('should end a consultation the third party left unanswered for 15 working days and resume the clock', async () => {
    const c = await registerCase(sut, '2026-03-02');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT' });
    sut.clock.set(at('2026-03-04'));
    await sendEvent(sut, officer, c.id, { type: 'CONSULT_THIRD_PARTY', party: 'THIRD_PARTY', partyName: '某公司' });
    // sent 03-04; 15 working days → 2026-03-25
    sut.clock.set(at('2026-03-26'));
    await scheduler.runOnce();
    const after = await caseOf(c.id);
    expect(after.status).toBe('ACCEPTED');
    expect((await eventsOf(c.id)).find((e) => e.type === 'THIRD_PARTY_LAPSED')).toMatchObject({ effectiveDate: '2026-03-25' });
    // used (03-02, 03-04] = 2; (03-04, 03-25] excluded; 18 left after 03-25 → 03-26..04-03 = 7, 04-06 清明 off, 04-07..04-17 = 9 → 16, 04-20, 04-21 → 2026-04-21
    expect(after.dueDate).toBe('2026-04-21');
  });

  describe('periods recorded after the fact (back-dated paper records) still lapse, warn and mark overdue', () => {
    // Everything below is entered on 2026-05-04 for a case received on 2026-03-02 (due 2026-03-30).
    const registerLate = async () => {
      sut.clock.set(at('2026-05-04'));
      return registerCase(sut, '2026-03-02');
    };

    it('should lapse a correction request whose window ended before it was recorded, the day after the window', async () => {
      const c = await registerLate();
      const requested = await sendEvent(sut, officer, c.id, { type: 'REQUEST_CORRECTION', effectiveDate: '2026-03-04', items: ['请明确信息名称'] });
      expect(requested.status).toBe(200);
      // 15 working days after 2026-03-04 → 2026-03-25
      expect(requested.body.clock.correctionWindowEnds).toBe('2026-03-25');
      await scheduler.runOnce();
      expect((await caseOf(c.id)).status).toBe('CLOSED');
      expect((await eventsOf(c.id)).find((e) => e.type === 'CORRECTION_LAPSED')).toMatchObject({ effectiveDate: '2026-03-26' });
    });

    it('should lapse a fee notice whose payment period ended before it was recorded', async () => {
      const c = await registerLate();
      await sendEvent(sut, officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-03' });
      const notice = await sendEvent(sut, officer, c.id, { type: 'SEND_FEE_NOTICE', effectiveDate: '2026-03-04', basis: 'PER_PAGE', pages: 50 });
      expect(notice.status).toBe(200);
      const deadline = notice.body.clock.feeDeadline as string;
      await scheduler.runOnce();
      expect((await caseOf(c.id)).status).toBe('CLOSED');
      const lapse = (await eventsOf(c.id)).find((e) => e.type === 'FEE_LAPSED');
      expect(lapse!.effectiveDate > deadline).toBe(true);
      expect(lapse?.effectiveDate).toBe(new Date(Date.parse(`${deadline}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    });

    it('should end a consultation whose 15 working days ran out before it was recorded', async () => {
      const c = await registerLate();
      await sendEvent(sut, officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-03' });
      await sendEvent(sut, officer, c.id, { type: 'CONSULT_THIRD_PARTY', effectiveDate: '2026-03-04', party: 'THIRD_PARTY', partyName: '某公司' });
      await scheduler.runOnce();
      expect((await eventsOf(c.id)).find((e) => e.type === 'THIRD_PARTY_LAPSED')).toMatchObject({ effectiveDate: '2026-03-25' });
      expect((await caseOf(c.id)).status).not.toBe('CONSULTING_THIRD_PARTY');
    });

    it('should mark overdue from the day after the due date, without stale reply warnings', async () => {
      const c = await registerLate();
      await sendEvent(sut, officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-03' });
      await scheduler.runOnce();
      const events = await eventsOf(c.id);
      expect(events.find((e) => e.type === 'DEADLINE_PASSED')).toMatchObject({ effectiveDate: '2026-03-31' });
      expect(events.filter((e) => e.type === 'DEADLINE_WARNING')).toEqual([]);
      expect(await caseOf(c.id)).toMatchObject({ overdue: true });
    });

    it('should still send a warning whose deadline has not passed, however late the case was entered', async () => {
      // Entered on 2026-03-11: the correction-notice warning (2026-03-09) is past, its deadline (2026-03-11) is today.
      sut.clock.set(at('2026-03-11'));
      const c = await registerCase(sut, '2026-03-02');
      expect(c.clock.correctionNoticeDeadline).toBe('2026-03-11');
      const result = await scheduler.runOnce();
      expect(result.events).toContainEqual({ caseId: c.id, type: 'DEADLINE_WARNING', detail: 'CORRECTION_NOTICE_DUE' });
      const notes = await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${head}`);
      expect(notes.body).toContainEqual(expect.objectContaining({ caseId: c.id, kind: 'CORRECTION_NOTICE_DUE' }));
      // Sent once.
      expect((await scheduler.runOnce()).warnings).toBe(0);
    });
  });
});
