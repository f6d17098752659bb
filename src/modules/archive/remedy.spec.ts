import { addDays } from '../deadlines/domain/index.js';
import { evidenceDeadline } from './remedy.js';

/** Weekends off, plus 2026-04-06 (清明 observed) as a statutory day off. */
const calendar = {
  isWorkday: (d: string) => {
    const day = new Date(`${d}T00:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6 && d !== '2026-04-06';
  },
  addWorkdays(date: string, n: number) {
    let d = date;
    while (n > 0) {
      d = addDays(d, 1);
      if (this.isWorkday(d)) n--;
    }
    return d;
  },
};

describe('remedy evidence deadlines', () => {
  it('should give a reconsideration ten working days from the copy (行政复议法第四十八条, 第八十八条), skipping weekends and the holiday', () => {
    // Copy received Thursday 2026-04-02: Fri 3, (Sat, Sun, Mon 6 off) 7, 8, 9, 10, 13, 14, 15, 16, 17 → 10th working day 04-17.
    expect(evidenceDeadline('RECONSIDERATION', '2026-04-02', false, calendar)).toMatchObject({ dueOn: '2026-04-17', days: 10, unit: '工作日' });
  });

  it('should give five working days in the simplified procedure (第五十四条)', () => {
    expect(evidenceDeadline('RECONSIDERATION', '2026-04-02', true, calendar)).toMatchObject({ dueOn: '2026-04-10', days: 5 });
  });

  it('should give a lawsuit fifteen calendar days (行政诉讼法第六十七条), moved to the next working day when it ends on a day off', () => {
    expect(evidenceDeadline('LITIGATION', '2026-04-01', false, calendar)).toMatchObject({ dueOn: '2026-04-16', days: 15, unit: '日' });
    // 2026-04-03 + 15 = Saturday 04-18 → Monday 04-20.
    expect(evidenceDeadline('LITIGATION', '2026-04-03', false, calendar).dueOn).toBe('2026-04-20');
  });
});
