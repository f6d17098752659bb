import type { CalendarYear, DayInfo } from './calendar-day.js';

// A period of N working days after date D ends on the Nth working day strictly after D; D itself never
// counts, whether or not it is a working day (民法典第二百零一条: the starting day is not counted).
export interface WorkdayArithmetic {
  isWorkday(date: string): boolean;
  /** Working days in the half-open interval (from, to]; 0 when to <= from. */
  workdaysBetween(from: string, to: string): number;
  /** The nth working day strictly after date (n >= 1). */
  addWorkdays(date: string, n: number): string;
  /** The first working day strictly after date. */
  nextWorkday(date: string): string;
}

export interface CalendarLookup {
  readonly firstDate: string;
  readonly lastDate: string;
  isProvisional(date: string): boolean;
  /** Provisional years intersecting [from, to], ascending. */
  provisionalYearsIn(from: string, to: string): number[];
  dayInfo(date: string): DayInfo;
}

export type WorkingCalendarView = WorkdayArithmetic & CalendarLookup;

export interface CalendarOptions {
  /** First and last covered year (defaults 2000 and 2060). */
  fromYear?: number;
  toYear?: number;
  /** Builds every covered year that was not supplied; defaults to buildProvisionalYear. */
  provisionalFactory?: (year: number) => CalendarYear;
}

export const DEFAULT_COVERAGE = { fromYear: 2000, toYear: 2060 } as const;
