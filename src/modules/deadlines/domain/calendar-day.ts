// 工作日历 data. Only exceptions to the default rule (Mon–Fri work, Sat/Sun off) need to
// be listed: a holiday on a weekday is DAY_OFF, a 调休 Saturday/Sunday is MAKEUP_WORKDAY.
// Weekend days inside a holiday period may be listed as DAY_OFF too (it names them).

export type DayKind = 'WORKDAY' | 'DAY_OFF' | 'MAKEUP_WORKDAY';

export interface CalendarDay {
  date: string; // YYYY-MM-DD
  kind: DayKind;
  name?: string; // holiday name in Chinese, e.g. 春节
}

export interface CalendarYear {
  year: number;
  /** true when the State Council has not announced the year's arrangement (see README.md beside this file). */
  provisional: boolean;
  source: string;
  days: CalendarDay[];
}

export interface DayInfo {
  date: string;
  kind: DayKind;
  name?: string;
  provisional: boolean;
}
