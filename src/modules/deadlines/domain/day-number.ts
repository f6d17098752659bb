// Calendar dates as whole day numbers (days since 1970-01-01), computed in UTC so the
// server's time zone can never move a legal date by one day.

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

// Both conversions sit on the hot path of every calendar call: plain arithmetic and
// getUTC* are several times cheaper than a toISOString() round trip.
export function toDayNumber(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    // Date.UTC would roll 2025-02-30 over into March and map years below 100 to 19xx.
    if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return Date.UTC(year, month - 1, day) / MS_PER_DAY;
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
