import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception.js';
import { CalendarDayEntity } from './calendar-day.entity.js';
import { CalendarVersionEntity } from './calendar-version.entity.js';
import { type CalendarDay, type CalendarYear, type DayKind, buildAnnouncedYear, buildProvisionalYear, toDayNumber, WorkingCalendar } from './domain/index.js';
import { calendarDaysFromIcs, IcsCalendarError } from './domain/calendar-ics.js';
import { fromDayNumber, isWeekend } from './domain/day-number.js';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';

/** Years seeded from the chinese-days package at first boot (the 国务院办公厅 arrangement of each year, published each November). */
export const SEEDED_YEARS = { from: 2020, to: 2026 } as const;

/** How often an instance checks whether another instance changed the calendar (ms). */
const STALE_AFTER_MS = 30_000;

/** Called inside the import transaction with the new calendar; returns how many open cases moved. */
export type CalendarRecomputer = (em: EntityManager, calendar: WorkingCalendar, change: { versionId: number; year: number }) => Promise<number>;

export interface ImportYearCommand {
  year: number;
  source: string;
  note?: string;
  /** The arrangement as a list of exceptions, or as an iCalendar file (exactly one of the two). */
  days?: CalendarDay[];
  ics?: string;
  actorId: string;
}

/** A date whose kind (working day, day off, make-up working day) an import would change. */
export interface CalendarDayChange {
  date: string;
  before: DayKind;
  beforeName: string | null;
  after: DayKind;
  afterName: string | null;
}

export interface CalendarImportPreview {
  year: number;
  days: CalendarDay[];
  changes: CalendarDayChange[];
  calendar: WorkingCalendar;
}

