import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import type { RegisteredCaseDto } from '../cases/dto/case.dto.js';
import { ApplicationLookupService } from './application-lookup.service.js';
import type { RegisterCaseDto } from './dto/register-case.dto.js';
import type { ApplicationReceiptDto, ApplicationStatusDto, PublicAgencyDto, SubmitApplicationDto } from './dto/submit-application.dto.js';
import { IntakeAcknowledgements } from './intake-acknowledgements.js';
import { OfficerRegistrationService } from './officer-registration.service.js';
import { WebSubmissionService } from './web-submission.service.js';

/**
 * Intake: web applications from the public, officer registration of counter/fax/letter applications, and the
 * public status lookup. Derives the legal receipt date from the channel's facts (条例第三十一条), issues the
 * tracking number and query code, flags repeat requests, and queues the acknowledgement — in one transaction.
 *
 * A facade: each concern lives in its own class — WebSubmissionService (POST /applications, idempotency keys),
 * OfficerRegistrationService (POST /cases), ApplicationLookupService (status, documents, withdrawal),
 * IntakeAcknowledgements (receipt and acknowledgement mails, also on CONFIRM_RECEIPT) and ApplicationRecords (what
 * every channel records alike).
 */
@Injectable()
export class IntakeService implements OnModuleInit {
  constructor(
    private readonly cases: CasesService,
    private readonly web: WebSubmissionService,
    private readonly officers: OfficerRegistrationService,
    private readonly lookup: ApplicationLookupService,
    private readonly acknowledgements: IntakeAcknowledgements,
  ) {}

  onModuleInit(): void {
    this.cases.registerEffect('intake', ['issueReceipt'], (ctx) => this.acknowledgements.onReceiptConfirmed(ctx));
  }

  publicAgencies(): Promise<PublicAgencyDto[]> {
    return this.lookup.publicAgencies();
  }

  /** POST /applications: a web application (网络申请), anonymous or by a logged-in applicant. */
  submitWeb(user: AuthUser | undefined, dto: SubmitApplicationDto, idempotencyKey: string | undefined): Promise<ApplicationReceiptDto> {
    return this.web.submit(user, dto, idempotencyKey);
  }

  /** POST /cases: officer registration; the receipt date comes from the channel's facts unless overridden with a reason. */
  registerByOfficer(user: AuthUser, dto: RegisterCaseDto): Promise<RegisteredCaseDto> {
    return this.officers.register(user, dto);
  }

  status(trackingNumber: string, queryCode: string): Promise<ApplicationStatusDto> {
    return this.lookup.status(trackingNumber, queryCode);
  }

  statusOf(row: CaseEntity): Promise<ApplicationStatusDto> {
    return this.lookup.statusOf(row);
  }

  authenticateLookup(trackingNumber: string, queryCode: string): Promise<CaseEntity> {
    return this.lookup.authenticateLookup(trackingNumber, queryCode);
  }

  statusDocument(trackingNumber: string, queryCode: string, documentId: string): Promise<{ pdf: Buffer; filename: string }> {
    return this.lookup.statusDocument(trackingNumber, queryCode, documentId);
  }

  withdraw(trackingNumber: string, queryCode: string, reason: string | undefined): Promise<ApplicationStatusDto> {
    return this.lookup.withdraw(trackingNumber, queryCode, reason);
  }
}
