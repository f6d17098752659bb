import type { ValidationError } from 'class-validator';
import { AppException } from './app.exception.js';
import { FIELD_ERROR_MESSAGES, type FieldError } from './error-code.js';

/**
 * class-validator's own constraint name -> stable field error code. A custom constraint names its code itself, in
 * its `context` (`{ code }`), so no module's codes are repeated here.
 */
const CONSTRAINT_CODES: Record<string, string> = {
  whitelistValidation: 'UNKNOWN_FIELD',
  isDefined: 'REQUIRED',
  isNotEmpty: 'REQUIRED',
  isNotEmptyObject: 'REQUIRED',
  arrayNotEmpty: 'REQUIRED',
  isString: 'INVALID_TYPE',
  isInt: 'INVALID_TYPE',
  isNumber: 'INVALID_TYPE',
  isBoolean: 'INVALID_TYPE',
  isArray: 'INVALID_TYPE',
  isObject: 'INVALID_TYPE',
  nestedValidation: 'INVALID_TYPE',
  isEmail: 'INVALID_EMAIL',
  isIn: 'INVALID_ENUM',
  isEnum: 'INVALID_ENUM',
  minLength: 'TOO_SHORT',
  maxLength: 'TOO_LONG',
  arrayMaxSize: 'TOO_LONG',
  arrayMinSize: 'TOO_SHORT',
  min: 'TOO_SMALL',
  max: 'TOO_LARGE',
  isUUID: 'INVALID_UUID',
  matches: 'INVALID_FORMAT',
  isDateString: 'INVALID_DATE',
  isISO8601: 'INVALID_DATE',
  isIsoDate: 'INVALID_DATE',
};

const RANK: Record<string, number> = { UNKNOWN_FIELD: 0, REQUIRED: 1, INVALID_TYPE: 2 };
const rank = (constraint: string): number => RANK[CONSTRAINT_CODES[constraint] ?? ''] ?? 3;

export interface FieldErrorContext {
  code: string;
  message?: string;
}

/** Flattens class-validator's error tree into `[{ field: 'applicant.idNumber', code, message }]`. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = Object.keys(error.constraints ?? {});
    // Report one error per field: the most fundamental one (unknown, presence, type, then format).
    const first = [...constraints].sort((a, b) => rank(a) - rank(b))[0];
    if (first && isMissing(error, first)) {
      // A required field that was not sent fails every check on it (type, format, length): it is missing, not wrong.
      // A check that says so itself (a blank's "请填写…") keeps its message.
      const own = constraints.map((c) => error.contexts?.[c] as FieldErrorContext | undefined).find((c) => c?.code === 'REQUIRED');
      out.push({ field, code: 'REQUIRED', message: own?.message ?? FIELD_ERROR_MESSAGES.REQUIRED });
    } else if (first) {
      const context = error.contexts?.[first] as FieldErrorContext | undefined;
      const code = context?.code ?? CONSTRAINT_CODES[first] ?? 'INVALID';
      out.push({ field, code, message: context?.message ?? FIELD_ERROR_MESSAGES[code] ?? FIELD_ERROR_MESSAGES.INVALID });
    }
    if (error.children?.length) out.push(...toFieldErrors(error.children, field));
  }
  return out;
}

/**
 * The field was not sent at all. Needs the validator's `validationError.value` (on by default, and on in the global
 * pipe); an unknown field is never "missing".
 */
function isMissing(error: ValidationError, first: string): boolean {
  return first !== 'whitelistValidation' && 'value' in error && error.value === undefined;
}

export function validationException(errors: ValidationError[]): AppException {
  return new AppException('VALIDATION_FAILED', toFieldErrors(errors));
}
