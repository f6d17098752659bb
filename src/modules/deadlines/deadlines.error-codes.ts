import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** The working-day calendar. */
export const DEADLINES_ERROR_CODES = {
  module: 'deadlines',
  errors: {},
  fields: {
    // The calendar covers a fixed span of years; the message names the span.
    DATE_OUTSIDE_CALENDAR: '日期超出工作日历的范围',
    // a year's arrangement imported from an iCalendar file (IcsCalendarError), or given as days
    CONFLICTS_WITH_DAYS: 'days 与 ics 只能提供其一',
    UNREADABLE: '不是有效的iCalendar文件',
    NOT_ALL_DAY: '事件不是全天事件或超过天数上限',
    UNKNOWN_KIND: '事件未说明是放假（休）还是调休上班（班）',
    CONFLICTING_DAYS: '同一日期既是放假日又是调休上班日',
    EMPTY: '文件中没有该年的放假或调休安排',
  },
} as const satisfies ModuleErrorTable;
