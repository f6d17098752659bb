import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { canonicalJson } from '../cases/canonical-json.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import type { CaseEventEntity } from '../cases/case-event.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { DocumentsService } from '../documents/documents.service.js';
import { PdfFonts } from '../documents/pdf-fonts.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { BlobStorage } from '../storage/blob-storage.js';
import { UsersRepository } from '../users/users.repository.js';
import type { AccessLogEntity } from './access-log.entity.js';
import { ArchiveRepository } from './archive.repository.js';
import { type BagFile, writeBagZip } from './bagit.js';
import {
  attachmentPath,
  CASE_FILE,
  caseFactsOf,
  type CaseFileInput,
  caseFileJson,
  documentPath,
  EVENTS_FILE,
  evidenceListPath,
  evidenceListRows,
  RETENTION_YEARS_DEFAULT,
} from './case-file.js';
import { pdfPageCount, renderEvidenceList } from './evidence-list-pdf.js';
import { ARCHIVE_SIGNING_KEY, LedgerService } from './ledger.service.js';
import type { ArchiveSigningKey, PublicKeyRecord } from './signing-key.js';

export const KEYS_FILE = 'archive-keys.json';
export const LEDGER_PROOF_FILE = 'ledger-proof.json';

export interface BundleDownload {
  filename: string;
  stream: Readable;
}

/** For a reconsideration body or court: printed at the head of the 证据目录. */
export interface EvidenceSubmission {
  heading: string;
  recipient: string;
  dueOn: string | null;
}

export interface AccessLogEntryDto {
  id: number;
  userId: string;
  role: string;
  caseId: string;
  action: string;
  purpose: string | null;
  at: string;
  prevHash: string | null;
  hash: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Evidence bundles: the whole case file as a BagIt bag in a streamed ZIP, signed, with the case's inclusion proof
 * in the agency-wide ledger, so that a reconsideration body, a court or an auditor can check it without the
 * database. Every export is recorded in the hash-chained access log.
 */
@Injectable()
export class ArchiveService {
  constructor(
    private readonly cases: CasesService,
    private readonly agencies: AgenciesRepository,
    private readonly users: UsersRepository,
    private readonly documents: DocumentsService,
    private readonly attachments: AttachmentsService,
    private readonly storage: BlobStorage,
    private readonly fonts: PdfFonts,
    private readonly ledger: LedgerService,
    private readonly repository: ArchiveRepository,
    @Inject(ARCHIVE_SIGNING_KEY) private readonly key: ArchiveSigningKey,
    private readonly clock: Clock,
  ) {}

  publicKeys(): { keys: PublicKeyRecord[] } {
    return { keys: [this.key.record] };
  }

