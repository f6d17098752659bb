import type { CalendarYear } from '../calendar-day.js';
import { fromDayNumber } from '../day-number.js';
import { CalendarOverData, ResolvedCalendarData } from '../calendar-data.js';
import type { CalendarOptions } from '../workday-arithmetic.js';

/**
 * Day-by-day reference implementation: the oracle for WorkingCalendar's property tests
 * and the benchmark baseline. Deliberately simple; do not use it on a hot path.
 */
export class NaiveWorkingCalendar extends CalendarOverData {
  private constructor(data: ResolvedCalendarData) {
    super(data);
  }

  static fromYears(years: readonly CalendarYear[], options: CalendarOptions = {}): NaiveWorkingCalendar {
    return new NaiveWorkingCalendar(ResolvedCalendarData.resolve(years, options));
  }

  isWorkday(date: string): boolean {
    return this.data.isWorkingDay(this.data.dayNumberOf(date));
  }

  workdaysBetween(from: string, to: string): number {
    const end = this.data.dayNumberOf(to);
    let count = 0;
    for (let day = this.data.dayNumberOf(from) + 1; day <= end; day++) {
      if (this.data.isWorkingDay(day)) count++;
    }
    return count;
  }

  addWorkdays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`addWorkdays needs a whole n >= 1, got ${n}`);
    let day = this.data.dayNumberOf(date);
    for (let found = 0; found < n; ) {
      day++;
      if (day > this.data.lastDay) {
        throw new RangeError(`${n} working days after ${date} is beyond the working calendar (..${this.lastDate})`);
      }
      if (this.data.isWorkingDay(day)) found++;
    }
    return fromDayNumber(day);
  }
}
