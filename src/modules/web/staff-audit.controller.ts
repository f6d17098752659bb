import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Public } from '../../common/auth/decorators.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { CASE_CHANNEL_LABELS, type CaseChannel } from '../cases/case-channel.js';
import { CASE_STATUS_LABELS } from '../cases/workflow/case-status.js';
import { DocumentsService } from '../documents/documents.service.js';
import { ID_DOCUMENT_TYPE_LABELS, type IdDocumentType } from '../intake/domain/identity.js';
import { REPLY_TYPE_LABELS } from '../letters/reply-type.js';
import { WebPages } from './web-page.decorator.js';
import { type FormErrors, flatForm, formErrorsOf, singleError, validateAs } from './web-forms.js';
import { chineseDate, renderError } from './web-setup.js';
import { ArchiveExportService, RequestExportDto } from '../archive/archive-export.service.js';
import { ArchivePagesService, replyTypeLabel } from '../archive/archive-pages.service.js';
import { ArchiveSearchQuery, ArchiveSearchService } from '../archive/archive-search.js';
import { ArchiveService } from '../archive/archive.service.js';

/** Where a visitor without a staff session is sent (the staff login page), with `?next=` back here. */
export const STAFF_LOGIN_PATH = '/staff/login';
export const STAFF_AUDIT_PATH = '/staff/audit';

/** The search form's fields, in the order of the form (also the error summary's order). */
const SEARCH_FIELDS = [
  'receivedFrom',
  'receivedTo',
  'closedFrom',
  'closedTo',
  'agencyId',
  'channel',
  'status',
  'replyType',
  'overdue',
  'legalReview',
  'remedy',
  'q',
  'applicantName',
  'applicantIdType',
  'applicantIdNumber',
  'applicantCreditCode',
] as const;
const PAGE_SIZE = 20;
/** Characters of the request shown in a result row. */
const REQUEST_EXCERPT_CHARS = 40;
const YES_NO = [
  { value: 'true', label: '是' },
  { value: 'false', label: '否' },
];
const PURPOSE_HINT = '例如：年度政府信息公开工作检查、行政复议案件调卷。用途记入访问日志。';

type Form = Record<string, string>;

/**
 * The auditor's pages (审计查阅, read-only): the archive search with its CSV and bulk export, the case file with
 * its verification, and the integrity sweep's results. Nothing here changes a case: the only forms are GET
 * searches, the purpose an auditor gives before opening a case file (recorded in the access log), and the request
 * of a bulk export (a job that reads). Admins see the integrity results; case files stay with the auditors
 * (admins have no case scope).
 */
@WebPages()
@Public()
@Controller()
export class ArchivePagesController {
  constructor(
    private readonly pages: ArchivePagesService,
    private readonly search: ArchiveSearchService,
    private readonly exports: ArchiveExportService,
    private readonly archive: ArchiveService,
    private readonly documents: DocumentsService,
    private readonly agencies: AgenciesRepository,
  ) {}

