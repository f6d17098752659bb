import { countedWorkdays, mergeIntervals, overlapping, walkPeriod } from './period-walk.js';
import { WorkingCalendar } from './working-calendar.js';

// A year with no holidays at all, so only weekends matter: 2030-03-04 is a Monday.
const plainWeeks = WorkingCalendar.fromYears([], {
  fromYear: 2030,
  toYear: 2030,
  provisionalFactory: (year) => ({ year, provisional: false, source: 'test: weekends only', days: [] }),
});

describe('mergeIntervals', () => {
  it('should clip stretches to what lies after the base and merge overlapping or touching ones', () => {
    expect(
      mergeIntervals('2030-03-04', [
        { from: '2030-03-10', to: '2030-03-12' },
        { from: '2030-03-01', to: '2030-03-06' },
        { from: '2030-03-01', to: '2030-03-04' }, // ends on the base: nothing left
        { from: '2030-03-12', to: '2030-03-15' },
        { from: '2030-03-11', to: '2030-03-13' },
      ]),
    ).toEqual([
      { from: '2030-03-04', to: '2030-03-06' },
      { from: '2030-03-10', to: '2030-03-15' },
    ]);
  });

  it('should let an open stretch swallow everything after it', () => {
    expect(mergeIntervals('2030-03-04', [{ from: '2030-03-06', to: null }, { from: '2030-03-10', to: '2030-03-12' }])).toEqual([
      { from: '2030-03-06', to: null },
    ]);
  });
});

describe('overlapping', () => {
  it('should tell shared days from stretches that merely touch', () => {
    expect(overlapping([{ from: '2030-03-05', to: '2030-03-12' }, { from: '2030-03-10', to: '2030-03-18' }])).toBe(true);
    expect(overlapping([{ from: '2030-03-05', to: '2030-03-10' }, { from: '2030-03-10', to: '2030-03-18' }])).toBe(false);
    expect(overlapping([{ from: '2030-03-05', to: null }, { from: '2030-03-20', to: '2030-03-25' }])).toBe(true);
    expect(overlapping([{ from: '2030-03-05', to: '2030-03-06' }])).toBe(false);
  });
});

describe('walkPeriod', () => {
  it('should count around an excluded stretch and report each counted segment', () => {
    // base Mon 03-04; 3 counted (03-05..07); (03-07, 03-13] skipped (4 working days); 2 more: 03-14, 03-15
    const sut = walkPeriod(plainWeeks, '2030-03-04', 5, [{ from: '2030-03-07', to: '2030-03-13' }]);
    expect(sut).toEqual({
      due: '2030-03-15',
      counted: [
        { first: '2030-03-05', last: '2030-03-07', workdays: 3 },
        { first: '2030-03-14', last: '2030-03-15', workdays: 2 },
      ],
      skipped: [{ from: '2030-03-07', to: '2030-03-13', workdays: 4 }],
      waitingSince: null,
    });
  });

  it('should have no due date while the period waits in an open stretch', () => {
    const sut = walkPeriod(plainWeeks, '2030-03-04', 5, [{ from: '2030-03-06', to: null }]);
    expect(sut).toMatchObject({ due: null, waitingSince: '2030-03-06', counted: [{ workdays: 2 }] });
  });

  it('should ignore a stretch that starts on or after the last counted day', () => {
    expect(walkPeriod(plainWeeks, '2030-03-04', 3, [{ from: '2030-03-07', to: null }]).due).toBe('2030-03-07');
  });
});

describe('countedWorkdays', () => {
  it('should count working days up to a date, outside the excluded stretches', () => {
    const stretches = [{ from: '2030-03-06', to: '2030-03-08' }];
    expect(countedWorkdays(plainWeeks, '2030-03-04', '2030-03-11', stretches)).toBe(3); // 03-05, 03-06, 03-11
    expect(countedWorkdays(plainWeeks, '2030-03-04', '2030-03-07', stretches)).toBe(2);
    expect(countedWorkdays(plainWeeks, '2030-03-04', '2030-03-04', stretches)).toBe(0);
  });
});
