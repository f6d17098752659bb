import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { ACCESS_COOKIE } from '../../common/auth/auth.guard.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AuthService } from '../auth/auth.service.js';
import { LoginDto } from '../auth/dto/login.dto.js';
import { safeStaffPath } from './staff-access.js';
import { setStaffSession, STAFF_REFRESH_COOKIE, staffRefreshCookieOptions } from './staff-session.js';
import { WebPages } from './web-page.decorator.js';
import { flatForm, formErrorsOf, singleError, validateAs } from './web-forms.js';

const LOGIN_FIELDS = ['email', 'password'];

/**
 * Staff sign-in to the workbench: the same AuthService, lockout and access cookie as the API. Applicants are
 * refused here (politely, pointing to their own pages) and get no session from this form.
 */
@WebPages()
@Public()
@Controller()
export class StaffAuthController {
  constructor(
    private readonly auth: AuthService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get('staff/login')
  loginForm(@Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): void {
    const next = safeStaffPath(req.query.next);
    if (user && user.role !== Role.APPLICANT) return res.redirect(303, next ?? '/staff');
    res.render('staff/login', { title: '工作人员登录', staffLogin: true, form: {}, next });
  }

  @HttpCode(200)
  @Post('staff/login')
  async login(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = flatForm(body);
    const values = { email: form.email ?? '', password: form.password ?? '' };
    const next = safeStaffPath(form.next);
    const again = (status: number, errors: ReturnType<typeof singleError>) =>
      res.status(status).render('staff/login', { title: '错误：工作人员登录', staffLogin: true, form: { email: values.email }, errors, next });
    try {
      const dto = await validateAs(LoginDto, values);
      const tokens = await this.auth.login(dto, req.ip ?? req.socket.remoteAddress ?? '');
      if (tokens.user.role === Role.APPLICANT) {
        return again(403, singleError('email', '此入口仅供机关工作人员使用。申请人请从“我的申请”登录查看办理进度。'));
      }
      setStaffSession(res, tokens, this.sessionOptions());
    } catch (e) {
      if (e instanceof AppException && e.code !== 'VALIDATION_FAILED') return again(e.status, singleError('email', e.message));
      return again(422, formErrorsOf(e, LOGIN_FIELDS));
    }
    res.redirect(303, next ?? '/staff');
  }

  @HttpCode(200)
  @Post('staff/logout')
  async logout(@Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    await this.auth.logout(user, (req.cookies as Record<string, string> | undefined)?.[STAFF_REFRESH_COOKIE]);
    res.clearCookie(ACCESS_COOKIE, this.cookieOptions());
    res.clearCookie(STAFF_REFRESH_COOKIE, staffRefreshCookieOptions(this.sessionOptions().secure));
    res.redirect(303, '/staff/login');
  }

  private sessionOptions() {
    return { secure: this.config.http.publicUrl.startsWith('https://'), refreshTokenTtlDays: this.config.auth.refreshTokenTtlDays };
  }

  private cookieOptions(): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: this.config.http.publicUrl.startsWith('https://'), path: '/' };
  }
}
