import { HttpStatus } from '@nestjs/common';
import type { ModuleErrorTable } from '../../common/errors/error-registry.js';
import { EXTENSION, THIRD_PARTY_WORKDAYS } from '../../common/statutory-limits.js';

/**
 * The case pipeline: request-level codes, and the clock's rule codes (ClockRuleError), which reach the client as
 * field errors on `type` or `effectiveDate`.
 */
export const CASE_ERROR_CODES = {
  module: 'cases',
  errors: {
    EVENT_NOT_ALLOWED: { status: HttpStatus.CONFLICT, message: '案件当前状态不允许此操作' },
    CASE_RULE_VIOLATION: { status: HttpStatus.CONFLICT, message: '不符合办理规则' },
    CLOCK_NOT_STARTED: { status: HttpStatus.CONFLICT, message: '尚未确认收到申请，答复期限尚未开始计算' },
    LEGAL_OPINION_REQUIRED: { status: HttpStatus.CONFLICT, message: '此答复须经法律顾问同意后方可审批' },
    NO_DRAFT: { status: HttpStatus.CONFLICT, message: '尚未起草答复' },
    NO_ISSUED_REPLY: { status: HttpStatus.CONFLICT, message: '答复书尚未签发' },
    STALE_VERSION: { status: HttpStatus.CONFLICT, message: '案件已被他人更新，请刷新后重试' },
  },
  fields: {
    CORRECTION_ALREADY_REQUESTED: '补正只能一次性告知（条例第三十条）',
    NO_CORRECTION_PENDING: '当前没有待补正的告知',
    CORRECTION_PERIOD_NOT_OVER: '补正期限尚未届满（申请人享有期限的最后一日），逾期未补正最早自期限届满次日起生效（条例第三十条）',
    FEE_PERIOD_NOT_OVER: '缴费期限尚未届满（申请人享有期限的最后一日），逾期未缴费最早自期限届满次日起生效（国办函〔2020〕109号）',
    CORRECTION_PENDING: '案件正在等待补正',
    CONSULTATION_ID_IN_USE: '征求意见编号重复',
    UNKNOWN_CONSULTATION: '没有该项征求意见',
    THIRD_PARTY_PERIOD_NOT_OVER: `征求意见期限（${THIRD_PARTY_WORKDAYS}个工作日）尚未届满，不能记录为逾期未答复`,
    FEE_NOTICE_ALREADY_OPEN: '已有未缴的收费通知',
    NO_FEE_NOTICE_PENDING: '当前没有待缴费的收费通知',
    EXTENSION_ALREADY_USED: '每件申请只能延期一次（条例第三十三条第二款）',
    EXTENSION_AFTER_DUE_DATE: '延期须在答复期限届满前批准',
    EXTENSION_TOO_LONG: `延长的期限最长不得超过${EXTENSION.maxWorkdays}个工作日（条例第三十三条第二款）`,
    EXTENSION_AFTER_DEFERRAL: '已确定延迟答复期限的案件不能再延期',
    DEFERRAL_NOT_AFTER_DUE_DATE: '延迟答复期限应晚于当前答复期限',
    CLOCK_STOPPED: '案件已停止计时',
    EVENT_IN_FUTURE: '日期不能晚于今天',
    EVENT_BEFORE_RECEIPT: '日期不能早于收到申请之日',
    // the command pipeline and its preparers
    NOT_ALLOWED_IN_STATE: '案件当前状态不能执行此事件',
    BEFORE_PREVIOUS_EVENT: '日期不能早于上一事件的日期',
    NOT_A_HANDLER: '应为本机关在岗的承办人或负责人',
    // 国办函〔2020〕109号第三条: one method per application; nothing to notify when the computed fee is nil.
    FEE_METHOD_FIXED: '同一申请只能适用一种计收方式（国办函〔2020〕109号第三条）',
    FEE_NOT_DUE: '无需发出收费通知',
    // 条例第三十五条: a deferral to a reasonable later date.
    TOO_LATE: '延迟答复的期限过晚',
  },
} as const satisfies ModuleErrorTable;
