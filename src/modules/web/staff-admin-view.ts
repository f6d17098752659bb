import type { AgencyDto } from '../agencies/dto/agency.dto.js';
import type { DayInfo, DayKind } from '../deadlines/domain/index.js';
import { STAFF_ADMIN_PATH } from './staff-paths.js';

// Pure view helpers of the admin pages (no Nest, no database): navigation, the agency tree, calendar warnings and
// the month grid.

const SECTIONS = [
  { key: 'home', href: STAFF_ADMIN_PATH, label: '管理首页' },
  { key: 'agencies', href: `${STAFF_ADMIN_PATH}/agencies`, label: '机关设置' },
  { key: 'users', href: `${STAFF_ADMIN_PATH}/users`, label: '用户管理' },
  { key: 'calendar', href: `${STAFF_ADMIN_PATH}/calendar`, label: '工作日历' },
  { key: 'templates', href: `${STAFF_ADMIN_PATH}/templates`, label: '文书模板' },
  { key: 'imports', href: `${STAFF_ADMIN_PATH}/imports`, label: '历史导入' },
] as const;

/** The staff pages' own stylesheet (month grid, tables, sub-navigation). */
export const STAFF_STYLES = ['staff-admin.css'];

export function adminSubnav(current: (typeof SECTIONS)[number]['key']): { subnav: { href: string; label: string; current: boolean }[]; styles: string[] } {
  return { subnav: SECTIONS.map((s) => ({ href: s.href, label: s.label, current: s.key === current })), styles: STAFF_STYLES };
}

/** Agencies in tree order (each followed by the agencies under it), with their depth; orphans at the top level. */
export function agencyTree(agencies: readonly AgencyDto[]): { agency: AgencyDto; depth: number }[] {
  const ids = new Set(agencies.map((a) => a.id));
  const children = new Map<string | null, AgencyDto[]>();
  for (const a of agencies) {
    const parent = a.parentId && ids.has(a.parentId) ? a.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), a]);
  }
  const out: { agency: AgencyDto; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number): void => {
    for (const a of (children.get(parent) ?? []).sort((x, y) => x.code.localeCompare(y.code))) {
      if (seen.has(a.id)) continue;
      seen.add(a.id);
      out.push({ agency: a, depth });
      walk(a.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export interface CalendarYearState {
  year: number;
  provisional: boolean;
  version: number | null;
}

export interface CalendarWarning {
  year: number;
  text: string;
}

/**
 * A year without an imported arrangement is built from the statutory holidays alone, and every due date in it is
 * provisional until the State Council's notice (usually in the autumn before) is imported.
 */
export function calendarWarnings(thisYear: number, years: readonly CalendarYearState[]): CalendarWarning[] {
  return years
    .filter((y) => y.provisional || y.version === null)
    .map((y) => ({
      year: y.year,
      text:
        y.year === thisYear
          ? `${y.year}年（本年度）的放假安排尚未导入，工作日按法定节假日临时推算，落在本年度的答复期限均标为“暂定”。请尽快导入国务院办公厅的放假通知。`
          : `${y.year}年的放假安排尚未导入，落在${y.year}年的答复期限标为“暂定”。国务院办公厅公布通知后请导入。`,
    }));
}

export const DAY_KIND_LABELS: Record<DayKind, string> = { WORKDAY: '工作日', DAY_OFF: '休息日', MAKEUP_WORKDAY: '调休上班' };

export interface GridCell {
  day: number | null;
  date?: string;
  /** 休 / 班 / '' — a text mark beside the colour, so the kind never depends on colour alone. */
  mark: string;
  cls: string;
  name?: string;
  description?: string;
  /** Changed by the import being previewed (marked 改 as well as coloured). */
  changed?: boolean;
}

export interface MonthGrid {
  month: number;
  caption: string;
  weeks: GridCell[][];
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
export const WEEKDAY_HEADERS = WEEKDAYS.map((d) => `星期${d}`);
export const WEEKDAY_SHORT = WEEKDAYS;

/** Twelve month tables (Monday first) of a year: weekends and holidays marked 休, make-up working days 班. */
export function yearGrid(year: number, dayInfo: (date: string) => DayInfo): MonthGrid[] {
  const months: MonthGrid[] = [];
  for (let m = 1; m <= 12; m++) {
    const first = new Date(Date.UTC(year, m - 1, 1));
    const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const lead = (first.getUTCDay() + 6) % 7;
    const cells: GridCell[] = Array.from({ length: lead }, () => ({ day: null, mark: '', cls: 'cal-empty' }));
    for (let d = 1; d <= days; d++) {
      const date = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const info = dayInfo(date);
      const weekend = ((lead + d - 1) % 7) >= 5;
      const holiday = info.kind === 'DAY_OFF' && (!weekend || Boolean(info.name));
      const cell: GridCell =
        info.kind === 'MAKEUP_WORKDAY'
          ? { day: d, date, mark: '班', cls: 'cal-makeup', name: info.name, description: `${m}月${d}日 调休上班${info.name ? `（${info.name}）` : ''}` }
          : info.kind === 'DAY_OFF'
            ? { day: d, date, mark: '休', cls: holiday ? 'cal-holiday' : 'cal-weekend', name: info.name, description: `${m}月${d}日 ${holiday ? '放假' : '周末休息'}${info.name ? `（${info.name}）` : ''}` }
            : { day: d, date, mark: '', cls: 'cal-workday', description: `${m}月${d}日 工作日` };
      cells.push(cell);
    }
    while (cells.length % 7) cells.push({ day: null, mark: '', cls: 'cal-empty' });
    const weeks: GridCell[][] = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    months.push({ month: m, caption: `${year}年${m}月`, weeks });
  }
  return months;
}
