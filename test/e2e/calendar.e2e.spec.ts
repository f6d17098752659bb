import { startTestApp, type TestApp } from '../setup/test-app.js';
import { ADMIN, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';

/** A plausible 2027 arrangement (the real one is published by the State Council each November/December). */
const ARRANGEMENT_2027 = {
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
  days: [
    { date: '2027-01-01', kind: 'DAY_OFF', name: '元旦' },
    { date: '2027-01-02', kind: 'DAY_OFF', name: '元旦' },
    { date: '2027-01-03', kind: 'DAY_OFF', name: '元旦' },
    { date: '2027-01-04', kind: 'DAY_OFF', name: '元旦' },
  ],
};

describe('working-day calendar administration', () => {
  let sut: TestApp;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-12-16T02:00:00Z' });
    admin = await sut.tokenFor(ADMIN);
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should serve the seeded 2026 arrangement with its 调休 make-up days', async () => {
    const res = await sut.http.get('/api/v1/calendar/2026').set('Authorization', `Bearer ${officer}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2026, provisional: false });
    expect(res.body.days).toContainEqual({ date: '2026-02-14', kind: 'MAKEUP_WORKDAY', name: '春节' });
    expect(res.body.days).toContainEqual(expect.objectContaining({ date: '2026-10-01', kind: 'DAY_OFF' }));
  });

  it('should build 2027 provisionally from the statutory holidays and say so', async () => {
    const res = await sut.http.get('/api/v1/calendar/2027').set('Authorization', `Bearer ${officer}`);
    expect(res.body).toMatchObject({ year: 2027, provisional: true, version: null });
    expect(res.body.days).toContainEqual(expect.objectContaining({ date: '2027-01-01', kind: 'DAY_OFF' }));
  });

  it('should mark a due date that depends on 2027 as provisional, then fix it when 2027 is imported', async () => {
    // Receipt 2026-12-14 (Mon). Provisional: 12-15..12-31 = 13 wd; 2027-01-01 off; 01-04.. → 20th = 2027-01-12
    const c = await registerCase(sut, '2026-12-14');
    expect(c).toMatchObject({ dueDate: '2027-01-12' });
    expect(c.clock.provisional).toBe(true);
    const queue = await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${officer}`);
    expect(queue.body.items.find((i: { id: string }) => i.id === c.id)).toMatchObject({ dueDateProvisional: true });

    const imported = await sut.http.put('/api/v1/calendar/2027').set('Authorization', `Bearer ${admin}`).send(ARRANGEMENT_2027);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ year: 2027, dayCount: 4, casesRecomputed: 1 });

    // 2027-01-01..04 off (01-04 is a Monday off in this arrangement): 13 wd in Dec, then 01-05.. → 7th = 2027-01-13
    const after = await sut.http.get(`/api/v1/cases/${c.id}`).set('Authorization', `Bearer ${officer}`);
    expect(after.body).toMatchObject({ dueDate: '2027-01-13', dueDateProvisional: false });
    const events = await sut.http.get(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1)).toMatchObject({ type: 'CALENDAR_CHANGED', actorRole: 'SYSTEM', payload: expect.objectContaining({ previousDueDate: '2027-01-12', dueDate: '2027-01-13' }) });

    const versions = await sut.http.get('/api/v1/calendar/versions?year=2027').set('Authorization', `Bearer ${officer}`);
    expect(versions.body).toHaveLength(1);
  });

  it('should refuse a make-up working day on a weekday and days outside the year', async () => {
    const res = await sut.http
      .put('/api/v1/calendar/2028')
      .set('Authorization', `Bearer ${admin}`)
      .send({ source: 'x', days: [{ date: '2028-01-05', kind: 'MAKEUP_WORKDAY' }, { date: '2029-01-01', kind: 'DAY_OFF' }] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'days.0.kind', code: 'NOT_A_WEEKEND' }), expect.objectContaining({ field: 'days.1.date', code: 'OUT_OF_YEAR' })]);
  });

  it('should import a year from an iCalendar file, and name the problem in a bad one', async () => {
    const feed = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//gongkai//test//CN',
      'BEGIN:VEVENT',
      'UID:2028-spring',
      'SUMMARY:春节 休',
      'DTSTART;VALUE=DATE:20280125',
      'DTEND;VALUE=DATE:20280202',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:2028-spring-makeup',
      'SUMMARY:春节补班',
      'DTSTART;VALUE=DATE:20280205',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const imported = await sut.http.put('/api/v1/calendar/2028').set('Authorization', `Bearer ${admin}`).send({ source: '2028年放假安排 测试ICS', ics: feed });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ year: 2028, dayCount: 9 });
    const year = await sut.http.get('/api/v1/calendar/2028').set('Authorization', `Bearer ${officer}`);
    expect(year.body).toMatchObject({ provisional: false, source: '2028年放假安排 测试ICS' });
    expect(year.body.days).toContainEqual({ date: '2028-01-25', kind: 'DAY_OFF', name: '春节' });
    expect(year.body.days).toContainEqual({ date: '2028-02-05', kind: 'MAKEUP_WORKDAY', name: '春节' });
    expect(year.body.days).not.toContainEqual(expect.objectContaining({ date: '2028-02-02', kind: 'DAY_OFF' }));

    const vague = await sut.http
      .put('/api/v1/calendar/2029')
      .set('Authorization', `Bearer ${admin}`)
      .send({ source: 'x', ics: feed.replace('SUMMARY:春节 休', 'SUMMARY:春节').replaceAll('2028', '2029') });
    expect(vague.status).toBe(422);
    expect(vague.body.errors).toEqual([expect.objectContaining({ field: 'ics', code: 'UNKNOWN_KIND', message: expect.stringContaining('第1个事件') })]);
    const both = await sut.http.put('/api/v1/calendar/2029').set('Authorization', `Bearer ${admin}`).send({ source: 'x', ics: feed, days: [] });
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'ics', code: 'CONFLICTS_WITH_DAYS' })]);
    const neither = await sut.http.put('/api/v1/calendar/2029').set('Authorization', `Bearer ${admin}`).send({ source: 'x' });
    expect(neither.body.errors).toEqual([expect.objectContaining({ field: 'days', code: 'REQUIRED' })]);
  });

  it('should let only admins change the calendar', async () => {
    const res = await sut.http.put('/api/v1/calendar/2028').set('Authorization', `Bearer ${officer}`).send({ source: 'x', days: [] });
    expect(res.status).toBe(403);
  });

  it('should answer "N working days after" for officers', async () => {
    const res = await sut.http.get('/api/v1/calendar/add-workdays?date=2026-09-25&n=20').set('Authorization', `Bearer ${officer}`);
    // 2026 National Day: 10-01..10-07 off, make-up Sun 09-20 and Sat 10-10.
    // 09-28,29,30 (3); 10-08, 10-09 (5); 10-10 make-up (6); 10-12..16 (11); 10-19..23 (16); 10-26..29 (20)
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ date: '2026-09-25', n: 20, result: '2026-10-29', provisional: false });
  });

  it('should leave closed cases alone when the calendar changes', async () => {
    const c = await registerCase(sut, '2026-12-14');
    await sendEvent(sut, officer, c.id, { type: 'WITHDRAW' });
    const before = await sut.http.get(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${officer}`);
    await sut.http.put('/api/v1/calendar/2027').set('Authorization', `Bearer ${admin}`).send({ ...ARRANGEMENT_2027, source: '再次导入' });
    const after = await sut.http.get(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(after.body).toHaveLength(before.body.length);
  });
});
