import type { CalendarYear } from './calendar-day.js';
import { buildAnnouncedYears } from './calendar-seed.js';
import { addDays, fromDayNumber, toDayNumber } from './day-number.js';
import { NaiveWorkingCalendar } from './testing/naive-working-calendar.js';
import { CalendarDataError } from './calendar-data.js';
import type { WorkingCalendarView } from './workday-arithmetic.js';
import { WorkingCalendar } from './working-calendar.js';

const announced = buildAnnouncedYears(2020, 2026);
const coverage = { fromYear: 2020, toYear: 2030 };

describe.each([
  ['WorkingCalendar', (): WorkingCalendarView => WorkingCalendar.fromYears(announced, coverage)],
  ['NaiveWorkingCalendar', (): WorkingCalendarView => NaiveWorkingCalendar.fromYears(announced, coverage)],
])('%s', (_name, build) => {
  const sut = build();

  it.each([
    ['2025-02-08', true, 'a make-up Saturday'],
    ['2025-01-26', true, 'a make-up Sunday'],
    ['2025-01-28', false, '除夕 2025 (a Tuesday off)'],
    ['2025-03-01', false, 'a plain Saturday'],
    ['2025-03-03', true, 'a plain Monday'],
    ['2026-01-04', true, 'the make-up Sunday after 元旦 2026'],
    ['2027-01-01', false, '元旦 in the provisional year 2027 (a Friday)'],
    ['2027-02-05', false, '除夕 in the provisional year 2027 (a Friday)'],
    ['2027-02-08', false, '初三 in the provisional year 2027 (a Monday)'],
    ['2027-02-09', true, 'the first working day after the provisional Spring Festival 2027'],
  ])('should say whether %s is a working day (%s: %s)', (date, expected) => {
    expect(sut.isWorkday(date)).toBe(expected);
  });

  it('should count working days in the half-open interval (a, b] across Spring Festival 2025', () => {
    // 01-26 (Sun, make-up), 01-27, 02-05, 02-06, 02-07, 02-08 (Sat, make-up), 02-10
    expect(sut.workdaysBetween('2025-01-24', '2025-02-10')).toBe(7);
    expect(sut.workdaysBetween('2025-01-26', '2025-01-27')).toBe(1);
    expect(sut.workdaysBetween('2025-02-10', '2025-02-10')).toBe(0);
    expect(sut.workdaysBetween('2025-02-10', '2025-01-24')).toBe(0);
  });

  it('should never count the start day, whether or not it is a working day', () => {
    expect(sut.addWorkdays('2025-01-24', 1)).toBe('2025-01-26');
    expect(sut.addWorkdays('2025-01-28', 1)).toBe('2025-02-05');
    expect(sut.addWorkdays('2025-01-27', 4)).toBe('2025-02-08');
    expect(sut.nextWorkday('2025-02-07')).toBe('2025-02-08');
  });

  it('should reject a working-day count below 1', () => {
    expect(() => sut.addWorkdays('2025-01-24', 0)).toThrow(RangeError);
    expect(() => sut.addWorkdays('2025-01-24', 1.5)).toThrow(RangeError);
  });

  it('should throw a RangeError outside the coverage', () => {
    expect(() => sut.isWorkday('2019-12-31')).toThrow(/outside the working calendar \(2020-01-01\.\.2030-12-31\)/);
    expect(() => sut.workdaysBetween('2025-01-01', '2031-01-02')).toThrow(RangeError);
    expect(() => sut.addWorkdays('2030-12-20', 30)).toThrow(RangeError);
    expect(() => sut.isWorkday('2025-02-30')).toThrow(RangeError);
  });

  it('should describe a day with its kind, holiday name and provisional flag', () => {
    expect(sut.dayInfo('2026-02-15')).toEqual({ date: '2026-02-15', kind: 'DAY_OFF', name: '春节', provisional: false });
    expect(sut.dayInfo('2026-02-28')).toEqual({ date: '2026-02-28', kind: 'MAKEUP_WORKDAY', name: '春节', provisional: false });
    expect(sut.dayInfo('2026-03-07')).toEqual({ date: '2026-03-07', kind: 'DAY_OFF', provisional: false });
    expect(sut.dayInfo('2027-01-01')).toEqual({ date: '2027-01-01', kind: 'DAY_OFF', name: '元旦', provisional: true });
  });

  it('should report which years in a range are provisional', () => {
    expect(sut.isProvisional('2026-12-31')).toBe(false);
    expect(sut.isProvisional('2027-01-01')).toBe(true);
    expect(sut.provisionalYearsIn('2026-06-01', '2028-03-01')).toEqual([2027, 2028]);
    expect(sut.provisionalYearsIn('2024-01-01', '2026-12-31')).toEqual([]);
  });
});

