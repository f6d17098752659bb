import { HttpStatus } from '@nestjs/common';
import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** Annual reports (条例第五十条). */
export const REPORTS_ERROR_CODES = {
  module: 'reports',
  errors: {
    REPORT_CHECKS_FAILED: { status: HttpStatus.CONFLICT, message: '年度报告未通过校验，请先更正相关案件或说明原因' },
    REPORT_ALREADY_PUBLISHED: { status: HttpStatus.CONFLICT, message: '该年度报告已发布，不能重复发布' },
  },
  fields: {},
} as const satisfies ModuleErrorTable;
