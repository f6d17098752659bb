import { ERROR_TABLE, type ErrorCode, type FieldError } from './error-code.js';

/** The one exception type business code throws; the global filter renders it as the standard error body. */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly errors?: FieldError[],
    message?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_TABLE[code].message);
  }

  get status(): number {
    return ERROR_TABLE[this.code].status;
  }

  static notFound(): AppException {
    return new AppException('NOT_FOUND');
  }

  static forbidden(message?: string): AppException {
    return new AppException('FORBIDDEN', undefined, message);
  }

  static conflict(message?: string): AppException {
    return new AppException('CONFLICT', undefined, message);
  }

  static invalidField(field: string, code: string, message: string): AppException {
    return new AppException('VALIDATION_FAILED', [{ field, code, message }]);
  }
}
