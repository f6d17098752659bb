import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role, ROLE_LABELS } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { CaseEventPipe } from '../cases/case-event.pipe.js';
import { CASE_CHANNEL_LABELS } from '../cases/case-channel.js';
import { CasesService } from '../cases/cases.service.js';
import type { CaseDto, CaseEventDto } from '../cases/dto/case.dto.js';
import type { CaseEventType } from '../cases/workflow/case-event.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { DocumentsService } from '../documents/documents.service.js';
import { CaseAttachmentsService } from '../cases/case-attachments.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { commandOf, EVENT_VIEWS, eventForm, type EventForm, fileFieldsOf, type FormContext, NOT_A_CASE_PAGE_FORM } from './staff-event-forms.js';
import { caseFacts, clockView, timelineOf } from './staff-view.js';
import { fieldId } from './web-setup.js';

/** A submission shown again (its values, its errors, or the message of a conflict). */
export interface Resubmission {
  type: CaseEventType;
  values: Record<string, string>;
  errors: { list: { field: string; id: string; message: string }[]; byField: Record<string, string> };
}

/** A file of a multipart form as multer hands it over. */
export interface UploadedFile {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

export const STALE_MESSAGE = '此案件已被他人更改，请刷新后重试';

/** The case page: the API's reads of one case, its documents and attachments, and the forms of its allowed events. */
@Injectable()
export class StaffCasePage {
  private readonly pipe = new CaseEventPipe();

  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly attachments: CaseAttachmentsService,
    private readonly users: UsersRepository,
    private readonly calendars: CalendarService,
    private readonly uploads: AttachmentsService,
  ) {}

  async view(user: AuthUser, id: string, again?: Resubmission): Promise<Record<string, unknown>> {
    // One round of reads in parallel: if the caller may not see the case, get() refuses (404) and nothing is shown.
    const [dto, events, documents, attachments, calendar] = await Promise.all([
      this.cases.get(user, id),
      this.cases.events(user, id),
      user.role === Role.LEGAL_ADVISOR ? Promise.resolve([]) : this.documents.findByCase(id),
      this.attachments.list(user, id),
      this.calendars.current(),
    ]);
    const staff = await this.users.findAll({ agencyId: dto.agencyId });
    const names = new Map(staff.map((u) => [u.id, `${u.displayName}（${ROLE_LABELS[u.role]}）`]));
    const docs = documents.map((d) => ({ id: d.id, title: d.title, number: d.documentNumber, issuedOn: d.issuedOn, href: `/api/v1/cases/${id}/documents/${d.id}/pdf` }));
    const forms = user.role === Role.AUDITOR ? [] : this.forms(dto, events, docs, staff, again);
    return {
      c: dto,
      facts: caseFacts(dto, CASE_CHANNEL_LABELS),
      clock: clockView(dto, calendar),
      timeline: timelineOf(events, names),
      documents: docs,
      attachments: attachments.map((a) => ({ ...a, href: `/api/v1/cases/${id}/attachments/${a.id}` })),
      forms,
      canDraft: user.role !== Role.AUDITOR && (dto.allowedEvents.includes('START_DRAFT') || dto.status === 'DRAFTING' || dto.status === 'AWAITING_APPROVAL'),
      readOnly: user.role === Role.AUDITOR,
      errors: again?.errors,
      opinions: events.filter((e) => e.type === 'SUBMIT_LEGAL_OPINION').map((e) => ({ when: e.effectiveDate, text: String(e.payload.text ?? ''), opinion: String(e.payload.opinion ?? '') })),
    };
  }

