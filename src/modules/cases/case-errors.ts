import { AppException } from '../../common/errors/app.exception.js';
import type { ClockRuleError } from '../deadlines/domain/index.js';
import { CASE_ERROR_CODES } from './case.error-codes.js';

/** Clock rule codes that describe a malformed request rather than a conflict with the case's state. */
const INPUT_RULES = new Set(['INVALID_DATE', 'INVALID_PAYLOAD', 'EVENT_IN_FUTURE', 'EVENT_BEFORE_RECEIPT']);

const CLOCK_RULE_MESSAGES: Readonly<Record<string, string>> = CASE_ERROR_CODES.fields;

export function clockRuleException(error: ClockRuleError): AppException {
  const message = CLOCK_RULE_MESSAGES[error.code] ?? '不符合期限计算规则';
  if (INPUT_RULES.has(error.code)) return new AppException('VALIDATION_FAILED', [{ field: 'effectiveDate', code: error.code, message }]);
  return new AppException('CASE_RULE_VIOLATION', [{ field: 'type', code: error.code, message }], message);
}
