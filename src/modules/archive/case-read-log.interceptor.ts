import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { CasesController } from '../cases/cases.controller.js';
import { ArchiveService } from './archive.service.js';

/** The case-file reads of the API that the access log records, by handler name: the case and its event record. */
const LOGGED_READS: Record<string, string> = { get: 'CASE_READ', events: 'CASE_EVENTS_READ' };

/**
 * Records an auditor's plain reads of a case file through the API in the hash-chained access log (who, when,
 * which case; the purpose when `?purpose=` is given), before the answer is sent: the case's own agency reads its
 * cases all day as part of handling them, an auditor's read is an 调阅 of the archive and is accounted for like a
 * bundle export. A read that fails (404) is not a read and is not logged.
 */
@Injectable()
export class CaseReadLogInterceptor implements NestInterceptor {
  constructor(private readonly archive: ArchiveService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = context.getClass() === CasesController ? LOGGED_READS[context.getHandler().name] : undefined;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const user = req.user;
    if (!action || !user || user.role !== Role.AUDITOR || req.method !== 'GET') return next.handle();
    const caseId = String(req.params.id ?? '');
    const raw = typeof req.query.purpose === 'string' ? req.query.purpose.trim().slice(0, 200) : '';
    return next.handle().pipe(mergeMap((body) => from(this.archive.recordAccess(user, caseId, action, raw || null).then(() => body))));
  }
}
