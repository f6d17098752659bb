import type { ConsultedParty, ExplanationLine } from './case-clock.types.js';
import type { CountedSegment, SkippedStretch } from './period-walk.js';

// The Chinese wording of the clock's explanation, one builder per line kind, so the clock
// logic stays readable and the wording can be reviewed in one place.

export const RULES = {
  replyPeriod: '《政府信息公开条例》第三十三条第二款',
  correction: '《政府信息公开条例》第三十条',
  THIRD_PARTY: '《政府信息公开条例》第三十二条、第三十三条第三款',
  CO_PRODUCING_AGENCY: '《政府信息公开条例》第三十四条、第三十三条第三款',
  excludedTime: '《政府信息公开条例》第三十三条第三款',
  extension: '《政府信息公开条例》第三十三条第二款',
  deferral: '《政府信息公开条例》第三十五条',
  fee: '国办函〔2020〕109号',
  holidays: '《全国年节及纪念日放假办法》（2024年修订）',
} as const;

const PARTY_NAME: Record<ConsultedParty, string> = { THIRD_PARTY: '第三方', CO_PRODUCING_AGENCY: '共同制作机关' };

export const explain = {
  receipt: (receiptDate: string, workdays: number): ExplanationLine => ({
    code: 'RECEIPT',
    text: `收到申请之日为${receiptDate}（不计入期限），自次日起计算${workdays}个工作日`,
    rule: RULES.replyPeriod,
    from: receiptDate,
    workdays,
  }),

  correctionNoticeDeadline: (receiptDate: string, deadline: string, workdays: number): ExplanationLine => ({
    code: 'CORRECTION_NOTICE_DEADLINE',
    text: `申请内容需要补正的，应于${deadline}前（收到申请之日起${workdays}个工作日内）一次性告知申请人`,
    rule: RULES.correction,
    from: receiptDate,
    to: deadline,
    workdays,
  }),

  correctionRequested: (on: string, windowEnds: string, workdays: number): ExplanationLine => ({
    code: 'CORRECTION_REQUESTED',
    text: `${on}一次性告知申请人补正，答复期限停止计算；补正期限至${windowEnds}（${workdays}个工作日），收到补正后的申请之日起重新计算答复期限`,
    rule: RULES.correction,
    from: on,
    to: windowEnds,
    workdays,
  }),

  correctionNoticeLate: (on: string, deadline: string): ExplanationLine => ({
    code: 'CORRECTION_NOTICE_LATE',
    text: `补正告知于${on}发出，晚于应发出的最后一日${deadline}`,
    rule: RULES.correction,
    from: on,
    to: deadline,
  }),

  correctionReceived: (requestedOn: string, receivedOn: string, workdays: number, extensionDropped: boolean): ExplanationLine => ({
    code: 'CORRECTION_RECEIVED',
    text:
      `${receivedOn}收到补正后的申请，答复期限自次日起重新计算${workdays}个工作日，此前经过的期间不再计算` +
      (extensionDropped ? '；补正前批准的延期不再适用' : ''),
    rule: RULES.correction,
    from: requestedOn,
    to: receivedOn,
    workdays,
  }),

  correctionLapsed: (on: string): ExplanationLine => ({
    code: 'CORRECTION_LAPSED',
    text: `申请人逾期未补正，视为放弃申请，${on}起不再处理，计时终止`,
    rule: RULES.correction,
    to: on,
  }),

  consultationSent: (party: ConsultedParty, id: string, on: string, deadline: string, workdays: number): ExplanationLine => ({
    code: 'CONSULTATION_SENT',
    text: `${on}向${PARTY_NAME[party]}发出征求意见书（${id}），当日计入期限，自次日起征求意见所需时间不计入答复期限；${PARTY_NAME[party]}应于${deadline}前（${workdays}个工作日内）提出意见`,
    rule: RULES[party],
    from: on,
    to: deadline,
    workdays,
  }),

  consultationEnded: (party: ConsultedParty, id: string, from: string, to: string, excluded: number, lapsed: boolean): ExplanationLine => ({
    code: lapsed ? 'CONSULTATION_LAPSED' : 'CONSULTATION_ANSWERED',
    text:
      (lapsed
        ? party === 'CO_PRODUCING_AGENCY'
          ? `共同制作机关逾期未提出意见（${id}），视为同意公开`
          : `第三方逾期未提出意见（${id}），不视为同意，由本机关依法决定是否公开`
        : `${to}收到${PARTY_NAME[party]}意见（${id}）`) +
      `；${from}次日至${to}共${excluded}个工作日不计入答复期限`,
    rule: RULES[party],
    from,
    to,
    workdays: excluded,
  }),

  lateOpinion: (id: string, receivedOn: string, deadline: string): ExplanationLine => ({
    code: 'CONSULTATION_OPINION_LATE',
    text: `意见（${id}）于${receivedOn}收到，已超过${deadline}届满的意见期限；不计入答复期限的期间截至${deadline}`,
    rule: RULES.THIRD_PARTY,
    from: deadline,
    to: receivedOn,
  }),

  pauseAfterPeriodEnded: (on: string, due: string): ExplanationLine => ({
    code: 'PAUSE_AFTER_DUE_DATE',
    text: `${on}开始的期间在答复期限（${due}）已届满后，不改变答复期限`,
    rule: RULES.excludedTime,
    from: on,
    to: due,
  }),

  pauseDuringDeferral: (on: string, until: string): ExplanationLine => ({
    code: 'PAUSE_DURING_DEFERRAL',
    text: `${on}开始的期间发生在已确定的延迟答复期限内，答复期限仍为${until}`,
    rule: RULES.deferral,
    from: on,
    to: until,
  }),

  feeNoticeSent: (on: string, deadline: string, workdays: number, pausesClock: boolean): ExplanationLine => ({
    code: 'FEE_NOTICE_SENT',
    text:
      `${on}发出收费通知，申请人应于${deadline}前（${workdays}个工作日内）缴纳信息处理费；` +
      (pausesClock ? '自次日起至缴费之日不计入答复期限（机关设置）' : '按机关设置，收费期间照常计入答复期限'),
    rule: RULES.fee,
    from: on,
    to: deadline,
    workdays,
  }),

  feePaid: (noticeOn: string, paidOn: string, excluded: number | null): ExplanationLine => ({
    code: 'FEE_PAID',
    text:
      `${paidOn}收到信息处理费` +
      (excluded === null ? '' : `；${noticeOn}次日至${paidOn}共${excluded}个工作日不计入答复期限`),
    rule: RULES.fee,
    from: noticeOn,
    to: paidOn,
    ...(excluded === null ? {} : { workdays: excluded }),
  }),

  feeLapsed: (on: string): ExplanationLine => ({
    code: 'FEE_LAPSED',
    text: `申请人逾期未缴纳信息处理费，视为放弃申请，${on}起不再处理，计时终止`,
    rule: RULES.fee,
    to: on,
  }),

  extension: (on: string, workdays: number, approvedBy: string | undefined, dueBefore: string | null, dueAfter: string | null, total: number): ExplanationLine => ({
    code: 'EXTENSION',
    text:
      `${on}经政府信息公开工作机构负责人${approvedBy ? `（${approvedBy}）` : ''}同意，答复期限延长${workdays}个工作日，并告知申请人；` +
      (dueBefore && dueAfter
        ? `答复期限由${dueBefore}延至${dueAfter}`
        : `暂停结束后按共${total}个工作日计算答复期限`),
    rule: RULES.extension,
    from: on,
    ...(dueAfter ? { to: dueAfter } : {}),
    workdays,
  }),

  deferral: (on: string, until: string): ExplanationLine => ({
    code: 'DEFERRED',
    text: `${on}告知申请人延迟答复：申请数量、频次明显超过合理范围，答复期限确定为${until}`,
    rule: RULES.deferral,
    from: on,
    to: until,
  }),

  legalReviewNotPaused: (on: string): ExplanationLine => ({
    code: 'LEGAL_REVIEW_NOT_PAUSED',
    text: `${on}提请法制机构或法律顾问会商；会商期间照常计入答复期限（只有征求第三方和其他机关意见的时间不计入）`,
    rule: RULES.excludedTime,
    from: on,
  }),

  stopped: (type: 'DELIVER_REPLY' | 'WITHDRAW' | 'CLOSE' | 'ARCHIVE', on: string, due: string | null): ExplanationLine => {
    const texts = {
      DELIVER_REPLY: `${on}答复已送达，计时终止` + (due ? (on > due ? `；已超过答复期限${due}` : `；在答复期限${due}内`) : ''),
      WITHDRAW: `${on}申请人撤回申请，计时终止`,
      CLOSE: `${on}案件办结，计时终止`,
      ARCHIVE: `${on}案件归档，计时终止`,
    };
    return { code: type === 'DELIVER_REPLY' ? 'REPLY_DELIVERED' : type, text: texts[type], to: on };
  },

  pauseClosedByStop: (from: string, on: string): ExplanationLine => ({
    code: 'PAUSE_ENDED_BY_STOP',
    text: `${from}开始的暂停随办理终结于${on}结束`,
    from,
    to: on,
  }),

  counted: (segment: CountedSegment): ExplanationLine => ({
    code: 'COUNTED',
    text: `${segment.first}至${segment.last}计入${segment.workdays}个工作日`,
    rule: RULES.replyPeriod,
    from: segment.first,
    to: segment.last,
    workdays: segment.workdays,
  }),

  excludedTotal: (skipped: SkippedStretch[], overlapping: boolean): ExplanationLine => {
    const workdays = skipped.reduce((sum, s) => sum + s.workdays, 0);
    const union = overlapping ? '，多个期间重叠的部分只计算一次' : '';
    return {
      code: 'EXCLUDED_TOTAL',
      text: `共${workdays}个工作日不计入答复期限（${skipped.map((s) => `${s.from}次日至${s.to}`).join('、')}${union}）`,
      rule: RULES.excludedTime,
      workdays,
    };
  },

  dueDate: (due: string, total: number): ExplanationLine => ({
    code: 'DUE_DATE',
    text: `答复期限届满日为${due}（第${total}个计入期限的工作日）`,
    rule: RULES.replyPeriod,
    to: due,
    workdays: total,
  }),

  waitingForCorrection: (workdays: number): ExplanationLine => ({
    code: 'WAITING_FOR_CORRECTION',
    text: `等待申请人补正：收到补正后的申请之日起重新计算${workdays}个工作日`,
    rule: RULES.correction,
    workdays,
  }),

  paused: (since: string, used: number, remaining: number): ExplanationLine => ({
    code: 'PAUSED',
    text: `答复期限自${since}次日起暂停计算：已计入${used}个工作日，恢复计算后还有${remaining}个工作日`,
    rule: RULES.excludedTime,
    from: since,
    workdays: remaining,
  }),

  deferredDue: (until: string): ExplanationLine => ({
    code: 'DUE_DATE',
    text: `答复期限为${until}（延迟答复）`,
    rule: RULES.deferral,
    to: until,
  }),

  overdue: (due: string, today: string): ExplanationLine => ({
    code: 'OVERDUE',
    text: `截至${today}已超过答复期限${due}`,
    rule: RULES.replyPeriod,
    from: due,
    to: today,
  }),

  provisionalYear: (year: number): ExplanationLine => ({
    code: 'PROVISIONAL_CALENDAR',
    text: `${year}年的节假日安排尚未公布，${year}年的日期暂按法定节假日计算（不含调休），公布后重新计算`,
    rule: RULES.holidays,
    from: `${year}-01-01`,
    to: `${year}-12-31`,
  }),
};
