import { HttpStatus } from '@nestjs/common';
import { AGENCIES_ERROR_CODES } from '../../modules/agencies/agencies.error-codes.js';
import { ARCHIVE_ERROR_CODES } from '../../modules/archive/archive.error-codes.js';
import { AUTH_ERROR_CODES } from '../../modules/auth/auth.error-codes.js';
import { CASE_ERROR_CODES } from '../../modules/cases/case.error-codes.js';
import { DEADLINES_ERROR_CODES } from '../../modules/deadlines/deadlines.error-codes.js';
import { DISCLOSURE_ERROR_CODES } from '../../modules/disclosure/disclosure.error-codes.js';
import { DOCUMENTS_ERROR_CODES } from '../../modules/documents/documents.error-codes.js';
import { IMPORTS_ERROR_CODES } from '../../modules/imports/imports.error-codes.js';
import { INTAKE_ERROR_CODES } from '../../modules/intake/intake.error-codes.js';
import { LEGAL_ERROR_CODES } from '../../modules/legal/legal.error-codes.js';
import { REPLIES_ERROR_CODES } from '../../modules/replies/replies.error-codes.js';
import { REPORTS_ERROR_CODES } from '../../modules/reports/reports.error-codes.js';
import { USERS_ERROR_CODES } from '../../modules/users/users.error-codes.js';
import { mergeErrorTables, type ModuleErrorTable } from './error-registry.js';

/**
 * Codes every module produces: the request-level ones (status + Chinese message) and the generic field checks
 * (`errors[].code`). A code only one module produces lives in that module's `*.error-codes.ts` table.
 * Clients branch on `code`, never on `message`.
 */
export const COMMON_ERROR_CODES = {
  module: 'common',
  errors: {
    VALIDATION_FAILED: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '提交的内容未通过校验，请按提示修改' },
    MALFORMED_REQUEST: { status: HttpStatus.BAD_REQUEST, message: '请求格式错误，无法解析' },
    PAYLOAD_TOO_LARGE: { status: HttpStatus.PAYLOAD_TOO_LARGE, message: '提交的内容过大' },
    UNSUPPORTED_MEDIA_TYPE: { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: '不支持的内容类型' },
    UNAUTHENTICATED: { status: HttpStatus.UNAUTHORIZED, message: '请先登录' },
    FORBIDDEN: { status: HttpStatus.FORBIDDEN, message: '无权执行此操作' },
    NOT_FOUND: { status: HttpStatus.NOT_FOUND, message: '未找到请求的资源' },
    ROUTE_NOT_FOUND: { status: HttpStatus.NOT_FOUND, message: '接口不存在' },
    METHOD_NOT_ALLOWED: { status: HttpStatus.METHOD_NOT_ALLOWED, message: '不支持的请求方法' },
    CONFLICT: { status: HttpStatus.CONFLICT, message: '操作与当前状态冲突，请刷新后重试' },
    RATE_LIMITED: { status: HttpStatus.TOO_MANY_REQUESTS, message: '请求过于频繁，请稍后再试' },
    INTERNAL_ERROR: { status: HttpStatus.INTERNAL_SERVER_ERROR, message: '系统内部错误，请联系管理员并提供请求编号' },
    SERVICE_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, message: '服务暂不可用' },
    DATABASE_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, message: '数据库暂时不可用，本次请求未被处理，请稍后重试' },
  },
  fields: {
    REQUIRED: '必填',
    UNKNOWN_FIELD: '不允许的字段',
    INVALID_TYPE: '类型不正确',
    INVALID_FORMAT: '格式不正确',
    INVALID_EMAIL: '电子邮箱格式不正确',
    INVALID_DATE: '日期格式应为YYYY-MM-DD且为有效日期',
    DATE_IN_FUTURE: '日期不能晚于今天',
    INVALID_ENUM: '取值不在允许范围内',
    TOO_SHORT: '长度不足',
    TOO_LONG: '长度超出限制',
    TOO_SMALL: '数值过小',
    TOO_LARGE: '数值过大',
    INVALID_UUID: '编号格式不正确',
    INVALID: '取值无效',
    // Generic checks more than one module makes (request body, ranges, dates recorded against an event).
    INVALID_CHARACTERS: '包含无效字符（如空字符或不完整的Unicode字符）',
    TOO_DEEP: '嵌套层级过深',
    INVALID_RANGE: '起始日期不能晚于截止日期',
    NOT_ALLOWED: '不允许此项取值',
    AFTER_EVENT_DATE: '日期不能晚于登记日期',
  },
} as const satisfies ModuleErrorTable;

/** Every module's table; the registry below is their union, and a code defined twice stops the service at boot. */
export const MODULE_ERROR_TABLES: readonly ModuleErrorTable[] = [
  COMMON_ERROR_CODES,
  AUTH_ERROR_CODES,
  USERS_ERROR_CODES,
  AGENCIES_ERROR_CODES,
  INTAKE_ERROR_CODES,
  CASE_ERROR_CODES,
  DEADLINES_ERROR_CODES,
  DOCUMENTS_ERROR_CODES,
  REPORTS_ERROR_CODES,
  LEGAL_ERROR_CODES,
  REPLIES_ERROR_CODES,
  ARCHIVE_ERROR_CODES,
  DISCLOSURE_ERROR_CODES,
  IMPORTS_ERROR_CODES,
];

const registry = mergeErrorTables(MODULE_ERROR_TABLES);

/** Stable English error codes with their HTTP status and the Chinese message shown to users. */
export const ERROR_TABLE = {
  ...COMMON_ERROR_CODES.errors,
  ...AUTH_ERROR_CODES.errors,
  ...USERS_ERROR_CODES.errors,
  ...AGENCIES_ERROR_CODES.errors,
  ...INTAKE_ERROR_CODES.errors,
  ...CASE_ERROR_CODES.errors,
  ...DEADLINES_ERROR_CODES.errors,
  ...DOCUMENTS_ERROR_CODES.errors,
  ...REPORTS_ERROR_CODES.errors,
  ...LEGAL_ERROR_CODES.errors,
  ...REPLIES_ERROR_CODES.errors,
  ...ARCHIVE_ERROR_CODES.errors,
  ...DISCLOSURE_ERROR_CODES.errors,
  ...IMPORTS_ERROR_CODES.errors,
};

export type ErrorCode = keyof typeof ERROR_TABLE;

/** Field-level validation codes with their Chinese messages (`errors[].code`), from every module's table. */
export const FIELD_ERROR_MESSAGES: Readonly<Record<string, string>> = registry.fields;

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
  correlationId: string;
}
