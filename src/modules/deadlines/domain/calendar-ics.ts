import ICAL from 'ical.js';
import { addDays } from './day-number.js';

/** A day of a year's arrangement as the calendar import takes it (only the exceptions to Monday–Friday). */
export interface IcsCalendarDay {
  date: string;
  kind: 'DAY_OFF' | 'MAKEUP_WORKDAY';
  name?: string;
}

/** Why an ICS file could not be read as a holiday arrangement; `event` names the VEVENT (1-based) when there is one. */
export class IcsCalendarError extends Error {
  constructor(
    readonly code: 'UNREADABLE' | 'NOT_ALL_DAY' | 'UNKNOWN_KIND' | 'CONFLICTING_DAYS' | 'EMPTY',
    message: string,
    readonly event?: number,
  ) {
    super(message);
    this.name = 'IcsCalendarError';
  }
}

const MAX_EVENT_DAYS = 31;
const MAKEUP_WORDS = /调休上班|补班|上班|(?<![休假])班/u;
const DAY_OFF_WORDS = /放假|假期|休息|休|假/u;
const KIND_WORDS = /调休上班|补班|上班|放假|假期|休息|补休|调休|休|班|假/gu;

/**
 * The holiday arrangement of `year` from an iCalendar file as the common Chinese holiday feeds publish it: one
 * all-day VEVENT per holiday stretch or make-up day, its SUMMARY saying which ("春节 休", "国庆节放假",
 * "春节补班", "劳动节 班"; CATEGORIES may say it instead). DTEND is exclusive (RFC 5545). Days outside `year`
 * are left out (a feed often covers several years); the same day twice with different kinds is an error.
 */
export function calendarDaysFromIcs(text: string, year: number): IcsCalendarDay[] {
  let events: ICAL.Event[];
  try {
    const root = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const calendar = root.name === 'vcalendar' ? root : root.getFirstSubcomponent('vcalendar');
    if (!calendar) throw new Error('no VCALENDAR');
    events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  } catch (e) {
    throw new IcsCalendarError('UNREADABLE', `不是有效的iCalendar文件（${e instanceof Error ? e.message : String(e)}）`);
  }
  const days = new Map<string, IcsCalendarDay>();
  events.forEach((event, i) => {
    const n = i + 1;
    const start = event.startDate;
    if (!start || !start.isDate) throw new IcsCalendarError('NOT_ALL_DAY', `第${n}个事件不是全天事件（DTSTART应为VALUE=DATE）`, n);
    const summary = (event.summary ?? '').trim();
    const categories = event.component.getAllProperties('categories').flatMap((p) => p.getValues().map(String));
    const label = [summary, ...categories].join(' ');
    const kind = MAKEUP_WORDS.test(label) ? 'MAKEUP_WORKDAY' : DAY_OFF_WORDS.test(label) ? 'DAY_OFF' : null;
    if (!kind) throw new IcsCalendarError('UNKNOWN_KIND', `第${n}个事件（${summary || '无标题'}）未说明是放假（休）还是调休上班（班）`, n);
    const first = start.toString().slice(0, 10);
    const end = event.endDate?.isDate ? event.endDate.toString().slice(0, 10) : addDays(first, 1);
    const name = holidayName(summary);
    for (let date = first, k = 0; date < end; date = addDays(date, 1), k++) {
      if (k >= MAX_EVENT_DAYS) throw new IcsCalendarError('NOT_ALL_DAY', `第${n}个事件超过${MAX_EVENT_DAYS}天`, n);
      if (Number(date.slice(0, 4)) !== year) continue;
      const earlier = days.get(date);
      if (earlier && earlier.kind !== kind) throw new IcsCalendarError('CONFLICTING_DAYS', `${date}既是放假日又是调休上班日（第${n}个事件）`, n);
      days.set(date, { date, kind, ...(name ? { name } : {}) });
    }
  });
  if (days.size === 0) throw new IcsCalendarError('EMPTY', `文件中没有${year}年的放假或调休安排`);
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** "春节 休 第1天/共8天" → "春节"; "国庆节、中秋节放假" → "国庆节、中秋节". */
function holidayName(summary: string): string | undefined {
  const name = summary
    .replace(/[（(][^）)]*[）)]/gu, '')
    .replace(/第\s*\d+\s*天.*$/u, '')
    .replace(KIND_WORDS, '')
    .replace(/[\s·:：\-—]+/gu, ' ')
    .trim();
  return name ? [...name].slice(0, 40).join('') : undefined;
}