/**
 * The working-day calendar: announced years live in `calendar_day` (versioned in `calendar_version`);
 * any other year is built provisionally from the statutory holidays. Held in memory as an O(1) index.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CalendarService.name);
  private calendar: WorkingCalendar | undefined;
  private loadedVersion = -1;
  // A failed refresh is repaired by the next one; the loaded calendar stays in use meanwhile.
  private readonly job = new PeriodicJob({ everyMs: STALE_AFTER_MS, run: () => this.refreshIfChanged(), logger: this.logger, failureMessage: 'calendar refresh failed', failureLevel: 'warn' });
  private readonly recomputers: CalendarRecomputer[] = [];

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.seedAnnouncedYears();
    await this.reload();
  }

  registerRecomputer(recomputer: CalendarRecomputer): void {
    this.recomputers.push(recomputer);
  }

  /**
   * The calendar in force, from memory: request paths (often inside a transaction) never wait on the database
   * for it. A timer picks up versions imported by other instances (refreshIfChanged).
   */
  async current(): Promise<WorkingCalendar> {
    if (!this.calendar) await this.reload();
    return this.calendar!;
  }

  /**
   * GET /calendar/add-workdays. The calendar covers a fixed span of years; a date outside it, or an answer beyond
   * it, is the client's 422 naming the field, never a 500.
   */
  async addWorkdays(date: string, n: number): Promise<{ result: string; provisional: boolean }> {
    const calendar = await this.current();
    const range = `日期超出工作日历的范围（${calendar.firstDate}至${calendar.lastDate}）`;
    if (date < calendar.firstDate || date > calendar.lastDate) throw AppException.invalidField('date', 'DATE_OUTSIDE_CALENDAR', range);
    let result: string;
    try {
      result = calendar.addWorkdays(date, n);
    } catch (e) {
      if (e instanceof RangeError) throw AppException.invalidField('n', 'DATE_OUTSIDE_CALENDAR', `计算结果${range}`);
      throw e;
    }
    return { result, provisional: calendar.provisionalYearsIn(date, result).length > 0 };
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** Reloads when another instance has imported a newer calendar version. */
  async refreshIfChanged(): Promise<void> {
    if ((await this.latestVersionId(this.dataSource.manager)) !== this.loadedVersion) await this.reload();
  }

  async year(year: number): Promise<CalendarYear & { version: number | null; importedAt: Date | null }> {
    const version = await this.dataSource.getRepository(CalendarVersionEntity).findOne({ where: { year }, order: { id: 'DESC' } });
    if (!version) return { ...buildProvisionalYear(year), version: null, importedAt: null };
    const days = await this.dataSource.getRepository(CalendarDayEntity).find({ where: { year }, order: { date: 'ASC' } });
    return {
      year,
      provisional: false,
      source: version.source,
      days: days.map((d) => ({ date: d.date, kind: d.kind, ...(d.name ? { name: d.name } : {}) })),
      version: version.id,
      importedAt: version.createdAt,
    };
  }

  versions(year?: number): Promise<CalendarVersionEntity[]> {
    return this.dataSource.getRepository(CalendarVersionEntity).find({ where: year ? { year } : {}, order: { id: 'DESC' } });
  }

  /**
   * Replaces a year's arrangement, records the version, and recomputes every open case's due date,
   * all in one transaction (a changed calendar moves due dates, and each moved case records that it did).
   */
  async importYear(cmd: ImportYearCommand): Promise<CalendarVersionEntity> {
    const days = daysToImport(cmd);
    validateYearDays(cmd.year, days);
    const { version, calendar } = await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gongkai:calendar']);
      const version = await em.save(
        em.create(CalendarVersionEntity, { year: cmd.year, source: cmd.source, note: cmd.note ?? null, days, createdById: cmd.actorId }),
      );
      await this.writeDays(em, cmd.year, days, cmd.source, version.id);
      const calendar = await this.build(em);
      let moved = 0;
      for (const recompute of this.recomputers) moved += await recompute(em, calendar, { versionId: version.id, year: cmd.year });
      version.casesRecomputed = moved;
      await em.save(version);
      return { version, calendar };
    });
    this.calendar = calendar;
    this.loadedVersion = version.id;
    return version;
  }

  /**
   * What an import would do, without writing anything: the days as read (the same parsing and checks as
   * importYear, so a preview that passes imports), every date whose kind changes against the calendar in force,
   * and the calendar the import would produce (for recomputing the open cases' due dates beside their stored ones).
   */
  async previewImport(cmd: Omit<ImportYearCommand, 'actorId'>): Promise<CalendarImportPreview> {
    const days = daysToImport({ ...cmd, actorId: '' });
    validateYearDays(cmd.year, days);
    const before = await this.current();
    const em = this.dataSource.manager;
    const rows = await em.find(CalendarDayEntity, { order: { date: 'ASC' } });
    const versions = await em.query<{ year: number; source: string }[]>(`SELECT DISTINCT ON (year) year, source FROM calendar_version ORDER BY year, id DESC`);
    const years = versions
      .filter(({ year }) => year !== cmd.year)
      .map(({ year, source }) => ({
        year,
        provisional: false,
        source,
        days: rows.filter((r) => r.year === year).map((r) => ({ date: r.date, kind: r.kind, ...(r.name ? { name: r.name } : {}) })),
      }));
    const calendar = WorkingCalendar.fromYears([...years, { year: cmd.year, provisional: false, source: cmd.source, days }]);
    const changes: CalendarDayChange[] = [];
    for (let day = toDayNumber(`${cmd.year}-01-01`); day <= toDayNumber(`${cmd.year}-12-31`); day++) {
      const date = fromDayNumber(day);
      const a = before.dayInfo(date);
      const b = calendar.dayInfo(date);
      if (a.kind !== b.kind) changes.push({ date, before: a.kind, beforeName: a.name ?? null, after: b.kind, afterName: b.name ?? null });
    }
    return { year: cmd.year, days, changes, calendar };
  }

  private async seedAnnouncedYears(): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gongkai:calendar']);
      const seeded = new Set((await em.find(CalendarVersionEntity, { select: { year: true } })).map((v) => v.year));
      for (let year = SEEDED_YEARS.from; year <= SEEDED_YEARS.to; year++) {
        if (seeded.has(year)) continue;
        const data = buildAnnouncedYear(year);
        const version = await em.save(em.create(CalendarVersionEntity, { year, source: data.source, note: '初始数据', days: data.days, createdById: null }));
        await this.writeDays(em, year, data.days, data.source, version.id);
        this.logger.log(`seeded the ${year} working-day calendar (${data.days.length} days)`);
      }
    });
  }

  private async writeDays(em: EntityManager, year: number, days: CalendarDay[], source: string, version: number): Promise<void> {
    await em.delete(CalendarDayEntity, { year });
    if (days.length === 0) return;
    await em.insert(
      CalendarDayEntity,
      days.map((d) => ({ date: d.date, year, kind: d.kind, name: d.name ?? null, source, version })),
    );
  }

  private async reload(): Promise<void> {
    const em = this.dataSource.manager;
    this.loadedVersion = await this.latestVersionId(em);
    this.calendar = await this.build(em);
  }

  private async build(em: EntityManager): Promise<WorkingCalendar> {
    const rows = await em.find(CalendarDayEntity, { order: { date: 'ASC' } });
    const versions = await em.query<{ year: number; source: string }[]>(
      `SELECT DISTINCT ON (year) year, source FROM calendar_version ORDER BY year, id DESC`,
    );
    const years = versions.map(({ year, source }) => ({
      year,
      provisional: false,
      source,
      days: rows.filter((r) => r.year === year).map((r) => ({ date: r.date, kind: r.kind, ...(r.name ? { name: r.name } : {}) })),
    }));
    return WorkingCalendar.fromYears(years);
  }

  private async latestVersionId(em: EntityManager): Promise<number> {
    const [row] = await em.query<{ id: number | null }[]>('SELECT max(id) AS id FROM calendar_version');
    return row?.id ?? 0;
  }
}

