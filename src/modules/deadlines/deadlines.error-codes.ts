import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** The working-day calendar. */
export const DEADLINES_ERROR_CODES = {
  module: 'deadlines',
  errors: {},
  fields: {
    // The calendar covers a fixed span of years; the message names the span.
    DATE_OUTSIDE_CALENDAR: '日期超出工作日历的范围',
  },
} as const satisfies ModuleErrorTable;
