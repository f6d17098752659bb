import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock.js';
import { CaseAssignment } from './case-assignment.service.js';
import { CaseClockReader } from './case-clock.service.js';
import { caseProjection } from './case-projection.js';
import type { CaseEntity } from './case.entity.js';
import { CasesRepository } from './cases.repository.js';
import type { Actor } from './commands/case-effects.registry.js';
import { CaseNoticesPort } from './commands/case-ports.js';
import { chainedEvent } from './event-chain.js';
import type { CaseStatus } from './workflow/case-status.js';
import { initialCaseSnapshot, initialSubmittedSnapshot } from './workflow/case-workflow.js';
import { CASE_MACHINE_VERSION } from './workflow/case.machine.js';

/** The registration record that opens every case's event chain. */
export const REGISTERED_EVENT = 'REGISTERED';

export interface OpenCaseSpec {
  /** The agency's settings decide the new case's clock. */
  agency: { id: string; code: string; settings: Record<string, unknown> | null };
  /** null: the application waits for the office to confirm receipt (条例第三十一条第（二）、（三）项). */
  receiptDate: string | null;
  /** The day the application reached the agency (first event date while unconfirmed). */
  submittedOn: string;
  actor: Actor;
  /** Column values of the new case (applicant, request, delivery, channel evidence …). */
  fields: Partial<CaseEntity>;
  /** What the REGISTERED event records for the evidence chain (no ID numbers in clear). */
  registrationRecord: Record<string, unknown>;
  /** 补录: registered after the receipt date, with the officer's reason. */
  backDated?: boolean;
  reason?: string | null;
}

/** Opens cases: tracking number, the REGISTERED record that starts the hash chain, the first projection. */
@Injectable()
export class CaseOpening {
  constructor(
    private readonly cases: CasesRepository,
    private readonly clocks: CaseClockReader,
    private readonly assignment: CaseAssignment,
    private readonly clock: Clock,
    private readonly notices: CaseNoticesPort,
  ) {}

  /**
   * Opens a case inside the caller's transaction, with its clock when the receipt date is already fixed (otherwise
   * the case waits in SUBMITTED for CONFIRM_RECEIPT). Intake (counter, fax, web, letters) builds the spec; the
   * rules for it live there.
   */
  async openCase(em: EntityManager, spec: OpenCaseSpec): Promise<CaseEntity> {
    const today = this.clock.today();
    const year = Number(today.slice(0, 4));
    const seq = await this.cases.nextTrackingSequence(em, spec.agency.id, year);
    const trackingNumber = `${spec.agency.code}-${year}-${String(seq).padStart(6, '0')}`;
    const confirmed = spec.receiptDate !== null;
    const status: CaseStatus = confirmed ? 'REGISTERED' : 'SUBMITTED';
    // The row is written once, with its first event's hash and the clock's projection computed beforehand
    // (a new case's clock needs only its receipt date and the agency's settings): two INSERTs, no UPDATE.
    const id = randomUUID();
    // 分办: a submission nobody was given goes to the officer the agency names for it, if any.
    const defaultAssignee = spec.fields.assigneeId ? null : await this.assignment.defaultAssigneeOf(em, spec.agency.id, spec.agency.settings, null);
    const registered = chainedEvent(
      id,
      undefined,
      spec.actor,
      {
        type: REGISTERED_EVENT,
        effectiveDate: spec.receiptDate ?? spec.submittedOn,
        payload: { trackingNumber, ...spec.registrationRecord, ...(defaultAssignee ? { assigneeId: defaultAssignee } : {}) },
        reason: spec.reason ?? null,
        backDated: spec.backDated ?? false,
      },
      this.clock.now().toISOString(),
    );
    const clock = spec.receiptDate !== null ? await this.clocks.openingClock(spec.receiptDate, spec.agency.settings) : null;
    const row = await this.cases.insertCase(em, {
      ...spec.fields,
      ...(defaultAssignee ? { assigneeId: defaultAssignee } : {}),
      id,
      agencyId: spec.agency.id,
      trackingNumber,
      receiptDate: spec.receiptDate,
      workflowSnapshot: spec.receiptDate !== null ? initialCaseSnapshot(spec.receiptDate) : initialSubmittedSnapshot(spec.submittedOn),
      workflowVersion: CASE_MACHINE_VERSION,
      ...caseProjection(clock, status, today),
      eventCount: 1,
      lastEventHash: registered.hash,
      version: 1,
    });
    await this.cases.appendEvent(em, registered);
    if (defaultAssignee) await this.notices.notify(em, [defaultAssignee], { caseId: id, kind: 'ASSIGNED', message: `${trackingNumber} 已分配给您承办` });
    return row;
  }

  /** Cases of the same applicant (by applicant key) in one agency since a date: for repeat hints. */
  earlierRequestsOf(em: EntityManager, agencyId: string, applicantKey: string, since: string) {
    return this.cases.findByApplicantKey(em, agencyId, applicantKey, since);
  }

  /** 条例第三十一条: once receipt is confirmed, the case states how the date was fixed (inside the event's transaction). */
  async recordReceiptBasis(em: EntityManager, row: CaseEntity, receiptBasis: string, confirmation: string): Promise<void> {
    const intake = { ...(row.intake ?? {}), confirmation };
    await this.cases.updateCase(em, row.id, { receiptBasis, intake });
    Object.assign(row, { receiptBasis, intake });
  }
}
