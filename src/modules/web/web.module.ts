import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { PasswordResetModule } from '../auth/password-reset/password-reset.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { LegalModule } from '../legal/legal.module.js';
import { ArchiveModule } from '../archive/archive.module.js';
import { ArchivePagesController } from './staff-audit.controller.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
import { ReportsModule } from '../reports/reports.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountController } from './account.controller.js';
import { ApplyController } from './apply.controller.js';
import { PagesController } from './pages.controller.js';
import { StaffAdminCalendarController } from './staff-admin-calendar.controller.js';
import { StaffAdminController } from './staff-admin.controller.js';
import { StaffLegalController } from './staff-legal.controller.js';
import { DisclosureModule } from '../disclosure/disclosure.module.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { DisclosureDecisionsService } from '../disclosure/disclosure-decisions.service.js';
import { publicationsPage } from './publications-page.js';
import { StaffDisclosureController } from './staff-disclosure.controller.js';
import { TrackController } from './track.controller.js';
import { StaffAuthController } from './staff-auth.controller.js';
import { StaffHomeController } from './staff-home.controller.js';
import { StaffCasePage } from './staff-case-page.service.js';
import { StaffCasesController } from './staff-cases.controller.js';
import { StaffDraftController } from './staff-draft.controller.js';
import { StaffDraft } from './staff-draft.service.js';
import { StaffHome } from './staff-home.service.js';
import { StaffQueue } from './staff-queue.service.js';
import { StaffRegisterController } from './staff-register.controller.js';
import { StaffRegister } from './staff-register.service.js';
import { StaffRoleHome } from './staff-role-home.service.js';
import { StaffLayout } from './staff-layout.service.js';
import { StaffChromeInterceptor } from './staff-chrome.interceptor.js';
import { WebCookies } from './web-cookies.js';

/** The server-rendered pages: the public portal (home, apply, track, accounts); they call the API's services. */
@Module({
  imports: [AgenciesModule, AuthModule, PasswordResetModule, CasesModule, AttachmentsModule, IntakeModule, TypeOrmModule.forFeature([NotificationEntity]), DeadlinesModule, ReportsModule, DocumentsModule, LegalModule, UsersModule, ArchiveModule, DisclosureModule],
  controllers: [
    PagesController, ApplyController, TrackController, AccountController,
    StaffAuthController, StaffHomeController, StaffCasesController, StaffRegisterController, StaffDraftController,
    StaffLegalController, StaffAdminController, StaffAdminCalendarController, ArchivePagesController, StaffDisclosureController,
  ],
  providers: [{ provide: APP_INTERCEPTOR, useClass: StaffChromeInterceptor }, WebCookies, StaffLayout, StaffHome, StaffQueue, StaffCasePage, StaffRegister, StaffDraft, StaffRoleHome],
})
export class WebModule implements NestModule {
  constructor(
    private readonly decisions: DisclosureDecisionsService,
    private readonly agencies: AgenciesRepository,
  ) {}

  /**
   * 查询已主动公开的信息 (GET /publications): Express handlers, with the same per-IP limit as the API's search. An
   * unknown page gets the friendly 404 page from the global exception filter, as every page error does.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(...publicationsPage(this.decisions, this.agencies)).forRoutes({ path: 'publications', method: RequestMethod.GET });
  }
}
