/**
 * Operational statistics of an agency subtree over a period: pure arithmetic over the aggregate rows the
 * repository returns (counts, never case lists), so the figures stay cheap over a million cases.
 */

/** Cases replied in the period, grouped by (receipt date, reply date), with how many of them were late. */
export interface ReplyDurationGroup {
  readonly receiptDate: string;
  readonly repliedOn: string;
  readonly count: number;
  readonly late: number;
}

export interface ReplyDurations {
  /** Replies counted (those whose dates the working-day calendar covers). */
  readonly replies: number;
  readonly averageWorkdays: number | null;
  /** 90th percentile (nearest rank) of working days from receipt to reply. */
  readonly p90Workdays: number | null;
  /** Share of replies delivered after their due date (0…1). */
  readonly lateShare: number | null;
}

/**
 * Working days from receipt to reply (the receipt day not counted, the reply day counted — as the statutory
 * period runs, 条例第三十三条), weighted by the number of cases; `workdays` throws for dates outside the calendar.
 */
export function replyDurations(groups: readonly ReplyDurationGroup[], workdays: (from: string, to: string) => number): ReplyDurations {
  const weighted: { days: number; count: number }[] = [];
  let late = 0;
  for (const g of groups) {
    let days: number;
    try {
      days = workdays(g.receiptDate, g.repliedOn);
    } catch {
      continue;
    }
    weighted.push({ days, count: g.count });
    late += g.late;
  }
  const replies = weighted.reduce((s, w) => s + w.count, 0);
  if (replies === 0) return { replies: 0, averageWorkdays: null, p90Workdays: null, lateShare: null };
  weighted.sort((a, b) => a.days - b.days);
  const rank = Math.ceil(0.9 * replies);
  let seen = 0;
  let p90 = weighted.at(-1)!.days;
  for (const w of weighted) {
    seen += w.count;
    if (seen >= rank) {
      p90 = w.days;
      break;
    }
  }
  const total = weighted.reduce((s, w) => s + w.days * w.count, 0);
  return { replies, averageWorkdays: Math.round((total / replies) * 10) / 10, p90Workdays: p90, lateShare: Math.round((late / replies) * 1000) / 1000 };
}

/** The months of a period as YYYY-MM, in order (the x axis of the received-per-month chart, empty months included). */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number);
  const [ty, tm] = to.slice(0, 7).split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

export const rate = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 1000 : null);