/** Only exceptions are imported: days off (any day) and make-up working days (weekends only), inside the year. */
/** The days of an import: the list as given, or read from the ICS file (its errors as 422s on `ics`). */
function daysToImport(cmd: ImportYearCommand): CalendarDay[] {
  if (cmd.ics != null && cmd.days != null) throw AppException.invalidField('ics', 'CONFLICTS_WITH_DAYS', 'days 与 ics 只能提供其一');
  if (cmd.ics == null) {
    if (cmd.days == null) throw AppException.invalidField('days', 'REQUIRED', '请提供 days（放假与调休日列表）或 ics（iCalendar文件内容）');
    return cmd.days;
  }
  try {
    return calendarDaysFromIcs(cmd.ics, cmd.year);
  } catch (e) {
    if (e instanceof IcsCalendarError) throw AppException.invalidField('ics', e.code, e.message);
    throw e;
  }
}

function validateYearDays(year: number, days: CalendarDay[]): void {
  const seen = new Set<string>();
  const errors = days.flatMap((d, i) => {
    const field = `days.${i}`;
    if (Number(d.date.slice(0, 4)) !== year) return [{ field: `${field}.date`, code: 'OUT_OF_YEAR', message: `日期不属于${year}年` }];
    if (seen.has(d.date)) return [{ field: `${field}.date`, code: 'DUPLICATE', message: '日期重复' }];
    seen.add(d.date);
    const weekend = isWeekend(toDayNumber(d.date));
    if (d.kind === 'MAKEUP_WORKDAY' && !weekend) return [{ field: `${field}.kind`, code: 'NOT_A_WEEKEND', message: '调休上班日应为周六或周日' }];
    if (d.kind === 'WORKDAY') return [{ field: `${field}.kind`, code: 'INVALID_ENUM', message: '只需导入放假日（DAY_OFF）和调休上班日（MAKEUP_WORKDAY）' }];
    return [];
  });
  if (errors.length > 0) throw new AppException('VALIDATION_FAILED', errors);
}
