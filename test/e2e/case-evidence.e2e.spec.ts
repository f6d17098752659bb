import { CASE_MACHINE_VERSION } from '../../src/modules/cases/workflow/case.machine.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';

describe('case event log as evidence', () => {
  let sut: TestApp;
  let officer: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-16T02:00:00Z' });
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should refuse UPDATE and DELETE on the event log at the database level', async () => {
    const c = await registerCase(sut, '2026-03-09');
    await expect(sut.dataSource.query(`UPDATE case_event SET reason = 'x' WHERE case_id = $1`, [c.id])).rejects.toThrow(/append-only/);
    await expect(sut.dataSource.query(`DELETE FROM case_event WHERE case_id = $1`, [c.id])).rejects.toThrow(/append-only/);
  });

  it('should name the event that was edited behind the application’s back', async () => {
    const c = await registerCase(sut, '2026-03-09');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-10' });
    await sendEvent(sut, officer, c.id, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: { provisionForm: 'PAPER', description: '全文' }, effectiveDate: '2026-03-11' });
    // Someone with database rights disables the guard and back-dates the acceptance.
    await sut.dataSource.transaction(async (em) => {
      await em.query('ALTER TABLE case_event DISABLE TRIGGER case_event_append_only');
      await em.query(`UPDATE case_event SET effective_date = '2026-03-09' WHERE case_id = $1 AND seq = 2`, [c.id]);
      await em.query('ALTER TABLE case_event ENABLE TRIGGER case_event_append_only');
    });
    const res = await sut.http.get(`/api/v1/cases/${c.id}/verify`).set('Authorization', `Bearer ${officer}`);
    expect(res.body.ok).toBe(false);
    expect(res.body.problems).toEqual([expect.objectContaining({ seq: 2, problem: 'HASH_MISMATCH' })]);
  });

  it('should detect a deleted last event through the head hash kept on the case', async () => {
    const c = await registerCase(sut, '2026-03-09');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-10' });
    await sut.dataSource.transaction(async (em) => {
      await em.query('ALTER TABLE case_event DISABLE TRIGGER case_event_append_only');
      await em.query(`DELETE FROM case_event WHERE case_id = $1 AND seq = 2`, [c.id]);
      await em.query('ALTER TABLE case_event ENABLE TRIGGER case_event_append_only');
    });
    const res = await sut.http.get(`/api/v1/cases/${c.id}/verify`).set('Authorization', `Bearer ${officer}`);
    expect(res.body).toMatchObject({ ok: false, problems: [expect.objectContaining({ problem: 'HEAD_MISMATCH' })] });
  });

  it('should load and advance a case whose snapshot was written by an older machine version', async () => {
    const c = await registerCase(sut, '2026-03-09');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-10' });
    // What version 0 of the statechart stored for an accepted case.
    const v0 = {
      status: 'active',
      value: 'accepted',
      context: { correctionRequested: false, extended: false, consultations: [], referrals: [], replyType: null, overdue: false, lastEffectiveDate: '2026-03-10' },
    };
    await sut.dataSource.query(`UPDATE case_file SET workflow_snapshot = $2, workflow_version = 0 WHERE id = $1`, [c.id, JSON.stringify(v0)]);
    const read = await sut.http.get(`/api/v1/cases/${c.id}`).set('Authorization', `Bearer ${officer}`);
    expect(read.status).toBe(200);
    expect(read.body.allowedEvents).toContain('START_DRAFT');
    const moved = await sendEvent(sut, officer, c.id, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: { provisionForm: 'PAPER', description: '全文' } });
    expect(moved.body.status).toBe('DRAFTING');
    const [row] = await sut.dataSource.query(`SELECT workflow_version FROM case_file WHERE id = $1`, [c.id]);
    expect(row.workflow_version).toBe(CASE_MACHINE_VERSION);
  });
});
