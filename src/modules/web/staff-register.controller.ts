import { Body, Controller, Get, HttpCode, Post, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { CASE_WORK_ROLES, staffUser } from './staff-access.js';
import { StaffLayout } from './staff-layout.service.js';
import type { UploadedFile } from './staff-case-page.service.js';
import { CONFIRMATION_OPTIONS, EVIDENCE_UPLOADS, REGISTER_CHANNELS, StaffRegister } from './staff-register.service.js';
import { WebPages } from './web-page.decorator.js';
import { flatForm } from './web-forms.js';
import { csrfCheck, renderError } from './web-setup.js';

/** 登记申请: form → review (receipt date and its rule) → registered (查询码 once, 接收回执 to print). */
@WebPages()
@Public()
@Controller()
export class StaffRegisterController {
  constructor(
    private readonly layout: StaffLayout,
    private readonly register: StaffRegister,
  ) {}

  @Get('staff/register')
  async form(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, CASE_WORK_ROLES);
    if (!user) return;
    const chrome = await this.layout.locals(user, req.path);
    res.render('staff/register', { title: '登记申请', ...chrome, form: { channel: 'counter' }, channels: REGISTER_CHANNELS, confirmations: CONFIRMATION_OPTIONS, scripts: [] });
  }

  @HttpCode(200)
  @Post('staff/register')
  @UseInterceptors(FileFieldsInterceptor(EVIDENCE_UPLOADS.map((u) => ({ name: u.input, maxCount: u.maxCount }))))
  async submit(@Body() body: unknown, @Req() req: Request, @Res() res: Response, @UploadedFiles() files: Record<string, UploadedFile[] | undefined> | undefined, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, CASE_WORK_ROLES);
    if (!user) return;
    // The form is multipart (it may carry scans): its CSRF token is checked here, once multer has parsed it.
    if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data') && !csrfCheck(req)) return renderError(res, 403, '页面已过期，请刷新后重新填写。');
    const { form, errors: uploadErrors } = await this.register.storeEvidence(user, flatForm(body), files ?? {});
    const chrome = await this.layout.locals(user, req.path);
    const outcome = form.step === 'edit' ? { step: 'form' as const, values: form, errors: undefined } : await this.register.submit(user, form, uploadErrors);
    if (outcome.step === 'form') {
      const failed = !!outcome.errors;
      return res.status(failed ? 422 : 200).render('staff/register', { title: failed ? '错误：登记申请' : '登记申请', ...chrome, form: outcome.values, errors: outcome.errors, channels: REGISTER_CHANNELS, confirmations: CONFIRMATION_OPTIONS });
    }
    if (outcome.step === 'review') {
      const hidden = Object.entries(outcome.values).map(([name, value]) => ({ name, value }));
      return res.render('staff/register-review', { title: '核对登记信息', ...chrome, ...outcome, hidden });
    }
    res.render('staff/register-done', { title: '登记完成', ...chrome, c: outcome.created, receiptHref: outcome.receiptHref });
  }
}
