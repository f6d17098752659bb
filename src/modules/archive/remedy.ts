import { addDays } from '../deadlines/domain/index.js';
import { REMEDY_ANSWER } from '../../common/statutory-limits.js';

// Remedy proceedings against a disclosure reply (pure): when the agency's written reply and evidence are due.

export type RemedyKind = 'RECONSIDERATION' | 'LITIGATION';

export const REMEDY_KIND_LABELS: Record<RemedyKind, string> = { RECONSIDERATION: '行政复议', LITIGATION: '行政诉讼' };
export const REMEDY_OUTCOME_LABELS: Record<string, string> = { PENDING: '尚未审结', UPHELD: '维持/驳回', CORRECTED: '纠正', OTHER: '其他' };
export const REMEDY_CORRECTION_LABELS: Record<string, string> = { REVOKED: '撤销', CHANGED: '变更', CONFIRMED_ILLEGAL: '确认违法', ORDERED_TO_PERFORM: '责令履行' };

export interface EvidenceDeadline {
  dueOn: string;
  days: number;
  unit: '工作日' | '日';
  basis: string;
}

interface Workdays {
  addWorkdays(date: string, n: number): string;
  isWorkday(date: string): boolean;
}

/**
 * The day the written reply and all evidence are due, counted from the day the copy was received (that day not
 * counted).
 * - 行政复议: 十日 (行政复议法第四十八条), 五日 in the simplified procedure (第五十四条); 第八十八条 says the law's
 *   "三日、五日、七日、十日" are working days, not counting statutory days off, so they are counted on the working-day
 *   calendar, not as calendar days.
 * - 行政诉讼: 十五日 (行政诉讼法第六十七条), calendar days; a period ending on a day off ends on the next working day
 *   (行政诉讼法第一百零一条 → 民事诉讼法第八十五条).
 */
export function evidenceDeadline(kind: RemedyKind, copyReceivedOn: string, simplified: boolean, calendar: Workdays): EvidenceDeadline {
  if (kind === 'RECONSIDERATION') {
    const days = simplified ? REMEDY_ANSWER.reconsiderationSimplifiedWorkdays : REMEDY_ANSWER.reconsiderationWorkdays;
    return {
      dueOn: calendar.addWorkdays(copyReceivedOn, days),
      days,
      unit: '工作日',
      basis: simplified ? '行政复议法第五十四条、第八十八条：简易程序自收到申请书副本之日起五日内（工作日）提出书面答复并提交证据' : '行政复议法第四十八条、第八十八条：自收到申请书副本之日起十日内（工作日）提出书面答复并提交证据',
    };
  }
  let dueOn = addDays(copyReceivedOn, REMEDY_ANSWER.litigationDays);
  while (!calendar.isWorkday(dueOn)) dueOn = addDays(dueOn, 1);
  return { dueOn, days: REMEDY_ANSWER.litigationDays, unit: '日', basis: '行政诉讼法第六十七条：自收到起诉状副本之日起十五日内提交证据和规范性文件并提出答辩状（期间届满日为休假日的顺延，民事诉讼法第八十五条）' };
}
