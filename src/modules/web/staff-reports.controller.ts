import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { hasPermission, Permission } from '../../common/auth/permission.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { CASE_CHANNEL_LABELS, type CaseChannel } from '../cases/case-channel.js';
import { REPLY_TYPE_LABELS, type ReplyType } from '../letters/reply-types.js';
import { AnnualReportQuery, PublishReportDto, ReportCellQuery } from '../reports/dto/report.query.js';
import { StatisticsQuery } from '../reports/dto/statistics.query.js';
import { ReportsService, type AnnualReport } from '../reports/reports.service.js';
import { StatisticsService } from '../reports/statistics.service.js';
import { WebPages } from './web-page.decorator.js';
import { flatForm, formErrorsOf, type FormErrors, validateAs } from './web-forms.js';
import { chineseDate, renderError } from './web-setup.js';

/** Where a staff member without a session is sent (the staff login page); `?next=` brings them back. */
export const STAFF_LOGIN_PATH = '/staff/login';
/** A case's page on the staff side, for the drill-down lists. */
export const STAFF_CASE_PATH = '/staff/cases';

const REPORT_FIELDS = ['agencyId', 'year', 'subtree'];
const STATISTICS_FIELDS = ['agencyId', 'from', 'to', 'subtree'];
const LABELS = { agencyId: '机关', year: '报告年度', subtree: '汇总范围', from: '统计期间起', to: '统计期间止', explanation: '说明' };

type Query = Record<string, unknown>;

/** One printed line of 表三 in the 2021 format: the label cells with their spans, then the numbers. */
interface PrintedRow {
  code: string;
  labels: { text: string; rowspan: number; colspan: number; header: boolean }[];
  cells: { value: number; href: string | null; label: string }[];
  total: boolean;
}

/**
 * 年度报告与运行统计 pages for office heads and auditors (their scope) and admins (all): the same services and rules
 * as GET /api/v1/reports/annual and /statistics (条例第四十九、五十条), server-rendered, usable without scripts.
 * Applicants, officers and legal advisors get 403 (as from the API); an agency outside the caller's scope 404.
 */
