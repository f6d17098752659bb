import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { AppException } from '../../common/errors/app.exception.js';
import { FIELD_ERROR_MESSAGES } from '../../common/errors/error-code.js';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { resolveAgencySettings } from '../agencies/agency-settings.js';
import type { AgencyEntity } from '../agencies/agency.entity.js';
import { CaseChannel } from '../cases/case-channel.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { type Actor, type CaseEffectContext, CasesService } from '../cases/cases.service.js';
import { publicStatusOf } from '../cases/public-status.js';
import type { RegisteredCaseDto } from '../cases/dto/case.dto.js';
import type { RegisterCaseDto } from './dto/register-case.dto.js';
import { CASE_STATUS_LABELS } from '../cases/workflow/case-status.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { addDays } from '../deadlines/domain/index.js';
import type { IssuedDocumentEntity } from '../documents/issued-document.entity.js';
import { DocumentsService } from '../documents/documents.service.js';
import { PdfFonts } from '../documents/pdf-fonts.js';
import { addressedToApplicant } from '../letters/procedural-rules.js';
import { composeAcknowledgementEmail, composeSubmissionNoticeEmail } from '../notifications/email-composition.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { applicantEmail, documentAttachment, issuedDocumentFacts } from '../replies/case-documents.js';
import { isRenderFailure, ProceduralDocumentEffects } from '../replies/procedural-documents.effects.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import type { AgentDto, ApplicantDto, DeliveryPreferenceDto, RequestedInformationDto } from './dto/application-parts.dto.js';
import type { ApplicationReceiptDto, ApplicationStatusDto, PublicAgencyDto, SubmitApplicationDto } from './dto/submit-application.dto.js';
import { maskIdNumber } from './domain/identity.js';
import { idempotencyLookup, idempotencyScope, isHighEntropyKey, replaySealSecret } from './domain/idempotency-key.js';
import { formatQueryCode, generateQueryCode, hashQueryCode, normalizeTrackingNumber, verifyQueryCode } from './domain/query-code.js';
import { confirmedReceiptBasis, deriveReceiptDate, type ReceiptDetermination, ReceiptFactsError, type ReceiptFacts, receiptDateProblem, shanghaiDateOf } from './domain/receipt-date.js';
import { deriveApplicantKey, repeatHints } from './domain/repeat-hints.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';

const APPLICATION_SCOPE = 'web-application';

/** What intake knows about the applicant, split into what is shown, what is encrypted and the lookup key. */
interface ApplicantRecord {
  name: string;
  shown: Record<string, unknown>;
  category: string | null;
  encryptedIds: string | null;
  key: string | null;
}

/**
 * Intake: web applications from the public, officer registration of counter/fax/letter applications, and the
 * public status lookup. Derives the legal receipt date from the channel's facts (条例第三十一条), issues the
 * tracking number and query code, flags repeat requests, and queues the acknowledgement — in one transaction.
 */
