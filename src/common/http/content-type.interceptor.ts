import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { AppException } from '../errors/app.exception.js';

/** What a route takes when it declares nothing else with `@ApiConsumes` (the same default the OpenAPI document shows). */
const DEFAULT_CONSUMES = ['application/json'];
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A request body in a media type the route does not take (text/plain, XML, a form where JSON is expected) gets
 * 415 with the standard error body, before any validation: otherwise the body parser leaves the body empty and
 * the client sees a 422 on every field. Routes that take something else say so with `@ApiConsumes`
 * (the attachment upload: multipart/form-data), so the check and the OpenAPI document cannot disagree.
 */
@Injectable()
export class ContentTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      if (METHODS_WITH_BODY.has(req.method) && hasBody(req)) {
        const consumes = this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [context.getHandler(), context.getClass()]) ?? DEFAULT_CONSUMES;
        if (!req.is(consumes)) {
          throw new AppException('UNSUPPORTED_MEDIA_TYPE', undefined, `不支持的内容类型（${req.headers['content-type'] ?? '未注明'}），请以 ${consumes.join(' 或 ')} 格式提交`);
        }
      }
    }
    return next.handle();
  }
}

/** A body is present when it is chunked or has a non-zero length (an empty POST, e.g. a logout, needs no type). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > 0;
}
