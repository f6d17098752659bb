import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../common/auth/decorators.js';
import { ErrorBodyDto } from '../../../common/http/api-error-responses.js';
import { ConfirmPasswordResetDto, RequestPasswordResetDto } from './password-reset.dto.js';
import { PasswordResetService } from './password-reset.service.js';

@ApiTags('auth')
@Public()
@Controller('auth/password-reset')
export class PasswordResetController {
  constructor(private readonly service: PasswordResetService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: '忘记密码：向该邮箱发送一次性重置链接（60分钟内有效）；无论邮箱是否注册，回答相同' })
  @ApiResponse({ status: 202 })
  request(@Body() dto: RequestPasswordResetDto): Promise<void> {
    return this.service.request(dto);
  }

  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({ summary: '用邮件中的令牌设置新密码；令牌一次有效，成功后该账号所有刷新令牌作废' })
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 422, type: ErrorBodyDto, description: 'INVALID_RESET_TOKEN：链接无效、已用过或已过期' })
  confirm(@Body() dto: ConfirmPasswordResetDto): Promise<void> {
    return this.service.confirm(dto);
  }
}
