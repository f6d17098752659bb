import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors/app.exception.js';
import { FIELD_ERROR_MESSAGES } from '../../common/errors/error-code.js';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { CaseChannel } from '../cases/case-channel.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { type Actor, CasesService } from '../cases/cases.service.js';
import type { RegisteredCaseDto } from '../cases/dto/case.dto.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { ApplicationRecords } from './application-records.js';
import type { RegisterCaseDto } from './dto/register-case.dto.js';
import { formatQueryCode, generateQueryCode, hashQueryCode } from './domain/query-code.js';
import { type ReceiptDetermination, type ReceiptFacts, receiptDateProblem, shanghaiDateOf } from './domain/receipt-date.js';
import { IntakeAcknowledgements } from './intake-acknowledgements.js';
import { PendingReceipts } from './pending-receipts.js';

/** POST /cases: an officer registers a counter, fax, letter or forwarded web application. */
@Injectable()
export class OfficerRegistrationService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly cases: CasesService,
    private readonly agencies: AgenciesRepository,
    private readonly attachments: AttachmentsService,
    private readonly records: ApplicationRecords,
    private readonly acknowledgements: IntakeAcknowledgements,
    private readonly receipts: PendingReceipts,
    private readonly dispatcher: MailDispatcher,
    private readonly clock: Clock,
  ) {}

  /** The receipt date comes from the channel's facts unless overridden with a reason. */
  async register(user: AuthUser, dto: RegisterCaseDto): Promise<RegisteredCaseDto> {
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
      determination = await this.records.determine(facts, agency, today, channelField(dto.channel));
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
    const applicant = dto.applicant
      ? this.records.applicantRecord(dto.applicant, dto.agent, null)
      : { name: dto.applicantName!, shown: { name: dto.applicantName }, category: null, encryptedIds: null, key: null };
    const request = dto.request ?? { title: '', description: dto.requestDescription! };
    this.records.assertPrintable({
      [dto.applicant ? 'applicant.name' : 'applicantName']: applicant.name,
      'request.title': request.title || undefined,
      'request.documentNumber': dto.request?.documentNumber,
      [dto.request ? 'request.description' : 'requestDescription']: request.description,
    });
    const actor: Actor = { id: user.id, role: user.role };
    // Given to the applicant once (on the counter slip or by phone) so they can follow the case like a web applicant.
    const queryCode = generateQueryCode();
    const email = dto.delivery?.email ?? dto.applicant?.email;

    const fields: Partial<CaseEntity> = {
      channel: dto.channel,
      submittedAt,
      receiptBasis: determination.rule,
      receiptOverride: override,
      intake: { channel: dto.channel, facts: facts ?? null, warnings: determination.warnings, confirmation: determination.confirmation ?? null },
      ...this.records.caseFields(applicant, request, dto.delivery),
      applicantUserId: null,
      queryCodeHash: hashQueryCode(queryCode, this.config.intake.queryCodeSecret),
      assigneeId: dto.assigneeId ?? user.id,
      createdById: user.id,
    };
    const opened = await this.cases.transaction(async (em) => {
      // A web submission's acknowledgement (fixed text, never the receipt) is written with the case, as for one
      // submitted online: its cap takes the address's lock before the agency's tracking number, as on that path.
      const notice = dto.channel === CaseChannel.WEB ? this.acknowledgements.webSubmissionNotice(agency, determination.receiptDate, email) : null;
      const hints = await this.records.hintsFor(em, agency.id, applicant.key, request.description, determination.receiptDate ?? determination.submittedOn);
      const row = await this.cases.openCase(em, {
        agency,
        receiptDate: determination.receiptDate,
        submittedOn: determination.submittedOn,
        actor,
        reason: backDated ? dto.reason! : null,
        backDated,
        fields: { ...fields, hints },
        registrationRecord: {
          ...this.records.registrationRecord(dto.channel, determination, applicant, request, dto.delivery),
          override,
          ...(await this.records.attachmentRecord(em, dto.attachmentIds)),
        },
        // With its receipt date fixed, the case is acknowledged with its receipt, issued once it commits.
        companions: [...(notice ? [notice] : []), ...(determination.receiptDate ? [this.receipts.companion(actor)] : [])],
      });
      if (dto.attachmentIds?.length) await this.attachments.linkToCase(em, dto.attachmentIds, row.id, user.id);
      if (!notice && !determination.receiptDate) await this.acknowledgements.acknowledge(em, row, agency, applicant.name, null, request.title || request.description, email, null);
      return row;
    });
    // Before the answer, so that the officer can print the receipt for the applicant at once (条例第三十一条).
    if (determination.receiptDate) await this.receipts.issueForOpening(opened, agency);
    this.dispatcher.kick();
    return { ...(await this.cases.openedCaseDetail(user, opened, agency.settings)), queryCode: formatQueryCode(queryCode) };
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
