import { buildAnnouncedYears } from './calendar-seed.js';
import { computeClock } from './case-clock.js';
import { WorkingCalendar } from './working-calendar.js';

// Expected due dates counted by hand from the State Council arrangements
// (国务院办公厅 2023/2024/2025 notices on the 2024/2025/2026 holidays), never from the code.
// Each row: receipt date → the 20th working day strictly after it.

const calendar = WorkingCalendar.fromYears(buildAnnouncedYears(2020, 2026), { fromYear: 2020, toYear: 2030 });

function dueDateFor(receiptDate: string): string | null {
  return computeClock({ receiptDate, events: [], today: receiptDate }, calendar).dueDate;
}

describe('reply due date around every holiday of 2024', () => {
  it.each([
    ['2023-12-29', '2024-01-29', '元旦: just before (Fri); 01-01 off'],
    ['2024-01-01', '2024-01-29', '元旦: on the holiday'],
    ['2024-01-16', '2024-02-18', '春节: due on the make-up Sunday 02-18'],
    ['2024-02-02', '2024-03-06', '春节: just before the make-up Sunday 02-04 and the 02-10..17 break'],
    ['2024-02-04', '2024-03-07', '春节: on the make-up Sunday 02-04'],
    ['2024-02-09', '2024-03-14', '春节: 除夕 2024 was still a working day'],
    ['2024-02-12', '2024-03-14', '春节: on the holiday'],
    ['2024-04-03', '2024-05-06', '清明: just before; counts the make-up Sundays 04-07 and 04-28'],
    ['2024-04-04', '2024-05-06', '清明: on the holiday'],
    ['2024-04-07', '2024-05-07', '清明: on the make-up Sunday'],
    ['2024-04-11', '2024-05-11', '劳动节: due on the make-up Saturday 05-11'],
    ['2024-04-30', '2024-05-30', '劳动节: just before'],
    ['2024-05-01', '2024-05-30', '劳动节: on the holiday'],
    ['2024-05-11', '2024-06-07', '劳动节: on the make-up Saturday'],
    ['2024-06-07', '2024-07-08', '端午: just before (Fri); 06-10 off'],
    ['2024-06-10', '2024-07-08', '端午: on the holiday'],
    ['2024-08-30', '2024-09-29', '中秋/国庆: due on the make-up Sunday 09-29'],
    ['2024-09-09', '2024-10-12', '国庆: due on the make-up Saturday 10-12'],
    ['2024-09-13', '2024-10-17', '中秋: just before the make-up Saturday 09-14'],
    ['2024-09-14', '2024-10-18', '中秋: on the make-up Saturday'],
    ['2024-09-16', '2024-10-18', '中秋: on the holiday'],
    ['2024-09-29', '2024-10-31', '国庆: on the make-up Sunday'],
    ['2024-09-30', '2024-11-01', '国庆: just before'],
    ['2024-10-01', '2024-11-01', '国庆: on the holiday'],
  ])('should count 20 working days from %s to %s (%s)', (receipt, due) => {
    expect(dueDateFor(receipt)).toBe(due);
  });
});

describe('reply due date around every holiday of 2025', () => {
  it.each([
    ['2024-12-27', '2025-01-26', '春节: due on the make-up Sunday 01-26'],
    ['2024-12-31', '2025-02-05', '元旦: just before; then 01-28..02-04 off'],
    ['2025-01-01', '2025-02-05', '元旦: on the holiday'],
    ['2025-01-06', '2025-02-08', '春节: due on the make-up Saturday 02-08'],
    ['2025-01-26', '2025-02-28', '春节: on the make-up Sunday'],
    ['2025-01-27', '2025-03-03', '春节: just before'],
    ['2025-01-29', '2025-03-03', '春节: on the holiday (初一)'],
    ['2025-02-08', '2025-03-07', '春节: on the make-up Saturday'],
    ['2025-03-28', '2025-04-27', '劳动节: due on the make-up Sunday 04-27'],
    ['2025-04-03', '2025-05-06', '清明: just before'],
    ['2025-04-04', '2025-05-06', '清明: on the holiday'],
    ['2025-04-27', '2025-05-28', '劳动节: on the make-up Sunday'],
    ['2025-04-30', '2025-06-03', '劳动节: just before; the period also crosses 端午 05-31..06-02'],
    ['2025-05-02', '2025-06-03', '劳动节: on the holiday'],
    ['2025-05-30', '2025-06-30', '端午: just before'],
    ['2025-05-31', '2025-06-30', '端午: on 端午 itself (a Saturday)'],
    ['2025-06-02', '2025-06-30', '端午: on the Monday off'],
    ['2025-09-01', '2025-09-28', '国庆: due on the make-up Sunday 09-28'],
    ['2025-09-08', '2025-10-11', '国庆: due on the make-up Saturday 10-11'],
    ['2025-09-28', '2025-10-31', '国庆: on the make-up Sunday'],
    ['2025-09-30', '2025-11-04', '国庆/中秋: just before'],
    ['2025-10-06', '2025-11-04', '中秋: on the holiday'],
    ['2025-10-11', '2025-11-07', '国庆: on the make-up Saturday'],
  ])('should count 20 working days from %s to %s (%s)', (receipt, due) => {
    expect(dueDateFor(receipt)).toBe(due);
  });
});