@WebPages()
@Public()
@Controller('staff/reports')
export class StaffReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly statistics: StatisticsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async index(@Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!this.admit(req, res, user)) return;
    const agencies = await this.reports.reachableAgencies(user!);
    const year = Number(this.clock.today().slice(0, 4)) - 1;
    res.render('staff/reports/index', { title: '年度报告与统计', user, ...this.selection(agencies, { agencyId: agencies[0]?.id ?? '', year: String(year) }), ...navOf() });
  }

  @Get('annual')
  async annual(@Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!this.admit(req, res, user)) return;
    const values = pick(req.query as Query, REPORT_FIELDS);
    let scope: AnnualReportQuery;
    try {
      scope = await validateAs(AnnualReportQuery, { ...values, subtree: values.subtree === 'true' ? 'true' : undefined });
    } catch (e) {
      return this.renderIndexWithErrors(res, user!, values, formErrorsOf(e, REPORT_FIELDS));
    }
    try {
      const report = await this.reports.annual(user!, scope);
      res.render('staff/reports/annual', { title: `${report.agency.name}${report.year}年度报告`, ...this.annualView(user!, report, req), ...navOf() });
    } catch (e) {
      this.fail(res, e);
    }
  }

  @Get('annual/cell')
  async cell(@Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!this.admit(req, res, user)) return;
    try {
      const values = pick(req.query as Query, [...REPORT_FIELDS, 'row', 'column']);
      const q = await validateAs(ReportCellQuery, { ...values, subtree: values.subtree === 'true' ? 'true' : undefined });
      const [cell, report] = [await this.reports.cell(user!, q), await this.reports.annual(user!, q)];
      const row = report.tableThree.rows.find((r) => r.code === q.row);
      const column = report.tableThree.columns.find((c) => c.code === q.column);
      const back = `/staff/reports/annual?${reportQuery(q.agencyId, q.year, !!q.subtree)}`;
      res.render('staff/reports/cell', {
        title: `${report.year}年度报告单元格明细`,
        report,
        rowLabel: row?.label ?? groupLabel(report, q.row),
        columnLabel: column?.label ?? q.column,
        count: cell.count,
        back,
        csv: `/api/v1/reports/annual/cells?${reportQuery(q.agencyId, q.year, !!q.subtree)}&row=${encodeURIComponent(q.row)}&column=${q.column}&format=csv`,
        cases: cell.cases.map((c) => ({
          ...c,
          href: `${STAFF_CASE_PATH}/${c.id}`,
          receipt: c.receiptDate ? chineseDate(c.receiptDate) : '—',
          closed: c.closedOn ? chineseDate(c.closedOn) : '办理中',
          closing: c.closingType ? (REPLY_TYPE_LABELS[c.closingType as ReplyType] ?? c.closingType) : '—',
          category: report.tableThree.columns.find((col) => col.code === c.applicantCategory)?.label ?? '未记录',
        })),
        ...navOf(),
      });
    } catch (e) {
      this.fail(res, e);
    }
  }

  /** 发布（冻结）: the same rule as POST /api/v1/reports/annual/publish; a failing check needs an explanation. */
  @HttpCode(200)
  @Post('annual/publish')
  async publish(@Req() req: Request, @Res() res: Response, @Body() body: unknown, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!this.admit(req, res, user)) return;
    if (!hasPermission(user!.role, Permission.REPORT_PUBLISH)) return renderError(res, 403);
    const form = flatForm(body);
    const values = { agencyId: form.agencyId ?? '', year: /^\d+$/.test(form.year ?? '') ? Number(form.year) : form.year, subtree: form.subtree === 'true', ...(form.explanation?.trim() ? { explanation: form.explanation.trim() } : {}) };
    try {
      const dto = await validateAs(PublishReportDto, values);
      await this.reports.publish(user!, dto);
      return res.redirect(303, `/staff/reports/annual?${reportQuery(dto.agencyId, dto.year, !!dto.subtree)}&published=1`);
    } catch (e) {
      if (!(e instanceof AppException) || e.status === 404 || e.status === 403 || e.code === 'VALIDATION_FAILED') return this.fail(res, e);
      try {
        const report = await this.reports.annual(user!, { agencyId: values.agencyId, year: Number(values.year), subtree: values.subtree });
        const message = e.code === 'REPORT_CHECKS_FAILED' ? '校验未通过，发布前请在“说明”中写明未通过的原因。' : e.message;
        const errors: FormErrors = { list: [{ field: 'explanation', id: 'f-explanation', message }], byField: { explanation: message } } as FormErrors;
        res.status(e.status).render('staff/reports/annual', { title: `错误：${report.agency.name}${report.year}年度报告`, ...this.annualView(user!, report, req), errors, labels: LABELS, form: { explanation: form.explanation ?? '' }, ...navOf() });
      } catch (again) {
        this.fail(res, again);
      }
    }
  }

  @Get('statistics')
  async statisticsPage(@Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!this.admit(req, res, user)) return;
    const agencies = await this.reports.reachableAgencies(user!);
    const today = this.clock.today();
    const values: Record<string, string> = { agencyId: agencies[0]?.id ?? '', from: `${today.slice(0, 4)}-01-01`, to: today, ...pick(req.query as Query, STATISTICS_FIELDS) };
    const options = agencies.map((a) => ({ value: a.id, label: a.name }));
    let q: StatisticsQuery;
    try {
      q = await validateAs(StatisticsQuery, { ...values, subtree: values.subtree === 'true' ? 'true' : undefined });
      if (q.from > q.to) throw AppException.invalidField('to', 'INVALID_RANGE', '统计期间止不能早于统计期间起');
    } catch (e) {
      return void res.status(422).render('staff/reports/statistics', { title: '错误：运行统计', form: values, options, errors: formErrorsOf(e, STATISTICS_FIELDS), labels: LABELS, ...navOf() });
    }
    try {
      const s = await this.statistics.statistics(user!, q);
      const qs = `agencyId=${q.agencyId}&from=${q.from}&to=${q.to}${q.subtree ? '&subtree=true' : ''}`;
      const channels = [...new Set(s.receivedByMonth.flatMap((m) => Object.keys(m.byChannel)))].sort();
      res.render('staff/reports/statistics', {
        title: '运行统计',
        form: { ...values, subtree: q.subtree ? 'true' : '' },
        options,
        s,
        agencyName: agencies.find((a) => a.id === q.agencyId)?.name ?? '',
        period: `${chineseDate(q.from)}至${chineseDate(q.to)}`,
        charts: [
          { src: `/api/v1/reports/statistics/charts/received?${qs}`, alt: `收到申请（按月、按渠道）柱状图，数据见下表“按月收到申请”` },
          { src: `/api/v1/reports/statistics/charts/open?${qs}`, alt: `办理中的申请（按状态）条形图，数据见下表“办理中的申请”` },
          { src: `/api/v1/reports/statistics/charts/reply-types?${qs}`, alt: `办结申请的答复类型条形图，数据见下表“答复类型”` },
        ],
        channels: channels.map((c) => CASE_CHANNEL_LABELS[c as CaseChannel] ?? c),
        months: s.receivedByMonth.map((m) => ({ month: m.month, total: m.total, counts: channels.map((c) => m.byChannel[c] ?? 0) })),
        percent: { correction: pct(s.correctionRate), extension: pct(s.extensionRate), late: pct(s.replyTime.lateShare) },
        ...navOf(),
      });
    } catch (e) {
      this.fail(res, e);
    }
  }

  /** Signed in with report rights, or sent to the staff login (no session) or shown 403 (no right). */
  private admit(req: Request, res: Response, user: AuthUser | undefined): boolean {
    if (!user) {
      res.redirect(303, `${STAFF_LOGIN_PATH}?next=${encodeURIComponent(req.originalUrl.split('#')[0] ?? '/staff/reports')}`);
      return false;
    }
    if (!hasPermission(user.role, Permission.REPORT_READ)) {
      renderError(res, 403, '年度报告和运行统计仅供政府信息公开工作机构负责人、审计人员和系统管理员查看。');
      return false;
    }
    return true;
  }

  private fail(res: Response, e: unknown): void {
    if (e instanceof AppException) return renderError(res, e.status === 422 ? 400 : e.status, e.status === 404 ? '找不到该机关，或该机关不在您的查看范围内。' : e.message);
    throw e;
  }

  private async renderIndexWithErrors(res: Response, user: AuthUser, values: Record<string, string>, errors: FormErrors): Promise<void> {
    const agencies = await this.reports.reachableAgencies(user);
    res.status(422).render('staff/reports/index', { title: '错误：年度报告与统计', user, ...this.selection(agencies, values), errors, labels: LABELS, ...navOf() });
  }

  private selection(agencies: { id: string; name: string; hasChildren: boolean }[], form: Record<string, string>) {
    return { form, options: agencies.map((a) => ({ value: a.id, label: a.name })), anyChildren: agencies.some((a) => a.hasChildren) };
  }

  private annualView(user: AuthUser, report: AnnualReport, req: Request) {
    const base = reportQuery(report.agency.id, report.year, report.subtree);
    const failing = report.checks.filter((c) => !c.ok);
    const checks = report.checks.map((c) => ({ ...c, cases: c.cases?.map((k) => ({ ...k, href: `${STAFF_CASE_PATH}/${k.id}` })) }));
    return {
      report,
      rows: printedRows(report, base),
      exports: [
        { label: '下载 CSV', href: `/api/v1/reports/annual?${base}&format=csv` },
        { label: '下载 Excel（XLSX）', href: `/api/v1/reports/annual?${base}&format=xlsx` },
        { label: '下载 PDF', href: `/api/v1/reports/annual?${base}&format=pdf` },
        { label: '下载年度报告草稿（Markdown）', href: `/api/v1/reports/annual?${base}&format=md` },
      ],
      checks,
      failing: failing.length,
      failingChecks: report.checks.map((c, i) => ({ ...c, cases: checks[i]!.cases })).filter((c) => !c.ok),
      explanationOptional: failing.length === 0,
      canPublish: hasPermission(user.role, Permission.REPORT_PUBLISH) && !report.published,
      publishedAt: report.published ? chineseDate(report.published.publishedAt.slice(0, 10)) : null,
      justPublished: req.query.published === '1',
      hidden: { agencyId: report.agency.id, year: report.year, subtree: report.subtree ? 'true' : 'false' },
      tableFourRows: report.tableFour.groups.map((g, i) => ({ ...g, parentCell: i === 1 ? { text: g.parent, rowspan: 2 } : null, alone: i === 0, values: report.tableFour.columns.map((c) => g.cells[c.code] ?? 0) })),
    };
  }
}

