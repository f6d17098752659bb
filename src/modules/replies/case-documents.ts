import type { EntityManager } from 'typeorm';
import { Role } from '../../common/auth/role.js';
import { resolveAgencySettings } from '../agencies/agency-settings.js';
import { AgencyEntity } from '../agencies/agency.entity.js';
import type { CaseEventEntity } from '../cases/case-event.entity.js';
import type { CaseEntity } from '../cases/case.entity.js';
import type { Actor } from '../cases/cases.service.js';
import type { IssuedDocumentEntity } from '../documents/issued-document.entity.js';
import { type DeliveryMethod, historyFromEvents, type ReplyContext } from '../documents/reply-context.js';
import type { OutboxAttachment } from '../notifications/outgoing-mail.js';
import { UserEntity } from '../users/user.entity.js';

/**
 * What a document needs to know about its case (agency, applicant, request, handling history), read inside the
 * command's transaction. Shared by replies and procedural documents. A case still awaiting confirmation of receipt
 * (a CLOSE of a submission that is no application) is dated by the day its submission arrived.
 */
export async function caseDocumentContext(em: EntityManager, row: CaseEntity, events: readonly CaseEventEntity[], issuedOn: string): Promise<ReplyContext> {
  return documentContextOf(await em.findOneByOrFail(AgencyEntity, { id: row.agencyId }), row, events, issuedOn);
}

/** caseDocumentContext with the case's agency at hand (for a document prepared before its case is written). */
export function documentContextOf(agency: AgencyEntity, row: CaseEntity, events: readonly CaseEventEntity[], issuedOn: string): ReplyContext {
  const method = stringField(row.delivery, 'method') as DeliveryMethod | null;
  return {
    agency: {
      id: agency.id,
      name: agency.name,
      type: agency.type,
      documentPrefix: agency.documentPrefix,
      documentNumberPattern: resolveAgencySettings(agency.settings).documentNumberPattern,
      reconsiderationBody: agency.reconsiderationBody,
      competentCourt: agency.competentCourt,
      address: agency.address,
      phone: agency.phone,
    },
    case: {
      id: row.id,
      trackingNumber: row.trackingNumber,
      receiptDate: row.receiptDate ?? events[0]?.effectiveDate ?? issuedOn,
      requestDescription: row.requestDescription,
      requestTitle: row.requestTitle,
      requestDocumentNumber: row.requestDocumentNumber,
    },
    applicant: { name: row.applicantName },
    history: historyFromEvents(events),
    deliveryMethod: method,
    issuedOn,
  };
}

/** What a case event records of a document it issued: enough to find it and to check its PDF. */
export function issuedDocumentFacts(d: IssuedDocumentEntity): Record<string, unknown> {
  return { id: d.id, kind: d.kind, documentNumber: d.documentNumber, sha256: d.sha256, templateId: d.templateId, templateVersion: d.templateVersion };
}

/** An issued document as an e-mail attachment (the outbox loads and checks the stored PDF by its hash). */
export function documentAttachment(d: IssuedDocumentEntity): OutboxAttachment {
  return { filename: `${d.title}（${d.documentNumber}）.pdf`, contentType: 'application/pdf', storageKey: d.storageKey, sha256: d.sha256 };
}

/**
 * Who a document is recorded as issued by. A document is the agency's act, signed in its name, so an applicant's
 * act (a web submission) or the scheduler's (a lapse) is attributed to the staff who answer for the case: its
 * officer, whoever registered it, else the agency's office head or an officer.
 */
export async function documentIssuerId(em: EntityManager, row: CaseEntity, actor: Actor): Promise<string> {
  if (actor.id && actor.role !== Role.APPLICANT) return actor.id;
  if (row.assigneeId) return row.assigneeId;
  if (row.createdById) return row.createdById;
  for (const role of [Role.OFFICE_HEAD, Role.OFFICER]) {
    const user = await em.findOne(UserEntity, { where: { agencyId: row.agencyId, role, active: true }, order: { createdAt: 'ASC' } });
    if (user) return user.id;
  }
  throw new Error(`agency ${row.agencyId} has no active office head or officer to issue documents for case ${row.id}`);
}

/** Where the applicant wants mail: the delivery address they gave, else their contact address; null if neither. */
export function applicantEmail(row: Pick<CaseEntity, 'delivery' | 'applicant'>): string | null {
  return stringField(row.delivery, 'email') ?? stringField(row.applicant, 'email');
}

export function stringField(record: Record<string, unknown> | null | undefined, key: string): string | null {
  const value = record?.[key];
  return typeof value === 'string' && value ? value : null;
}
