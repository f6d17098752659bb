import type { CalendarDay, CalendarYear, DayInfo, DayKind } from './calendar-day.js';
import { buildProvisionalYear } from './calendar-seed.js';
import { fromDayNumber, isIsoDate, isWeekend, toDayNumber, yearOf } from './day-number.js';
import { DEFAULT_COVERAGE, type CalendarOptions, type WorkingCalendarView } from './workday-arithmetic.js';

export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
}

/** Calendar data checked and indexed by day number; shared by both implementations. */
export class ResolvedCalendarData {
  readonly firstDay: number;
  readonly lastDay: number;

  private constructor(
    readonly fromYear: number,
    readonly toYear: number,
    private readonly exceptions: ReadonlyMap<number, CalendarDay>,
    private readonly provisionalYears: ReadonlySet<number>,
  ) {
    this.firstDay = toDayNumber(`${fromYear}-01-01`);
    this.lastDay = toDayNumber(`${toYear}-12-31`);
  }

  static resolve(years: readonly CalendarYear[], options: CalendarOptions = {}): ResolvedCalendarData {
    const fromYear = options.fromYear ?? DEFAULT_COVERAGE.fromYear;
    const toYear = options.toYear ?? DEFAULT_COVERAGE.toYear;
    const factory = options.provisionalFactory ?? buildProvisionalYear;
    if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
      throw new CalendarDataError(`Invalid calendar coverage ${fromYear}..${toYear}`);
    }
    const byYear = new Map<number, CalendarYear>();
    for (const year of years) {
      if (year.year < fromYear || year.year > toYear) {
        throw new CalendarDataError(`Calendar year ${year.year} is outside the coverage ${fromYear}..${toYear}`);
      }
      if (byYear.has(year.year)) throw new CalendarDataError(`Calendar year ${year.year} is given twice`);
      byYear.set(year.year, year);
    }

    const exceptions = new Map<number, CalendarDay>();
    const provisionalYears = new Set<number>();
    for (let y = fromYear; y <= toYear; y++) {
      const year = byYear.get(y) ?? factory(y);
      if (year.year !== y) throw new CalendarDataError(`Provisional factory returned year ${year.year} for ${y}`);
      if (year.provisional) provisionalYears.add(y);
      for (const day of year.days) addException(exceptions, year.year, day);
    }
    return new ResolvedCalendarData(fromYear, toYear, exceptions, provisionalYears);
  }

  get firstDate(): string {
    return fromDayNumber(this.firstDay);
  }

  get lastDate(): string {
    return fromDayNumber(this.lastDay);
  }

  /** Day number of a covered date; RangeError outside the coverage. */
  dayNumberOf(date: string): number {
    const dayNumber = toDayNumber(date);
    if (dayNumber < this.firstDay || dayNumber > this.lastDay) {
      throw new OutsideCalendarError(date, this.firstDate, this.lastDate);
    }
    return dayNumber;
  }

  kindOf(dayNumber: number): DayKind {
    return this.exceptions.get(dayNumber)?.kind ?? (isWeekend(dayNumber) ? 'DAY_OFF' : 'WORKDAY');
  }

  isWorkingDay(dayNumber: number): boolean {
    return this.kindOf(dayNumber) !== 'DAY_OFF';
  }

  isProvisionalYear(year: number): boolean {
    return this.provisionalYears.has(year);
  }

  dayInfo(date: string): DayInfo {
    const dayNumber = this.dayNumberOf(date);
    const name = this.exceptions.get(dayNumber)?.name;
    return {
      date,
      kind: this.kindOf(dayNumber),
      ...(name ? { name } : {}),
      provisional: this.isProvisionalYear(yearOf(date)),
    };
  }

  provisionalYearsIn(from: string, to: string): number[] {
    this.dayNumberOf(from);
    this.dayNumberOf(to);
    const years: number[] = [];
    for (let y = yearOf(from); y <= yearOf(to); y++) if (this.provisionalYears.has(y)) years.push(y);
    return years;
  }
}

function addException(exceptions: Map<number, CalendarDay>, year: number, day: CalendarDay): void {
  if (!isIsoDate(day.date)) throw new CalendarDataError(`Calendar year ${year} lists a bad date "${day.date}"`);
  const dayNumber = toDayNumber(day.date);
  if (yearOf(day.date) !== year) {
    throw new CalendarDataError(`${day.date} is listed under calendar year ${year}`);
  }
  if (exceptions.has(dayNumber)) throw new CalendarDataError(`${day.date} is listed twice`);
  exceptions.set(dayNumber, day);
}

/** A date the working calendar does not cover: from a client, a 422; from the code, a bug. */
export class OutsideCalendarError extends RangeError {
  constructor(
    readonly date: string,
    readonly firstDate: string,
    readonly lastDate: string,
  ) {
    super(`${date} is outside the working calendar (${firstDate}..${lastDate})`);
    this.name = 'OutsideCalendarError';
  }
}

/**
 * What every working calendar answers straight from the resolved data; subclasses differ only in how they count
 * working days (the day-by-day reference, the O(1) production one).
 */
export abstract class CalendarOverData implements WorkingCalendarView {
  protected constructor(protected readonly data: ResolvedCalendarData) {}

  abstract isWorkday(date: string): boolean;
  abstract workdaysBetween(from: string, to: string): number;
  abstract addWorkdays(date: string, n: number): string;

  get firstDate(): string {
    return this.data.firstDate;
  }

  get lastDate(): string {
    return this.data.lastDate;
  }

  nextWorkday(date: string): string {
    return this.addWorkdays(date, 1);
  }

  isProvisional(date: string): boolean {
    return this.dayInfo(date).provisional;
  }

  provisionalYearsIn(from: string, to: string): number[] {
    return this.data.provisionalYearsIn(from, to);
  }

  dayInfo(date: string): DayInfo {
    return this.data.dayInfo(date);
  }
}
