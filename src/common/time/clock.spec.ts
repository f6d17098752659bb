import { shanghaiDate } from './clock.js';

describe('shanghaiDate', () => {
  it('should give the next day for 17:00 UTC, which is already 01:00 in Shanghai', () => {
    expect(shanghaiDate(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
  });

  it('should keep the date for 15:59 UTC (23:59 in Shanghai)', () => {
    expect(shanghaiDate(new Date('2026-03-01T15:59:00Z'))).toBe('2026-03-01');
  });
});
