import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { CasesService } from '../cases/cases.service.js';
import { CASE_EVENT_TYPES, type CaseEventType } from '../cases/workflow/case-event.js';
import { CASE_READ_ROLES, CASE_WORK_ROLES, staffUser } from './staff-access.js';
import { type Resubmission, STALE_MESSAGE, StaffCasePage, type UploadedFile } from './staff-case-page.service.js';
import { CASE_PAGE_FILE_INPUTS } from './staff-event-forms.js';
import { StaffDraft } from './staff-draft.service.js';
import { StaffLayout } from './staff-layout.service.js';
import { StaffQueue } from './staff-queue.service.js';
import { WebPages } from './web-page.decorator.js';
import { flatForm } from './web-forms.js';
import { csrfCheck, renderError } from './web-setup.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 案件队列 and 由我承办: thin, over CasesService (the same reads and commands as the API). */
@WebPages()
@Public()
@Controller()
export class StaffCasesController {
  constructor(
    private readonly layout: StaffLayout,
    private readonly queue: StaffQueue,
    private readonly cases: CasesService,
    private readonly casePage: StaffCasePage,
    private readonly draft: StaffDraft,
  ) {}

  @Get('staff/cases')
  async list(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, [...CASE_WORK_ROLES, Role.AUDITOR]);
    if (!user) return;
    const query = flatForm(req.query);
    // A whole tracking number goes straight to its case (when the caller may see it).
    const text = query.text?.trim().toUpperCase() ?? '';
    if (/^[A-Z0-9]+-\d{4}-\d{6}$/.test(text) && !query.cursor) {
      const row = await this.cases.findByTrackingNumber(text);
      if (row && (await this.cases.get(user, row.id).then(() => true, () => false))) return res.redirect(303, `/staff/cases/${row.id}`);
    }
    const [chrome, page] = await Promise.all([this.layout.locals(user, req.path), this.queue.page(user, query, req.originalUrl)]);
    const status = page.errors ? 422 : 200;
    res.status(status).render('staff/cases', { title: page.errors ? '错误：案件' : '案件', ...chrome, ...page, assignable: CASE_WORK_ROLES.includes(user.role) });
  }

  /** 领办: an officer takes a case (ASSIGN to themself, as the API allows). */
  @HttpCode(200)
  @Post('staff/cases/:id/assign-to-me')
  async assignToMe(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, CASE_WORK_ROLES);
    if (!user) return;
    if (!UUID.test(id)) return renderError(res, 404);
    const back = flatForm(body).back;
    try {
      await this.cases.applyEvent(user, id, { type: 'ASSIGN', assigneeId: user.id } as never);
    } catch (e) {
      if (e instanceof AppException && e.status === 404) return renderError(res, 404);
      if (e instanceof AppException) return renderError(res, e.status, e.message);
      throw e;
    }
    res.redirect(303, typeof back === 'string' && back.startsWith('/staff/cases') && !back.startsWith('//') ? back : `/staff/cases/${id}`);
  }

  /** The case page: facts, clock, documents, full timeline, and exactly the forms of the events allowed now. */
  @Get('staff/cases/:id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, CASE_READ_ROLES);
    if (!user) return;
    if (!UUID.test(id)) return renderError(res, 404);
    const notice = typeof req.query.done === 'string' ? DONE_NOTICE : undefined;
    await this.renderCase(req, res, user, id, { notice });
  }

  @HttpCode(200)
  @Post('staff/cases/:id/events/:type')
  @UseInterceptors(FileFieldsInterceptor(CASE_PAGE_FILE_INPUTS.map((name) => ({ name, maxCount: 1 }))))
  async event(@Param('id') id: string, @Param('type') type: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response, @UploadedFiles() files: Record<string, UploadedFile[] | undefined> | undefined, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, CASE_WORK_ROLES.concat(Role.LEGAL_ADVISOR));
    if (!user) return;
    // Multipart forms (the scans of delivery) skip the CSRF middleware; their token is checked once multer parsed it.
    if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data') && !csrfCheck(req)) return renderError(res, 403, '页面已过期，请刷新后重新提交。');
    if (!UUID.test(id) || !(CASE_EVENT_TYPES as readonly string[]).includes(type)) return renderError(res, 404);
    const multi: Record<string, string[]> = {};
    for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
      const list = Array.isArray(v) ? v : [v];
      multi[k] = list.filter((x): x is string => typeof x === 'string');
    }
    try {
      const again = await this.casePage.submit(user, id, type as CaseEventType, flatForm(body), multi, files ?? {});
      if (!again) return res.redirect(303, flatForm(body).back === 'draft' ? `/staff/cases/${id}/draft` : `/staff/cases/${id}?done=${type}`);
      const status = again.errors.list.some((e) => e.message === STALE_MESSAGE) ? 409 : again.errors.list.some((e) => e.field) ? 422 : 409;
      if (flatForm(body).back === 'draft') {
        const [chrome, page] = await Promise.all([this.layout.locals(user, req.path), this.draft.view(user, id, undefined, undefined, again)]);
        return res.status(status).render('staff/draft', { title: `错误：答复书 ${(page.c as { trackingNumber: string }).trackingNumber}`, ...chrome, ...page });
      }
      await this.renderCase(req, res, user, id, { again }, status);
    } catch (e) {
      if (e instanceof AppException && (e.status === 404 || e.status === 403)) return renderError(res, e.status, e.status === 403 ? e.message : undefined);
      throw e;
    }
  }

  private async renderCase(req: Request, res: Response, user: AuthUser, id: string, opts: { again?: Resubmission; notice?: string }, status = 200): Promise<void> {
    let page: Record<string, unknown>;
    let chrome: Awaited<ReturnType<StaffLayout['locals']>>;
    try {
      [page, chrome] = await Promise.all([this.casePage.view(user, id, opts.again), this.layout.locals(user, req.path)]);
    } catch (e) {
      if (e instanceof AppException && e.status === 404) return renderError(res, 404);
      throw e;
    }
    const c = page.c as { trackingNumber: string };
    res.status(status).render('staff/case', { title: `${opts.again ? '错误：' : ''}案件 ${c.trackingNumber}`, ...chrome, ...page, notice: opts.notice });
  }
}

const DONE_NOTICE = '已记录。';
