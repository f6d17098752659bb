import { chineseNumeral, formatChineseDate, yearOf } from './chinese-format.js';

describe('chineseNumeral', () => {
  it.each([
    [1, '一'],
    [2, '二'],
    [10, '十'],
    [14, '十四'],
    [16, '十六'],
    [20, '二十'],
    [23, '二十三'],
    [36, '三十六'],
    [56, '五十六'],
    [100, '一百'],
    [101, '一百零一'],
    [110, '一百一十'],
    [1001, '一千零一'],
    [1010, '一千零一十'],
  ])('should write %d as %s', (n, expected) => expect(chineseNumeral(n)).toBe(expected));

  it.each([-1, 1.5, 10000])('should refuse %p', (n) => expect(() => chineseNumeral(n)).toThrow(RangeError));
});

describe('formatChineseDate', () => {
  it('should write the date in Arabic numerals without leading zeros, as GB/T 9704-2012 requires', () => {
    expect(formatChineseDate('2026-11-22')).toBe('2026年11月22日');
    expect(formatChineseDate('2026-03-02')).toBe('2026年3月2日');
  });

  it('should refuse anything but YYYY-MM-DD', () => {
    expect(() => formatChineseDate('2026/3/2')).toThrow(RangeError);
    expect(() => yearOf('26-03-02')).toThrow(RangeError);
  });

  it('should read the year of a date', () => expect(yearOf('2026-01-05')).toBe(2026));
});
