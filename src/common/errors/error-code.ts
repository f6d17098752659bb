import { HttpStatus } from '@nestjs/common';

/**
 * Stable English error codes. One table maps each to its HTTP status and the Chinese message shown to users.
 * Clients branch on `code`, never on `message`.
 */
export const ERROR_TABLE = {
  VALIDATION_FAILED: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '提交的内容未通过校验，请按提示修改' },
  MALFORMED_REQUEST: { status: HttpStatus.BAD_REQUEST, message: '请求格式错误，无法解析' },
  PAYLOAD_TOO_LARGE: { status: HttpStatus.PAYLOAD_TOO_LARGE, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, message: '不支持的内容类型' },
  UNAUTHENTICATED: { status: HttpStatus.UNAUTHORIZED, message: '请先登录' },
  INVALID_CREDENTIALS: { status: HttpStatus.UNAUTHORIZED, message: '账号或密码错误' },
  INVALID_REFRESH_TOKEN: { status: HttpStatus.UNAUTHORIZED, message: '登录已失效，请重新登录' },
  ACCOUNT_LOCKED: { status: HttpStatus.LOCKED, message: '登录失败次数过多，账号已临时锁定，请稍后再试' },
  ACCOUNT_DISABLED: { status: HttpStatus.FORBIDDEN, message: '账号已停用' },
  FORBIDDEN: { status: HttpStatus.FORBIDDEN, message: '无权执行此操作' },
  NOT_FOUND: { status: HttpStatus.NOT_FOUND, message: '未找到请求的资源' },
  ROUTE_NOT_FOUND: { status: HttpStatus.NOT_FOUND, message: '接口不存在' },
  METHOD_NOT_ALLOWED: { status: HttpStatus.METHOD_NOT_ALLOWED, message: '不支持的请求方法' },
  CONFLICT: { status: HttpStatus.CONFLICT, message: '操作与当前状态冲突，请刷新后重试' },
  EVENT_NOT_ALLOWED: { status: HttpStatus.CONFLICT, message: '案件当前状态不允许此操作' },
  CASE_RULE_VIOLATION: { status: HttpStatus.CONFLICT, message: '不符合办理规则' },
  STALE_VERSION: { status: HttpStatus.CONFLICT, message: '案件已被他人更新，请刷新后重试' },
  EMAIL_TAKEN: { status: HttpStatus.CONFLICT, message: '该电子邮箱已注册' },
  AGENCY_CODE_TAKEN: { status: HttpStatus.CONFLICT, message: '机关代码已被使用' },
  AGENCY_PARENT_INVALID: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '上级机关无效（不存在或会形成循环）' },
  AGENCY_REQUIRED: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '工作人员必须属于一个机关' },
  RATE_LIMITED: { status: HttpStatus.TOO_MANY_REQUESTS, message: '请求过于频繁，请稍后再试' },
  INTERNAL_ERROR: { status: HttpStatus.INTERNAL_SERVER_ERROR, message: '系统内部错误，请联系管理员并提供请求编号' },
  SERVICE_UNAVAILABLE: { status: HttpStatus.SERVICE_UNAVAILABLE, message: '服务暂不可用' },
} as const satisfies Record<string, { status: HttpStatus; message: string }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

/** Field-level validation codes with their Chinese messages (`errors[].code`). */
export const FIELD_ERROR_MESSAGES: Record<string, string> = {
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
  WEAK_PASSWORD: '密码至少10位，且需包含字母和数字',
  INVALID: '取值无效',
};

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
