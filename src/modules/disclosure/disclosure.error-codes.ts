import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** Proactive disclosure: similar-request clusters and decisions on them. */
export const DISCLOSURE_ERROR_CODES = {
  module: 'disclosure',
  errors: {},
  fields: {
    NOT_MEMBER: '所选案件不属于该组',
    ALL_MEMBERS: '不能将全部成员拆出',
    NOT_IN_FUTURE: '再次审查日期须晚于今天',
  },
} as const satisfies ModuleErrorTable;
