import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { FailedMailController } from './failed-mail.controller.js';
import { EmlFileMailTransport } from './eml-file.mail-transport.js';
import { MailDispatcher } from './mail-dispatcher.service.js';
import { MailTransport } from './mail-transport.js';
import { NotificationEntity } from './notification.entity.js';
import { NotificationsController } from './notifications.controller.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';
import { SmtpMailTransport } from './smtp.mail-transport.js';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { CaseEffectsModule } from '../cases/commands/case-effects.module.js';
import { UsersModule } from '../users/users.module.js';
import { CaseNotificationEffects } from './case-notification.effects.js';
import { StaffNotifier } from './staff-notifier.service.js';
import { UserNotices } from './notify-users.js';

/** In-app notices, and e-mail through the outbox (enqueue in the use case's transaction, dispatch after commit). */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity, OutboxMessageEntity]), UsersModule, AgenciesModule, CaseEffectsModule],
  controllers: [NotificationsController, FailedMailController],
  providers: [
    OutboxRepository,
    OutboxService,
    MailDispatcher,
    StaffNotifier,
    UserNotices,
    CaseNotificationEffects,
    {
      provide: MailTransport,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MailTransport =>
        config.mail.smtpUrl ? new SmtpMailTransport(config.mail.smtpUrl) : new EmlFileMailTransport(config.mail.outboxDir),
    },
  ],
  exports: [OutboxService, MailDispatcher, StaffNotifier, UserNotices],
})
export class NotificationsModule {}
