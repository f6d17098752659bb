import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
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
import { AttachmentsService } from '../attachments/attachments.service.js';
import { CaseChannel } from '../cases/case-channel.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { TRACKING_NUMBER_SLOT } from '../cases/case-opening.service.js';
import { type Actor, CasesService } from '../cases/cases.service.js';
import { CASE_STATUS_LABELS, type CaseStatus } from '../cases/workflow/case-status.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { ApplicationRecords } from './application-records.js';
import type { ApplicationReceiptDto, SubmitApplicationDto } from './dto/submit-application.dto.js';
import { idempotencyLookup, idempotencyScope, isHighEntropyKey, replaySealSecret } from './domain/idempotency-key.js';
import { formatQueryCode, generateQueryCode, hashQueryCode } from './domain/query-code.js';
import { IdempotencyKeysRepository } from './idempotency-keys.repository.js';
import { IntakeAcknowledgements } from './intake-acknowledgements.js';
import { PendingReceipts } from './pending-receipts.js';

const APPLICATION_SCOPE = 'web-application';

/** A caller's Idempotency-Key as stored (a keyed hash) and the secret its replayed query code is sealed under. */
interface IdempotencyClaim {
  lookup: string;
  sealSecret: string;
}

/**
 * POST /applications: a web application (网络申请), anonymous or by a logged-in applicant, with its Idempotency-Key.
 * Usually two statements: the repeat-hint lookup, and one statement, its own transaction, for the tracking number,
 * the case, its REGISTERED event and the acknowledgement's outbox row (CaseOpening.openCaseAlone); everything else is
 * computed before. With an Idempotency-Key, attachments or a receipt to issue, one transaction writes it all.
 */
