import { monthsOf, rate, replyDurations } from './statistics.js';

describe('operational statistics arithmetic', () => {
  const days = (a: string, b: string) => {
    if (b > '2030-01-01') throw new RangeError('outside the calendar');
    return (Date.parse(b) - Date.parse(a)) / 86_400_000;
  };

  it('should weight reply times by case count and take the nearest-rank 90th percentile', () => {
    const r = replyDurations(
      [
        { receiptDate: '2026-01-01', repliedOn: '2026-01-03', count: 8, late: 0 },
        { receiptDate: '2026-01-01', repliedOn: '2026-01-21', count: 2, late: 2 },
      ],
      days,
    );
    expect(r).toEqual({ replies: 10, averageWorkdays: 5.6, p90Workdays: 20, lateShare: 0.2 });
  });

  it('should leave out dates the calendar does not cover, and answer nulls for no replies', () => {
    expect(replyDurations([{ receiptDate: '2026-01-01', repliedOn: '2031-01-01', count: 3, late: 0 }], days)).toEqual({ replies: 0, averageWorkdays: null, p90Workdays: null, lateShare: null });
  });

  it('should list every month of a period across a year end', () => {
    expect(monthsOf('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOf('2026-03-01', '2026-02-01')).toEqual([]);
    expect(rate(1, 8)).toBe(0.125);
    expect(rate(1, 0)).toBeNull();
  });
});
