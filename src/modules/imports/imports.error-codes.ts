import type { ModuleErrorTable } from '../../common/errors/error-registry.js';

/**
 * 历史导入: the codes a line of an import file is refused with (reported per line and field in the job, never as a
 * request error: one bad line refuses only itself). Each code's message here is the general one; the job's line
 * error carries a sentence naming the date, the 文号 or the party concerned.
 */
export const IMPORTS_ERROR_CODES = {
  module: 'imports',
  errors: {},
  fields: {
    INVALID_JSON: '该行不是有效的 JSON',
    TRACKING_NUMBER_TAKEN: '该受理编号已被其他案件使用',
    ALREADY_IMPORTED: '该外部编号的案件已经导入，且内容与本行不同',
    DUE_DATE_MISMATCH: '记录的答复期限与按条例和工作日历计算的期限不符',
    BEFORE_APPLIED: '决定或裁判之日不能早于申请复议或起诉之日',
    NOT_A_PDF: '答复书文件应为 PDF',
    NO_OPEN_CONSULTATION: '本案此时没有未结束的征求意见',
    NO_PENDING_REFERRAL: '本案此时没有未答复的会商',
    IMPORT_FAILED: '导入该行时发生内部错误，未导入',
  },
} as const satisfies ModuleErrorTable;
