import { isUUID } from 'class-validator';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors/app.exception.js';
import { isIsoDate } from '../../common/validation/iso-date.js';
import type { CaseClock } from '../deadlines/domain/index.js';
import { caseDetailsVisibleTo } from './case-access.policy.js';
import type { CaseEventEntity } from './case-event.entity.js';
import type { CaseEntity } from './case.entity.js';
import type { CaseClockSummaryDto, CaseDto, CaseEventDto, CaseSummaryDto } from './dto/case.dto.js';
import { CASE_STATUS_LABELS } from './workflow/case-status.js';
import { allowedEvents, restoreCaseSnapshot } from './workflow/case-workflow.js';

/** What the queue row and the detail of a case both begin with. */
function caseIdentity(row: CaseEntity): Pick<CaseSummaryDto, 'id' | 'trackingNumber' | 'agencyId' | 'channel' | 'receiptDate' | 'applicantName' | 'requestTitle' | 'requestDescription'> {
  return {
    id: row.id,
    trackingNumber: row.trackingNumber,
    agencyId: row.agencyId,
    channel: row.channel,
    receiptDate: row.receiptDate,
    applicantName: row.applicantName,
    requestTitle: row.requestTitle,
    requestDescription: row.requestDescription,
  };
}

/** A case's detail as the caller sees it: redacted by role, with the events the caller may send today. */
export function toCaseDto(row: CaseEntity, clock: CaseClock | null, user: AuthUser, today: string): CaseDto {
  const snapshot = restoreCaseSnapshot(row.workflowSnapshot, row.workflowVersion);
  return {
    ...caseIdentity(row),
    requestDocumentNumber: row.requestDocumentNumber,
    ...caseDetailsVisibleTo(user.role, row),
    applicantCategory: row.applicantCategory,
    submittedAt: row.submittedAt,
    receiptBasis: row.receiptBasis,
    receiptOverride: row.receiptOverride,
    status: row.status,
    statusLabel: CASE_STATUS_LABELS[row.status],
    dueDate: clock?.dueDate ?? null,
    dueDateProvisional: clock?.provisional ?? false,
    overdue: row.overdue || clock?.state === 'overdue',
    assigneeId: row.assigneeId,
    clock,
    openConsultations: [...snapshot.context.openConsultations],
    pendingReferrals: [...snapshot.context.pendingReferrals],
    allowedEvents: allowedEvents(row.workflowSnapshot, user.role, { effectiveDate: today, dueDate: clock?.dueDate ?? null, actorId: user.id }, row.workflowVersion),
    version: row.version,
    createdAt: row.createdAt,
    imported: row.imported ?? null,
  };
}

/** A queue row: the stored projection only, nothing that needs the clock computed. */
export function toCaseSummary(row: CaseEntity, today: string): CaseSummaryDto {
  const running = row.clockState === 'running' || row.clockState === 'overdue' || row.clockState === 'deferred';
  const pastDue = row.isOpen && running && row.dueDate !== null && row.dueDate < today;
  const overdue = row.overdue || pastDue;
  return {
    ...caseIdentity(row),
    status: row.status,
    statusLabel: CASE_STATUS_LABELS[row.status],
    dueDate: row.dueDate,
    dueDateProvisional: row.dueDateProvisional,
    overdue,
    assigneeId: row.assigneeId,
    clock: summaryClock(row, pastDue),
    version: row.version,
    createdAt: row.createdAt,
  };
}

export function toEventDto(e: CaseEventEntity): CaseEventDto {
  return {
    id: e.id,
    seq: e.seq,
    type: e.type,
    effectiveDate: e.effectiveDate,
    recordedAt: e.recordedAt,
    actorId: e.actorId,
    actorRole: e.actorRole,
    payload: e.payload,
    reason: e.reason,
    backDated: e.backDated,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/**
 * The queue shows the stored projection and nothing it cannot know without computing the clock; the full clock
 * (totals, pauses, extension, deadlines, explanation) is one click away. The state turns overdue on the day after
 * the due date, as the computed clock does, even before the scheduler has marked it.
 */
function summaryClock(row: CaseEntity, pastDue: boolean): CaseClockSummaryDto | null {
  if (!row.receiptDate) return null;
  return { state: pastDue ? 'overdue' : row.clockState, dueDate: row.dueDate, provisional: row.dueDateProvisional };
}

export function encodeCursor(row: CaseEntity): string {
  return Buffer.from(JSON.stringify([row.queueDueDate, row.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { queueDueDate: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [queueDueDate, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    // Both halves go into SQL as a date and a uuid: anything PostgreSQL would refuse (2026-02-30) is a 422 here.
    if (isIsoDate(queueDueDate) && typeof id === 'string' && isUUID(id)) return { queueDueDate, id };
  } catch {
    // fall through
  }
  throw AppException.invalidField('cursor', 'INVALID_FORMAT', '游标无效');
}
