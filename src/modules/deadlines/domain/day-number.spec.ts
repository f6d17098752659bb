import { addDays, fromDayNumber, isIsoDate, toDayNumber, weekdayOf } from './day-number.js';

describe('day numbers', () => {
  it('should convert YYYY-MM-DD to days since 1970-01-01 and back', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2026-03-02')).toBe(20514);
    expect(fromDayNumber(20514)).toBe('2026-03-02');
    for (let n = toDayNumber('1999-12-25'); n < toDayNumber('2061-01-10'); n += 13) expect(toDayNumber(fromDayNumber(n))).toBe(n);
  });

  it.each(['2025-02-29', '2025-02-30', '2025-13-01', '2025-00-10', '2025-1-1', '0025-01-01', '2025-01-01T00:00', ''])(
    'should reject %p instead of rolling it over',
    (value) => {
      expect(() => toDayNumber(value)).toThrow(RangeError);
      expect(isIsoDate(value)).toBe(false);
    },
  );

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
