import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException } from './app.exception.js';
import { isDatabaseUnavailable, noteDatabaseOutage, withinDatabaseOutage } from './database-unavailable.js';
import { ERROR_TABLE, type ErrorBody, type ErrorCode } from './error-code.js';
import { isPageRequest, renderError } from '../../modules/web/web-setup.js';

/** HTTP status of a framework/body-parser error -> our stable code. */
const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'MALFORMED_REQUEST',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'ROUTE_NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.UNPROCESSABLE_ENTITY]: 'VALIDATION_FAILED',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
};

/**
 * One error body everywhere: `{ code, message, errors?, correlationId }`.
 * Anything we did not anticipate becomes a 500 that reveals nothing but the correlation id.
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const correlationId = String(req.id ?? res.getHeader('x-correlation-id') ?? '');
    const { status, body, headers } = this.toResponse(exception, correlationId);
    if (status === HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.warn({ err: exception, correlationId, path: req.originalUrl }, 'database unavailable');
    } else if (status >= 500) {
      this.logger.error({ err: exception, correlationId, path: req.originalUrl }, 'unhandled error');
    }
    if (res.headersSent) return;
    for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
    // Pages answer with a friendly Chinese page carrying the correlation id; /api keeps its JSON body.
    if (isPageRequest(req)) return renderError(res, status);
    res.status(status).json(body);
  }

  private toResponse(exception: unknown, correlationId: string): { status: number; body: ErrorBody; headers?: Record<string, string> } {
    if (exception instanceof AppException) {
      return {
        status: exception.status,
        headers: exception.headers,
        body: { code: exception.code, message: exception.message, ...(exception.errors ? { errors: exception.errors } : {}), correlationId },
      };
    }
    const status = httpStatusOf(exception);
    if (status !== undefined && status < 500) {
      return this.fromCode(STATUS_CODES[status] ?? (status === 404 ? 'NOT_FOUND' : 'MALFORMED_REQUEST'), correlationId, status);
    }
    // The database is down or unreachable: nothing was committed, the client may retry (with the same
    // Idempotency-Key for a submission) once it is back.
    if (isDatabaseUnavailable(exception)) {
      noteDatabaseOutage();
      return this.unavailable(correlationId);
    }
    if (withinDatabaseOutage()) {
      this.logger.error({ err: exception, correlationId }, 'unclassified error during a database outage, answered 503');
      return this.unavailable(correlationId);
    }
    return this.fromCode('INTERNAL_ERROR', correlationId);
  }

  private unavailable(correlationId: string) {
    return { ...this.fromCode('DATABASE_UNAVAILABLE', correlationId), headers: { 'Retry-After': '5' } };
  }

  private fromCode(code: ErrorCode, correlationId: string, status: number = ERROR_TABLE[code].status) {
    return { status, body: { code, message: ERROR_TABLE[code].message, correlationId } };
  }
}

/** Nest HttpExceptions and body-parser errors (`{ status, type: 'entity.parse.failed' }`) carry a status. */
function httpStatusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  if (typeof exception === 'object' && exception !== null) {
    const s = (exception as { status?: unknown; statusCode?: unknown }).status ?? (exception as { statusCode?: unknown }).statusCode;
    if (typeof s === 'number' && s >= 400 && s < 600) return s;
  }
  return undefined;
}
