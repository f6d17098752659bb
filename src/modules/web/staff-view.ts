import { CASE_CHANNEL_LABELS } from '../cases/case-channel.js';
import type { CaseDto, CaseEventDto, CaseSummaryDto } from '../cases/dto/case.dto.js';
import { PAUSED_STATUSES } from '../cases/workflow/case-status.js';
import { chineseDate } from './web-setup.js';

// View models of the workbench pages: pure functions from the API's DTOs to what a page shows.

export interface CaseMark {
  kind: 'overdue' | 'due-soon' | 'paused' | 'provisional' | 'not-started';
  /** A text symbol, so the mark never relies on colour alone. */
  icon: string;
  text: string;
}

export interface CaseRow {
  id: string;
  trackingNumber: string;
  title: string;
  applicantName: string;
  channel: string;
  status: string;
  statusLabel: string;
  due: string;
  marks: CaseMark[];
  assigneeId: string | null;
  mine: boolean;
}

/** One queue row; "due soon" is a due date on or before `soon` (today + 5 working days). */
export function caseRow(c: CaseSummaryDto, today: string, soon: string, userId: string): CaseRow {
  const marks: CaseMark[] = [];
  const paused = (PAUSED_STATUSES as readonly string[]).includes(c.status);
  if (c.overdue) marks.push({ kind: 'overdue', icon: '⚠', text: '已逾期' });
  else if (c.dueDate && !paused && c.dueDate >= today && c.dueDate <= soon) marks.push({ kind: 'due-soon', icon: '⏰', text: '即将到期' });
  if (paused) marks.push({ kind: 'paused', icon: '⏸', text: '暂停计时' });
  if (!c.receiptDate) marks.push({ kind: 'not-started', icon: '○', text: '未开始计时' });
  if (c.dueDateProvisional) marks.push({ kind: 'provisional', icon: '※', text: '按临时日历计算' });
  return {
    id: c.id,
    trackingNumber: c.trackingNumber,
    title: c.requestTitle ?? truncate(c.requestDescription, 40),
    applicantName: c.applicantName,
    channel: CASE_CHANNEL_LABELS[c.channel] ?? c.channel,
    status: c.status,
    statusLabel: c.statusLabel,
    due: c.dueDate ? chineseDate(c.dueDate) : '—',
    marks,
    assigneeId: c.assigneeId,
    mine: c.assigneeId === userId,
  };
}

export function truncate(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : s;
}

// ── The case page ───────────────────────────────────────────────────────────────────────────────────────────────

const APPLICANT_LABELS: Record<string, string> = {
  name: '姓名',
  organisation: '单位',
  idType: '证件类型',
  idNumber: '证件号码',
  phone: '联系电话',
  email: '电子邮箱',
  address: '通信地址',
  postcode: '邮政编码',
  creditCode: '统一社会信用代码',
  legalRepresentative: '法定代表人',
  contactName: '联系人',
};

/** The applicant's details as the API gives them to this role (masked identity numbers; no contact for advisors). */
export function caseFacts(c: CaseDto, channels: Record<string, string>): { label: string; value: string }[] {
  const facts: { label: string; value: string }[] = [
    { label: '申请编号', value: c.trackingNumber },
    { label: '申请渠道', value: channels[c.channel] ?? c.channel },
    { label: '收到申请之日', value: c.receiptDate ? chineseDate(c.receiptDate) : '待确认收到' },
  ];
  if (c.imported) facts.push({ label: '来源', value: `历史导入（外部编号 ${c.imported.externalId}，导入文件第${c.imported.line}行）` });
  if (c.receiptBasis) facts.push({ label: '收件日期依据', value: c.receiptBasis });
  facts.push({ label: '申请人', value: c.applicantName });
  for (const [k, v] of flatten(c.applicant ?? {})) if (k !== 'name' && v) facts.push({ label: APPLICANT_LABELS[k] ?? k, value: v });
  return facts;
}

function flatten(o: Record<string, unknown>, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v as Record<string, unknown>, prefix));
    else if (typeof v === 'string' || typeof v === 'number') out.push([prefix + k, String(v)]);
  }
  return out;
}

const CLOCK_STATES: Record<string, string> = { running: '计时中', paused: '暂停计时', deferred: '延迟答复', stopped: '已停止计时', overdue: '已逾期' };
const PAUSE_REASONS: Record<string, string> = { CORRECTION: '补正', THIRD_PARTY: '征求第三方意见', CO_PRODUCING_AGENCY: '征求其他机关意见', FEE: '缴费' };

interface Calendar {
  addWorkdays(date: string, n: number): string;
}

