/**
 * Every statutory number the service enforces or prints, in one place, each beside the provision it comes from.
 * DTOs, the statechart's guards, the deadline clock, mails and pages import these; none of them types the number
 * again. Where a limit is an agency's configurable default rather than a fixed rule, it says so.
 *
 * Pure data: no Nest or TypeORM imports, so the domain code may use it.
 */

/** 条例第三十三条第二款: "应当自收到申请之日起20个工作日内予以答复". */
export const REPLY_WORKDAYS = 20;

/**
 * 条例第三十三条第二款: "需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日".
 * One extension per application, approved on or before the current due date, of 1 to 20 working days
 * (20 when the head does not say).
 */
export const EXTENSION = Object.freeze({
  minWorkdays: 1,
  maxWorkdays: 20,
  defaultWorkdays: 20,
  timesAllowed: 1,
});

/** Whether another extension may be approved after `used` of them (条例第三十三条第二款: once). */
export const extensionAllowed = (used: number): boolean => used < EXTENSION.timesAllowed;

/**
 * 条例第三十条: "应当在收到申请之日起7个工作日内一次性告知申请人作出补正". One correction notice per application,
 * sent within 7 working days of receipt; the case's workbench warns from the 5th of them. The applicant's period
 * to correct is "合理的补正期限": an agency setting, 15 working days unless the agency changes it.
 */
export const CORRECTION = Object.freeze({
  noticeWorkdays: 7,
  noticeWarnFromWorkday: 5,
  timesAllowed: 1,
  defaultWindowWorkdays: 15,
});

/** Whether a correction may be requested after `requested` notices (条例第三十条: "一次性告知"). */
export const correctionAllowed = (requested: number): boolean => requested < CORRECTION.timesAllowed;

/** 条例第三十二条、第三十四条: the consulted third party (or co-producing agency) answers within 15 working days. */
export const THIRD_PARTY_WORKDAYS = 15;

/**
 * 国办函〔2020〕109号 (信息处理费): the applicant pays within 20 working days of the fee notice; otherwise 视为放弃申请
 * (the application is taken as abandoned). Whether the notice period is excluded from the reply period is an agency
 * setting, on unless the agency turns it off.
 */
export const FEE_PAYMENT_WORKDAYS = 20;
export const FEE_NOTICE_PAUSES_CLOCK_DEFAULT = true;

/** 条例第二十六条: proactively disclosed information is published within 20 working days of being formed or changed. */
export const PUBLICATION_WORKDAYS = 20;

/** 2007年《政府信息公开条例》第三十八条: "本条例自2008年5月1日起施行"; no application, report or event predates it. */
export const REGULATION_IN_FORCE_FROM = '2008-05-01';
export const REGULATION_FIRST_YEAR = 2008;
export const REGULATION_IN_FORCE_FROM_LABEL = '2008年5月1日';

/**
 * Remedy proceedings against a reply: the agency's written answer and evidence are due
 * - 行政复议: 10 working days after the copy of the application (行政复议法第四十八条), 5 in the simplified procedure
 *   (第五十四条); 第八十八条 counts these in working days;
 * - 行政诉讼: 15 days after the copy of the complaint (行政诉讼法第六十七条), calendar days, a last day off moving to the
 *   next working day (民事诉讼法第八十五条).
 */
export const REMEDY_ANSWER = Object.freeze({
  reconsiderationWorkdays: 10,
  reconsiderationSimplifiedWorkdays: 5,
  litigationDays: 15,
});
