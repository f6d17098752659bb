import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Application, NextFunction, Request, Response } from 'express';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { PasswordResetModule } from '../auth/password-reset/password-reset.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DisclosureModule } from '../disclosure/disclosure.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { AttachmentsModule } from '../intake/attachments.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { DisclosureDecisionsService } from '../disclosure/disclosure-decisions.service.js';
import { AccountController } from './account.controller.js';
import { ApplyController } from './apply.controller.js';
import { PagesController } from './pages.controller.js';
import { mountPublicationsPage } from './publications-page.js';
import { StaffDisclosureController } from './staff-disclosure.controller.js';
import { TrackController } from './track.controller.js';
import { WebCookies } from './web-cookies.js';
import { isPageRequest, renderError } from './web-setup.js';

/** The server-rendered pages: the public portal (home, apply, track, accounts); they call the API's services. */
@Module({
  imports: [AgenciesModule, AuthModule, PasswordResetModule, CasesModule, AttachmentsModule, IntakeModule, DisclosureModule, DocumentsModule],
  controllers: [PagesController, ApplyController, TrackController, AccountController, StaffDisclosureController],
  providers: [WebCookies],
})
export class WebModule implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly decisions: DisclosureDecisionsService,
    private readonly agencies: AgenciesRepository,
  ) {}

  /**
   * Nest answers unknown paths only under the API prefix; every other unknown path gets the friendly 404 page
   * (appended once all routes are registered, so it runs last).
   */
  onApplicationBootstrap(): void {
    const express = this.adapterHost.httpAdapter?.getInstance<Application>();
    if (express) mountPublicationsPage(express, this.decisions, this.agencies);
    express?.use((req: Request, res: Response, next: NextFunction) => (isPageRequest(req) && !res.headersSent ? renderError(res, 404) : next()));
  }
}
