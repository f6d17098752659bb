import type { WorkdayArithmetic } from './workday-arithmetic.js';

// Counting a working-day period that has excluded stretches (条例第三十三条第三款:
// consultation time "不计算在前款规定的期限内"). Each stretch (from, to] is half-open:
// the day a letter goes out still counts, the day the answer arrives does not.
// Cost: a few calendar calls per stretch, never one per day.

export interface ExcludedInterval {
  from: string;
  /** null while the stretch is still open */
  to: string | null;
}

export interface CountedSegment {
  first: string;
  last: string;
  workdays: number;
}

export interface SkippedStretch {
  from: string;
  to: string;
  workdays: number;
}

export interface PeriodWalk {
  /** null when the period runs into a stretch that is still open */
  due: string | null;
  counted: CountedSegment[];
  /** Merged stretches the period passed over before its end. */
  skipped: SkippedStretch[];
  /** The open stretch the period is waiting in, if any. */
  waitingSince: string | null;
}

/** Clip to what lies after base, then merge overlapping or touching stretches (union). */
export function mergeIntervals(base: string, intervals: readonly ExcludedInterval[]): ExcludedInterval[] {
  const clipped = intervals
    .filter((iv) => iv.to === null || iv.to > base)
    .map((iv) => ({ from: iv.from < base ? base : iv.from, to: iv.to }))
    .sort((a, b) => a.from.localeCompare(b.from));
  const merged: ExcludedInterval[] = [];
  for (const iv of clipped) {
    const last = merged.at(-1);
    if (last && (last.to === null || iv.from <= last.to)) {
      last.to = last.to === null || iv.to === null ? null : iv.to > last.to ? iv.to : last.to;
    } else {
      merged.push({ ...iv });
    }
  }
  return merged;
}

/** Whether two stretches share a day, i.e. their union is shorter than their sum. */
export function overlapping(intervals: readonly ExcludedInterval[]): boolean {
  const sorted = [...intervals].sort((a, b) => a.from.localeCompare(b.from));
  let reach: string | null | undefined; // latest end so far; null = still open
  for (const iv of sorted) {
    if (reach === null || (reach !== undefined && iv.from < reach)) return true;
    reach = iv.to === null ? null : reach === undefined || iv.to > reach ? iv.to : reach;
  }
  return false;
}

/** The day on which `total` counted working days after base are used up. */
export function walkPeriod(
  calendar: WorkdayArithmetic,
  base: string,
  total: number,
  intervals: readonly ExcludedInterval[],
): PeriodWalk {
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`A period needs a whole number of working days >= 1, got ${total}`);
  const counted: CountedSegment[] = [];
  const skipped: SkippedStretch[] = [];
  const countSegment = (after: string, workdays: number): string => {
    const last = calendar.addWorkdays(after, workdays);
    counted.push({ first: calendar.nextWorkday(after), last, workdays });
    return last;
  };

  let cursor = base;
  let needed = total;
  for (const iv of mergeIntervals(base, intervals)) {
    const available = calendar.workdaysBetween(cursor, iv.from);
    if (available >= needed) return { due: countSegment(cursor, needed), counted, skipped, waitingSince: null };
    if (available > 0) countSegment(cursor, available);
    needed -= available;
    if (iv.to === null) return { due: null, counted, skipped, waitingSince: iv.from };
    skipped.push({ from: iv.from, to: iv.to, workdays: calendar.workdaysBetween(iv.from, iv.to) });
    cursor = iv.to;
  }
  return { due: countSegment(cursor, needed), counted, skipped, waitingSince: null };
}

/** Counted working days in (base, until], i.e. outside every excluded stretch. */
export function countedWorkdays(
  calendar: WorkdayArithmetic,
  base: string,
  until: string,
  intervals: readonly ExcludedInterval[],
): number {
  if (until <= base) return 0;
  let count = calendar.workdaysBetween(base, until);
  for (const iv of mergeIntervals(base, intervals)) {
    if (iv.from >= until) break;
    const end = iv.to === null || iv.to > until ? until : iv.to;
    count -= calendar.workdaysBetween(iv.from, end);
  }
  return count;
}
