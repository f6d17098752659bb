import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { resolveAgencySettings } from '../agencies/agency-settings.js';
import type { AgencyEntity } from '../agencies/agency.entity.js';
import { CaseChannel } from '../cases/case-channel.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { type Actor, type CaseEffectContext, CasesService } from '../cases/cases.service.js';
import type { RegisteredCaseDto } from '../cases/dto/case.dto.js';
import type { RegisterCaseDto } from '../cases/dto/register-case.dto.js';
import { CASE_STATUS_LABELS } from '../cases/workflow/case-status.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { addDays } from '../deadlines/domain/index.js';
import type { IssuedDocumentEntity } from '../documents/issued-document.entity.js';
import { composeAcknowledgementEmail } from '../notifications/email-composition.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { applicantEmail, documentAttachment, issuedDocumentFacts } from '../replies/case-documents.js';
import { ProceduralDocumentEffects } from '../replies/procedural-documents.effects.js';
import { AttachmentsService } from './attachments.service.js';
import type { AgentDto, ApplicantDto, DeliveryPreferenceDto, RequestedInformationDto } from './dto/application-parts.dto.js';
import type { ApplicationReceiptDto, ApplicationStatusDto, PublicAgencyDto, SubmitApplicationDto } from './dto/submit-application.dto.js';
import { maskIdNumber } from './domain/identity.js';
import { formatQueryCode, generateQueryCode, hashQueryCode, normalizeTrackingNumber, verifyQueryCode } from './domain/query-code.js';
import { deriveReceiptDate, type ReceiptDetermination, ReceiptFactsError, type ReceiptFacts } from './domain/receipt-date.js';
import { deriveApplicantKey, preloadSegmenter, repeatHints } from './domain/repeat-hints.js';
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
 * Intake (issue 4): web applications from the public, officer registration of counter/fax/letter applications,
 * and the public status lookup. Derives the legal receipt date from the channel's facts (rules.md §2), issues the
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
  ) {
    this.box = new SecretBox(config.intake.dataEncryptionKey);
  }

  onModuleInit(): void {
    // Builds jieba's dictionary now rather than on the first application.
    preloadSegmenter();
    this.cases.registerEffect(async (ctx) => (ctx.event.type === 'CONFIRM_RECEIPT' ? this.onReceiptConfirmed(ctx) : undefined));
  }

  async publicAgencies(): Promise<PublicAgencyDto[]> {
    return (await this.agencies.findAll()).filter((a) => a.active).map((a) => ({ code: a.code, name: a.name, address: a.address, phone: a.phone }));
  }

  /** POST /applications: a web application (网络申请), anonymous or by a logged-in applicant. */
  async submitWeb(user: AuthUser | undefined, dto: SubmitApplicationDto, idempotencyKey: string | undefined): Promise<ApplicationReceiptDto> {
    if (user && user.role !== Role.APPLICANT) throw AppException.forbidden('工作人员请通过登记接口录入申请');
    const agency = await this.agencies.findByCodeCached(dto.agencyCode);
    if (!agency || !agency.active) throw AppException.invalidField('agencyCode', 'NOT_FOUND', '受理机关不存在');
    const requestHash = sha256(canonicalize(dto) ?? '');
    const now = this.clock.now();
    const today = this.clock.today();
    const determination = await this.determine({ channel: CaseChannel.WEB, submittedAt: now.toISOString() }, agency, today, '');
    const queryCode = generateQueryCode();
    const actor: Actor = { id: user?.id ?? null, role: user ? Role.APPLICANT : 'SYSTEM' };

    const result = await this.cases.transaction(async (em) => {
      if (idempotencyKey) {
        const replay = await this.claimIdempotencyKey(em, idempotencyKey, requestHash);
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
        registrationRecord: this.registrationRecord(CaseChannel.WEB, determination, applicant, dto.request, dto.delivery),
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
      if (idempotencyKey) {
        // The query code is kept only sealed, so a retry can be answered with the same code.
        const response: Record<string, unknown> = { ...receipt, queryCode: this.box.seal(receipt.queryCode) };
        await em.save(em.create(IdempotencyKeyEntity, { scope: APPLICATION_SCOPE, key: idempotencyKey, requestHash, caseId: row.id, response }));
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
    const facts = factsOf(dto);
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
    if (determination.receiptDate && determination.receiptDate > today) throw AppException.invalidField('receiptDate', 'DATE_IN_FUTURE', '收到申请之日不能晚于今天');
    const applicant = dto.applicant ? this.applicantRecord(dto.applicant, dto.agent, null) : { name: dto.applicantName!, shown: { name: dto.applicantName }, category: null, encryptedIds: null, key: null };
    const request = dto.request ?? { title: '', description: dto.requestDescription! };
    const actor: Actor = { id: user.id, role: user.role };
    // Given to the applicant once (on the counter slip or by phone) so they can follow the case like a web applicant.
    const queryCode = generateQueryCode();

    const id = await this.cases.transaction(async (em) => {
      const row = await this.cases.openCase(em, {
        agency,
        receiptDate: determination.receiptDate,
        submittedOn: determination.submittedOn,
        actor,
        fields: {
          channel: dto.channel,
          submittedAt: null,
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
        registrationRecord: { ...this.registrationRecord(dto.channel, determination, applicant, request, dto.delivery), override },
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

  /** GET /applications/status: a wrong tracking number or query code reveals nothing (same answer, same work). */
  async status(trackingNumber: string, queryCode: string): Promise<ApplicationStatusDto> {
    return this.cases.publicStatus(await this.lookup(trackingNumber, queryCode));
  }

  /** The case a tracking number and query code open; APPLICATION_NOT_FOUND for any mismatch (the web pages use it too). */
  async lookup(trackingNumber: string, queryCode: string): Promise<CaseEntity> {
    const normalized = normalizeTrackingNumber(trackingNumber);
    const row = normalized ? await this.cases.findByTrackingNumber(normalized) : null;
    if (!verifyQueryCode(queryCode, row?.queryCodeHash ?? null, this.config.intake.queryCodeSecret) || !row) {
      throw new AppException('APPLICATION_NOT_FOUND');
    }
    return row;
  }

  private async determine(facts: ReceiptFacts, agency: AgencyEntity, today: string, field: string): Promise<ReceiptDetermination> {
    const calendar = await this.calendars.current();
    try {
      return deriveReceiptDate(facts, calendar, resolveAgencySettings(agency.settings), today);
    } catch (e) {
      if (e instanceof ReceiptFactsError) {
        throw new AppException(
          'VALIDATION_FAILED',
          e.errors.map((err) => ({ field: field ? `${field}.${err.field}` : err.field, code: err.code, message: RECEIPT_ERROR_MESSAGES[err.code] ?? '取值无效' })),
        );
      }
      throw e;
    }
  }

  /** A retry with the same key and body returns the first answer; the same key with another body is refused. */
  private async claimIdempotencyKey(em: EntityManager, key: string, requestHash: string): Promise<ApplicationReceiptDto | null> {
    // Serialise concurrent retries of one key: the second waits for the first to commit, then replays it.
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${APPLICATION_SCOPE}:${key}`]);
    const existing = await em.findOneBy(IdempotencyKeyEntity, { scope: APPLICATION_SCOPE, key });
    if (!existing) return null;
    if (existing.requestHash !== requestHash) {
      throw AppException.invalidField('Idempotency-Key', 'IDEMPOTENCY_KEY_REUSED', '该幂等键已用于内容不同的申请');
    }
    const response = existing.response as unknown as ApplicationReceiptDto;
    return { ...response, queryCode: this.box.open(response.queryCode) };
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
      // rules.md §8: ID numbers only masked wherever they are shown.
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
      delivery: delivery ?? null,
    };
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
  private async issueReceipt(em: EntityManager, row: CaseEntity, actor: Actor): Promise<IssuedDocumentEntity> {
    const clock = await this.cases.clockOf(row, [], undefined, em);
    return this.procedural.issueReceipt(em, { row, events: [], receiptDate: row.receiptDate!, dueDate: clock!.dueDate!, issuedOn: this.clock.today(), actor });
  }

  /**
   * 条例第三十一条第（三）项: confirming a web, fax or letter submission fixes the receipt date, so the receipt is
   * issued now and mailed with an acknowledgement that names the date (the first one could only say it was pending).
   */
  private async onReceiptConfirmed({ em, row, events, event, clockAfter, actor, afterCommit }: CaseEffectContext): Promise<Record<string, unknown>> {
    const receiptDate = event.payload.receiptDate as string;
    const receipt = await this.procedural.issueReceipt(em, { row, events, receiptDate, dueDate: clockAfter!.dueDate!, issuedOn: event.effectiveDate, actor });
    const agency = await this.agencies.findById(row.agencyId, em);
    const email = applicantEmail(row) ?? undefined;
    const queued = await this.acknowledge(em, row, agency!, row.applicantName, receiptDate, row.requestTitle || row.requestDescription, email, receipt, `ack-receipt:${receipt.id}`);
    if (queued) afterCommit(() => this.dispatcher.kick());
    return { documents: [issuedDocumentFacts(receipt)] };
  }

  /**
   * 接收回执: recorded on every case once its receipt date is fixed; mailed when an address is known (rules.md §2,
   * issue 4 item 8). A web submission awaiting confirmation is acknowledged without it, and again with it once
   * confirmed. Returns whether a mail was queued.
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
}

const RECEIPT_ERROR_MESSAGES: Record<string, string> = {
  REQUIRED: '必填',
  INVALID_DATE: '日期格式应为YYYY-MM-DD且为有效日期',
  INVALID_DATETIME: '时间格式不正确（应为ISO 8601，含时区）',
  DATE_IN_FUTURE: '日期不能晚于今天',
  DATE_OUT_OF_RANGE: '日期不能早于2008年5月1日（条例施行之日）',
  DATE_BEFORE_SUBMISSION: '确认日期不能早于提交或到达日期',
  INVALID_ENUM: '取值不在允许范围内',
};

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
