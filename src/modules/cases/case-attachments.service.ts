import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { type AttachmentMetadata, AttachmentsService } from '../attachments/attachments.service.js';
import { UserEntity } from '../users/user.entity.js';
import { isIdentityPaper } from './advisor-view.js';
import { CasesService } from './cases.service.js';
import { CaseNoticesPort } from './commands/case-ports.js';

/**
 * The files of a case (GET /cases/:id/attachments), here beside the case reads rather than in attachments/, which
 * the case pipeline itself uses and so may not depend on cases. Scoped like every case read (a case the caller may not see answers 404): staff and auditors
 * see all of them; a legal advisor all but identity papers; an applicant those they submitted themselves (what an
 * office adds — a signed delivery slip — stays with the office).
 */
@Injectable()
export class CaseAttachmentsService {
  private readonly logger = new Logger(CaseAttachmentsService.name);

  constructor(
    private readonly cases: CasesService,
    private readonly attachments: AttachmentsService,
    private readonly notices: CaseNoticesPort,
  ) {}

  async list(user: AuthUser, caseId: string): Promise<AttachmentMetadata[]> {
    const { row } = await this.cases.readableCase(user, caseId);
    return (await this.attachments.listForCase(row.id)).filter((a) => visibleTo(user, a));
  }

  /** The file, checked against the SHA-256 recorded at upload; a mismatch is refused, logged and reported to staff. */
  async download(user: AuthUser, caseId: string, attachmentId: string): Promise<{ metadata: AttachmentMetadata; bytes: Buffer }> {
    const { row } = await this.cases.readableCase(user, caseId);
    const metadata = (await this.attachments.listForCase(row.id)).find((a) => a.id === attachmentId && visibleTo(user, a));
    if (!metadata) throw AppException.notFound();
    const bytes = await this.attachments.verifiedContent(metadata);
    if (!bytes) {
      this.logger.error({ caseId: row.id, attachmentId, storageKey: metadata.storageKey, sha256: metadata.sha256 }, 'stored attachment does not match its SHA-256');
      await this.cases.transaction(async (em) => {
        // The case's officer and whoever registered it; a web case nobody has taken yet: the agency's office heads.
        const staff = [row.assigneeId, row.createdById].filter((id): id is string => !!id);
        const heads = staff.length ? [] : (await em.findBy(UserEntity, { agencyId: row.agencyId, role: Role.OFFICE_HEAD, active: true })).map((u) => u.id);
        await this.notices.notify(em, [...staff, ...heads], {
          caseId: row.id,
          kind: 'ATTACHMENT_CORRUPTED',
          message: `${row.trackingNumber}：附件“${metadata.filename}”与登记的SHA-256不一致，已拒绝下载，请联系管理员核查存储。`,
        });
      });
      throw new AppException('STORED_FILE_CORRUPTED');
    }
    return { metadata, bytes };
  }
}

function visibleTo(user: AuthUser, a: AttachmentMetadata): boolean {
  if (user.role === Role.LEGAL_ADVISOR) return !isIdentityPaper(a.purpose);
  if (user.role === Role.APPLICANT) return a.uploadedById === user.id;
  return true;
}
