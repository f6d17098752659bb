import { addDays, fromDayNumber, isIsoDate, toDayNumber, weekdayOf } from './day-number.js';

describe('day numbers', () => {
  it('should convert YYYY-MM-DD to days since 1970-01-01 and back', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2026-03-02')).toBe(20514);
    expect(fromDayNumber(20514)).toBe('2026-03-02');
    for (let n = toDayNumber('1999-12-25'); n < toDayNumber('2061-01-10'); n += 13) expect(toDayNumber(fromDayNumber(n))).toBe(n);
  });

  it('should number every date from 1000-01-01 to 9999-12-31 consecutively, starting where Date.UTC does', () => {
    // Counting days by calendar rules is independent of the parser's arithmetic; Date.UTC anchors the count.
    const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const twoDigits = Array.from({ length: 32 }, (_, n) => String(n).padStart(2, '0'));
    let expected = Date.UTC(1000, 0, 1) / 86_400_000;
    const mismatches: string[] = [];
    for (let year = 1000; year <= 9999; year++) {
      const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      for (let month = 1; month <= 12; month++) {
        const length = month === 2 && leap ? 29 : monthLengths[month - 1];
        const yearMonth = `${year}-${twoDigits[month]}-`;
        for (let day = 1; day <= length; day++, expected++) {
          const iso = yearMonth + twoDigits[day];
          if (toDayNumber(iso) !== expected) mismatches.push(iso);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(expected).toBe(Date.UTC(10000, 0, 1) / 86_400_000);
  });

  it.each([
    '2025-02-29',
    '2025-02-30',
    '2025-13-01',
    '2025-00-10',
    '2025-1-1',
    '0025-01-01',
    '2025-01-01T00:00',
    '',
    '2025-01-01\n',
    ' 2025-01-01',
    '2025-01-0/',
    '2025-0:-01',
    '２０２５-01-01',
    '+025-01-01',
  ])('should reject %p instead of rolling it over', (value) => {
    expect(() => toDayNumber(value)).toThrow(RangeError);
    expect(isIsoDate(value)).toBe(false);
  });

  it('should accept 29 February in leap years only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
  });

  it('should give the weekday with 0 = Sunday and add calendar days across month and year ends', () => {
    expect(weekdayOf(toDayNumber('2026-03-02'))).toBe(1);
    expect(weekdayOf(toDayNumber('2025-02-08'))).toBe(6);
    expect(weekdayOf(toDayNumber('1969-12-28'))).toBe(0);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});
