import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../../common/auth/decorators.js';
import { Permission } from '../../common/auth/permission.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { Clock } from '../../common/time/clock.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { MailDispatcher } from './mail-dispatcher.service.js';
import { OutboxRepository } from './outbox.repository.js';

export class FailedMailDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) caseId: string | null;
  @ApiProperty({ example: 'zhang@example.cn' }) toAddress: string;
  @ApiProperty({ example: '政府信息公开申请答复书' }) subject: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiPropertyOptional({ type: String, nullable: true, example: '550 mailbox unavailable' }) lastError: string | null;
  @ApiProperty() createdAt: Date;
}

/**
 * Mails the dispatcher gave up on (a permanent 5xx, or retries used up). Administrators see them here (and get an
 * in-app notice when one fails) and may queue one again once the cause is fixed; the requeued mail keeps its
 * Message-ID, so a receiver that did get an earlier copy can tell.
 */
@ApiTags('mail')
@ApiBearerAuth()
@ApiErrorResponses()
@RequirePermissions(Permission.MAIL_ADMIN)
@Controller('mail')
export class FailedMailController {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly dispatcher: MailDispatcher,
    private readonly clock: Clock,
  ) {}

  @Get('failed')
  @ApiOperation({ summary: '发送失败的邮件（仅管理员）' })
  @ApiResponse({ status: 200, type: [FailedMailDto] })
  async failed(): Promise<FailedMailDto[]> {
    const rows = await this.outbox.listFailed(500);
    return rows.map(({ id, caseId, toAddress, subject, attempts, lastError, createdAt }) => ({ id, caseId, toAddress, subject, attempts, lastError, createdAt }));
  }

  @Post(':id/retry')
  @HttpCode(204)
  @ApiOperation({ summary: '重新发送一封发送失败的邮件' })
  async retry(@Param('id', UuidParamPipe) id: string): Promise<void> {
    const outcome = await this.outbox.requeueFailed(id, this.clock.now());
    if (outcome === 'NOT_FOUND') throw AppException.notFound();
    if (outcome === 'NOT_FAILED') throw AppException.conflict('该邮件不处于发送失败状态，无需重新发送');
    this.dispatcher.kick();
  }
}
