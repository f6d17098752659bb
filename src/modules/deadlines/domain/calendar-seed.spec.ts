import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { CalendarYear } from './calendar-day.js';
import {
  announcedYearsAvailable,
  buildAnnouncedYear,
  buildAnnouncedYears,
  buildProvisionalYear,
  PROVISIONAL_SOURCE,
} from './calendar-seed.js';
import { solarDateOfLunar, springFestivalEve, qingmingDate } from './lunar-dates.js';

function kindOn(year: CalendarYear, date: string): string | undefined {
  return year.days.find((d) => d.date === date)?.kind;
}

function count(year: CalendarYear, kind: string): number {
  return year.days.filter((d) => d.kind === kind).length;
}

describe('buildAnnouncedYears', () => {
  const [y2024, y2025, y2026] = buildAnnouncedYears(2024, 2026);

  it('should carry the published counts of days off and make-up days (as published for 2024–2026: 28/8, 28/5, 33/6)', () => {
    // the counts are entries of chinese-days' lists: every day off of each holiday period
    // (weekends inside the period included) and every 调休 make-up working day.
    expect([count(y2024, 'DAY_OFF'), count(y2024, 'MAKEUP_WORKDAY')]).toEqual([28, 8]);
    expect([count(y2025, 'DAY_OFF'), count(y2025, 'MAKEUP_WORKDAY')]).toEqual([28, 5]);
    expect([count(y2026, 'DAY_OFF'), count(y2026, 'MAKEUP_WORKDAY')]).toEqual([33, 6]);
  });

  it('should mark 2025 Spring Festival 01-28..02-04 off with make-up days 01-26 (Sun) and 02-08 (Sat)', () => {
    for (const date of ['2025-01-28', '2025-01-31', '2025-02-03', '2025-02-04']) {
      expect(y2025.days.find((d) => d.date === date)).toEqual({ date, kind: 'DAY_OFF', name: '春节' });
    }
    expect(kindOn(y2025, '2025-01-26')).toBe('MAKEUP_WORKDAY');
    expect(kindOn(y2025, '2025-02-08')).toBe('MAKEUP_WORKDAY');
    expect(kindOn(y2025, '2025-02-05')).toBeUndefined();
  });

  it('should mark 2024 National Day 10-01..10-07 off with make-up days 09-29 (Sun) and 10-12 (Sat)', () => {
    for (let day = 1; day <= 7; day++) expect(kindOn(y2024, `2024-10-0${day}`)).toBe('DAY_OFF');
    expect(y2024.days.find((d) => d.date === '2024-09-29')).toEqual({ date: '2024-09-29', kind: 'MAKEUP_WORKDAY', name: '国庆节' });
    expect(kindOn(y2024, '2024-10-12')).toBe('MAKEUP_WORKDAY');
  });

  it('should treat Sunday 2026-01-04 as a make-up working day (国办发明电〔2025〕7号: 1月4日（周日）上班)', () => {
    expect(y2026.days.find((d) => d.date === '2026-01-04')).toEqual({ date: '2026-01-04', kind: 'MAKEUP_WORKDAY', name: '元旦' });
  });

  it('should keep only the Chinese holiday name from labels like "Mid-autumn Festival,中秋,1"', () => {
    expect(y2025.days.find((d) => d.date === '2025-10-06')?.name).toBe('中秋');
    expect(y2025.days.find((d) => d.date === '2025-10-01')?.name).toBe('国庆节');
  });

  it('should mark announced years as not provisional and name their source', () => {
    expect(y2026.provisional).toBe(false);
    expect(y2026.source).toContain('2026年部分节假日安排');
  });

  it('should refuse a year chinese-days has no arrangement for instead of seeding an empty year', () => {
    expect(() => buildAnnouncedYear(2027)).toThrow(RangeError);
    expect(announcedYearsAvailable().at(-1)).toBe(2026);
    expect(announcedYearsAvailable()).toContain(2020);
  });
});

