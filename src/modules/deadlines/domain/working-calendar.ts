import type { CalendarYear } from './calendar-day.js';
import { CalendarOverData, ResolvedCalendarData } from './calendar-data.js';
import { DateIndex } from './date-index.js';
import type { CalendarOptions } from './workday-arithmetic.js';

export type { WorkdayArithmetic, CalendarLookup, CalendarOptions, WorkingCalendarView } from './workday-arithmetic.js';

/**
 * Working-day arithmetic in O(1): every clock recomputation (and the nightly rescan of
 * all open cases) asks many "nth working day after" questions, so nothing walks days.
 */
export class WorkingCalendar extends CalendarOverData {
  /** workdaysUpTo[i] = working days among the first i covered days. */
  private readonly workdaysUpTo: Int32Array;
  /** Offsets (from the first covered day) of every working day, ascending. */
  private readonly workdayOffsets: Int32Array;
  /** Covered days by offset, both ways: parsing and formatting cost more than the lookups they serve. */
  private readonly dates: DateIndex;

  private constructor(data: ResolvedCalendarData) {
    super(data);
    const size = data.lastDay - data.firstDay + 1;
    this.workdaysUpTo = new Int32Array(size + 1);
    const offsets: number[] = [];
    for (let i = 0; i < size; i++) {
      const working = data.isWorkingDay(data.firstDay + i);
      if (working) offsets.push(i);
      this.workdaysUpTo[i + 1] = this.workdaysUpTo[i] + (working ? 1 : 0);
    }
    this.workdayOffsets = Int32Array.from(offsets);
    this.dates = new DateIndex(data.fromYear, data.toYear);
    if (this.dates.size !== size) throw new Error(`DateIndex covers ${this.dates.size} days, the calendar ${size}`);
  }

  /** Years not supplied are built by options.provisionalFactory (default: buildProvisionalYear). */
  static fromYears(years: readonly CalendarYear[], options: CalendarOptions = {}): WorkingCalendar {
    return new WorkingCalendar(ResolvedCalendarData.resolve(years, options));
  }

  isWorkday(date: string): boolean {
    const offset = this.offsetOf(date);
    return this.workdaysUpTo[offset + 1] > this.workdaysUpTo[offset];
  }

  workdaysBetween(from: string, to: string): number {
    const a = this.offsetOf(from);
    const b = this.offsetOf(to);
    return b <= a ? 0 : this.workdaysUpTo[b + 1] - this.workdaysUpTo[a + 1];
  }

  addWorkdays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`addWorkdays needs a whole n >= 1, got ${n}`);
    const index = this.workdaysUpTo[this.offsetOf(date) + 1] + n - 1;
    if (index >= this.workdayOffsets.length) {
      throw new RangeError(`${n} working days after ${date} is beyond the working calendar (..${this.lastDate})`);
    }
    return this.dates.isoDate(this.workdayOffsets[index]);
  }

  private offsetOf(date: string): number {
    const offset = this.dates.offsetOf(date);
    // Anything the fast path refuses goes the long way, which raises the RangeError for it (bad form, no such date, outside the coverage).
    return offset >= 0 ? offset : this.data.dayNumberOf(date) - this.data.firstDay;
  }
}
