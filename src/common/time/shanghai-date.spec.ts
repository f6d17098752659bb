import { shanghaiDate } from './shanghai-date.js';

describe('shanghaiDate', () => {
  it('should give the next day for 17:00 UTC, which is already 01:00 in Shanghai', () => {
    expect(shanghaiDate(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
  });

  it('should keep the date for 15:59 UTC (23:59 in Shanghai)', () => {
    expect(shanghaiDate(new Date('2026-03-01T15:59:00Z'))).toBe('2026-03-01');
  });
});

describe('shanghaiDate against the time-zone database', () => {
  const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

  it('should give the date the time-zone database gives, at every quarter hour around midnight over the years', () => {
    const checked: string[] = [];
    for (let year = 1985; year <= 2040; year += 1) {
      for (const month of [0, 3, 5, 8, 11]) {
        for (let minutes = -90; minutes <= 90; minutes += 15) {
          // Around 16:00 UTC, which is midnight in Beijing (and 23:00 or 01:00 in the daylight saving summers).
          const instant = new Date(Date.UTC(year, month, 14, 16, minutes));
          expect(`${instant.toISOString()} ${shanghaiDate(instant)}`).toBe(`${instant.toISOString()} ${zone.format(instant)}`);
          checked.push(shanghaiDate(instant));
        }
      }
    }
    expect(new Set(checked).size).toBeGreaterThan(500);
  });

  it('should follow the 1986–1991 daylight saving time: 23:30 standard time on 1991-07-14 was already the 15th', () => {
    expect(shanghaiDate(new Date('1991-07-14T15:30:00Z'))).toBe('1991-07-15');
    expect(shanghaiDate(new Date('2026-07-14T15:30:00Z'))).toBe('2026-07-14');
  });

  it('should refuse an invalid instant as the formatter does', () => {
    expect(() => shanghaiDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