describe('lunar dates', () => {
  it.each([
    ['2026 正月初一', () => solarDateOfLunar(2026, 1, 1), '2026-02-17'],
    ['2026 除夕', () => springFestivalEve(2026), '2026-02-16'],
    ['2025 除夕 (腊月廿九: a 29-day 腊月)', () => springFestivalEve(2025), '2025-01-28'],
    ['2024 除夕 (腊月三十)', () => springFestivalEve(2024), '2024-02-09'],
    ['2025 端午', () => solarDateOfLunar(2025, 5, 5), '2025-05-31'],
    ['2025 中秋', () => solarDateOfLunar(2025, 8, 15), '2025-10-06'],
    ['2026 端午', () => solarDateOfLunar(2026, 5, 5), '2026-06-19'],
    ['2026 中秋', () => solarDateOfLunar(2026, 8, 15), '2026-09-25'],
    ['2020 端午 (after 闰四月)', () => solarDateOfLunar(2020, 5, 5), '2020-06-25'],
    ['2023 中秋 (after 闰二月)', () => solarDateOfLunar(2023, 8, 15), '2023-09-29'],
    ['2027 正月初一', () => solarDateOfLunar(2027, 1, 1), '2027-02-06'],
    ['2025 清明', () => qingmingDate(2025), '2025-04-04'],
    ['2026 清明', () => qingmingDate(2026), '2026-04-05'],
    ['2027 清明', () => qingmingDate(2027), '2027-04-05'],
  ])('should put %s on the known date', (_label, compute, expected) => {
    expect(compute()).toBe(expected);
  });

  it('should reject 腊月三十 in a year whose 腊月 has 29 days instead of rolling into the next year', () => {
    expect(() => solarDateOfLunar(2025, 12, 30)).toThrow(RangeError);
  });
});

describe('buildProvisionalYear', () => {
  it('should list exactly the statutory days of 2027 and no make-up days', () => {
    const sut = buildProvisionalYear(2027);
    expect(sut).toMatchObject({ year: 2027, provisional: true, source: PROVISIONAL_SOURCE });
    expect(sut.days.map((d) => `${d.date} ${d.name}`)).toEqual([
      '2027-01-01 元旦',
      '2027-02-05 春节', // 除夕
      '2027-02-06 春节',
      '2027-02-07 春节',
      '2027-02-08 春节', // 初三
      '2027-04-05 清明',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-06-09 端午',
      '2027-09-15 中秋',
      '2027-10-01 国庆节',
      '2027-10-02 国庆节',
      '2027-10-03 国庆节',
    ]);
    expect(sut.days.every((d) => d.kind === 'DAY_OFF')).toBe(true);
  });

  it('should keep one entry with both names when 中秋 falls inside 国庆 (2028-10-03)', () => {
    const days = buildProvisionalYear(2028).days.filter((d) => d.date === '2028-10-03');
    expect(days).toEqual([{ date: '2028-10-03', kind: 'DAY_OFF', name: '中秋、国庆节' }]);
  });

  it('should agree with every announced arrangement 2020–2026: each statutory day is a day off', () => {
    for (const announced of buildAnnouncedYears(2020, 2026)) {
      const daysOff = new Set(announced.days.filter((d) => d.kind === 'DAY_OFF').map((d) => d.date));
      const statutory = buildProvisionalYear(announced.year).days.filter(
        // 除夕 and the second 劳动节 day became statutory only with the 2024 revision (from 2025).
        (d) => announced.year >= 2025 || (d.date !== springFestivalEve(announced.year) && d.date !== `${announced.year}-05-02`),
      );
      for (const day of statutory) expect(`${day.date} ${daysOff.has(day.date)}`).toBe(`${day.date} true`);
    }
  });

  it('should not depend on the process time zone (chinese-days date helpers shift a day west of UTC)', () => {
    // jest sandboxes process.env, so run the lunar helpers in a child process with its own TZ.
    const script = `
      const { springFestivalEve, qingmingDate, solarDateOfLunar } = await import(process.argv[1]);
      console.log(JSON.stringify([2025, 2026, 2027].map((y) => [springFestivalEve(y), qingmingDate(y), solarDateOfLunar(y, 5, 5)])));`;
    const inUtc = runLunarHelpersIn('UTC', script);
    expect(inUtc).toEqual([
      ['2025-01-28', '2025-04-04', '2025-05-31'],
      ['2026-02-16', '2026-04-05', '2026-06-19'],
      ['2027-02-05', '2027-04-05', '2027-06-09'],
    ]);
    expect(runLunarHelpersIn('America/New_York', script)).toEqual(inUtc);
    expect(runLunarHelpersIn('Pacific/Kiritimati', script)).toEqual(inUtc);
  });
});

/** Transpiles lunar-dates.ts (and day-number.ts) to a temp dir and runs `script` under TZ=zone. */
function runLunarHelpersIn(zone: string, script: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-lunar-'));
  try {
    const chineseDaysUrl = pathToFileURL(createRequire(import.meta.url).resolve('chinese-days')).href;
    for (const name of ['lunar-dates', 'day-number']) {
      const source = readFileSync(new URL(`./${name}.ts`, import.meta.url), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      const runnable = outputText.replace("'chinese-days'", `'${chineseDaysUrl}'`).replace("'./day-number.js'", "'./day-number.mjs'");
      writeFileSync(join(dir, `${name}.mjs`), runnable);
    }
    const entry = pathToFileURL(join(dir, 'lunar-dates.mjs')).href;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, entry], {
      env: { ...process.env, TZ: zone },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
