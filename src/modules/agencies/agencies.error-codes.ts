import { HttpStatus } from '@nestjs/common';
import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** The agency tree. */
export const AGENCIES_ERROR_CODES = {
  module: 'agencies',
  errors: {
    AGENCY_CODE_TAKEN: { status: HttpStatus.CONFLICT, message: '机关代码已被使用' },
    AGENCY_PARENT_INVALID: { status: HttpStatus.UNPROCESSABLE_ENTITY, message: '上级机关无效（不存在或会形成循环）' },
  },
  fields: {},
} as const satisfies ModuleErrorTable;
