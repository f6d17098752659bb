import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { validationException } from '../errors/validation-errors.js';
import { assertSafeInput } from './safe-input.js';

/** ValidationPipe that first refuses bodies and queries class-transformer cannot safely take (see safe-input). */
class SafeValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') assertSafeInput(value);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** The one global ValidationPipe: unknown fields are refused, payloads become DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new SafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // `value` lets the error mapping tell a missing field (REQUIRED) from a wrong one; values never reach the response.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => validationException(errors),
  });
}
