import { Body, Controller, Get, HttpCode, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { AgenciesService } from '../agencies/agencies.service.js';
import { CasesService } from '../cases/cases.service.js';
import { type CalendarDayChange, CalendarService } from '../deadlines/calendar.service.js';
import type { CalendarDay } from '../deadlines/domain/index.js';
import { ImportCalendarYearDto } from '../deadlines/dto/calendar.dto.js';
import { adminSubnav, calendarWarnings, DAY_KIND_LABELS, WEEKDAY_HEADERS, WEEKDAY_SHORT, yearGrid } from './staff-admin-view.js';
import { STAFF_ADMIN_PATH, staffUser } from './staff-paths.js';
import { type FlatForm, type FormErrors, flatForm, formErrorsOf, singleError, validateAs } from './web-forms.js';
import { chineseDate, csrfCheck, renderError } from './web-setup.js';
import { WebPages } from './web-page.decorator.js';

const ADMIN: readonly Role[] = [Role.ADMIN];
const IMPORT_FIELDS = ['year', 'source', 'note', 'file'];
/**
 * An iCalendar or JSON file of one year's arrangement is a few kilobytes; anything near this is not one. Kept well
 * under the form-body limit, since the preview carries the file's text back in the confirmation form.
 */
const MAX_FILE_BYTES = 100 * 1024;

interface MulterFile {
  buffer: Buffer;
  originalname: string;
  size: number;
}

type ImportFormat = 'ics' | 'json';

/**
 * 工作日历 (working-day calendar) for admins: a year as twelve month grids, and importing a year from an iCalendar
 * or JSON file in two steps — a preview of the changed days and of the open cases whose due dates would move
 * (computed with the same clock the import recomputes with, nothing written), then the import itself through the
 * calendar service (the same transaction as PUT /calendar/:year: new version, every open case recomputed and
 * CALENDAR_CHANGED recorded on each case whose due date moved).
 */
@WebPages()
@Public()
@Controller()
export class StaffAdminCalendarController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly cases: CasesService,
    private readonly agencies: AgenciesService,
    private readonly clock: Clock,
  ) {}

  @Get('staff/admin/calendar')
  async year(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const thisYear = Number(this.clock.today().slice(0, 4));
    const year = parseYear(req.query.year) ?? thisYear;
    if (!(await this.inCalendar(year))) return renderError(res, 404);
    await this.renderYear(res, user, year, { year: String(year + (year === thisYear ? 1 : 0)) }, undefined, typeof req.query.imported === 'string' ? req.query.imported : undefined);
  }

  @HttpCode(200)
  @Post('staff/admin/calendar/preview')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES, files: 1 } }))
  async preview(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    if (!csrfCheck(req)) return renderError(res, 403, '页面已过期，请返回工作日历页面刷新后重新选择文件。');
    const form = flatForm(req.body);
    const file = (req as Request & { file?: MulterFile }).file;
    const shownYear = parseYear(form.year) ?? Number(this.clock.today().slice(0, 4));
    const back = (status: number, errors: FormErrors) => this.renderYear(res.status(status), user, shownYear, form, errors);
    if (!file || file.size === 0) return back(422, singleError('file', '请选择要导入的 iCalendar（.ics）或 JSON 文件'));
    const content = file.buffer.toString('utf8');
    const format = formatOf(file.originalname, content);
    const read = await this.read(form, format, content);
    if ('errors' in read) return back(422, read.errors);
    let preview;
    try {
      preview = await this.calendars.previewImport(read.command);
    } catch (e) {
      return back(422, importErrors(e));
    }
    const moves = await this.cases.dueDatesUnderCalendar(preview.calendar);
    const agencyNames = new Map((await this.agencies.list()).map((a) => [a.id, a.name]));
    const grid = yearGrid(preview.year, (d) => preview.calendar.dayInfo(d));
    const changed = new Set(preview.changes.map((c) => c.date));
    for (const c of grid.flatMap((m) => m.weeks.flat())) {
      if (!c.date || !changed.has(c.date)) continue;
      Object.assign(c, { cls: `${c.cls} cal-changed`, changed: true, description: `${c.description ?? ''}（本次改变）` });
    }
    res.render('staff/admin/calendar-preview', {
      title: `导入预览：${preview.year}年工作日历`,
      user,
      year: preview.year,
      source: read.command.source,
      note: read.command.note,
      filename: decodeName(file.originalname),
      format,
      content,
      dayCount: preview.days.length,
      // A file that leaves out a festival the calendar in force has (a partial file, a typo in a SUMMARY) would turn
      // those days into working days: named so that nobody imports it by mistake.
      lostHolidays: lostHolidays(preview.changes, preview.days),
      changes: preview.changes.map((c) => ({
        date: chineseDate(c.date),
        before: `${DAY_KIND_LABELS[c.before]}${c.beforeName ? `（${c.beforeName}）` : ''}`,
        after: `${DAY_KIND_LABELS[c.after]}${c.afterName ? `（${c.afterName}）` : ''}`,
      })),
      moves: moves.map((m) => ({
        id: m.id,
        trackingNumber: m.trackingNumber,
        agency: agencyNames.get(m.agencyId) ?? '',
        status: m.statusLabel,
        before: m.previousDueDate ? `${chineseDate(m.previousDueDate)}${m.previousProvisional ? '（暂定）' : ''}` : '—',
        after: m.dueDate ? `${chineseDate(m.dueDate)}${m.provisional ? '（暂定）' : ''}` : '—',
        earlier: Boolean(m.dueDate && m.previousDueDate && m.dueDate < m.previousDueDate),
      })),
      grid,
      weekdays: WEEKDAY_HEADERS.map((full, i) => ({ full, short: WEEKDAY_SHORT[i] })),
      ...adminSubnav('calendar'),
    });
  }

  @HttpCode(200)
  @Post('staff/admin/calendar/apply')
  async apply(@Body() body: unknown, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const form = flatForm(body);
    const format: ImportFormat = form.format === 'json' ? 'json' : 'ics';
    const read = await this.read(form, format, form.content ?? '');
    const year = parseYear(form.year) ?? Number(this.clock.today().slice(0, 4));
    if ('errors' in read) return this.renderYear(res.status(422), user, year, form, read.errors);
    let version;
    try {
      version = await this.calendars.importYear({ ...read.command, actorId: user.id });
    } catch (e) {
      return this.renderYear(res.status(422), user, year, form, importErrors(e));
    }
    res.redirect(303, `${STAFF_ADMIN_PATH}/calendar?year=${version.year}&imported=${version.casesRecomputed}`);
  }

  /** The form and the file → the API's import body, validated by its DTO (source, note, days or ics). */
  private async read(form: FlatForm, format: ImportFormat, content: string): Promise<{ command: { year: number; source: string; note?: string; days?: ImportCalendarYearDto['days']; ics?: string } } | { errors: FormErrors }> {
    const year = parseYear(form.year);
    if (!year) return { errors: singleError('year', '请填写四位数的年份，如2027') };
    if (!(await this.inCalendar(year))) return { errors: singleError('year', '年份超出工作日历的范围') };
    let plain: Record<string, unknown> = { source: form.source ?? '', ...(form.note?.trim() ? { note: form.note } : {}) };
    if (format === 'json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(content);
      } catch {
        return { errors: singleError('file', '文件不是有效的 JSON，请检查后重新选择') };
      }
      const days = Array.isArray(parsed) ? parsed : (parsed as { days?: unknown } | null)?.days;
      if (!Array.isArray(days)) return { errors: singleError('file', 'JSON 文件应为放假与调休日的列表，或含 days 列表的对象') };
      plain = { ...plain, days };
    } else {
      plain = { ...plain, ics: content };
    }
    try {
      const dto = await validateAs(ImportCalendarYearDto, plain);
      return { command: { year, source: dto.source, ...(dto.note ? { note: dto.note } : {}), ...(dto.days ? { days: dto.days } : {}), ...(dto.ics ? { ics: dto.ics } : {}) } };
    } catch (e) {
      return { errors: importErrors(e) };
    }
  }

  private async inCalendar(year: number): Promise<boolean> {
    const calendar = await this.calendars.current();
    return `${year}-01-01` >= calendar.firstDate && `${year}-12-31` <= calendar.lastDate;
  }

  private async renderYear(res: Response, user: AuthUser, year: number, form: FlatForm, errors?: FormErrors, imported?: string): Promise<void> {
    const thisYear = Number(this.clock.today().slice(0, 4));
    const calendar = await this.calendars.current();
    const info = await this.calendars.year(year);
    const versions = (await this.calendars.versions(year)).slice(0, 5).map((v) => ({ id: v.id, source: v.source, note: v.note, at: chineseDate(beijingDate(v.createdAt)), dayCount: v.days.length, moved: v.casesRecomputed }));
    const warnings = calendarWarnings(thisYear, [await this.calendars.year(thisYear), await this.calendars.year(thisYear + 1)]);
    const years = [thisYear - 1, thisYear, thisYear + 1].filter((y) => `${y}-01-01` >= calendar.firstDate && `${y}-12-31` <= calendar.lastDate);
    res.render('staff/admin/calendar', {
      title: `${errors ? '错误：' : ''}工作日历 ${year}年`,
      user,
      year,
      provisional: info.provisional || info.version === null,
      source: info.source,
      importedAt: info.importedAt ? chineseDate(beijingDate(info.importedAt)) : null,
      versions,
      warnings,
      years: years.map((y) => ({ year: y, current: y === year })),
      grid: yearGrid(year, (d) => calendar.dayInfo(d)),
      weekdays: WEEKDAY_HEADERS.map((full, i) => ({ full, short: WEEKDAY_SHORT[i] })),
      form,
      errors,
      labels: { year: '导入年份', source: '来源', note: '说明', file: '文件' },
      imported,
      ...adminSubnav('calendar'),
    });
  }
}

