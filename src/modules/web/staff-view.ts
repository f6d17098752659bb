import { CASE_CHANNEL_LABELS } from '../cases/case-channel.js';
import type { CaseSummaryDto } from '../cases/dto/case.dto.js';
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