@Injectable()
export class IntakeService implements OnModuleInit {
  private readonly box: SecretBox;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly cases: CasesService,
    private readonly agencies: AgenciesRepository,
    private readonly calendars: CalendarService,
    private readonly attachments: AttachmentsService,
    private readonly outbox: OutboxService,
    private readonly dispatcher: MailDispatcher,
    private readonly procedural: ProceduralDocumentEffects,
    private readonly clock: Clock,
    private readonly fonts: PdfFonts,
    private readonly documents: DocumentsService,
  ) {
    this.box = new SecretBox(config.intake.dataEncryptionKey);
  }

  onModuleInit(): void {
    this.cases.registerEffect('intake', ['issueReceipt'], (ctx) => this.onReceiptConfirmed(ctx));
  }

  async publicAgencies(): Promise<PublicAgencyDto[]> {
    return (await this.agencies.findAll()).filter((a) => a.active).map((a) => ({ code: a.code, name: a.name, address: a.address, phone: a.phone }));
  }

  /** POST /applications: a web application (网络申请), anonymous or by a logged-in applicant. */
  async submitWeb(user: AuthUser | undefined, dto: SubmitApplicationDto, idempotencyKey: string | undefined): Promise<ApplicationReceiptDto> {
    if (user && user.role !== Role.APPLICANT) throw AppException.forbidden('工作人员请通过登记接口录入申请');
    // An anonymous caller's key is their only proof of being the original submitter on a retry: it must be a secret.
    if (idempotencyKey !== undefined && !user && !isHighEntropyKey(idempotencyKey)) {
      throw AppException.invalidField('Idempotency-Key', 'IDEMPOTENCY_KEY_WEAK', '未登录提交时，幂等键须为随机生成的UUID，或至少22位随机的字母、数字、-、_');
    }
    const idempotency = idempotencyKey ? this.idempotencyOf(user?.id ?? null, idempotencyKey) : null;
    const agency = await this.agencies.findByCodeCached(dto.agencyCode);
    if (!agency || !agency.active) throw AppException.invalidField('agencyCode', 'NOT_FOUND', '受理机关不存在');
    this.assertPrintable({
      'applicant.name': dto.applicant.name,
      'request.title': dto.request.title,
      'request.documentNumber': dto.request.documentNumber,
      'request.description': dto.request.description,
    });
    const requestHash = sha256(canonicalize(dto) ?? '');
    const now = this.clock.now();
    const today = this.clock.today();
    const determination = await this.determine({ channel: CaseChannel.WEB, submittedAt: now.toISOString() }, agency, today, '');
    const queryCode = generateQueryCode();
    const actor: Actor = { id: user?.id ?? null, role: user ? Role.APPLICANT : 'SYSTEM' };

    const result = await this.cases.transaction(async (em) => {
      if (idempotency) {
        const replay = await this.claimIdempotencyKey(em, idempotency, requestHash);
        if (replay) return { replay };
      }
      const applicant = this.applicantRecord(dto.applicant, dto.agent, user?.id ?? null);
      const row = await this.cases.openCase(em, {
        agency,
        receiptDate: determination.receiptDate,
        submittedOn: determination.submittedOn,
        actor,
        fields: {
          channel: CaseChannel.WEB,
          submittedAt: now,
          receiptBasis: determination.rule,
          intake: { channel: CaseChannel.WEB, submittedAt: now.toISOString(), confirmation: determination.confirmation ?? null, autoConfirmsOn: determination.autoConfirmsOn ?? null },
          ...this.caseFields(applicant, dto.request, dto.delivery),
          applicantUserId: user?.id ?? null,
          queryCodeHash: hashQueryCode(queryCode, this.config.intake.queryCodeSecret),
          hints: await this.hintsFor(em, agency.id, applicant.key, dto.request.description, determination.receiptDate ?? determination.submittedOn),
          assigneeId: null,
          createdById: null,
        },
        registrationRecord: { ...this.registrationRecord(CaseChannel.WEB, determination, applicant, dto.request, dto.delivery), ...(await this.attachmentRecord(em, dto.attachmentIds)) },
      });
      const receipt: ApplicationReceiptDto = {
        trackingNumber: row.trackingNumber,
        queryCode: formatQueryCode(queryCode),
        status: row.status,
        statusLabel: CASE_STATUS_LABELS[row.status],
        submittedAt: now.toISOString(),
        receiptDate: determination.receiptDate,
        receiptRule: determination.rule,
        agencyName: agency.name,
      };
      if (idempotency) {
        // The query code is kept for the retry only sealed under a secret derived from the client's key, which is
        // itself stored only as a keyed hash: the row alone (or with the server's secrets) cannot reveal it.
        const response: Record<string, unknown> = { ...receipt, queryCode: new SecretBox(idempotency.sealSecret).seal(receipt.queryCode) };
        await em.save(em.create(IdempotencyKeyEntity, { scope: APPLICATION_SCOPE, key: idempotency.lookup, requestHash, caseId: row.id, response }));
      }
      if (dto.attachmentIds?.length) await this.attachments.linkToCase(em, dto.attachmentIds, row.id, user?.id ?? null);
      // Before the mail, so that the acknowledgement carries the receipt.
      const receiptDocument = determination.receiptDate ? await this.issueReceipt(em, row, actor) : null;
      await this.acknowledge(em, row, agency, dto.applicant.name, determination.receiptDate, dto.request.title, dto.delivery.email ?? dto.applicant.email, receiptDocument);
      return { receipt };
    });
    if ('replay' in result && result.replay) return result.replay;
    this.dispatcher.kick();
    return result.receipt!;
  }

  /** POST /cases: officer registration; the receipt date comes from the channel's facts unless overridden with a reason. */
  async registerByOfficer(user: AuthUser, dto: RegisterCaseDto): Promise<RegisteredCaseDto> {
    if (!user.agencyId) throw AppException.forbidden();
    const agency = await this.agencies.findById(user.agencyId);
    if (!agency) throw AppException.forbidden();
    if (dto.assigneeId) await this.cases.assertHandlerOf(agency.id, dto.assigneeId, 'assigneeId');
    const today = this.clock.today();
    // A web submission received otherwise (forwarded, printed) is registered with the time it was submitted.
    const facts =
      factsOf(dto) ??
      (dto.channel === CaseChannel.WEB && dto.submittedAt !== undefined ? { channel: CaseChannel.WEB as const, submittedAt: dto.submittedAt } : null);
    const submittedAt = this.submittedAtOf(dto, today);
    let determination: ReceiptDetermination;
    let override: CaseEntity['receiptOverride'] = null;
    if (facts) {
      determination = await this.determine(facts, agency, today, channelField(dto.channel));
      if (dto.receiptDate !== undefined && dto.receiptDate !== determination.receiptDate) {
        if (!dto.receiptDateReason) throw AppException.invalidField('receiptDateReason', 'REQUIRED', `与按规则推定的收件日期（${determination.receiptDate ?? '尚未确定'}）不同，须说明理由`);
        override = { derived: determination.receiptDate, reason: dto.receiptDateReason, byId: user.id };
        determination = { ...determination, receiptDate: dto.receiptDate, rule: `${determination.rule}；登记人员改定为${dto.receiptDate}，理由：${dto.receiptDateReason}` };
      }
    } else {
      // Short form without channel evidence: the officer states the receipt date and the case says so.
      determination = { receiptDate: dto.receiptDate!, submittedOn: dto.receiptDate!, rule: `登记人员录入的收到申请之日（${dto.receiptDate}），未记录渠道证据`, warnings: [] };
    }
    // The same rule as for the channel's facts, for the short form's and an override's receiptDate too.
    const receiptDateError = determination.receiptDate ? receiptDateProblem(determination.receiptDate, today) : null;
    if (receiptDateError) throw AppException.invalidField('receiptDate', receiptDateError, FIELD_ERROR_MESSAGES[receiptDateError]);
    // 补录: an application received before today (paper entered later) is recorded back-dated, with its reason,
    // like every other event whose date precedes its recording.
    const backDated = (determination.receiptDate ?? determination.submittedOn) < today;
    if (backDated && !dto.reason) {
      throw AppException.invalidField('reason', 'REQUIRED', `收到申请之日（${determination.receiptDate ?? determination.submittedOn}）早于今天，属于补录，须说明原因`);
    }
    const applicant = dto.applicant ? this.applicantRecord(dto.applicant, dto.agent, null) : { name: dto.applicantName!, shown: { name: dto.applicantName }, category: null, encryptedIds: null, key: null };
    const request = dto.request ?? { title: '', description: dto.requestDescription! };
    this.assertPrintable({
      [dto.applicant ? 'applicant.name' : 'applicantName']: applicant.name,
      'request.title': request.title || undefined,
      'request.documentNumber': dto.request?.documentNumber,
      [dto.request ? 'request.description' : 'requestDescription']: request.description,
    });
    const actor: Actor = { id: user.id, role: user.role };
    // Given to the applicant once (on the counter slip or by phone) so they can follow the case like a web applicant.
    const queryCode = generateQueryCode();

    const id = await this.cases.transaction(async (em) => {
      const row = await this.cases.openCase(em, {
        agency,
        receiptDate: determination.receiptDate,
        submittedOn: determination.submittedOn,
        actor,
        reason: backDated ? dto.reason! : null,
        backDated,
        fields: {
          channel: dto.channel,
          submittedAt,
          receiptBasis: determination.rule,
          receiptOverride: override,
          intake: { channel: dto.channel, facts: facts ?? null, warnings: determination.warnings, confirmation: determination.confirmation ?? null },
          ...this.caseFields(applicant, request, dto.delivery),
          applicantUserId: null,
          queryCodeHash: hashQueryCode(queryCode, this.config.intake.queryCodeSecret),
          hints: await this.hintsFor(em, agency.id, applicant.key, request.description, determination.receiptDate ?? determination.submittedOn),
          assigneeId: dto.assigneeId ?? user.id,
          createdById: user.id,
        },
        registrationRecord: { ...this.registrationRecord(dto.channel, determination, applicant, request, dto.delivery), override, ...(await this.attachmentRecord(em, dto.attachmentIds)) },
      });
      if (dto.attachmentIds?.length) await this.attachments.linkToCase(em, dto.attachmentIds, row.id, user.id);
      // Before the mail, so that the acknowledgement carries the receipt.
      const receiptDocument = determination.receiptDate ? await this.issueReceipt(em, row, actor) : null;
      const email = dto.delivery?.email ?? dto.applicant?.email;
      await this.acknowledge(em, row, agency, applicant.name, determination.receiptDate, request.title || request.description, email, receiptDocument);
      return row.id;
    });
    this.dispatcher.kick();
    return { ...(await this.cases.get(user, id)), queryCode: formatQueryCode(queryCode) };
  }

  /** POST /applications/status: the case's progress for whoever holds its tracking number and query code. */
  async status(trackingNumber: string, queryCode: string): Promise<ApplicationStatusDto> {
    return this.statusOf(await this.authenticateLookup(trackingNumber, queryCode));
  }

  /** What the holder of a case's tracking number and query code sees: progress and the documents addressed to them. */
  async statusOf(row: CaseEntity): Promise<ApplicationStatusDto> {
    const events = await this.cases.eventsOf(row);
    const clock = await this.cases.clockOf(row, events);
    const agency = await this.agencies.findById(row.agencyId);
    return { ...publicStatusOf(row, events, clock, agency?.name ?? ''), documents: (await this.applicantDocuments(row.id)).map(publicDocument) };
  }

  /**
   * The one credential check of the public lookup (status, documents, withdrawal …): the case whose tracking number
   * and query code match, or APPLICATION_NOT_FOUND. A wrong number and a wrong code get the same answer after the
   * same work, so nothing tells whether a tracking number exists.
   */
  async authenticateLookup(trackingNumber: string, queryCode: string): Promise<CaseEntity> {
    const normalized = normalizeTrackingNumber(trackingNumber);
    const row = normalized ? await this.cases.findByTrackingNumber(normalized) : null;
    if (!verifyQueryCode(queryCode, row?.queryCodeHash ?? null, this.config.intake.queryCodeSecret) || !row) {
      throw new AppException('APPLICATION_NOT_FOUND');
    }
    return row;
  }

  /**
   * POST /applications/documents/{documentId}: a document addressed to the applicant (receipt, notices, reply),
   * for the holder of the tracking number and query code — how a counter, fax or letter applicant without an
   * account gets them. Any other document, or a wrong credential, answers the same 404.
   */
  async statusDocument(trackingNumber: string, queryCode: string, documentId: string): Promise<{ pdf: Buffer; filename: string }> {
    const row = await this.authenticateLookup(trackingNumber, queryCode);
    const document = (await this.applicantDocuments(row.id)).find((d) => d.id === documentId);
    if (!document) throw new AppException('APPLICATION_NOT_FOUND');
    return { pdf: await this.documents.content(document), filename: `${document.title}（${document.documentNumber}）.pdf` };
  }

  /** Issued documents addressed to the applicant: replies, the receipt and the notices; not letters to third parties. */
  private async applicantDocuments(caseId: string): Promise<IssuedDocumentEntity[]> {
    return (await this.documents.findByCase(caseId)).filter((d) => addressedToApplicant(d.kind));
  }

  /**
   * The submission instant an officer records: `submittedAt` as given (a web submission's time), else a fax's
   * received time. `submittedAt` must carry its time zone; neither may lie in the future.
   */
  private submittedAtOf(dto: RegisterCaseDto, today: string): Date | null {
    const [field, value] =
      dto.submittedAt !== undefined ? ['submittedAt', dto.submittedAt] : dto.fax?.receivedAt ? ['fax.receivedAt', dto.fax.receivedAt] : [null, null];
    if (field === null) return null;
    // A fax machine's log has no time zone: taken as Beijing time, as the receipt rule takes it.
    const day = shanghaiDateOf(value, field === 'submittedAt');
    if (day === null) throw AppException.invalidField(field, 'INVALID_DATETIME', FIELD_ERROR_MESSAGES.INVALID_DATETIME);
    if (day > today) throw AppException.invalidField(field, 'DATE_IN_FUTURE', '提交时间不能晚于今天');
    return new Date(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}+08:00`);
  }

  /**
   * The one check, at intake, that the texts documents quote (the 主送 name, 信息名称, 文号, description) can be
   * printed: every character must be in a configured font (PdfFonts.unprintable), so a rare name (生僻字, CJK
   * Ext-B) passes when a fallback font has it, and an emoji, a private-use or unassigned code point, or a text of
   * invisible characters only is refused here with the field named — never later, when a receipt or notice that
   * the law requires could not be rendered.
   */
  private assertPrintable(fields: Record<string, string | undefined | null>): void {
    const errors: { field: string; code: string; message: string }[] = [];
    for (const [field, text] of Object.entries(fields)) {
      if (!text) continue;
      const bad = this.fonts.unprintable(text);
      if (bad.length) {
        const shown = bad.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join('、');
        errors.push({
          field,
          code: 'UNPRINTABLE_CHARACTER',
          message: `含有无法在文书中打印的字符（${shown}），如表情符号、私用区或未分配的字符，请删除或改用文字`,
        });
      } else if (PdfFonts.invisible(text)) {
        errors.push({ field, code: 'UNPRINTABLE_CHARACTER', message: '只含不可见字符，请填写文字' });
      }
    }
    if (errors.length) throw new AppException('VALIDATION_FAILED', errors);
  }

  /**
   * POST /applications/withdraw: the applicant withdraws with tracking number and query code (checked as the status
   * lookup checks them), before the reply is delivered; answers the status after the withdrawal.
   */
  async withdraw(trackingNumber: string, queryCode: string, reason: string | undefined): Promise<ApplicationStatusDto> {
    const row = await this.authenticateLookup(trackingNumber, queryCode);
    await this.cases.withdrawByApplicant(row.id, reason);
    return this.status(trackingNumber, queryCode);
  }

  private async determine(facts: ReceiptFacts, agency: AgencyEntity, today: string, field: string): Promise<ReceiptDetermination> {
    const calendar = await this.calendars.current();
    try {
      return deriveReceiptDate(facts, calendar, resolveAgencySettings(agency.settings), today);
    } catch (e) {
      if (e instanceof ReceiptFactsError) {
        throw new AppException(
          'VALIDATION_FAILED',
          e.errors.map((err) => ({ field: field ? `${field}.${err.field}` : err.field, code: err.code, message: FIELD_ERROR_MESSAGES[err.code] ?? FIELD_ERROR_MESSAGES.INVALID })),
        );
      }
      throw e;
    }
  }

  /** The stored form of a caller's key: scoped to the account (or to anonymous callers) and hashed. */
  private idempotencyOf(userId: string | null, key: string): { lookup: string; sealSecret: string } {
    const scope = idempotencyScope(userId);
    return { lookup: idempotencyLookup(this.config.intake.queryCodeSecret, scope, key), sealSecret: replaySealSecret(scope, key) };
  }

  /**
   * A retry with the same key and body from the same caller returns the first answer; the same key with another
   * body is refused. Another caller's identical key is another key (its scope differs), so it never sees this one.
   */
  private async claimIdempotencyKey(em: EntityManager, key: { lookup: string; sealSecret: string }, requestHash: string): Promise<ApplicationReceiptDto | null> {
    // Serialise concurrent retries of one key: the second waits for the first to commit, then replays it.
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${APPLICATION_SCOPE}:${key.lookup}`]);
    const existing = await em.findOneBy(IdempotencyKeyEntity, { scope: APPLICATION_SCOPE, key: key.lookup });
    if (!existing) return null;
    if (existing.requestHash !== requestHash) {
      throw AppException.invalidField('Idempotency-Key', 'IDEMPOTENCY_KEY_REUSED', '该幂等键已用于内容不同的申请');
    }
    const response = existing.response as unknown as ApplicationReceiptDto;
    return { ...response, queryCode: new SecretBox(key.sealSecret).open(response.queryCode) };
  }

  private applicantRecord(applicant: ApplicantDto, agent: AgentDto | undefined, userId: string | null): ApplicantRecord {
    const secret = this.config.intake.queryCodeSecret;
    const key =
      applicant.kind === 'NATURAL_PERSON' && applicant.idType && applicant.idNumber
        ? deriveApplicantKey({ kind: 'PERSON', idType: applicant.idType, idNumber: applicant.idNumber }, secret)
        : applicant.kind === 'ORGANISATION' && applicant.organisation
          ? deriveApplicantKey({ kind: 'ORGANISATION', creditCode: applicant.organisation.creditCode }, secret)
          : userId
            ? deriveApplicantKey({ kind: 'ACCOUNT', userId }, secret)
            : null;
    const ids = { applicant: applicant.idNumber ?? null, agent: agent?.idNumber ?? null };
    return {
      name: applicant.name,
      category: applicant.category,
      key,
      encryptedIds: ids.applicant || ids.agent ? this.box.seal(JSON.stringify(ids)) : null,
      // ID numbers only masked wherever they are shown; the full numbers are sealed (个人信息保护法第五十一条: encryption, de-identification).
      shown: {
        kind: applicant.kind,
        name: applicant.name,
        idType: applicant.idType ?? null,
        idNumberMasked: applicant.idNumber ? maskIdNumber(applicant.idNumber) : null,
        organisation: applicant.organisation ?? null,
        phone: applicant.phone,
        email: applicant.email ?? null,
        address: applicant.address ?? null,
        postalCode: applicant.postalCode ?? null,
        category: applicant.category,
        agent: agent ? { name: agent.name, idType: agent.idType, idNumberMasked: maskIdNumber(agent.idNumber), phone: agent.phone, powerOfAttorneyAttachmentId: agent.powerOfAttorneyAttachmentId ?? null } : null,
      },
    };
  }

  private caseFields(applicant: ApplicantRecord, request: Pick<RequestedInformationDto, 'title' | 'description'> & { documentNumber?: string }, delivery: DeliveryPreferenceDto | undefined): Partial<CaseEntity> {
    return {
      applicantName: applicant.name,
      applicant: applicant.shown,
      applicantCategory: applicant.category,
      applicantIdEncrypted: applicant.encryptedIds,
      applicantKey: applicant.key,
      requestTitle: request.title || null,
      requestDocumentNumber: request.documentNumber ?? null,
      requestDescription: request.description,
      delivery: delivery ? { ...delivery } : {},
    };
  }

  private registrationRecord(
    channel: CaseChannel,
    d: ReceiptDetermination,
    applicant: ApplicantRecord,
    request: { title?: string; documentNumber?: string; description: string },
    delivery: DeliveryPreferenceDto | undefined,
  ): Record<string, unknown> {
    return {
      channel,
      submittedOn: d.submittedOn,
      receiptDate: d.receiptDate,
      receiptRule: d.rule,
      applicantName: applicant.name,
      applicant: applicant.shown,
      request: { title: request.title ?? null, documentNumber: request.documentNumber ?? null, description: request.description },
      // Beside the text as received, never instead of it: the NFKC forms that matching and search compare.
      requestNormalized: { title: request.title ? nfkc(request.title) : null, documentNumber: request.documentNumber ? nfkc(request.documentNumber) : null },
      delivery: delivery ?? null,
    };
  }

  /** The attachments submitted with the application, recorded (with their SHA-256) in the REGISTERED event. */
  private async attachmentRecord(em: EntityManager, ids: readonly string[] | undefined): Promise<{ attachments?: Record<string, unknown>[] }> {
    return ids?.length ? { attachments: await this.attachments.facts(em, ids) } : {};
  }

  /** Repeat and volume hints (条例第三十五条, 109号); they never block intake. */
  private async hintsFor(em: EntityManager, agencyId: string, applicantKey: string | null, description: string, date: string): Promise<unknown[]> {
    if (!applicantKey) return [];
    const earlier = await this.cases.earlierRequestsOf(em, agencyId, applicantKey, addDays(date, -366));
    const month = date.slice(0, 7);
    const monthCount = 1 + earlier.filter((c) => (c.receiptDate ?? c.createdAt.toISOString().slice(0, 10)).startsWith(month)).length;
    return repeatHints(
      { applicantKey, description, receiptDate: date },
      earlier.map((c) => ({ caseId: c.id, trackingNumber: c.trackingNumber, description: c.requestDescription, receiptDate: c.receiptDate })),
      monthCount,
      { monthlyThreshold: this.config.intake.monthlyRequestThreshold },
    );
  }

  /** 接收回执 of a case opened with its receipt date known, with the due date its clock starts with. */
  private async issueReceipt(em: EntityManager, row: CaseEntity, actor: Actor): Promise<IssuedDocumentEntity | null> {
    const clock = await this.cases.clockOf(row, [], undefined, em);
    const receipt = await this.procedural.issueReceipt(em, {
      row,
      events: [],
      receiptDate: row.receiptDate!,
      dueDate: clock!.dueDate!,
      issuedOn: this.clock.today(),
      actor,
    });
    return isRenderFailure(receipt) ? null : receipt;
  }

  /**
   * 条例第三十一条第（三）项: confirming a web, fax or letter submission fixes the receipt date, so the receipt is
   * issued now and mailed with an acknowledgement that names the date (the first one could only say it was pending).
   */
  private async onReceiptConfirmed({ em, row, events, event, clockAfter, actor, afterCommit }: CaseEffectContext): Promise<Record<string, unknown>> {
    const receiptDate = event.payload.receiptDate as string;
    await this.recordConfirmation(em, row, receiptDate, actor.role === 'SYSTEM' ? 'AUTOMATIC' : 'OFFICER');
    const receipt = await this.procedural.issueReceipt(em, { row, events, receiptDate, dueDate: clockAfter!.dueDate!, issuedOn: event.effectiveDate, actor });
    const agency = await this.agencies.findById(row.agencyId, em);
    const email = applicantEmail(row) ?? undefined;
    // A receipt that could not be rendered does not hold up the confirmation; the event records the failure.
    const document = isRenderFailure(receipt) ? null : receipt;
    const queued = await this.acknowledge(em, row, agency!, row.applicantName, receiptDate, row.requestTitle || row.requestDescription, email, document, `ack-receipt:${document?.id ?? row.id}`);
    if (queued) afterCommit(() => this.dispatcher.kick());
    return { documents: [document ? issuedDocumentFacts(document) : receipt] };
  }

  /** The receipt basis and `intake.confirmation` once CONFIRM_RECEIPT fixed the date: no longer "awaiting confirmation". */
  private async recordConfirmation(em: EntityManager, row: CaseEntity, receiptDate: string, by: 'OFFICER' | 'AUTOMATIC'): Promise<void> {
    const agency = await this.agencies.findById(row.agencyId, em);
    const stored = (row.intake ?? {}) as { facts?: Record<string, unknown> | null; submittedAt?: string };
    const facts = { channel: row.channel, ...(stored.facts ?? {}), ...(stored.submittedAt ? { submittedAt: stored.submittedAt } : {}) };
    const basis = confirmedReceiptBasis(row.receiptBasis ?? '', facts, receiptDate, by, await this.calendars.current(), resolveAgencySettings(agency?.settings), this.clock.today());
    await this.cases.recordReceiptBasis(em, row, basis.rule, basis.confirmation);
  }

  /**
   * 接收回执: recorded on every case once its receipt date is fixed (条例第三十一条); mailed when an address is
   * known. A web submission awaiting confirmation is acknowledged without it, and again once confirmed,
   * both times in the fixed-text form of acknowledgeWebSubmission. Returns whether a mail was queued.
   */
  private async acknowledge(
    em: EntityManager,
    row: CaseEntity,
    agency: AgencyEntity,
    applicantName: string,
    receiptDate: string | null,
    summary: string,
    email: string | undefined,
    receipt: IssuedDocumentEntity | null,
    dedupeKey = `ack:${row.id}`,
  ): Promise<boolean> {
    if (!email) return false;
    if (row.channel === CaseChannel.WEB) return this.acknowledgeWebSubmission(em, row, agency, receiptDate, email, dedupeKey);
    const mail = composeAcknowledgementEmail({
      agencyName: agency.name,
      applicantName,
      trackingNumber: row.trackingNumber,
      receiptDate,
      requestSummary: summary,
      statusUrl: `${this.config.http.publicUrl}/`,
      today: this.clock.today(),
    });
    await this.outbox.enqueueEmail(em, { dedupeKey, caseId: row.id, to: email, ...mail, attachments: receipt ? [documentAttachment(receipt)] : [] });
    return true;
  }

  /**
   * A web submission's address was typed by whoever filled in the public form and nobody has confirmed it: its
   * acknowledgements carry fixed text only (no name, title or description, no attachment), and one address gets at
   * most ACK_MAILS_PER_ADDRESS_PER_DAY of them a day; beyond that the case is filed without a mail.
   */
  private async acknowledgeWebSubmission(em: EntityManager, row: CaseEntity, agency: AgencyEntity, receiptDate: string | null, email: string, dedupeKey: string): Promise<boolean> {
    const to = email.toLowerCase();
    if ((await this.outbox.countRecentTo(em, to, 'ack')) >= this.config.intake.acknowledgementMailsPerAddressPerDay) return false;
    const mail = composeSubmissionNoticeEmail({ agencyName: agency.name, trackingNumber: row.trackingNumber, receiptDate, statusUrl: `${this.config.http.publicUrl}/`, today: this.clock.today() });
    await this.outbox.enqueueEmail(em, { dedupeKey, caseId: row.id, to, ...mail, attachments: [] });
    return true;
  }
}

const publicDocument = (d: IssuedDocumentEntity) => ({ id: d.id, kind: d.kind, title: d.title, documentNumber: d.documentNumber, issuedOn: d.issuedOn, sha256: d.sha256 });

const nfkc = (text: string): string => text.normalize('NFKC').trim();

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function channelField(channel: CaseChannel): string {
  return { counter: 'counter', fax: 'fax', web: 'web', letter_registered: 'letterRegistered', letter_ordinary: 'letterOrdinary' }[channel];
}

/** The channel's facts from an officer registration, or null for the short form. */
function factsOf(dto: RegisterCaseDto): ReceiptFacts | null {
  switch (dto.channel) {
    case CaseChannel.COUNTER:
      return dto.counter
        ? { channel: CaseChannel.COUNTER, submittedOn: dto.counter.submittedOn, oral: dto.counter.oral ? { recordedBy: dto.counter.recordedBy!, applicantSigned: dto.counter.applicantSigned ?? false } : null }
        : null;
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
