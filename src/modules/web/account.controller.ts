import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { WebPages } from './web-page.decorator.js';
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
import { RegisterApplicantDto } from '../auth/dto/register-applicant.dto.js';
import type { TokenResponseDto } from '../auth/dto/token-response.dto.js';
import { ConfirmPasswordResetDto, RequestPasswordResetDto } from '../auth/password-reset/password-reset.dto.js';
import { PasswordResetService } from '../auth/password-reset/password-reset.service.js';
import { CasesService } from '../cases/cases.service.js';
import { ListCasesQuery } from '../cases/dto/list-cases.query.js';
import { flatForm, formErrorsOf, singleError, validateAs } from './web-forms.js';
import { chineseDate } from './web-setup.js';

const REFRESH_COOKIE = 'gk_refresh';
const LOGIN_FIELDS = ['email', 'password'];
const REGISTER_FIELDS = ['displayName', 'email', 'phone', 'password'];

/** Applicant accounts on the web: the same AuthService and cookies as the API's login (HttpOnly, SameSite=Strict). */
@WebPages()
@Public()
@Controller()
export class AccountController {
  constructor(
    private readonly auth: AuthService,
    private readonly cases: CasesService,
    private readonly passwordReset: PasswordResetService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get('account/login')
  loginForm(@Req() req: Request, @Res() res: Response): void {
    const notice = req.query.registered === '1' ? '注册信息已提交。请用刚才填写的邮箱和密码登录；如该邮箱已有账号，请用原密码登录或找回密码。' : undefined;
    res.render('login', { title: '登录', form: {}, next: safeNext(req.query.next), notice });
  }

  @HttpCode(200)
  @Post('account/login')
  async login(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = flatForm(body);
    const values = { email: form.email ?? '', password: form.password ?? '' };
    try {
      const dto = await validateAs(LoginDto, values);
      this.setSession(res, await this.auth.login(dto, req.ip ?? req.socket.remoteAddress ?? ''));
    } catch (e) {
      const errors = e instanceof AppException && e.code !== 'VALIDATION_FAILED' ? singleError('email', e.message) : formErrorsOf(e, LOGIN_FIELDS);
      return res.status(e instanceof AppException ? e.status : 422).render('login', { title: '错误：登录', form: { email: values.email }, errors, next: safeNext(form.next) });
    }
    res.redirect(303, safeNext(form.next) ?? '/account');
  }

  @Get('account/register')
  registerForm(@Res() res: Response): void {
    res.render('register', { title: '注册账号', form: {} });
  }

  @HttpCode(200)
  @Post('account/register')
  async register(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = flatForm(body);
    const values: Record<string, string> = {};
    for (const f of REGISTER_FIELDS) if (form[f]?.trim()) values[f] = form[f]!;
    try {
      const dto = await validateAs(RegisterApplicantDto, values);
      await this.auth.register(dto);
    } catch (e) {
      const errors = formErrorsOf(e, REGISTER_FIELDS);
      const { password: _omit, ...kept } = values;
      return res.status(422).render('register', { title: '错误：注册账号', form: kept, errors });
    }
    // Registration answers alike whether or not the address already has an account (nothing tells which); the
    // applicant logs in next, as the API's registration asks.
    res.redirect(303, '/account/login?registered=1');
  }

  @HttpCode(200)
  @Post('account/logout')
  async logout(@Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    await this.auth.logout(user, (req.cookies as Record<string, string> | undefined)?.[REFRESH_COOKIE]);
    res.clearCookie(ACCESS_COOKIE, this.cookieOptions('/'));
    res.clearCookie(REFRESH_COOKIE, this.cookieOptions('/account'));
    res.clearCookie(REFRESH_COOKIE, this.cookieOptions('/api/v1/auth'));
    res.redirect(303, '/');
  }

  /** 我的申请: the applicant's own cases (least privilege: the same scope as GET /api/v1/cases). */
  @Get('account')
  async mine(@Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!user) return res.redirect(303, '/account/login?next=/account');
    if (user.role !== Role.APPLICANT) return res.render('account', { title: '我的申请', user, staff: true, items: [] });
    const page = await this.cases.list(user, await validateAs(ListCasesQuery, { status: 'SUBMITTED,REGISTERED,CORRECTION_PENDING,ACCEPTED,CONSULTING_THIRD_PARTY,AWAITING_FEE,LEGAL_REVIEW,DRAFTING,AWAITING_APPROVAL,APPROVED,DELIVERED,ARCHIVED,WITHDRAWN,CLOSED' }));
    const items = page.items.map((c) => ({ trackingNumber: c.trackingNumber, title: c.requestTitle ?? c.requestDescription, status: c.statusLabel, dueDate: c.dueDate ? chineseDate(c.dueDate) : '尚未开始计算' }));
    res.render('account', { title: '我的申请', user, items });
  }

  @Get('account/password-reset')
  resetForm(@Res() res: Response): void {
    res.render('password-reset', { title: '忘记密码', form: {} });
  }

  /** The same answer whether or not the address has an account (nothing to learn from it). */
  @HttpCode(200)
  @Post('account/password-reset')
  async requestReset(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const email = flatForm(body).email ?? '';
    try {
      await this.passwordReset.request(await validateAs(RequestPasswordResetDto, { email }));
    } catch (e) {
      return res.status(422).render('password-reset', { title: '错误：忘记密码', form: { email }, errors: formErrorsOf(e, ['email']) });
    }
    res.render('password-reset-sent', { title: '请查收邮件', email });
  }

  @Get('account/password-reset/confirm')
  resetConfirmForm(@Req() req: Request, @Res() res: Response): void {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    res.render('password-reset-confirm', { title: '设置新密码', token, form: {} });
  }

  @HttpCode(200)
  @Post('account/password-reset/confirm')
  async confirmReset(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = flatForm(body);
    const values = { token: form.token ?? '', password: form.password ?? '' };
    try {
      await this.passwordReset.confirm(await validateAs(ConfirmPasswordResetDto, values));
    } catch (e) {
      const errors = formErrorsOf(e, ['password', 'token'], { token: 'password' });
      return res.status(422).render('password-reset-confirm', { title: '错误：设置新密码', token: values.token, form: {}, errors });
    }
    res.render('login', { title: '登录', form: {}, notice: '新密码已设置，请用新密码登录。' });
  }

  private setSession(res: Response, tokens: TokenResponseDto): void {
    res.cookie(ACCESS_COOKIE, tokens.accessToken, { ...this.cookieOptions('/'), maxAge: tokens.expiresIn * 1000 });
    res.cookie(REFRESH_COOKIE, tokens.refreshToken, { ...this.cookieOptions('/account'), maxAge: this.config.auth.refreshTokenTtlDays * 86_400_000 });
  }

  private cookieOptions(path: string): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: this.config.http.publicUrl.startsWith('https://'), path };
  }
}

/** Only a local path may follow a login (no open redirect). */
function safeNext(v: unknown): string | undefined {
  return typeof v === 'string' && /^\/(?![/\\])[A-Za-z0-9/_?=&.-]*$/.test(v) ? v : undefined;
}
