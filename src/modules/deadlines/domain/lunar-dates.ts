import chineseDays from 'chinese-days';
import { addDays, fromDayNumber, toDayNumber } from './day-number.js';

// chinese-days' own converters run through its mini-dayjs, which parses dates in UTC and
// formats them in local time: with TZ=America/New_York getSolarDateFromLunar('2026-01-01')
// answers 2026-02-18 (correct: 02-17), and getSolarDateFromLunar('2025-12-30') silently
// rolls a 29-day 腊月 over into the next year. Its month-length tables (monthDays,
// getYearLeapMonth) are plain numbers, so we do the day arithmetic here in UTC day numbers.

const FIRST_LUNAR_YEAR = 1900; // the package's tables cover lunar years 1900–2100
const LAST_LUNAR_YEAR = 2100;
const LUNAR_1900_NEW_YEAR = toDayNumber('1900-01-31'); // 正月初一 of lunar year 1900

function assertTableCovers(lunarYear: number): void {
  if (!Number.isInteger(lunarYear) || lunarYear < FIRST_LUNAR_YEAR || lunarYear > LAST_LUNAR_YEAR) {
    throw new RangeError(`Lunar year ${lunarYear} is outside ${FIRST_LUNAR_YEAR}–${LAST_LUNAR_YEAR}`);
  }
}

function lunarYearLength(lunarYear: number): number {
  let days = chineseDays.getYearLeapMonth(lunarYear).days;
  for (let month = 1; month <= 12; month++) days += chineseDays.monthDays(lunarYear, month);
  return days;
}

/** Solar date of a day in a regular (non-leap) lunar month. */
export function solarDateOfLunar(lunarYear: number, month: number, day: number): string {
  assertTableCovers(lunarYear);
  if (day < 1 || day > chineseDays.monthDays(lunarYear, month)) {
    throw new RangeError(`Lunar ${lunarYear}-${month} has no day ${day}`);
  }
  let dayNumber = LUNAR_1900_NEW_YEAR;
  for (let year = FIRST_LUNAR_YEAR; year < lunarYear; year++) dayNumber += lunarYearLength(year);
  const leap = chineseDays.getYearLeapMonth(lunarYear);
  for (let m = 1; m < month; m++) {
    dayNumber += chineseDays.monthDays(lunarYear, m);
    if (m === leap.leapMonth) dayNumber += leap.days; // 闰月 follows its regular month
  }
  return fromDayNumber(dayNumber + day - 1);
}

/** 除夕 is the day before 正月初一, whether 腊月 has 29 or 30 days. */
export function springFestivalEve(year: number): string {
  return addDays(solarDateOfLunar(year, 1, 1), -1);
}

/**
 * 清明 solar term of a Gregorian year. chinese-days computes the day of month
 * time-zone-free, then returns it through the same UTC-parse/local-format round trip,
 * which moves it one day back west of UTC; undo exactly that round trip.
 */
export function qingmingDate(year: number): string {
  const reported = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
  const nextDayUtcMidnight = new Date(`${addDays(reported, 1)}T00:00:00Z`);
  const formattedWestOfUtc = nextDayUtcMidnight.getTimezoneOffset() > 0;
  return formattedWestOfUtc ? addDays(reported, 1) : reported;
}
