import { AppException } from '../errors/app.exception.js';

/**
 * PATCH bodies: `@IsOptional()` lets `null` through as "not given", but assigning it would hit a NOT NULL column
 * (a 500). Null is accepted only for the fields that may be cleared; anything else gets a 422 naming the field.
 */
export function rejectNullFields(dto: object, clearable: readonly string[]): void {
  const errors = Object.entries(dto)
    .filter(([field, value]) => value === null && !clearable.includes(field))
    .map(([field]) => ({ field, code: 'REQUIRED', message: '不能为空' }));
  if (errors.length > 0) throw new AppException('VALIDATION_FAILED', errors);
}
