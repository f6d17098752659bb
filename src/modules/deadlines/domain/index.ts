export * from './calendar-day.js';
export * from './calendar-seed.js';
export * from './case-clock.js';
export { addDays, fromDayNumber, isIsoDate, toDayNumber } from './day-number.js';
export { qingmingDate, solarDateOfLunar, springFestivalEve } from './lunar-dates.js';
export * from './workday-arithmetic.js';
export { CalendarDataError, OutsideCalendarError } from './calendar-data.js';
export { WorkingCalendar } from './working-calendar.js';
