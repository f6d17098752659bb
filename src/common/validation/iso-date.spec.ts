import { isIsoDate } from './iso-date.js';

describe('isIsoDate', () => {
  it.each(['2026-02-28', '2024-02-29', '2026-12-31', '0001-01-01', '9999-12-31'])('should accept %s', (d) => expect(isIsoDate(d)).toBe(true));
  it.each(['2026-02-29', '2026-13-01', '2026-1-01', '20260101', '', null, 20260101, '2026-01-01T00:00:00Z', '0000-01-01', '0000-00-00'])('should refuse %s', (d) =>
    expect(isIsoDate(d)).toBe(false),
  );
});