/** Festivals that had days off and appear nowhere in the file (清明 and 清明节 are the same festival). */
function lostHolidays(changes: CalendarDayChange[], days: CalendarDay[]): string[] {
  const kept = days.flatMap((d) => (d.name ? [d.name] : []));
  const lost = changes.filter((c) => c.before === 'DAY_OFF' && c.beforeName && c.after === 'WORKDAY').map((c) => c.beforeName!);
  return [...new Set(lost)].filter((name) => !kept.some((k) => k.includes(name) || name.includes(k)));
}

/** The Beijing calendar date of an instant. */
function beijingDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function parseYear(v: unknown): number | undefined {
  return typeof v === 'string' && /^\d{4}$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

function formatOf(name: string, content: string): ImportFormat {
  if (/\.json$/i.test(name)) return 'json';
  if (/\.ics$/i.test(name)) return 'ics';
  return /^\s*[[{]/.test(content) ? 'json' : 'ics';
}

/** The import's 422 (an unreadable iCalendar file, a day outside the year …) shown on the form; `days.3.date` → the file. */
function importErrors(e: unknown): FormErrors {
  if (!(e instanceof AppException) || e.code !== 'VALIDATION_FAILED') {
    if (e instanceof AppException && e.status < 500) return singleError('file', e.message);
    throw e;
  }
  const fileErrors = (e.errors ?? []).filter((x) => x.field === 'ics' || x.field === 'days' || x.field.startsWith('days.'));
  if (fileErrors.length) {
    const first = fileErrors[0]!;
    const where = /^days\.(\d+)/.exec(first.field);
    return singleError('file', where ? `第${Number(where[1]) + 1}项：${first.message}` : first.message);
  }
  return formErrorsOf(e, IMPORT_FIELDS);
}

function decodeName(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}