describe('WorkingCalendar.fromYears', () => {
  it('should build missing years with the provisional factory it is given', () => {
    const built: number[] = [];
    const sut = WorkingCalendar.fromYears(buildAnnouncedYears(2024, 2026), {
      fromYear: 2024,
      toYear: 2028,
      provisionalFactory: (year) => {
        built.push(year);
        return { year, provisional: true, source: 'test', days: [] };
      },
    });
    expect(built).toEqual([2027, 2028]);
    expect(sut.isWorkday('2027-01-01')).toBe(true); // the factory listed no holiday
    expect(sut.isProvisional('2027-06-01')).toBe(true);
  });

  it('should default to a 2000–2060 coverage filled with provisional years', () => {
    const sut = WorkingCalendar.fromYears(announced);
    expect([sut.firstDate, sut.lastDate]).toEqual(['2000-01-01', '2060-12-31']);
    expect(sut.isProvisional('2019-06-01')).toBe(true);
    expect(sut.isProvisional('2020-06-01')).toBe(false);
  });

  it.each<[string, CalendarYear[], RegExp]>([
    ['a year given twice', [announced[0], announced[0]], /given twice/],
    ['a year outside the coverage', [{ year: 2040, provisional: false, source: 't', days: [] }], /outside the coverage/],
    ['a day under the wrong year', [{ year: 2025, provisional: false, source: 't', days: [{ date: '2026-01-01', kind: 'DAY_OFF' }] }], /listed under calendar year 2025/],
    ['a day listed twice', [{ year: 2025, provisional: false, source: 't', days: [{ date: '2025-01-01', kind: 'DAY_OFF' }, { date: '2025-01-01', kind: 'DAY_OFF' }] }], /listed twice/],
    ['a malformed date', [{ year: 2025, provisional: false, source: 't', days: [{ date: '2025-1-1', kind: 'DAY_OFF' }] }], /bad date/],
  ])('should reject calendar data with %s', (_label, years, message) => {
    expect(() => WorkingCalendar.fromYears(years, coverage)).toThrow(CalendarDataError);
    expect(() => WorkingCalendar.fromYears(years, coverage)).toThrow(message);
  });
});

describe('WorkingCalendar against the day-by-day reference', () => {
  const sut = WorkingCalendar.fromYears(announced, { fromYear: 2019, toYear: 2028 });
  const reference = NaiveWorkingCalendar.fromYears(announced, { fromYear: 2019, toYear: 2028 });
  const first = toDayNumber('2020-01-01');
  const span = toDayNumber('2027-12-31') - first + 1;
  const random = mulberry32(20261122);
  const randomDate = (): string => fromDayNumber(first + Math.floor(random() * span));

  it('should agree on isWorkday for every day 2020–2027', () => {
    for (let date = '2020-01-01'; date <= '2027-12-31'; date = addDays(date, 1)) {
      expect(`${date} ${sut.isWorkday(date)}`).toBe(`${date} ${reference.isWorkday(date)}`);
    }
  });

  it('should agree on addWorkdays and workdaysBetween for 5,000 random (date, n) pairs', () => {
    for (let i = 0; i < 5000; i++) {
      const date = randomDate();
      const n = 1 + Math.floor(random() * 60);
      const other = randomDate();
      const end = sut.addWorkdays(date, n);
      expect(`${date}+${n} = ${end}`).toBe(`${date}+${n} = ${reference.addWorkdays(date, n)}`);
      expect(sut.workdaysBetween(date, end)).toBe(n);
      expect(sut.isWorkday(end)).toBe(true);
      expect(sut.workdaysBetween(date, other)).toBe(reference.workdaysBetween(date, other));
    }
  });
});

/** Small seeded PRNG so a failing pair can be reproduced. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
