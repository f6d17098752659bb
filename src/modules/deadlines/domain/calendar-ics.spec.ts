import { calendarDaysFromIcs, IcsCalendarError } from './calendar-ics.js';

const ics = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//holidays//CN', ...events, 'END:VCALENDAR', ''].join('\r\n');

const event = (uid: string, summary: string, start: string, end?: string, extra: string[] = []) =>
  ['BEGIN:VEVENT', `UID:${uid}`, `SUMMARY:${summary}`, `DTSTART;VALUE=DATE:${start}`, ...(end ? [`DTEND;VALUE=DATE:${end}`] : []), ...extra, 'END:VEVENT'].join('\r\n');

describe('calendarDaysFromIcs', () => {
  it('should read the 2026 Spring Festival as published: nine days off and two make-up Saturdays', () => {
    const days = calendarDaysFromIcs(
      ics(event('a', '春节 休', '20260215', '20260224'), event('b', '春节 班', '20260214'), event('c', '春节补班', '20260228', '20260301')),
      2026,
    );
    expect(days.filter((d) => d.kind === 'DAY_OFF').map((d) => d.date)).toEqual([
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    ]);
    expect(days.filter((d) => d.kind === 'MAKEUP_WORKDAY')).toEqual([
      { date: '2026-02-14', kind: 'MAKEUP_WORKDAY', name: '春节' },
      { date: '2026-02-28', kind: 'MAKEUP_WORKDAY', name: '春节' },
    ]);
    expect(days[0]).toEqual({ date: '2026-02-14', kind: 'MAKEUP_WORKDAY', name: '春节' });
  });

  it('should take the DTEND as exclusive and a missing DTEND as one day', () => {
    expect(calendarDaysFromIcs(ics(event('a', '清明节放假', '20260404', '20260407')), 2026).map((d) => d.date)).toEqual(['2026-04-04', '2026-04-05', '2026-04-06']);
    expect(calendarDaysFromIcs(ics(event('a', '劳动节 班', '20260509')), 2026)).toEqual([{ date: '2026-05-09', kind: 'MAKEUP_WORKDAY', name: '劳动节' }]);
  });

  it('should name the holiday without the day count or the kind', () => {
    const [day] = calendarDaysFromIcs(ics(event('a', '国庆节、中秋节 假期 第1天/共8天', '20261001')), 2026);
    expect(day).toEqual({ date: '2026-10-01', kind: 'DAY_OFF', name: '国庆节、中秋节' });
  });

  it('should take the kind from CATEGORIES when the summary is only the name', () => {
    expect(calendarDaysFromIcs(ics(event('a', '元旦', '20260101', undefined, ['CATEGORIES:休'])), 2026)).toEqual([{ date: '2026-01-01', kind: 'DAY_OFF', name: '元旦' }]);
  });

  it('should keep only the days of the year asked for', () => {
    const feed = ics(event('a', '元旦 休', '20251231', '20260103'), event('b', '元旦 休', '20270101'));
    expect(calendarDaysFromIcs(feed, 2026).map((d) => d.date)).toEqual(['2026-01-01', '2026-01-02']);
  });

  it.each([
    ['not an iCalendar file', 'hello', 'UNREADABLE'],
    ['a timed event', ics(['BEGIN:VEVENT', 'UID:a', 'SUMMARY:春节 休', 'DTSTART:20260215T000000Z', 'END:VEVENT'].join('\r\n')), 'NOT_ALL_DAY'],
    ['an event that says neither', ics(event('a', '春节', '20260215')), 'UNKNOWN_KIND'],
    ['a day both off and worked', ics(event('a', '春节 休', '20260214', '20260216'), event('b', '春节 班', '20260214')), 'CONFLICTING_DAYS'],
    ['a year with nothing', ics(event('a', '春节 休', '20270206')), 'EMPTY'],
    ['an event of months', ics(event('a', '暑假 休', '20260701', '20260901')), 'NOT_ALL_DAY'],
  ])('should refuse %s', (_, text, code) => {
    expect(() => calendarDaysFromIcs(text, 2026)).toThrow(expect.objectContaining({ code }) as unknown as IcsCalendarError);
  });
});
