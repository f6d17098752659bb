import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import type { IssuedDocumentEntity } from '../documents/issued-document.entity.js';
import { DocumentsService } from '../documents/documents.service.js';
import { addressedToApplicant } from '../letters/procedural-rules.js';
import type { ApplicationStatusDto, PublicAgencyDto } from './dto/submit-application.dto.js';
import { normalizeTrackingNumber, verifyQueryCode } from './domain/query-code.js';
import { publicStatusOf } from '../cases/public-status.js';

/** The public side after submission: agencies to apply to, and the lookup by tracking number and query code. */
@Injectable()
export class ApplicationLookupService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly cases: CasesService,
    private readonly agencies: AgenciesRepository,
    private readonly documents: DocumentsService,
  ) {}

  async publicAgencies(): Promise<PublicAgencyDto[]> {
    return (await this.agencies.findAll()).filter((a) => a.active).map((a) => ({ code: a.code, name: a.name, address: a.address, phone: a.phone }));
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

  /**
   * POST /applications/withdraw: the applicant withdraws with tracking number and query code (checked as the status
   * lookup checks them), before the reply is delivered; answers the status after the withdrawal.
   */
  async withdraw(trackingNumber: string, queryCode: string, reason: string | undefined): Promise<ApplicationStatusDto> {
    const row = await this.authenticateLookup(trackingNumber, queryCode);
    await this.cases.withdrawByApplicant(row.id, reason);
    return this.status(trackingNumber, queryCode);
  }

  /** Issued documents addressed to the applicant: replies, the receipt and the notices; not letters to third parties. */
  private async applicantDocuments(caseId: string): Promise<IssuedDocumentEntity[]> {
    return (await this.documents.findByCase(caseId)).filter((d) => addressedToApplicant(d.kind));
  }
}

const publicDocument = (d: IssuedDocumentEntity) => ({ id: d.id, kind: d.kind, title: d.title, documentNumber: d.documentNumber, issuedOn: d.issuedOn, sha256: d.sha256 });