  private forms(dto: CaseDto, events: CaseEventDto[], docs: { id: string; title: string; number: string }[], staff: { id: string; displayName: string; role: Role; active: boolean }[], again?: Resubmission): EventForm[] {
    const partyOf = new Map(events.filter((e) => e.type === 'CONSULT_THIRD_PARTY').map((e) => [String(e.payload.consultationId), String(e.payload.partyName ?? '第三方')]));
    const ctx: FormContext = {
      openConsultations: dto.openConsultations.map((c) => ({ value: c, label: partyOf.get(c) ?? c })),
      pendingReferrals: dto.pendingReferrals.map((r) => ({ value: r, label: `会商 ${r.slice(0, 8)}` })),
      documents: docs.map((d) => ({ value: d.id, label: `${d.title}（${d.number}）` })),
      advisors: staff.filter((u) => u.role === Role.LEGAL_ADVISOR && u.active).map((u) => ({ value: u.id, label: u.displayName })),
      extensionRemaining: Math.max(0, 20 - (dto.clock?.extension?.workdays ?? 0)),
      today: dto.clock?.baseDate ?? '',
    };
    const types = dto.allowedEvents.filter((t) => !NOT_A_CASE_PAGE_FORM.includes(t) && EVENT_VIEWS[t]);
    // A submission that lost a race keeps its form on the page even if the event is no longer offered.
    if (again && !types.includes(again.type) && EVENT_VIEWS[again.type]) types.unshift(again.type);
    return types.map((t) => {
      const mine = again?.type === t;
      const form = eventForm(t, ctx, mine ? again.values : {}, mine ? again.errors.byField : {});
      return { ...form, version: dto.version, open: mine };
    });
  }

  /**
   * Records one event from its form: folded into the API's command, validated by the API's pipe and applied by
   * CasesService.applyEvent (the same checks, transaction and 409 on a stale version). Irreversible steps need the
   * confirmation box. Returns null on success, or what to show again.
   */
  async submit(user: AuthUser, id: string, type: CaseEventType, form: Record<string, string>, multi: Record<string, string[]>, files: Record<string, UploadedFile[] | undefined> = {}): Promise<Resubmission | null> {
    const values = { ...form };
    delete values._csrf;
    const view = EVENT_VIEWS[type];
    if (view?.confirm && form.confirmed !== 'yes') return { type, values, errors: errorsOf(type, [{ field: 'confirmed', message: '请勾选确认后再提交' }]) };
    // The scans (签收回执, 送达凭证) go through the same checks and storage as POST /api/v1/attachments; the event
    // then links them, as the API's command does with the ids it is given. Only file inputs give attachment ids.
    const command0 = { ...form };
    for (const f of fileFieldsOf(type)) {
      delete command0[f.name];
      const file = files[f.name]?.find((x) => x.size > 0);
      if (!file) continue;
      try {
        command0[f.name] = (await this.uploads.store(file.buffer, decodeName(file.originalname), file.mimetype, f.purpose, { uploadedById: user.id, field: f.name })).id;
      } catch (e) {
        if (e instanceof AppException && e.code === 'VALIDATION_FAILED') return { type, values, errors: errorsOf(type, (e.errors ?? []).map((x) => ({ field: f.name, message: x.message }))) };
        throw e;
      }
    }
    try {
      const command = await this.pipe.transform(commandOf(type, command0, multi));
      await this.cases.applyEvent(user, id, command);
      return null;
    } catch (e) {
      if (!(e instanceof AppException) || e.status === 404 || e.status === 403) throw e;
      if (e.code === 'STALE_VERSION') return { type, values, errors: errorsOf(type, [{ field: '', message: STALE_MESSAGE }]) };
      if (e.code === 'VALIDATION_FAILED') return { type, values, errors: errorsOf(type, (e.errors ?? []).map((x) => ({ field: x.field.split('.')[0]!.replace(/\[\d+\]$/, ''), message: x.message }))) };
      return { type, values, errors: errorsOf(type, [{ field: '', message: e.message }]) };
    }
  }
}

/** multer reads the multipart file name as latin1; browsers send UTF-8. */
function decodeName(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}

function errorsOf(type: CaseEventType, items: { field: string; message: string }[]): Resubmission['errors'] {
  const byField: Record<string, string> = {};
  const list = items.map((i) => {
    if (i.field && !(i.field in byField)) byField[i.field] = i.message;
    return { field: i.field, id: i.field ? fieldId(`${type}.${i.field}`) : `form-${type}`, message: i.message };
  });
  return { list, byField };
}