/** The clock in words, and a strip of the working days: counted, paused (not counted) and extended. */
export function clockView(c: CaseDto, calendar: Calendar): Record<string, unknown> | null {
  const k = c.clock;
  if (!k) return null;
  const extended = k.extension?.workdays ?? 0;
  const days: { n: number; date: string; kind: 'counted' | 'paused' | 'extended'; label: string }[] = [];
  const paused = (d: string) => k.pauses.some((p) => d >= p.from && (p.to === null || d <= p.to));
  let counted = 0;
  const last = k.dueDate ?? k.baseDate;
  try {
    for (let i = 1; i <= 80; i++) {
      const date = calendar.addWorkdays(k.baseDate, i);
      if (date > last && counted >= k.totalWorkdays) break;
      if (paused(date)) {
        days.push({ n: i, date, kind: 'paused', label: `${date} 暂停，不计入` });
        continue;
      }
      counted++;
      const kind = counted > k.totalWorkdays - extended ? 'extended' : 'counted';
      days.push({ n: counted, date, kind, label: `${date} 第${counted}个工作日${kind === 'extended' ? '（延长期）' : ''}` });
      if (counted >= k.totalWorkdays) break;
    }
  } catch {
    // Beyond the calendar's years: the strip ends where the calendar does.
  }
  return {
    state: CLOCK_STATES[k.state] ?? k.state,
    overdue: k.state === 'overdue' || c.overdue,
    due: k.dueDate ? chineseDate(k.dueDate) : '—',
    used: k.workdaysUsed,
    remaining: k.workdaysRemaining,
    total: k.totalWorkdays,
    extended,
    provisional: k.provisional,
    pauses: k.pauses.map((p) => ({ reason: PAUSE_REASONS[p.reason] ?? p.reason, from: chineseDate(p.from), to: p.to ? chineseDate(p.to) : '至今', days: p.excludedWorkdays })),
    explanation: (k.explanation ?? []).map((l) => ({ text: l.text, rule: l.rule })),
    days,
  };
}

const EVENT_LABELS: Record<string, string> = {
  REGISTERED: '登记申请',
  SUBMITTED: '网上提交申请',
  CONFIRM_RECEIPT: '确认收到申请',
  ACCEPT: '受理',
  REQUEST_CORRECTION: '告知补正',
  RECEIVE_CORRECTION: '收到补正',
  CORRECTION_LAPSED: '补正期限届满',
  CONSULT_THIRD_PARTY: '征求意见',
  RECEIVE_THIRD_PARTY_OPINION: '收到第三方意见',
  THIRD_PARTY_LAPSED: '征求意见期限届满',
  SEND_FEE_NOTICE: '发出收费通知',
  RECEIVE_FEE_PAYMENT: '已缴费',
  FEE_LAPSED: '缴费期限届满',
  APPROVE_EXTENSION: '批准延长答复期限',
  DEFER: '确定延迟答复期限',
  REFER_TO_LEGAL: '提请法律顾问会商',
  SUBMIT_LEGAL_OPINION: '提交法律意见',
  START_DRAFT: '起草答复',
  SUBMIT_FOR_APPROVAL: '提交审批',
  APPROVE_REPLY: '批准答复',
  RETURN_DRAFT: '退回修改',
  DELIVER_REPLY: '送达答复',
  RECORD_DELIVERY_PROOF: '记录送达凭证',
  WITHDRAW: '撤回申请',
  CLOSE: '终结办理',
  ARCHIVE: '归档',
  DEADLINE_WARNING: '期限预警',
  DEADLINE_PASSED: '期限届满',
  CALENDAR_CHANGED: '工作日历调整',
  ASSIGN: '分办',
  RECORD_REMEDY: '记录行政复议或诉讼',
  SET_LEGAL_HOLD: '诉讼保全',
  DISCLOSURE_DECIDED: '主动公开决定',
  DISCLOSURE_SUGGESTION_REVIEWED: '审核申请人的主动公开建议',
};

const PAYLOAD_LABELS: Record<string, string> = {
  receiptDate: '收到申请之日',
  items: '补正事项',
  summary: '摘要',
  partyName: '征求对象',
  position: '意见',
  workdays: '延长工作日',
  grounds: '理由',
  until: '延迟至',
  question: '会商问题',
  text: '意见',
  replyType: '答复类型',
  comments: '退回意见',
  method: '送达方式',
  waybillNumber: 'EMS单号',
  email: '电子邮箱',
  closeReason: '终结原因',
  note: '说明',
  // 条例第四十四条: the group a disclosure decision was taken on, and the decision in a sentence.
  groupLabel: '相同信息分组',
  decision: '内容',
  // 历史导入: the reply's 文号 as issued at the time.
  originalDocumentNumber: '原答复书文号',
};

/** The full event record: when, who, what, with the main details and the back-dated mark. */
export function timelineOf(events: CaseEventDto[], names: Map<string, string>): Record<string, unknown>[] {
  return events.map((e) => ({
    date: chineseDate(e.effectiveDate),
    recordedAt: beijingMinute(e.recordedAt),
    what: EVENT_LABELS[e.type] ?? e.type,
    who: e.actorId ? (names.get(e.actorId) ?? (e.actorRole === 'APPLICANT' ? '申请人' : e.actorRole)) : e.actorRole === 'SYSTEM' ? '系统' : e.actorRole === 'APPLICANT' ? '申请人' : '系统',
    backDated: e.backDated,
    reason: e.reason,
    details: Object.entries(e.payload)
      .filter(([k, v]) => PAYLOAD_LABELS[k] && v !== null && v !== undefined && v !== '')
      .map(([k, v]) => ({ label: PAYLOAD_LABELS[k]!, value: Array.isArray(v) ? v.join('；') : typeof v === 'object' ? JSON.stringify(v) : String(v) })),
  }));
}

/** A recorded instant in Beijing time (UTC+8, no daylight saving), to the minute: 2026-03-09 10:00. */
export function beijingMinute(at: string | Date): string {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
