import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, type Observable, switchMap } from 'rxjs';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { STAFF_ROLES } from '../../common/auth/role.js';
import { StaffLayout } from './staff-layout.service.js';

/**
 * Every page under /staff shown to a signed-in staff member gets the workbench's header: who is signed in, the
 * role's navigation and the unread count (res.locals, which every render merges), whichever module's controller
 * renders it. Runs after the auth guard, so it sees the user's current state; other requests pass untouched.
 */
@Injectable()
export class StaffChromeInterceptor implements NestInterceptor {
  constructor(private readonly layout: StaffLayout) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const user = req.user;
    if (!user || !STAFF_ROLES.includes(user.role) || !/^\/staff(\/|$)/.test(req.path)) return next.handle();
    const res = http.getResponse<Response>();
    return from(this.layout.locals(user, req.path)).pipe(
      switchMap((locals) => {
        Object.assign(res.locals, locals);
        return next.handle();
      }),
    );
  }
}
