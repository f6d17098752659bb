import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { ACCESS_COOKIE } from '../../common/auth/auth.guard.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { ApiErrorResponses, ErrorBodyDto } from '../../common/http/api-error-responses.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';
import { MeDto } from './dto/me.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import { RegisterApplicantDto } from './dto/register-applicant.dto.js';
import { RegistrationAcceptedDto } from './dto/registration-accepted.dto.js';
import { TokenResponseDto } from './dto/token-response.dto.js';

const REFRESH_COOKIE = 'gk_refresh';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly service: AuthService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '登录：返回短期访问令牌和刷新令牌（网页端同时写入HttpOnly Cookie）' })
  @ApiResponse({ status: 200, type: TokenResponseDto })
  @ApiResponse({ status: 401, type: ErrorBodyDto, description: 'INVALID_CREDENTIALS（账号不存在与密码错误的回答相同）' })
  @ApiResponse({ status: 429, type: ErrorBodyDto, description: 'LOGIN_THROTTLED：同一账号在同一IP连续输错密码后暂停尝试（带 Retry-After）；RATE_LIMITED：同一IP请求过多' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokenResponseDto> {
    return this.withCookies(res, await this.service.login(dto, clientIp(req)));
  }

  @Public()
  @Post('register')
  @ApiOperation({
    summary: '申请人自助注册（电子邮箱+密码），之后用该邮箱和密码登录',
    description: '无论该邮箱是否已注册，回答都相同（不透露哪些邮箱有账号）；已注册的，系统向该邮箱发送提示邮件，不新建账号。',
  })
  @ApiResponse({ status: 201, type: RegistrationAcceptedDto })
  @ApiResponse({ status: 422, type: ErrorBodyDto })
  register(@Body() dto: RegisterApplicantDto): Promise<RegistrationAcceptedDto> {
    return this.service.register(dto);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: '用刷新令牌换取新令牌（刷新令牌一次性使用）' })
  @ApiResponse({ status: 200, type: TokenResponseDto })
  @ApiResponse({ status: 401, type: ErrorBodyDto, description: 'INVALID_REFRESH_TOKEN' })
  async refresh(@Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokenResponseDto> {
    return this.withCookies(res, await this.service.refresh(dto.refreshToken ?? cookie(req, REFRESH_COOKIE)));
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: '退出登录：作废刷新令牌和已签发的访问令牌，并清除Cookie' })
  async logout(@CurrentUser() user: AuthUser | undefined, @Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.service.logout(user, dto.refreshToken ?? cookie(req, REFRESH_COOKIE));
    res.clearCookie(ACCESS_COOKIE, this.cookieOptions('/'));
    res.clearCookie(REFRESH_COOKIE, this.cookieOptions('/api/v1/auth'));
  }

  private withCookies(res: Response, tokens: TokenResponseDto): TokenResponseDto {
    res.cookie(ACCESS_COOKIE, tokens.accessToken, { ...this.cookieOptions('/'), maxAge: tokens.expiresIn * 1000 });
    res.cookie(REFRESH_COOKIE, tokens.refreshToken, { ...this.cookieOptions('/api/v1/auth'), maxAge: this.config.auth.refreshTokenTtlDays * 86_400_000 });
    return tokens;
  }

  private cookieOptions(path: string): CookieOptions {
    // SameSite=Strict keeps cookie-authenticated requests from other sites out (no CSRF token needed).
    return { httpOnly: true, sameSite: 'strict', secure: this.config.http.publicUrl.startsWith('https://'), path };
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('me')
export class MeController {
  constructor(private readonly service: AuthService) {}

  @Get()
  @ApiOperation({ summary: '当前登录用户、角色、所属机关和权限' })
  @ApiResponse({ status: 200, type: MeDto })
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.service.me(user);
  }
}

/** The client's address (behind a proxy only with TRUST_PROXY, which makes Express read X-Forwarded-For). */
function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? '';
}

function cookie(req: Request, name: string): string | undefined {
  return (req as Request & { cookies?: Record<string, string> }).cookies?.[name];
}
