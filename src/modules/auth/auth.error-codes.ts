import { HttpStatus } from '@nestjs/common';
import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** Login, tokens and sessions. */
export const AUTH_ERROR_CODES = {
  module: 'auth',
  errors: {
    INVALID_CREDENTIALS: { status: HttpStatus.UNAUTHORIZED, message: '账号或密码错误' },
    INVALID_REFRESH_TOKEN: { status: HttpStatus.UNAUTHORIZED, message: '登录已失效，请重新登录' },
    LOGIN_THROTTLED: { status: HttpStatus.TOO_MANY_REQUESTS, message: '密码错误次数过多，请稍后再试' },
    ACCOUNT_DISABLED: { status: HttpStatus.FORBIDDEN, message: '账号已停用' },
  },
  fields: {
    INVALID_RESET_TOKEN: '重置链接无效或已过期，请重新申请',
  },
} as const satisfies ModuleErrorTable;