describe('reply due date around every holiday of 2026', () => {
  it.each([
    ['2025-12-04', '2026-01-04', '元旦: due on the make-up Sunday 01-04'],
    ['2025-12-31', '2026-01-29', '元旦: just before'],
    ['2026-01-01', '2026-01-29', '元旦: on the holiday'],
    ['2026-01-04', '2026-01-30', '元旦: on the make-up Sunday'],
    ['2026-01-19', '2026-02-14', '春节: due on the make-up Saturday 02-14'],
    ['2026-01-26', '2026-02-28', '春节: due on the make-up Saturday 02-28'],
    ['2026-02-13', '2026-03-19', '春节: just before'],
    ['2026-02-14', '2026-03-20', '春节: on the make-up Saturday 02-14'],
    ['2026-02-16', '2026-03-20', '春节: on the holiday (除夕)'],
    ['2026-02-28', '2026-03-27', '春节: on the make-up Saturday 02-28'],
    ['2026-04-03', '2026-05-07', '清明: just before; the period also crosses 劳动节'],
    ['2026-04-05', '2026-05-07', '清明: on the holiday'],
    ['2026-04-08', '2026-05-09', '劳动节: due on the make-up Saturday 05-09'],
    ['2026-04-30', '2026-06-01', '劳动节: just before'],
    ['2026-05-01', '2026-06-01', '劳动节: on the holiday'],
    ['2026-05-09', '2026-06-05', '劳动节: on the make-up Saturday'],
    ['2026-06-18', '2026-07-17', '端午: just before'],
    ['2026-06-19', '2026-07-17', '端午: on the holiday'],
    ['2026-08-24', '2026-09-20', '国庆: due on the make-up Sunday 09-20'],
    ['2026-09-07', '2026-10-10', '国庆: due on the make-up Saturday 10-10'],
    ['2026-09-20', '2026-10-23', '国庆: on the make-up Sunday'],
    ['2026-09-24', '2026-10-29', '中秋: just before'],
    ['2026-09-25', '2026-10-29', '中秋: on the holiday'],
    ['2026-09-30', '2026-11-03', '国庆: just before'],
    ['2026-10-01', '2026-11-03', '国庆: on the holiday'],
    ['2026-10-10', '2026-11-06', '国庆: on the make-up Saturday'],
  ])('should count 20 working days from %s to %s (%s)', (receipt, due) => {
    expect(dueDateFor(receipt)).toBe(due);
  });
});

describe('reply due date running into the provisional year 2027', () => {
  it.each([
    ['2026-11-20', '2026-12-18', false, 'ends in announced 2026'],
    ['2026-12-10', '2027-01-08', true, '2027-01-01 (Fri) is a statutory day off'],
    ['2026-12-31', '2027-01-29', true, 'starts on the last day of 2026'],
    ['2027-01-20', '2027-02-19', true, 'crosses the statutory Spring Festival 02-05 (除夕)..02-08 (初三)'],
  ])('should count from %s to %s (provisional %s: %s)', (receiptDate, due, provisional) => {
    const sut = computeClock({ receiptDate, events: [], today: receiptDate }, calendar);
    expect(sut.dueDate).toBe(due);
    expect(sut.provisional).toBe(provisional);
    expect(sut.provisionalYears).toEqual(provisional ? [2027] : []);
  });

  it('should name the provisional year in the explanation', () => {
    const sut = computeClock({ receiptDate: '2026-12-10', events: [], today: '2026-12-10' }, calendar);
    expect(sut.explanation.at(-1)).toMatchObject({ code: 'PROVISIONAL_CALENDAR', rule: '《全国年节及纪念日放假办法》（2024年修订）' });
    expect(sut.explanation.at(-1)?.text).toContain('2027年的节假日安排尚未公布');
  });
});
