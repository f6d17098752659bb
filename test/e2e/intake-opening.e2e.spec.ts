import { type ChainedEvent, hashEvent } from '../../src/modules/cases/event-chain.js';
import { webApplication } from '../setup/applications.js';
import { OFFICER } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * A case opens in one statement: the tracking number is drawn, and the REGISTERED event hashed and the
 * acknowledgement filled in with it, inside PostgreSQL. What a person checks afterwards must be as if each had been
 * written by itself: the chain verifies, the mail names the number, the cap on acknowledgements holds under
 * concurrency, and the number's format is the same past six digits.
 */
describe('intake: opening a case in one statement', () => {
  let sut: TestApp;
  let officer: string;

  const eventsOf = async (trackingNumber: string) => {
    const [row] = await sut.dataSource.query(`SELECT id, last_event_hash FROM case_file WHERE tracking_number = $1`, [trackingNumber]);
    const events: (ChainedEvent & { prevHash: string | null })[] = await sut.dataSource.query(
      `SELECT id, case_id AS "caseId", seq, type, effective_date::text AS "effectiveDate", recorded_at AS "recordedAt", actor_id AS "actorId",
              actor_role AS "actorRole", payload, reason, back_dated AS "backDated", prev_hash AS "prevHash", hash
         FROM case_event WHERE case_id = $1 ORDER BY seq`,
      [row.id],
    );
    return { caseId: row.id as string, lastEventHash: row.last_event_hash as string, events };
  };
  const outboxOf = (caseId: string) =>
    sut.dataSource.query(`SELECT dedupe_key, to_address, subject, text_body, html_body FROM outbox_message WHERE case_id = $1`, [caseId]) as Promise<
      { dedupe_key: string; to_address: string; subject: string; text_body: string; html_body: string }[]
    >;

  beforeAll(async () => {
    // Monday 2026-03-09, 10:00 in Beijing
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z', env: { ACK_MAILS_PER_ADDRESS_PER_DAY: '2', DB_CONNECT_TIMEOUT_MS: '60000' } });
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should record a REGISTERED event whose hash, computed by the database, verifies, and mail the number it drew', async () => {
    const res = await sut.http.post('/api/v1/applications').send(webApplication({}, 301));
    expect(res.status).toBe(201);
    const { caseId, lastEventHash, events } = await eventsOf(res.body.trackingNumber);
    expect(events).toHaveLength(1);
    const [registered] = events;
    expect(registered).toMatchObject({ type: 'REGISTERED', seq: 1, prevHash: null, payload: expect.objectContaining({ trackingNumber: res.body.trackingNumber, applicantName: '张三' }) });
    expect(hashEvent(registered)).toBe(registered.hash);
    expect(lastEventHash).toBe(registered.hash);
    const verified = await sut.http.get(`/api/v1/cases/${caseId}/verify`).set('Authorization', `Bearer ${officer}`);
    expect(verified.body).toMatchObject({ ok: true, checked: 1, problems: [] });

    const [mail] = await outboxOf(caseId);
    expect(mail).toMatchObject({ dedupe_key: `ack:${caseId}`, to_address: 'applicant301@example.com' });
    for (const text of [mail.subject, mail.text_body, mail.html_body]) {
      expect(text).toContain(res.body.trackingNumber);
      expect(text).not.toMatch(/TN[0-9a-f]{24}/);
    }
  });

  it('should acknowledge an officer-registered web submission with the same fixed text, and its chain verifies', async () => {
    const res = await sut.http
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${officer}`)
      .send({
        channel: 'web',
        submittedAt: '2026-03-09T01:30:00Z',
        applicantName: '李四',
        requestDescription: '请求公开2025年度某项目的环评批复。',
        delivery: { form: 'ELECTRONIC', method: 'EMAIL', email: 'Forwarded.Applicant@Example.com' },
      });
    expect(res.status).toBe(201);
    const verified = await sut.http.get(`/api/v1/cases/${res.body.id}/verify`).set('Authorization', `Bearer ${officer}`);
    expect(verified.body).toMatchObject({ ok: true, problems: [] });
    const mails = await outboxOf(res.body.id);
    expect(mails).toEqual([expect.objectContaining({ to_address: 'forwarded.applicant@example.com', subject: expect.stringContaining(res.body.trackingNumber) })]);
    expect(mails[0].text_body).not.toContain('李四');
  });

  it('should file twelve simultaneous applications to one address and queue that address no more than the daily cap', async () => {
    const delivery = { form: 'ELECTRONIC', method: 'EMAIL', email: 'same.person@example.com' };
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => sut.http.post('/api/v1/applications').send(webApplication({ delivery }, 320 + i))));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(201));
    const [{ cases, mails }] = await sut.dataSource.query(
      `SELECT (SELECT count(*)::int FROM case_file WHERE tracking_number = ANY($1)) AS cases,
              (SELECT count(*)::int FROM outbox_message WHERE to_address = 'same.person@example.com') AS mails`,
      [responses.map((r) => r.body.trackingNumber)],
    );
    expect({ cases, mails }).toEqual({ cases: 12, mails: 2 });
  });

  it("should open a repeat applicant's application with its hints and the next number, each case with one event and one acknowledgement", async () => {
    const first = await sut.http.post('/api/v1/applications').send(webApplication({}, 350));
    const second = await sut.http.post('/api/v1/applications').send(webApplication({ request: { title: '某镇2025年土地征收补偿安置方案', description: '申请公开上述方案全文和附件' } }, 350));
    expect([first.status, second.status]).toEqual([201, 201]);
    const sequenceOf = (trackingNumber: string) => Number(trackingNumber.split('-')[2]);
    expect(sequenceOf(second.body.trackingNumber)).toBe(sequenceOf(first.body.trackingNumber) + 1);

    const rows: { tracking_number: string; hints: { code: string; trackingNumber?: string }[] }[] = await sut.dataSource.query(
      `SELECT tracking_number, hints FROM case_file WHERE tracking_number = ANY($1) ORDER BY tracking_number`,
      [[first.body.trackingNumber, second.body.trackingNumber]],
    );
    expect(rows.map((r) => r.hints)).toEqual([[], [expect.objectContaining({ code: 'SIMILAR_TO_EARLIER_REQUEST', trackingNumber: first.body.trackingNumber })]]);
    for (const { tracking_number } of rows) {
      const { caseId, events } = await eventsOf(tracking_number);
      expect(events.map((e) => e.type)).toEqual(['REGISTERED']);
      expect(hashEvent(events[0])).toBe(events[0].hash);
      expect(await outboxOf(caseId)).toEqual([expect.objectContaining({ dedupe_key: `ack:${caseId}`, subject: expect.stringContaining(tracking_number) })]);
    }
    // No acknowledgement without its case.
    const [{ orphans }] = await sut.dataSource.query(
      `SELECT count(*)::int AS orphans FROM outbox_message o WHERE o.case_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM case_file c WHERE c.id = o.case_id)`,
    );
    expect(orphans).toBe(0);
    expect(await sut.dataSource.query(`SELECT count(*)::int AS n FROM outbox_message WHERE to_address = 'applicant350@example.com'`)).toEqual([{ n: 2 }]);
  });

  it('should write the number past six digits in full, as it was written before', async () => {
    await sut.dataSource.query(`UPDATE tracking_sequence SET last_value = 999999 WHERE agency_id = (SELECT id FROM agency WHERE code = 'SLXZR') AND year = 2026`);
    const res = await sut.http.post('/api/v1/applications').send(webApplication({}, 340));
    expect(res.body.trackingNumber).toBe('SLXZR-2026-1000000');
    const { events } = await eventsOf('SLXZR-2026-1000000');
    expect(hashEvent(events[0])).toBe(events[0].hash);
  });
});