  @Get('staff/audit')
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.gate(req, res, [Role.AUDITOR, Role.ADMIN]);
    if (!user) return;
    const form = pick(flatForm(req.query), [...SEARCH_FIELDS]);
    const after = typeof req.query.after === 'string' ? req.query.after : '';
    await this.renderSearch(res, user, form, after, null, {});
  }

  @HttpCode(200)
  @Post('staff/audit/exports')
  async requestExport(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.gate(req, res, [Role.AUDITOR]);
    if (!user) return;
    const posted = flatForm(body);
    const form = pick(posted, [...SEARCH_FIELDS]);
    const purpose = (posted.purpose ?? '').trim();
    try {
      const dto = await validateAs(RequestExportDto, { ...form, purpose });
      const job = await this.exports.request(user, dto);
      return res.redirect(303, `${STAFF_AUDIT_PATH}/exports/${job.id}`);
    } catch (e) {
      if (!(e instanceof AppException) || e.status >= 500) throw e;
      const errors = e.code === 'VALIDATION_FAILED' ? formErrorsOf(e, ['purpose', ...SEARCH_FIELDS], { query: 'purpose' }) : singleError('purpose', e.message);
      await this.renderSearch(res.status(422), user, form, '', errors, { purpose });
    }
  }

  @Get('staff/audit/exports/:id')
  async exportProgress(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.gate(req, res, [Role.AUDITOR]);
    if (!user) return;
    const job = await this.exports.status(user, id);
    const running = job.status === 'QUEUED' || job.status === 'RUNNING';
    // Progress without script: the browser reloads the page every few seconds until the export is ready.
    if (running) res.setHeader('Refresh', '3');
    res.render('staff/audit/export', {
      title: running ? `正在导出（${job.done}/${job.total}）` : job.status === 'DONE' ? '导出完成' : '导出失败',
      job,
      running,
      done: job.status === 'DONE',
      failed: job.status === 'FAILED',
      sizeMb: (job.bytes / 1024 / 1024).toFixed(1),
    });
  }

  @Get('staff/audit/exports/:id/download')
  async exportDownload(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.gate(req, res, [Role.AUDITOR]);
    if (!user) return;
    const { filename, stream } = await this.exports.download(user, id);
    sendFile(res, 'application/zip', filename, 'attachment');
    stream.pipe(res);
  }

  /** The case file. Without a purpose: the purpose form (GET); with one: recorded in the access log, then shown. */
  @Get('staff/audit/cases/:id')
  async caseFile(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.gate(req, res, [Role.AUDITOR]);
    if (!user) return;
    await this.pages.assertReadable(user, id);
    const purpose = typeof req.query.purpose === 'string' ? req.query.purpose.trim() : undefined;
    const problem = purposeProblem(purpose);
    if (problem !== null) {
      const errors = purpose === undefined ? null : singleError('purpose', problem);
      return res.status(errors ? 422 : 200).render('staff/audit/purpose', { title: `${errors ? '错误：' : ''}调阅案卷`, caseId: id, form: { purpose: purpose ?? '' }, errors, purposeHint: PURPOSE_HINT });
    }
    const file = await this.pages.caseFile(user, id, purpose!);
    const q = `purpose=${encodeURIComponent(purpose!)}`;
    res.render('staff/audit/case', {
      title: `案卷 ${file.trackingNumber}`,
      file,
      purpose,
      q,
      dates: {
        receiptDate: file.receiptDate ? chineseDate(file.receiptDate) : '尚未确认',
        dueDate: file.dueDate ? chineseDate(file.dueDate) : '—',
        closedOn: file.closedOn ? chineseDate(file.closedOn) : '尚未办结',
        retentionUntil: file.retention.until ? chineseDate(file.retention.until) : '办结后确定',
        sealedOn: file.retention.sealedOn ? chineseDate(file.retention.sealedOn) : null,
      },
    });
  }

  /** The evidence bundle of one case (BagIt ZIP), as the API's bundle export: logged with the purpose. */
  @Get('staff/audit/cases/:id/bundle')
  async bundle(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.gate(req, res, [Role.AUDITOR]);
    if (!user) return;
    const purpose = typeof req.query.purpose === 'string' ? req.query.purpose.trim() : undefined;
    if (purposeProblem(purpose) !== null) return res.redirect(303, `${STAFF_AUDIT_PATH}/cases/${id}`);
    const { filename, stream } = await this.archive.exportBundle(user, id, purpose);
    sendFile(res, 'application/zip', filename, 'attachment');
    stream.pipe(res);
  }

  /** An issued document of the case (PDF, opened in the browser); logged with the purpose. */
  @Get('staff/audit/cases/:id/documents/:documentId')
  async document(@Param('id', UuidParamPipe) id: string, @Param('documentId', UuidParamPipe) documentId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = this.gate(req, res, [Role.AUDITOR]);
    if (!user) return;
    const purpose = typeof req.query.purpose === 'string' ? req.query.purpose.trim() : undefined;
    await this.pages.assertReadable(user, id);
    if (purposeProblem(purpose) !== null) return res.redirect(303, `${STAFF_AUDIT_PATH}/cases/${id}`);
    const doc = (await this.documents.findByCase(id)).find((d) => d.id === documentId);
    if (!doc) throw AppException.notFound();
    await this.archive.recordAccess(user, id, 'DOCUMENT_OPEN', purpose!);
    const pdf = await this.documents.content(doc);
    sendFile(res, 'application/pdf', `${doc.documentNumber || doc.id}.pdf`, 'inline');
    res.end(pdf);
  }

  /** The signed-in staff member allowed here, or null after answering (login redirect, or the 403 page). */
  private gate(req: Request, res: Response, roles: Role[]): AuthUser | null {
    const user = (req as Request & { user?: AuthUser }).user;
    if (!user) {
      res.redirect(303, `${STAFF_LOGIN_PATH}?next=${encodeURIComponent(req.originalUrl)}`);
      return null;
    }
    if (!roles.includes(user.role)) {
      renderError(res, 403, '此页面仅供审计人员查阅。');
      return null;
    }
    return user;
  }

  private async renderSearch(res: Response, user: AuthUser, form: Form, after: string, postErrors: FormErrors | null, exportForm: Form): Promise<void> {
    const auditor = user.role === Role.AUDITOR;
    const agencies = await this.agencyOptions(user);
    const sweeps = await this.pages.sweeps(5);
    const searched = Object.keys(form).length > 0 || after !== '';
    let errors = postErrors;
    let result: { items: Record<string, unknown>[]; nextUrl: string | null; csvUrl: string; firstUrl: string | null } | null = null;
    if (auditor && searched) {
      try {
        const query = await validateAs(ArchiveSearchQuery, { ...form, ...(after ? { after } : {}), limit: String(PAGE_SIZE) });
        const page = await this.search.search(user, query);
        const names = new Map(agencies.map((a) => [a.value, a.label]));
        const qs = new URLSearchParams(form).toString();
        result = {
          items: page.items.map((i) => ({
            ...i,
            agencyName: names.get(i.agencyId) ?? '',
            channelLabel: CASE_CHANNEL_LABELS[i.channel as CaseChannel] ?? i.channel,
            // What the full-text search matched, so the auditor sees why a case is listed (the whole text is in the CSV).
            requestExcerpt: [...i.requestDescription].length > REQUEST_EXCERPT_CHARS ? `${[...i.requestDescription].slice(0, REQUEST_EXCERPT_CHARS).join('')}…` : i.requestDescription,
            replyTypeLabel: replyTypeLabel(i.replyType),
            receiptDate: i.receiptDate ? chineseDate(i.receiptDate) : '—',
            closedOn: i.closedOn ? chineseDate(i.closedOn) : '—',
          })),
          nextUrl: page.nextCursor ? `${STAFF_AUDIT_PATH}?${qs}${qs ? '&' : ''}after=${page.nextCursor}#results` : null,
          firstUrl: after ? `${STAFF_AUDIT_PATH}?${qs}#results` : null,
          csvUrl: `/api/v1/archive/search.csv${qs ? `?${qs}` : ''}`,
        };
      } catch (e) {
        errors = formErrorsOf(e, SEARCH_FIELDS, { after: 'receivedFrom', limit: 'receivedFrom' });
        res.status(422);
      }
      // An export request refused (its purpose): the results stay on the page with the form and its message.
      if (postErrors && result) errors = postErrors;
    }
    const hidden = Object.entries(form).map(([name, value]) => ({ name, value }));
    res.render('staff/audit/search', {
      title: `${errors ? '错误：' : ''}审计查阅`,
      auditor,
      form,
      errors,
      exportForm,
      hidden,
      searched,
      result,
      purposeHint: PURPOSE_HINT,
      options: {
        agencies,
        channels: Object.entries(CASE_CHANNEL_LABELS).map(([value, label]) => ({ value, label })),
        statuses: Object.entries(CASE_STATUS_LABELS).map(([value, label]) => ({ value, label })),
        replyTypes: Object.entries(REPLY_TYPE_LABELS).map(([value, label]) => ({ value, label })),
        idTypes: Object.entries(ID_DOCUMENT_TYPE_LABELS).map(([value, label]) => ({ value: value as IdDocumentType, label })),
        yesNo: YES_NO,
      },
      sweeps: sweeps.map((s) => ({ ...s, finishedAt: beijingTime(s.finishedAt), problems: (s.problems as { message?: string }[]).slice(0, 20).map((p) => p.message ?? JSON.stringify(p)), problemCount: s.problems.length })),
      lastSweep: sweeps[0] ? { ...sweeps[0], finishedAt: beijingTime(sweeps[0].finishedAt), problemCount: sweeps[0].problems.length } : null,
    });
  }

  /** The agencies the caller's search covers: their subtree (auditors with an agency) or all. */
  private async agencyOptions(user: AuthUser): Promise<{ value: string; label: string }[]> {
    const all = await this.agencies.findAll();
    const within = user.agencyId ? new Set(await this.agencies.findSubtreeIds(user.agencyId)) : null;
    return all.filter((a) => !within || within.has(a.id)).map((a) => ({ value: a.id, label: a.name }));
  }
}

function pick(form: Form, fields: string[]): Form {
  const out: Form = {};
  for (const f of fields) if (form[f]?.trim()) out[f] = form[f]!.trim();
  return out;
}

/** null when the purpose is acceptable; the message otherwise (the API's rule: 2–200 characters). */
function purposeProblem(purpose: string | undefined): string | null {
  if (purpose === undefined || purpose === '') return '请填写调阅用途';
  if ([...purpose].length < 2) return '调阅用途至少2个字';
  if ([...purpose].length > 200) return '调阅用途不超过200个字';
  return null;
}

function sendFile(res: Response, type: string, filename: string, disposition: 'inline' | 'attachment'): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(filename)}`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/** 2026-03-09T02:00:00Z → 2026年3月9日 10:00 (Beijing time, the agencies' time). */
function beijingTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${chineseDate(t.slice(0, 10))} ${t.slice(11, 16)}`;
}
