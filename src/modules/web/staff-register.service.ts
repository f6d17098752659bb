import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { AttachmentPurpose } from '../attachments/domain/attachment.js';
import { resolveAgencySettings } from '../agencies/agency-settings.js';
import { CaseChannel, CASE_CHANNEL_LABELS } from '../cases/case-channel.js';
import type { RegisteredCaseDto } from '../cases/dto/case.dto.js';
import { RegisterCaseDto } from '../intake/dto/register-case.dto.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { DocumentsService } from '../documents/documents.service.js';
import { CONFIRMATION_METHOD_LABELS, deriveReceiptDate, ReceiptFactsError, type ReceiptFacts } from '../intake/domain/receipt-date.js';
import { IntakeService } from '../intake/intake.service.js';
import type { UploadedFile } from './staff-case-page.service.js';
import { type FlatForm, type FormErrors, formErrorsOf, mergeErrors, nest, validateAs } from './web-forms.js';

/** The fields of the registration form, in page order; flat names are the API's JSON paths. */
export const REGISTER_FIELDS = [
  'channel',
  'counter.submittedOn',
  'fax.sendingNumber',
  'fax.receivedAt',
  'fax.confirmedOn',
  'letterRegistered.waybillNumber',
  'letterRegistered.signedOn',
  'letterRegistered.signer',
  'letterOrdinary.arrivedOn',
  'letterOrdinary.confirmedOn',
  'letterOrdinary.confirmationMethod',
  'letterOrdinary.confirmedBy',
  'applicantName',
  'requestDescription',
  'receiptDate',
  'receiptDateReason',
  'reason',
] as const;

/**
 * The scans of the channel evidence (条例第三十一条: the counter form, the fax pages, the letter and its envelope),
 * uploaded with the form and linked to the new case by the registration itself (RegisterCaseDto.attachmentIds).
 * Stored ids travel through the review step in `attachmentIds` (comma-separated), their names in `attachmentNames`.
 */
export const EVIDENCE_UPLOADS = [
  { input: 'scanFiles', maxCount: 10 },
  { input: 'envelopeFile', maxCount: 1 },
] as const;
const SCAN_PURPOSE: Partial<Record<CaseChannel, AttachmentPurpose>> = {
  [CaseChannel.COUNTER]: AttachmentPurpose.APPLICATION_SCAN,
  [CaseChannel.FAX]: AttachmentPurpose.FAX_PAGES,
  [CaseChannel.LETTER_REGISTERED]: AttachmentPurpose.APPLICATION_SCAN,
  [CaseChannel.LETTER_ORDINARY]: AttachmentPurpose.APPLICATION_SCAN,
};
const NAME_SEPARATOR = '／';
/** Where errors are shown, in page order (the fields, then the uploads). */
const ERROR_ORDER = [...REGISTER_FIELDS, 'scanFiles', 'envelopeFile', 'attachmentIds'];

const EVIDENCE_PREFIX: Partial<Record<CaseChannel, string>> = {
  [CaseChannel.COUNTER]: 'counter.',
  [CaseChannel.FAX]: 'fax.',
  [CaseChannel.LETTER_REGISTERED]: 'letterRegistered.',
  [CaseChannel.LETTER_ORDINARY]: 'letterOrdinary.',
};

export const REGISTER_CHANNELS = [CaseChannel.COUNTER, CaseChannel.FAX, CaseChannel.LETTER_REGISTERED, CaseChannel.LETTER_ORDINARY].map((value) => ({ value, label: CASE_CHANNEL_LABELS[value] }));
export const CONFIRMATION_OPTIONS = Object.entries(CONFIRMATION_METHOD_LABELS).map(([value, label]) => ({ value, label }));

export type RegisterOutcome =
  | { step: 'form'; values: FlatForm; errors: ReturnType<typeof formErrorsOf> }
  | { step: 'review'; values: FlatForm; receiptDate: string | null; rule: string; warnings: string[]; rows: { label: string; value: string }[] }
  | { step: 'done'; created: RegisteredCaseDto; receiptHref: string | null };

/**
 * 登记申请 (counter, fax, letters): the form → a review page with the receipt date derived by the intake's own rule
 * (条例第三十一条) → IntakeService.registerByOfficer, exactly as POST /api/v1/cases.
 */
@Injectable()
export class StaffRegister {
  constructor(
    private readonly intake: IntakeService,
    private readonly agencies: AgenciesRepository,
    private readonly calendars: CalendarService,
    private readonly documents: DocumentsService,
    private readonly clock: Clock,
    private readonly uploads: AttachmentsService,
  ) {}

  /**
   * Stores the uploaded scans (the same checks as POST /api/v1/attachments, uploaded by the officer so that only
   * their registration may link them) and adds their ids to the form; a rejected file becomes a field error.
   */
  async storeEvidence(user: AuthUser, form: FlatForm, files: Record<string, UploadedFile[] | undefined>): Promise<{ form: FlatForm; errors: FormErrors | null }> {
    const ids = (form.attachmentIds ?? '').split(',').filter(Boolean);
    const names = (form.attachmentNames ?? '').split(NAME_SEPARATOR).filter(Boolean);
    let errors: FormErrors | null = null;
    for (const { input } of EVIDENCE_UPLOADS) {
      const purpose = input === 'envelopeFile' ? AttachmentPurpose.ENVELOPE : (SCAN_PURPOSE[form.channel as CaseChannel] ?? AttachmentPurpose.OTHER);
      for (const file of (files[input] ?? []).filter((f) => f.size > 0)) {
        try {
          const stored = await this.uploads.store(file.buffer, decodeName(file.originalname), file.mimetype, purpose, { uploadedById: user.id, field: input });
          ids.push(stored.id);
          names.push(stored.filename.replaceAll(NAME_SEPARATOR, '/'));
        } catch (e) {
          const one = formErrorsOf(e, ERROR_ORDER);
          errors = errors ? mergeErrors(errors, one, ERROR_ORDER) : one;
        }
      }
    }
    const out = { ...form };
    if (ids.length) {
      out.attachmentIds = ids.join(',');
      out.attachmentNames = names.join(NAME_SEPARATOR);
    }
    return { form: out, errors };
  }

