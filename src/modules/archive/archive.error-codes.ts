import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** The evidence archive: the auditor's bulk export of case files. */
export const ARCHIVE_ERROR_CODES = {
  module: 'archive',
  errors: {},
  fields: {
    NO_CASES: '检索结果为空，没有可导出的案卷',
    TOO_MANY_CASES: '一次导出的案卷过多，请缩小检索范围后再导出',
    EXPORT_TOO_LARGE: '导出文件超过上限，请缩小检索范围后分批导出',
  },
} as const satisfies ModuleErrorTable;
