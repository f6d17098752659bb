import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/** 会商 (legal co-review): referrals to the agency's legal advisors. */
export const LEGAL_ERROR_CODES = {
  module: 'legal',
  errors: {},
  fields: {
    NOT_AN_ADVISOR: '应为本机关的法律顾问',
  },
} as const satisfies ModuleErrorTable;