/** 表三 as printed: the result groups' subtotal rows are left out (they are checks, not lines of the format). */
function printedRows(report: AnnualReport, base: string): PrintedRow[] {
  const rows = report.tableThree.rows.filter((r) => r.kind !== 'subtotal');
  const partSpan = (part: string) => rows.filter((r) => r.part === part).length;
  const groupSpan = (part: string, group: string) => rows.filter((r) => r.part === part && r.group === group).length;
  return rows.map((r, i) => {
    const prev = rows[i - 1];
    const labels: PrintedRow['labels'] = [];
    if (!r.group) labels.push({ text: r.part, rowspan: 1, colspan: 3, header: true });
    else {
      if (prev?.part !== r.part) labels.push({ text: r.part, rowspan: partSpan(r.part), colspan: 1, header: true });
      if (!r.item) labels.push({ text: r.group, rowspan: 1, colspan: 2, header: true });
      else {
        if (prev?.group !== r.group) labels.push({ text: r.group, rowspan: groupSpan(r.part, r.group), colspan: 1, header: true });
        labels.push({ text: r.item, rowspan: 1, colspan: 1, header: true });
      }
    }
    const cells = report.tableThree.columns.map((c) => {
      const value = r.cells[c.code] ?? 0;
      return { value, label: `${r.label}，${c.label}：${value}件，查看案件`, href: value > 0 ? `/staff/reports/annual/cell?${base}&row=${encodeURIComponent(r.code)}&column=${c.code}` : null };
    });
    return { code: r.code, labels, cells, total: r.kind === 'total' };
  });
}

function groupLabel(report: AnnualReport, code: string): string {
  const first = report.tableThree.rows.find((r) => r.code.startsWith(code));
  return first?.group ? `${first.part}${first.group}` : code;
}

const reportQuery = (agencyId: string, year: number, subtree: boolean) => `agencyId=${agencyId}&year=${year}${subtree ? '&subtree=true' : ''}`;

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function pick(query: Query, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) if (typeof query[f] === 'string') out[f] = query[f] as string;
  return out;
}

function navOf() {
  return { reportsNav: [{ href: '/staff/reports', label: '年度报告' }, { href: '/staff/reports/statistics', label: '运行统计' }] };
}
