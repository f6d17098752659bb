import { DateIndex } from './date-index.js';
import { fromDayNumber, toDayNumber } from './day-number.js';

describe('DateIndex', () => {
  const sut = new DateIndex(2000, 2060);
  const firstDay = toDayNumber('2000-01-01');

  it('should number every covered day from 0 and give its ISO date back, as toDayNumber and fromDayNumber do', () => {
    expect(sut.size).toBe(toDayNumber('2060-12-31') - firstDay + 1);
    const mismatches: string[] = [];
    for (let offset = 0; offset < sut.size; offset++) {
      const iso = fromDayNumber(firstDay + offset);
      if (sut.isoDate(offset) !== iso || sut.offsetOf(iso) !== offset) mismatches.push(iso);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['1999-12-31', 'before the coverage'],
    ['2061-01-01', 'after the coverage'],
    ['2025-02-29', 'no 29 February in a common year'],
    ['2024-02-30', 'no 30 February'],
    ['2025-04-31', 'April has 30 days'],
    ['2025-00-10', 'month 00'],
    ['2025-13-01', 'month 13'],
    ['2025-19-39', 'the largest month and day the digit checks let through'],
    ['2025-01-00', 'day 00'],
    ['2025-01-32', 'day 32'],
    ['2025-1-01', 'a one-digit month'],
    ['2025-01-01T00:00', 'a timestamp'],
    ['2025/01/01', 'slashes'],
    ['2a25-01-01', 'a letter'],
    ['2025-0:-01', "':' just above '9'"],
    ['2025-01-0/', "'/' just below '0'"],
    ['２０２５-01-01', 'full-width digits'],
    ['', 'the empty string'],
  ])('should refuse %p (%s) with -1', (value) => {
    expect(sut.offsetOf(value)).toBe(-1);
  });

  it('should follow the Gregorian leap-year rule, century years included', () => {
    const centuries = new DateIndex(2096, 2104);
    expect(centuries.offsetOf('2096-02-29')).toBe(31 + 28);
    expect(centuries.offsetOf('2100-02-29')).toBe(-1);
    expect(centuries.offsetOf('2104-02-29')).toBeGreaterThan(0);
    expect(sut.offsetOf('2000-02-29')).toBe(31 + 28);
  });

  it('should refuse a non-string from JavaScript callers with -1 rather than throwing', () => {
    expect(sut.offsetOf(20250101 as unknown as string)).toBe(-1);
    expect(sut.offsetOf(null as unknown as string)).toBe(-1);
  });

  it('should refuse a coverage that is not made of four-digit years', () => {
    expect(() => new DateIndex(999, 2000)).toThrow(RangeError);
  });
});
