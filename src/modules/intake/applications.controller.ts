import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ApiErrorResponses, ErrorBodyDto } from '../../common/http/api-error-responses.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { ApplicationReceiptDto, ApplicationStatusDto, PublicAgencyDto, SubmitApplicationDto } from './dto/submit-application.dto.js';
import { IntakeService } from './intake.service.js';

/** The lookup credentials travel in the body, never in the URL (which ends up in logs, proxies and browser history). */
export class StatusLookupDto {
  @ApiProperty({ example: 'SLXZR-2026-000123' }) @IsString() @MaxLength(40)
  trackingNumber: string;

  @ApiProperty({ example: 'K7M2-Q9XT-4HPR' }) @IsString() @MaxLength(40)
  queryCode: string;
}

/** The credential in the body, never in the URL: it would end up in logs and browser history. */
export class WithdrawApplicationDto {
  @ApiProperty({ example: 'SLXZR-2026-000123' }) @IsString() @MaxLength(40)
  trackingNumber: string;

  @ApiProperty({ example: 'K7M2-Q9XT-4HPR' }) @IsString() @MaxLength(40)
  queryCode: string;

  @ApiPropertyOptional({ example: '已通过其他途径获取该信息', maxLength: 1000, description: '撤回原因（可不填）' })
  @IsOptional() @IsString() @MaxLength(1000)
  reason?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** The public side of intake: the web application form's endpoints (no login needed). */
@ApiTags('applications')
@Public()
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly intake: IntakeService) {}

  @Get('agencies')
  @ApiOperation({ summary: '可以受理申请的机关' })
  @ApiResponse({ status: 200, type: [PublicAgencyDto] })
  agencies(): Promise<PublicAgencyDto[]> {
    return this.intake.publicAgencies();
  }

  @Post()
  @ApiOperation({
    summary: '网络申请：返回申请编号和查询码',
    description:
      '匿名或申请人登录后提交。收到申请之日以机关确认之日为准（条例第三十一条）；机关设置自动确认的，工作日提交即确认。带 Idempotency-Key 的重试返回同一申请；同一键、不同内容返回422。',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      '客户端生成的唯一键（1-128位字母数字._:-）。登录用户的键只在本账号内有效；未登录提交须用随机生成的UUID或至少22位随机base64url字符（否则422 IDEMPOTENCY_KEY_WEAK）。同一提交者带同一键重试，返回同一申请编号和查询码；他人用同一键，得到的是另一份新的申请。',
  })
  @ApiResponse({ status: 201, type: ApplicationReceiptDto })
  @ApiResponse({ status: 422, type: ErrorBodyDto })
  submit(@CurrentUser() user: AuthUser | undefined, @Body() dto: SubmitApplicationDto, @Headers('idempotency-key') key?: string): Promise<ApplicationReceiptDto> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw AppException.invalidField('Idempotency-Key', 'INVALID_FORMAT', '幂等键应为1-128位字母、数字或._:-');
    return this.intake.submitWeb(user, dto, key);
  }

  @Post('documents/:documentId')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({ summary: '凭申请编号和查询码下载致申请人的文书PDF（接收回执、告知书、答复书；与存档哈希一致）' })
  @ApiProduces('application/pdf')
  @ApiErrorResponses(429)
  async document(@Param('documentId', UuidParamPipe) documentId: string, @Body() body: StatusLookupDto): Promise<StreamableFile> {
    const { pdf, filename } = await this.intake.statusDocument(body.trackingNumber, body.queryCode, documentId);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename*=UTF-8''${encodeURIComponent(filename)}` });
  }

  @Post('status')
  @HttpCode(200)
  @ApiOperation({ summary: '凭申请编号和查询码查询办理进度（在请求体中提交；错误时不透露申请是否存在）' })
  @ApiResponse({ status: 200, type: ApplicationStatusDto })
  @ApiErrorResponses(429)
  status(@Body() dto: StatusLookupDto): Promise<ApplicationStatusDto> {
    return this.intake.status(dto.trackingNumber, dto.queryCode);
  }

  /** The former form with the query code in the URL: refused with a pointer to the POST form, and nothing looked up. */
  @Get('status')
  @ApiOperation({ summary: '已停用：查询码不得放在网址中，请改用 POST', deprecated: true })
  @ApiResponse({ status: 405, type: ErrorBodyDto, description: 'METHOD_NOT_ALLOWED' })
  statusByUrl(): never {
    throw new AppException('METHOD_NOT_ALLOWED', undefined, '查询码不得放在网址中，请用 POST /api/v1/applications/status 在请求体中提交申请编号和查询码', { Allow: 'POST' });
  }

  @Post('withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: '凭申请编号和查询码撤回申请（答复送达前）；错误时不透露申请是否存在' })
  @ApiResponse({ status: 200, type: ApplicationStatusDto })
  @ApiErrorResponses(409, 429)
  withdraw(@Body() dto: WithdrawApplicationDto): Promise<ApplicationStatusDto> {
    return this.intake.withdraw(dto.trackingNumber, dto.queryCode, dto.reason);
  }
}
