import type { AgencyDto } from '../agencies/dto/agency.dto.js';
import { buildProvisionalYear, WorkingCalendar } from '../deadlines/domain/index.js';
import { agencyTree, calendarWarnings, yearGrid } from './staff-admin-view.js';

describe('staff admin view helpers', () => {
  it('should lay a year out Monday first, marking holidays 休 and make-up working days 班 in text', () => {
    const calendar = WorkingCalendar.fromYears([
      { year: 2026, provisional: false, source: 't', days: [{ date: '2026-02-14', kind: 'MAKEUP_WORKDAY', name: '春节' }, { date: '2026-02-16', kind: 'DAY_OFF', name: '春节' }] },
    ]);
    const months = yearGrid(2026, (d) => calendar.dayInfo(d));
    expect(months).toHaveLength(12);
    const feb = months[1]!;
    // 1 February 2026 is a Sunday: six empty cells before it.
    expect(feb.weeks[0]!.slice(0, 7).map((c) => c.day)).toEqual([null, null, null, null, null, null, 1]);
    const cells = feb.weeks.flat();
    expect(cells.find((c) => c.day === 14)).toMatchObject({ mark: '班', cls: 'cal-makeup' });
    expect(cells.find((c) => c.day === 16)).toMatchObject({ mark: '休', cls: 'cal-holiday' });
    expect(cells.find((c) => c.day === 15)).toMatchObject({ mark: '休', cls: 'cal-weekend' });
    expect(cells.find((c) => c.day === 17)).toMatchObject({ mark: '', cls: 'cal-workday' });
    expect(cells.length % 7).toBe(0);
  });

  it('should warn about this and next year only while they are not imported', () => {
    const provisional = { ...buildProvisionalYear(2027), version: null };
    expect(calendarWarnings(2026, [{ year: 2026, provisional: false, version: 3 }, provisional]).map((w) => w.year)).toEqual([2027]);
    expect(calendarWarnings(2027, [provisional])[0]!.text).toContain('本年度');
  });

  it('should order agencies as a tree, each followed by the agencies under it', () => {
    const a = (id: string, code: string, parentId: string | null) => ({ id, code, parentId, name: code }) as AgencyDto;
    const tree = agencyTree([a('3', 'C', '1'), a('2', 'B', null), a('1', 'A', null), a('4', 'D', '3'), a('5', 'E', 'gone')]);
    expect(tree.map((t) => `${t.agency.code}${t.depth}`)).toEqual(['A0', 'C1', 'D2', 'B0', 'E0']);
  });
});
