import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { CaseEventPipe } from '../cases/case-event.pipe.js';
import { CasesService } from '../cases/cases.service.js';
import { REPLY_BLANK_EXAMPLES } from '../letters/reply-blank-examples.js';
import { ANNUAL_REPORT_ROWS, REPLY_TYPE_LABELS, REPLY_TYPE_RULES, REPLY_TYPES, replyBlanksClass, type ReplyType } from '../letters/reply-types.js';
import { type EventForm, eventForm, type FormContext, type FormField } from './staff-event-forms.js';
import { type Resubmission, STALE_MESSAGE } from './staff-case-page.service.js';
import { fieldId } from './web-setup.js';

/** Reply types the officer chooses when drafting (the rest are written by the system when a case lapses or ends). */
const SYSTEM_REPLY_TYPES: readonly string[] = ['ABANDONED_NO_CORRECTION', 'ABANDONED_NO_FEE', 'WITHDRAWN'];

interface BlankProp {
  type?: unknown;
  enum?: unknown[];
  description?: string;
  required?: boolean;
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

const BLANK_VALUE_LABELS: Record<string, string> = { PAPER: '纸质文本', ELECTRONIC: '电子数据', INSPECTION: '安排查阅、抄录' };

/** The blanks of a reply type as form fields (labels, choices and limits from the blank decorators; examples as hints). */
export function blankFields(type: ReplyType, values: Record<string, string>, errors: Record<string, string>): FormField[] {
  const proto = replyBlanksClass(type).prototype as object;
  const names = [...new Set(((Reflect.getMetadata('swagger/apiModelPropertiesArray', proto) as string[] | undefined) ?? []).map((n) => n.replace(/^:/, '')))];
  // The supplement (补充说明) goes last: the type's own blanks first.
  names.sort((a, b) => Number(a === 'supplement') - Number(b === 'supplement'));
  const examples = REPLY_BLANK_EXAMPLES[type] ?? {};
  return names.map((name) => {
    const p = (Reflect.getMetadata('swagger/apiModelProperties', proto, name) as BlankProp | undefined) ?? {};
    const example = examples[name];
    const base: FormField = {
      name: `blank.${name}`,
      id: fieldId(`blank.${name}`),
      label: p.description ?? name,
      hint: typeof example === 'string' || typeof example === 'number' ? `例如：${String(example)}` : undefined,
      kind: 'textarea',
      required: p.required !== false,
      value: values[name] ?? '',
      error: errors[name],
    };
    if (Array.isArray(p.enum)) return { ...base, kind: 'radios', options: p.enum.map((v) => ({ value: String(v), label: BLANK_VALUE_LABELS[String(v)] ?? REPLY_TYPE_LABELS[String(v) as ReplyType] ?? String(v), checked: values[name] === String(v) })) };
    if (p.format === 'date') return { ...base, kind: 'date' };
    if (p.type === 'integer' || p.type === Number) return { ...base, kind: 'number', min: p.minimum, max: p.maximum };
    if (p.maxLength && p.maxLength <= 200) return { ...base, kind: 'text', maxLength: p.maxLength };
    return base;
  });
}

export interface DraftAgain {
  replyType: string;
  values: Record<string, string>;
  errors: { list: { field: string; id: string; message: string }[]; byField: Record<string, string> };
}

/**
 * 答复拟稿与审批: choose the reply type, fill its blanks, see the draft PDF (the API's preview), submit; the office head
 * sees the same draft with the legal opinions and approves or returns it. Every step is a case event.
 */
@Injectable()
export class StaffDraft {
  private readonly pipe = new CaseEventPipe();

  constructor(private readonly cases: CasesService) {}