  /** Only the chosen channel's evidence is sent (the API refuses another channel's facts). */
  private body(form: FlatForm): Record<string, unknown> {
    const prefix = EVIDENCE_PREFIX[form.channel as CaseChannel];
    const fields = REGISTER_FIELDS.filter((f) => !f.includes('.') || (prefix !== undefined && f.startsWith(prefix)));
    const body = nest(form, fields);
    const ids = (form.attachmentIds ?? '').split(',').filter(Boolean);
    return ids.length ? { ...body, attachmentIds: ids } : body;
  }

  async submit(user: AuthUser, form: FlatForm, uploadErrors: FormErrors | null = null): Promise<RegisterOutcome> {
    const values: FlatForm = {};
    for (const f of [...REGISTER_FIELDS, 'attachmentIds', 'attachmentNames']) if (form[f] !== undefined) values[f] = form[f]!;
    let dto: RegisterCaseDto;
    try {
      dto = await validateAs(RegisterCaseDto, this.body(values));
    } catch (e) {
      const errors = formErrorsOf(e, ERROR_ORDER);
      return { step: 'form', values, errors: uploadErrors ? mergeErrors(errors, uploadErrors, ERROR_ORDER) : errors };
    }
    if (uploadErrors) return { step: 'form', values, errors: uploadErrors };
    if (form.step !== 'save') return this.review(user, dto, values);
    try {
      const created = await this.intake.registerByOfficer(user, dto);
      const receipt = (await this.documents.findByCase(created.id)).find((d) => d.title.includes('回执'));
      return { step: 'done', created, receiptHref: receipt ? `/api/v1/cases/${created.id}/documents/${receipt.id}/pdf` : null };
    } catch (e) {
      if (e instanceof AppException && e.code === 'VALIDATION_FAILED') return { step: 'form', values, errors: formErrorsOf(e, ERROR_ORDER) };
      throw e;
    }
  }

  /** The check-your-answers step: what will be recorded, and the receipt date with the rule that gives it. */
  private async review(user: AuthUser, dto: RegisterCaseDto, values: FlatForm): Promise<RegisterOutcome> {
    const agency = user.agencyId ? await this.agencies.findById(user.agencyId) : null;
    if (!agency) throw AppException.forbidden();
    const facts = factsOf(dto);
    let receiptDate: string | null = dto.receiptDate ?? null;
    let rule = dto.receiptDate ? `登记人员录入的收到申请之日（${dto.receiptDate}），未记录渠道证据` : '';
    let warnings: string[] = [];
    if (facts) {
      try {
        const d = deriveReceiptDate(facts, await this.calendars.current(), resolveAgencySettings(agency.settings), this.clock.today());
        receiptDate = d.receiptDate;
        rule = d.rule;
        warnings = d.warnings.map((w) => (w === 'CONFIRMED_AFTER_ARRIVAL_DAY' ? '平信应当在到达当日与申请人确认（条例第三十一条第二项）' : '口头申请应由申请人签字确认'));
        if (dto.receiptDate && dto.receiptDate !== d.receiptDate) rule = `${d.rule}；登记人员改定为${dto.receiptDate}，理由：${dto.receiptDateReason ?? '（未填写，须说明理由）'}`;
      } catch (e) {
        if (e instanceof ReceiptFactsError) return { step: 'form', values, errors: formErrorsOf(new AppException('VALIDATION_FAILED', e.errors.map((x) => ({ field: `${EVIDENCE_PREFIX[dto.channel] ?? ''}${x.field}`, code: x.code, message: '日期或时间不符合渠道规则，请核对' }))), REGISTER_FIELDS) };
        throw e;
      }
    }
    const rows = [
      { label: '申请渠道', value: CASE_CHANNEL_LABELS[dto.channel] },
      { label: '申请人', value: dto.applicantName ?? '' },
      { label: '申请内容', value: dto.requestDescription ?? '' },
      ...(dto.reason ? [{ label: '补录原因', value: dto.reason }] : []),
      ...(values.attachmentNames ? [{ label: '渠道证据扫描件', value: values.attachmentNames.split(NAME_SEPARATOR).join('；') }] : []),
    ];
    return { step: 'review', values, receiptDate, rule, warnings, rows };
  }
}

/** multer reads the multipart file name as latin1; browsers send UTF-8. */
function decodeName(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}

function factsOf(dto: RegisterCaseDto): ReceiptFacts | null {
  switch (dto.channel) {
    case CaseChannel.COUNTER:
      return dto.counter ? { channel: CaseChannel.COUNTER, submittedOn: dto.counter.submittedOn, oral: null } : null;
    case CaseChannel.FAX:
      return dto.fax ? { channel: CaseChannel.FAX, ...dto.fax } : null;
    case CaseChannel.LETTER_REGISTERED:
      return dto.letterRegistered ? { channel: CaseChannel.LETTER_REGISTERED, ...dto.letterRegistered } : null;
    case CaseChannel.LETTER_ORDINARY:
      return dto.letterOrdinary ? { channel: CaseChannel.LETTER_ORDINARY, ...dto.letterOrdinary } : null;
    default:
      return null;
  }
}
