import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsNull, type Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { AppException } from '../../common/errors/app.exception.js';
import { ApiErrorResponses } from '../../common/http/api-error-responses.js';
import { Clock } from '../../common/time/clock.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { NotificationEntity } from './notification.entity.js';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) caseId: string | null;
  @ApiProperty({ example: 'REPLY_DUE_IN_5' }) kind: string;
  @ApiProperty({ example: 'SLXZR-2026-000001 距答复期限（2026-03-30）还有5个工作日' }) message: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) readAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class ListNotificationsQuery {
  @ApiPropertyOptional({ description: '仅未读' })
  @IsOptional() @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  unread?: boolean;
}

/** Each user reads and marks only their own notices. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('notifications')
export class NotificationsController {
  constructor(
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: '我的提醒（期限预警、逾期）' })
  @ApiResponse({ status: 200, type: [NotificationDto] })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery): Promise<NotificationDto[]> {
    return this.notifications.find({ where: { userId: user.id, ...(query.unread ? { readAt: IsNull() } : {}) }, order: { createdAt: 'DESC' }, take: 200 });
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: '标记为已读' })
  async markRead(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<void> {
    const result = await this.notifications.update({ id, userId: user.id }, { readAt: this.clock.now() });
    if (!result.affected) throw AppException.notFound();
  }
}