  async view(user: AuthUser, id: string, chosen: string | undefined, again?: DraftAgain, decision?: Resubmission): Promise<Record<string, unknown>> {
    const c = await this.cases.get(user, id);
    const events = await this.cases.events(user, id);
    const lastDraft = [...events].reverse().find((e) => e.type === 'START_DRAFT');
    const lastReturn = [...events].reverse().find((e) => e.type === 'RETURN_DRAFT');
    const draftType = lastDraft ? String(lastDraft.payload.replyType) : undefined;
    const replyType = (again?.replyType ?? chosen ?? draftType) as ReplyType | undefined;
    const validType = replyType && (REPLY_TYPES as readonly string[]).includes(replyType) ? replyType : undefined;
    const saved = lastDraft && draftType === validType ? Object.fromEntries(Object.entries((lastDraft.payload.blanks ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])) : {};
    const values = again?.values ?? saved;
    const canEdit = user.role !== Role.AUDITOR && c.allowedEvents.includes('START_DRAFT');
    const ctx: FormContext = { openConsultations: [], pendingReferrals: [], documents: [], advisors: [], extensionRemaining: 0, today: '' };
    const decisionForms: EventForm[] = (['SUBMIT_FOR_APPROVAL', 'APPROVE_REPLY', 'RETURN_DRAFT'] as const)
      .filter((t) => decision?.type === t || (c.allowedEvents.includes(t) && (t !== 'SUBMIT_FOR_APPROVAL' || !!lastDraft)))
      .map((t) => ({ ...eventForm(t, ctx, decision?.type === t ? decision.values : {}, decision?.type === t ? decision.errors.byField : {}), version: c.version }) as EventForm);
    return {
      c,
      types: REPLY_TYPES.filter((t) => !SYSTEM_REPLY_TYPES.includes(t)).map((t) => ({
        value: t,
        label: REPLY_TYPE_LABELS[t],
        row: `${REPLY_TYPE_RULES[t].annualReportRow} ${ANNUAL_REPORT_ROWS[REPLY_TYPE_RULES[t].annualReportRow]}`,
        checked: t === validType,
      })),
      replyType: validType,
      replyTypeLabel: validType ? REPLY_TYPE_LABELS[validType] : undefined,
      fields: validType ? blankFields(validType, values, again?.errors.byField ?? {}) : [],
      hasDraft: !!lastDraft,
      canEdit,
      decisionForms,
      returned: lastReturn && (!lastDraft || lastReturn.seq > lastDraft.seq) ? { comments: String(lastReturn.payload.comments ?? ''), when: lastReturn.effectiveDate } : undefined,
      opinions: events.filter((e) => e.type === 'SUBMIT_LEGAL_OPINION').map((e) => ({ when: e.effectiveDate, text: String(e.payload.text ?? '') })),
      history: events.slice(-8).map((e) => ({ when: e.effectiveDate, type: e.type })),
      previewHref: `/api/v1/cases/${id}/draft/preview`,
      errors: again?.errors ?? decision?.errors,
    };
  }

  /** START_DRAFT with the chosen type and its blanks; null on success, or what to show again. */
  async save(user: AuthUser, id: string, form: Record<string, string>): Promise<DraftAgain | null> {
    const replyType = form.replyType ?? '';
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (k.startsWith('blank.') && v.trim() !== '') values[k.slice(6)] = v;
    const blanks: Record<string, unknown> = {};
    const ints = new Set((REPLY_TYPES as readonly string[]).includes(replyType) ? blankFields(replyType as ReplyType, {}, {}).filter((f) => f.kind === 'number').map((f) => f.name.slice(6)) : []);
    for (const [k, v] of Object.entries(values)) blanks[k] = ints.has(k) && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v;
    const fail = (items: { field: string; message: string }[]): DraftAgain => {
      const byField: Record<string, string> = {};
      const list = items.map((i) => {
        if (i.field && !(i.field in byField)) byField[i.field] = i.message;
        return { field: i.field, id: i.field === 'replyType' ? fieldId('replyType') : i.field ? fieldId(`blank.${i.field}`) : 'draft-form', message: i.message };
      });
      return { replyType, values, errors: { list, byField } };
    };
    try {
      const command = await this.pipe.transform({ type: 'START_DRAFT', replyType, blanks, ...(form.expectedVersion ? { expectedVersion: Number(form.expectedVersion) } : {}) });
      await this.cases.applyEvent(user, id, command);
      return null;
    } catch (e) {
      if (!(e instanceof AppException) || e.status === 404 || e.status === 403) throw e;
      if (e.code === 'STALE_VERSION') return fail([{ field: '', message: STALE_MESSAGE }]);
      if (e.code === 'VALIDATION_FAILED') return fail((e.errors ?? []).map((x) => ({ field: x.field.replace(/^blanks\./, ''), message: x.message })));
      return fail([{ field: '', message: e.message }]);
    }
  }
}
