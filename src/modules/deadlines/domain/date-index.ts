import { toDayNumber } from './day-number.js';

const ZERO = 48; // '0'
const DASH = 45; // '-'
const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const monthLength = (month: number, leap: boolean): number => (month === 2 && leap ? 29 : MONTH_LENGTHS[month - 1]);

/** Entries per month in DAY_OF_YEAR: room for day numbers 00..39. */
const MONTH_STRIDE = 40;
/** Entries per year variant (common, leap): room for month numbers 00..19. */
const YEAR_ROW = 20 * MONTH_STRIDE;

/**
 * DAY_OF_YEAR[leap * YEAR_ROW + month * MONTH_STRIDE + day] = zero-based day of the year, or -1 where no such date
 * exists (month 00 or 13..19, day 00 or past the month's end): one lookup validates month and day together.
 */
const DAY_OF_YEAR = (() => {
  const table = new Int16Array(2 * YEAR_ROW).fill(-1);
  for (let leap = 0; leap < 2; leap++) {
    let dayOfYear = 0;
    for (let month = 1; month <= 12; month++) {
      for (let day = 1; day <= monthLength(month, leap === 1); day++) table[leap * YEAR_ROW + month * MONTH_STRIDE + day] = dayOfYear++;
    }
  }
  return table;
})();

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * The days of whole years fromYear..toYear, numbered from 0 (fromYear-01-01), in both directions without a Date
 * or a RegExp: YYYY-MM-DD → offset by charCodeAt and two table lookups, offset → YYYY-MM-DD from a table built
 * once. The working calendar answers every clock question through it, so string conversion stays cheaper
 * than the O(1) lookup it serves.
 */
export class DateIndex {
  readonly size: number;
  /** isoDates[i] = YYYY-MM-DD of day i. */
  private readonly isoDates: string[] = [];
  /** Offset of 1 January of each year. */
  private readonly yearStart: Int32Array;
  /** 0 or YEAR_ROW per year: selects the leap-year row of DAY_OF_YEAR. */
  private readonly leapRow: Int32Array;

  constructor(
    readonly fromYear: number,
    readonly toYear: number,
  ) {
    // Throws unless both are four-digit years (>= 1000): every covered date then has the form offsetOf parses.
    toDayNumber(`${fromYear}-01-01`);
    toDayNumber(`${toYear}-12-31`);
    const years = toYear - fromYear + 1;
    this.yearStart = new Int32Array(years);
    this.leapRow = new Int32Array(years);
    const monthNames = Array.from({ length: 12 }, (_, m) => pad2(m + 1));
    const dayNames = Array.from({ length: 31 }, (_, d) => pad2(d + 1));
    for (let year = fromYear; year <= toYear; year++) {
      const leap = isLeapYear(year);
      this.yearStart[year - fromYear] = this.isoDates.length;
      this.leapRow[year - fromYear] = leap ? YEAR_ROW : 0;
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= monthLength(month, leap); day++) this.isoDates.push(`${year}-${monthNames[month - 1]}-${dayNames[day - 1]}`);
      }
    }
    this.size = this.isoDates.length;
  }

  /**
   * Offset of a covered date in strict YYYY-MM-DD form (ASCII digits, real calendar date); -1 for anything else,
   * so the caller can raise its own error (e.g. toDayNumber's RangeError).
   */
  offsetOf(isoDate: string): number {
    // typeof: JavaScript callers passing a non-string get the caller's RangeError, as from toDayNumber.
    if (typeof isoDate !== 'string' || isoDate.length !== 10 || isoDate.charCodeAt(4) !== DASH || isoDate.charCodeAt(7) !== DASH) return -1;
    // `>>> 0` turns a negative difference (a character below '0') into a huge number: one comparison per digit.
    const y0 = (isoDate.charCodeAt(0) - ZERO) >>> 0;
    const y1 = (isoDate.charCodeAt(1) - ZERO) >>> 0;
    const y2 = (isoDate.charCodeAt(2) - ZERO) >>> 0;
    const y3 = (isoDate.charCodeAt(3) - ZERO) >>> 0;
    const m0 = (isoDate.charCodeAt(5) - ZERO) >>> 0;
    const m1 = (isoDate.charCodeAt(6) - ZERO) >>> 0;
    const d0 = (isoDate.charCodeAt(8) - ZERO) >>> 0;
    const d1 = (isoDate.charCodeAt(9) - ZERO) >>> 0;
    // Month tens at most 1 and day tens at most 3 keep the lookup inside the year's row of DAY_OF_YEAR.
    if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 1 || m1 > 9 || d0 > 3 || d1 > 9) return -1;
    const yearIndex = y0 * 1000 + y1 * 100 + y2 * 10 + y3 - this.fromYear;
    if (yearIndex < 0 || yearIndex >= this.yearStart.length) return -1;
    const dayOfYear = DAY_OF_YEAR[this.leapRow[yearIndex] + (m0 * 10 + m1) * MONTH_STRIDE + d0 * 10 + d1];
    return dayOfYear < 0 ? -1 : this.yearStart[yearIndex] + dayOfYear;
  }

  /** YYYY-MM-DD of day `offset` (0 <= offset < size). */
  isoDate(offset: number): string {
    return this.isoDates[offset];
  }
}
