import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { AppException } from '../../common/errors/app.exception.js';
import { CASE_WORK_ROLES, staffUser } from './staff-access.js';
import { type DraftAgain, StaffDraft } from './staff-draft.service.js';
import { StaffLayout } from './staff-layout.service.js';
import { WebPages } from './web-page.decorator.js';
import { flatForm } from './web-forms.js';
import { renderError } from './web-setup.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 答复拟稿、预览、提交审批；负责人审批或退回 (条例第三十三条: the reply is approved by the office head). */
@WebPages()
@Public()
@Controller()
export class StaffDraftController {
  constructor(
    private readonly layout: StaffLayout,
    private readonly draft: StaffDraft,
  ) {}

  @Get('staff/cases/:id/draft')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, CASE_WORK_ROLES);
    if (!user) return;
    if (!UUID.test(id)) return renderError(res, 404);
    await this.render(req, res, user, id, typeof req.query.type === 'string' ? req.query.type : undefined);
  }

  @HttpCode(200)
  @Post('staff/cases/:id/draft')
  async save(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, CASE_WORK_ROLES);
    if (!user) return;
    if (!UUID.test(id)) return renderError(res, 404);
    try {
      const again = await this.draft.save(user, id, flatForm(body));
      if (!again) return res.redirect(303, `/staff/cases/${id}/draft?saved=1#preview`);
      await this.render(req, res, user, id, again.replyType, again, again.errors.list.some((e) => e.field) ? 422 : 409);
    } catch (e) {
      if (e instanceof AppException && (e.status === 404 || e.status === 403)) return renderError(res, e.status, e.status === 403 ? e.message : undefined);
      throw e;
    }
  }

  private async render(req: Request, res: Response, user: AuthUser, id: string, type: string | undefined, again?: DraftAgain, status = 200): Promise<void> {
    let page: Record<string, unknown>;
    try {
      page = await this.draft.view(user, id, type, again);
    } catch (e) {
      if (e instanceof AppException && e.status === 404) return renderError(res, 404);
      throw e;
    }
    const chrome = await this.layout.locals(user, req.path);
    const c = page.c as { trackingNumber: string };
    const notice = req.query.saved === '1' && !again ? '答复稿已保存，右侧为最新预览。' : undefined;
    res.status(status).render('staff/draft', { title: `${again ? '错误：' : ''}答复书 ${c.trackingNumber}`, ...chrome, ...page, notice });
  }
}
