import { HttpStatus } from '@nestjs/common';
import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** User accounts. */
export const USERS_ERROR_CODES = {
  module: 'users',
  errors: {
    EMAIL_TAKEN: { status: HttpStatus.CONFLICT, message: '该电子邮箱已注册' },
    AGENCY_REQUIRED: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '工作人员必须属于一个机关' },
  },
  fields: {
    WEAK_PASSWORD: '密码至少10位，且需包含字母和数字',
  },
} as const satisfies ModuleErrorTable;
