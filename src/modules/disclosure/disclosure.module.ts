import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ERROR_TABLE } from '../../common/errors/error-code.js';
import { API_PREFIX } from '../../common/http/api-prefix.js';
import { assignCorrelationId } from '../../common/http/logging.js';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { DisclosureController, DisclosureDecisionsController } from './disclosure.controller.js';
import { DisclosureRepository } from './disclosure.repository.js';
import { DisclosureDetectionRepository } from './disclosure-detection.repository.js';
import { DisclosureSelfCheckRepository } from './disclosure-self-check.repository.js';
import { DisclosureService } from './disclosure.service.js';
import { DisclosureGroupsService } from './disclosure-groups.service.js';
import { DisclosureSelfCheckService } from './disclosure-self-check.service.js';
import { DisclosureDecisionsService } from './disclosure-decisions.service.js';
import { DisclosureWorker } from './disclosure-worker.service.js';

/** Public publication searches per client IP per minute (the apply form asks while someone types, debounced). */
export const PUBLICATION_SEARCH_PER_MINUTE = 60;

/**
 * The per-IP limit on searching the publications, answered by `refuse` once exceeded. The API and the page each
 * build their own, so each keeps its own count.
 */
export function publicationSearchLimit(refuse: (req: Request, res: Response) => void): RequestHandler {
  return rateLimit({ windowMs: 60_000, limit: PUBLICATION_SEARCH_PER_MINUTE, standardHeaders: 'draft-7', legacyHeaders: false, handler: refuse });
}

/** Proactive disclosure (条例第四十四条): frequent-request detection, groups, the worklist, publications, self-checks. */
@Module({
  imports: [AgenciesModule, CasesModule, DeadlinesModule, NotificationsModule],
  controllers: [DisclosureController, DisclosureDecisionsController],
  providers: [DisclosureRepository, DisclosureDetectionRepository, DisclosureSelfCheckRepository, DisclosureService, DisclosureGroupsService, DisclosureDecisionsService, DisclosureSelfCheckService, DisclosureWorker],
  exports: [DisclosureService, DisclosureGroupsService, DisclosureDecisionsService, DisclosureSelfCheckService],
})
export class DisclosureModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    const limiter = publicationSearchLimit((req, res) => {
      res.status(429).json({ code: 'RATE_LIMITED', message: ERROR_TABLE.RATE_LIMITED.message, correlationId: assignCorrelationId(req, res) });
    });
    consumer.apply((req: Request, res: Response, next: NextFunction) => limiter(req, res, next)).forRoutes({ path: `${API_PREFIX}/publications`, method: RequestMethod.GET });
  }
}
