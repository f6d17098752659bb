import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { CalendarDay, CalendarYear } from './calendar-day.js';
import { addDays, yearOf } from './day-number.js';
import { qingmingDate, solarDateOfLunar, springFestivalEve } from './lunar-dates.js';

// The package's raw data (not its date functions, which depend on the process time zone):
// `holidays` lists every day off of each announced holiday period (weekends included),
// `workdays` the 调休 make-up working days; values look like "National Day,国庆节,3".
interface AnnouncedArrangements {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const announced: AnnouncedArrangements = chineseDaysData;

export const PROVISIONAL_SOURCE = 'provisional: 全国年节及纪念日放假办法(2024) statutory days only';

function chineseName(label: string): string {
  const parts = label.split(',');
  return parts.length >= 2 ? parts[1] : label;
}

function daysOfYear(year: number, labels: Record<string, string>, kind: CalendarDay['kind']): CalendarDay[] {
  return Object.entries(labels)
    .filter(([date]) => yearOf(date) === year)
    .map(([date, label]) => ({ date, kind, name: chineseName(label) }));
}

/** Years for which chinese-days carries a State Council arrangement. */
export function announcedYearsAvailable(): number[] {
  const years = new Set(Object.keys(announced.holidays).map(yearOf));
  return [...years].sort((a, b) => a - b);
}

export function buildAnnouncedYear(year: number): CalendarYear {
  const days = [
    ...daysOfYear(year, announced.holidays, 'DAY_OFF'),
    ...daysOfYear(year, announced.workdays, 'MAKEUP_WORKDAY'),
  ].sort((a, b) => a.date.localeCompare(b.date));
  // chinese-days answers "working day" for every weekday of a year it does not know
  // (e.g. 2027-01-01); refuse instead of seeding an empty, silently wrong year.
  if (days.length === 0) {
    throw new RangeError(`chinese-days has no announced holiday arrangement for ${year}`);
  }
  return {
    year,
    provisional: false,
    source: `chinese-days: 国务院办公厅关于${year}年部分节假日安排的通知`,
    days,
  };
}

export function buildAnnouncedYears(from = 2020, to = 2026): CalendarYear[] {
  const years: CalendarYear[] = [];
  for (let year = from; year <= to; year++) years.push(buildAnnouncedYear(year));
  return years;
}

function consecutiveDays(first: string, count: number, name: string): CalendarDay[] {
  return Array.from({ length: count }, (_, i) => ({ date: addDays(first, i), kind: 'DAY_OFF', name }));
}

/**
 * A year without an announced arrangement gets the statutory days off of
 * 《全国年节及纪念日放假办法》(2024 revision) and no 调休 make-up days.
 */
export function buildProvisionalYear(year: number): CalendarYear {
  const statutory: CalendarDay[] = [
    ...consecutiveDays(`${year}-01-01`, 1, '元旦'),
    ...consecutiveDays(springFestivalEve(year), 4, '春节'), // 除夕 + 正月初一至初三
    ...consecutiveDays(qingmingDate(year), 1, '清明'),
    ...consecutiveDays(`${year}-05-01`, 2, '劳动节'),
    ...consecutiveDays(solarDateOfLunar(year, 5, 5), 1, '端午'),
    ...consecutiveDays(solarDateOfLunar(year, 8, 15), 1, '中秋'),
    ...consecutiveDays(`${year}-10-01`, 3, '国庆节'),
  ];
  return { year, provisional: true, source: PROVISIONAL_SOURCE, days: mergeSameDay(statutory) };
}

// 中秋 can fall inside 国庆 (e.g. 2028-10-03): one entry per date, both names kept.
function mergeSameDay(days: CalendarDay[]): CalendarDay[] {
  const byDate = new Map<string, CalendarDay>();
  for (const day of days) {
    const existing = byDate.get(day.date);
    byDate.set(day.date, existing ? { ...existing, name: `${existing.name}、${day.name}` } : day);
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
