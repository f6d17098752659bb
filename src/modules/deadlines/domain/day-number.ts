// Calendar dates as whole day numbers (days since 1970-01-01), computed in UTC so the
// server's time zone can never move a legal date by one day.

const MS_PER_DAY = 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in the months before month m (1-based) of a common year. */
const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar. */
const DAYS_BEFORE_1970 = 719_162;

const ZERO = 48; // '0'
const DASH = 45; // '-'

/** The ASCII digit at s[i] as a number, or -1 for any other character. */
function digitAt(s: string, i: number): number {
  const d = s.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : -1;
}

// Dates are parsed on every clock computation: charCodeAt arithmetic is several times cheaper than a
// RegExp match, three Number() calls and Date.UTC. (WorkingCalendar parses through DateIndex instead.)
// Strict: exactly four digits, '-', two digits, '-', two digits (ASCII digits only).
export function toDayNumber(isoDate: string): number {
  // JavaScript callers may pass anything: coerced like RegExp.prototype.exec did, so the answers stay the same.
  const s = typeof isoDate === 'string' ? isoDate : String(isoDate);
  if (s.length === 10 && s.charCodeAt(4) === DASH && s.charCodeAt(7) === DASH) {
    const y0 = digitAt(s, 0);
    const y1 = digitAt(s, 1);
    const y2 = digitAt(s, 2);
    const y3 = digitAt(s, 3);
    const m0 = digitAt(s, 5);
    const m1 = digitAt(s, 6);
    const d0 = digitAt(s, 8);
    const d1 = digitAt(s, 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >= 0) {
      const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      const month = m0 * 10 + m1;
      const day = d0 * 10 + d1;
      // Checked explicitly: 2025-02-30 must not roll over into March, and years below 1000 are refused.
      if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
        // Whole days since 1970-01-01 (proleptic Gregorian, as Date.UTC); year >= 1000 keeps every term positive.
        const y = year - 1;
        const daysBeforeYear = 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - DAYS_BEFORE_1970;
        return daysBeforeYear + DAYS_BEFORE_MONTH[month] + (month > 2 && isLeapYear(year) ? 1 : 0) + day - 1;
      }
    }
  }
  throw new RangeError(`Not a calendar date in YYYY-MM-DD form: "${isoDate}"`);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

export function fromDayNumber(dayNumber: number): string {
  const date = new Date(dayNumber * MS_PER_DAY);
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

export function isIsoDate(value: string): boolean {
  try {
    toDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(toDayNumber(isoDate) + days);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekend(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === 0 || weekday === 6;
}

export function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}