@Injectable()
export class WebSubmissionService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly cases: CasesService,
    private readonly agencies: AgenciesRepository,
    private readonly attachments: AttachmentsService,
    private readonly records: ApplicationRecords,
    private readonly acknowledgements: IntakeAcknowledgements,
    private readonly receipts: PendingReceipts,
    private readonly idempotencyKeys: IdempotencyKeysRepository,
    private readonly dispatcher: MailDispatcher,
    private readonly clock: Clock,
  ) {}

  async submit(user: AuthUser | undefined, dto: SubmitApplicationDto, idempotencyKey: string | undefined): Promise<ApplicationReceiptDto> {
    if (user && user.role !== Role.APPLICANT) throw AppException.forbidden('工作人员请通过登记接口录入申请');
    // An anonymous caller's key is their only proof of being the original submitter on a retry: it must be a secret.
    if (idempotencyKey !== undefined && !user && !isHighEntropyKey(idempotencyKey)) {
      throw AppException.invalidField('Idempotency-Key', 'IDEMPOTENCY_KEY_WEAK', '未登录提交时，幂等键须为随机生成的UUID，或至少22位随机的字母、数字、-、_');
    }
    const idempotency = idempotencyKey ? this.idempotencyOf(user?.id ?? null, idempotencyKey) : null;
    const agency = await this.agencies.findByCodeCached(dto.agencyCode);
    if (!agency || !agency.active) throw AppException.invalidField('agencyCode', 'NOT_FOUND', '受理机关不存在');
    this.records.assertPrintable({
      'applicant.name': dto.applicant.name,
      'request.title': dto.request.title,
      'request.documentNumber': dto.request.documentNumber,
      'request.description': dto.request.description,
    });
    // Only a retry with a key compares bodies: the hash is computed for it alone.
    const requestHash = idempotency ? sha256(canonicalize(dto) ?? '') : '';
    const now = this.clock.now();
    const today = this.clock.today();
    const determination = await this.records.determine({ channel: CaseChannel.WEB, submittedAt: now.toISOString() }, agency, today, '');
    const queryCode = generateQueryCode();
    const actor: Actor = { id: user?.id ?? null, role: user ? Role.APPLICANT : 'SYSTEM' };
    const applicant = this.records.applicantRecord(dto.applicant, dto.agent, user?.id ?? null);
    const fields = {
      channel: CaseChannel.WEB,
      submittedAt: now,
      receiptBasis: determination.rule,
      intake: { channel: CaseChannel.WEB, submittedAt: now.toISOString(), confirmation: determination.confirmation ?? null, autoConfirmsOn: determination.autoConfirmsOn ?? null },
      ...this.records.caseFields(applicant, dto.request, dto.delivery),
      applicantUserId: user?.id ?? null,
      queryCodeHash: hashQueryCode(queryCode, this.config.intake.queryCodeSecret),
      assigneeId: null,
      createdById: null,
    };
    const registration = this.records.registrationRecord(CaseChannel.WEB, determination, applicant, dto.request, dto.delivery);
    const hintDate = determination.receiptDate ?? determination.submittedOn;
    // The acknowledgement is written with the case, in the statement that opens it (a web submission's never
    // carries the receipt).
    const notice = this.acknowledgements.webSubmissionNotice(agency, determination.receiptDate, dto.delivery.email ?? dto.applicant.email);
    // 接收回执 of an application whose receipt date is already fixed (an agency that confirms web submissions on
    // submission): issued once the case commits (PendingReceipts), the pending row written with the case.
    const companions = [...(notice ? [notice] : []), ...(determination.receiptDate ? [this.receipts.companion(actor)] : [])];
    const spec = { agency, receiptDate: determination.receiptDate, submittedOn: determination.submittedOn, actor, companions };
    // As CaseOpening sets it: the case waits for confirmation unless its receipt date is fixed.
    const status: CaseStatus = determination.receiptDate ? 'REGISTERED' : 'SUBMITTED';
    const receiptOf = (trackingNumber: string): ApplicationReceiptDto => ({
      trackingNumber,
      queryCode: formatQueryCode(queryCode),
      status,
      statusLabel: CASE_STATUS_LABELS[status],
      submittedAt: now.toISOString(),
      receiptDate: determination.receiptDate,
      receiptRule: determination.rule,
      agencyName: agency.name,
    });
    const opened = (row: CaseEntity): ApplicationReceiptDto => {
      if (row.status !== status) throw new Error(`a web submission opened as ${row.status}, not ${status}`);
      return receiptOf(row.trackingNumber);
    };

    let row: CaseEntity;
    if (!idempotency && !dto.attachmentIds?.length) {
      // Nothing to write but the case, its event and its acknowledgement: the repeat-hint lookup, then one statement
      // that is its own transaction (CaseOpening.openCaseAlone).
      const hints = await this.records.hintsFor(null, agency.id, applicant.key, dto.request.description, hintDate);
      row = await this.cases.openCaseAlone({ ...spec, fields: { ...fields, hints }, registrationRecord: registration });
    } else {
      const result = await this.cases.transaction(async (em): Promise<{ replay: ApplicationReceiptDto } | { row: CaseEntity }> => {
        if (idempotency) {
          const replay = await this.claimIdempotencyKey(em, idempotency, requestHash);
          if (replay) return { replay };
        }
        const hints = await this.records.hintsFor(em, agency.id, applicant.key, dto.request.description, hintDate);
        const attachmentRecord = await this.records.attachmentRecord(em, dto.attachmentIds);
        const companions = [...spec.companions];
        if (idempotency) {
          // The query code is kept for the retry only sealed under a secret derived from the client's key, which is
          // itself stored only as a keyed hash: the row alone (or with the server's secrets) cannot reveal it. The row
          // is written by the opening statement, its response naming the tracking number drawn there.
          const sealed = receiptOf(TRACKING_NUMBER_SLOT);
          const response = JSON.stringify({ ...sealed, queryCode: new SecretBox(idempotency.sealSecret).seal(sealed.queryCode) });
          companions.push({
            write: (param, text, caseId) => this.idempotencyKeys.insertSql(param, { scope: APPLICATION_SCOPE, key: idempotency.lookup, requestHash, caseId }, text(response)),
          });
        }
        const created = await this.cases.openCase(em, { ...spec, companions, fields: { ...fields, hints }, registrationRecord: { ...registration, ...attachmentRecord } });
        opened(created); // checked before the commit
        if (dto.attachmentIds?.length) await this.attachments.linkToCase(em, dto.attachmentIds, created.id, user?.id ?? null);
        return { row: created };
      });
      if ('replay' in result) return result.replay;
      row = result.row;
    }
    if (determination.receiptDate) await this.receipts.issueForOpening(row, agency);
    this.dispatcher.kick();
    return opened(row);
  }

  /** The stored form of a caller's key: scoped to the account (or to anonymous callers) and hashed. */
  private idempotencyOf(userId: string | null, key: string): IdempotencyClaim {
    const scope = idempotencyScope(userId);
    return { lookup: idempotencyLookup(this.config.intake.queryCodeSecret, scope, key), sealSecret: replaySealSecret(scope, key) };
  }

  /**
   * A retry with the same key and body from the same caller returns the first answer; the same key with another
   * body is refused. Another caller's identical key is another key (its scope differs), so it never sees this one.
   */
  private async claimIdempotencyKey(em: EntityManager, key: IdempotencyClaim, requestHash: string): Promise<ApplicationReceiptDto | null> {
    const existing = await this.idempotencyKeys.lockAndFind(em, APPLICATION_SCOPE, key.lookup);
    if (!existing) return null;
    if (existing.requestHash !== requestHash) {
      throw AppException.invalidField('Idempotency-Key', 'IDEMPOTENCY_KEY_REUSED', '该幂等键已用于内容不同的申请');
    }
    const response = existing.response as unknown as ApplicationReceiptDto;
    return { ...response, queryCode: new SecretBox(key.sealSecret).open(response.queryCode) };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