  /**
   * Staff of the case's agency and auditors of its subtree may export (auditors state a purpose); applicants and
   * legal advisors may not (the controller's permission), and a case outside the caller's scope is 404.
   */
  async exportBundle(user: AuthUser, caseId: string, purpose: string | undefined, submission?: EvidenceSubmission): Promise<BundleDownload> {
    if (user.role === Role.AUDITOR && !purpose) throw AppException.invalidField('purpose', 'REQUIRED', '审计人员调取案卷须说明用途');
    const { row, events } = await this.cases.readableCase(user, caseId);
    const agency = await this.agencies.findById(row.agencyId);
    const documents = await this.documents.findByCase(row.id);
    const attachments = await this.attachments.listForCase(row.id);
    const handler = row.assigneeId ? await this.users.findById(row.assigneeId) : null;
    const now = this.clock.now();
    const head = events.at(-1)!;
    // The proof and the access record are taken before the first byte is sent: a failure is still a clean error.
    const proof = await this.ledger.proofForCase(row.id, head.seq, head.hash);
    await this.recordAccess(user, row.id, 'BUNDLE_EXPORT', purpose ?? null);

    const settings = (agency?.settings ?? {}) as Record<string, unknown>;
    const pages = new Map<string, number | null>();
    const input: CaseFileInput = {
      caseFacts: caseFactsOf(row, { submittedAt: row.submittedAt ? new Date(row.submittedAt).toISOString() : null, applicant: row.applicant, handler: handler?.displayName ?? null }),
      agency: { name: agency?.name ?? '', code: agency?.code ?? '' },
      events: events.map((e) => ({ seq: e.seq, type: e.type, effectiveDate: e.effectiveDate, recordedAt: e.recordedAt, actorRole: e.actorRole, payload: e.payload, hash: e.hash })),
      documents,
      attachments,
      pages,
      retention: {
        years: typeof settings.retentionYears === 'number' ? settings.retentionYears : RETENTION_YEARS_DEFAULT,
        // The latest SET_LEGAL_HOLD decides (诉讼保全: kept past the retention period while it is on).
        legalHold: [...events].reverse().find((e) => e.type === 'SET_LEGAL_HOLD')?.payload.hold === true,
      },
      // Staff of the case's own agency hold the applicant's data anyway; an auditor gets it masked (minimum necessary).
      export: { at: now.toISOString(), role: user.role, purpose: purpose ?? null, applicantEntitled: user.role !== Role.AUDITOR && user.agencyId === row.agencyId },
    };

    const payload: BagFile[] = [
      ...documents.map((d, i) => ({
        path: documentPath(row.trackingNumber, i, d),
        compress: false,
        content: async () => {
          const pdf = await this.documents.content(d);
          pages.set(documentPath(row.trackingNumber, i, d), pdfPageCount(pdf));
          return pdf;
        },
      })),
      ...attachments.map((a, i) => ({
        path: attachmentPath(row.trackingNumber, i, a),
        compress: false,
        content: async () => {
          const bytes = await this.storage.get(a.storageKey);
          if (sha256(bytes) !== a.sha256) throw new Error(`attachment ${a.id} does not match its SHA-256`);
          if (a.contentType === 'application/pdf') pages.set(attachmentPath(row.trackingNumber, i, a), pdfPageCount(bytes));
          return bytes;
        },
      })),
      // One event per line, every field the hash covers plus id and hash, exactly as stored.
      { path: EVENTS_FILE, content: async () => Buffer.from(events.map((e) => `${canonicalJson(eventLine(e))}\n`).join(''), 'utf8') },
      { path: CASE_FILE, content: async () => Buffer.from(`${JSON.stringify(caseFileJson(input), null, 2)}\n`, 'utf8') },
      {
        path: evidenceListPath(row.trackingNumber),
        compress: false,
        content: () =>
          renderEvidenceList(
            {
              agencyName: input.agency.name,
              trackingNumber: row.trackingNumber,
              subject: row.requestTitle || row.requestDescription,
              madeOn: this.clock.today(),
              madeBy: 'Gongkai 系统依案件电子记录自动生成，各文件的SHA-256与SM3摘要见证据包清单',
              submission: submission ? { heading: submission.heading, recipient: submission.recipient, dueOn: submission.dueOn } : null,
            },
            evidenceListRows(input),
            this.fonts,
          ),
      },
    ];

    const stream = writeBagZip({
      payload,
      bagInfo: [
        ['Source-Organization', input.agency.name],
        ['Organization-Address', input.agency.code],
        ['External-Identifier', row.trackingNumber],
        ['External-Description', `政府信息公开申请办理案卷（${row.trackingNumber}）`],
        ['Bagging-Date', this.clock.today()],
        ['Bag-Software-Agent', 'Gongkai evidence archive'],
        ['Internal-Sender-Identifier', row.id],
        ['Bag-Group-Identifier', input.agency.code],
      ],
      tagFileNames: [KEYS_FILE, LEDGER_PROOF_FILE],
      tagFiles: async () => [
        { path: KEYS_FILE, content: Buffer.from(`${JSON.stringify(this.publicKeys(), null, 2)}\n`, 'utf8') },
        { path: LEDGER_PROOF_FILE, content: Buffer.from(`${JSON.stringify(proof, null, 2)}\n`, 'utf8') },
      ],
      signer: this.key,
      mtime: now,
    });
    return { filename: `${row.trackingNumber}-bundle.zip`, stream };
  }

  /** The access log (hash-chained): who read which case file, when and why. */
  async accessLog(caseId?: string): Promise<AccessLogEntryDto[]> {
    return (await this.repository.accessLog(caseId)).map(toAccessDto);
  }

  /** Appends one entry to the access log (its own transaction, before anything of the case file is sent). */
  async recordAccess(user: AuthUser, caseId: string, action: string, purpose: string | null): Promise<void> {
    const at = this.clock.now().toISOString();
    await this.repository.transaction((em) =>
      this.repository.appendAccess(em, (prevHash) => {
        const fields = { userId: user.id, role: user.role, caseId, action, purpose, at, prevHash };
        return { ...fields, hash: accessLogHash(fields) };
      }),
    );
  }
}

/** SHA-256 over the RFC 8785 canonical JSON of an access-log entry (with the previous entry's hash). */
export function accessLogHash(fields: Omit<AccessLogEntity, 'id' | 'hash'>): string {
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}

/** An event as the bundle carries it: the fields its hash covers, plus its id and hash. */
function eventLine(e: CaseEventEntity): Record<string, unknown> {
  const { id, caseId, seq, type, effectiveDate, recordedAt, actorId, actorRole, payload, reason, backDated, prevHash, hash } = e;
  return { id, caseId, seq, type, effectiveDate, recordedAt, actorId, actorRole, payload, reason, backDated, prevHash, hash };
}

function toAccessDto(e: AccessLogEntity): AccessLogEntryDto {
  return { id: Number(e.id), userId: e.userId, role: e.role, caseId: e.caseId, action: e.action, purpose: e.purpose, at: e.at, prevHash: e.prevHash, hash: e.hash };
}
