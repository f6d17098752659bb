import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CASE_CHANNEL_LABELS } from '../cases/case-channel.js';
import { CasesService } from '../cases/cases.service.js';
import { ListCasesQuery } from '../cases/dto/list-cases.query.js';
import { CASE_STATUS_LABELS, OPEN_CASE_STATUSES, TERMINAL_CASE_STATUSES } from '../cases/workflow/case-status.js';
import { StaffHome } from './staff-home.service.js';
import { caseRow } from './staff-view.js';
import { formErrorsOf, type FlatForm, validateAs } from './web-forms.js';

const QUEUE_FIELDS = ['text', 'status', 'assignee', 'channel', 'overdue'] as const;
const PAGE_SIZE = 50;

/** The queue page: the API's queue read (CasesService.list, keyset-paged on the queue index) with the page's filters. */
@Injectable()
export class StaffQueue {
  constructor(
    private readonly cases: CasesService,
    private readonly home: StaffHome,
  ) {}

  async page(user: AuthUser, query: FlatForm, currentPath: string): Promise<Record<string, unknown>> {
    const form: Record<string, string> = {};
    for (const f of QUEUE_FIELDS) if (query[f]?.trim()) form[f] = query[f]!.trim();
    const plain: Record<string, string> = { ...form, limit: String(PAGE_SIZE) };
    if (plain.assignee === 'all') delete plain.assignee;
    if (plain.overdue !== 'true') delete plain.overdue;
    if (query.cursor) plain.cursor = query.cursor;
    const { today, soon } = await this.home.window();
    const filters = { form, statusOptions: STATUS_OPTIONS, channelOptions: CHANNEL_OPTIONS, assigneeOptions: ASSIGNEE_OPTIONS };
    let page;
    try {
      page = await this.cases.list(user, await validateAs(ListCasesQuery, plain));
    } catch (e) {
      return { ...filters, rows: [], errors: formErrorsOf(e, [...QUEUE_FIELDS], { cursor: 'text' }) };
    }
    const rows = page.items.map((c) => caseRow(c, today, soon, user.id));
    const keep = new URLSearchParams(form);
    const next = page.nextCursor ? `/staff/cases?${new URLSearchParams({ ...form, cursor: page.nextCursor }).toString()}` : null;
    return { ...filters, rows, next, first: query.cursor ? `/staff/cases${keep.size ? `?${keep.toString()}` : ''}` : null, backPath: currentPath };
  }
}

const STATUS_OPTIONS = [
  { value: OPEN_CASE_STATUSES.join(','), label: '全部未结案件' },
  ...OPEN_CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] })),
  ...TERMINAL_CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] })),
];
const CHANNEL_OPTIONS = Object.entries(CASE_CHANNEL_LABELS).map(([value, label]) => ({ value, label }));
const ASSIGNEE_OPTIONS = [
  { value: 'all', label: '全部' },
  { value: 'me', label: '我承办的' },
];
