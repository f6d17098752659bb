import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock.js';
import { CaseAssignment } from './case-assignment.service.js';
import { CaseClockReader } from './case-clock.service.js';
import { caseProjection } from './case-projection.js';
import { CaseEntity } from './case.entity.js';
import { CasesRepository } from './cases.repository.js';
import type { Actor } from './commands/case-effects.registry.js';
import { CaseNoticesPort } from './commands/case-ports.js';
import { canonicalEventText, chainedEvent } from './event-chain.js';
import type { CaseStatus } from './workflow/case-status.js';
import { initialCaseSnapshot, initialSubmittedSnapshot } from './workflow/case-workflow.js';
import { CASE_MACHINE_VERSION } from './workflow/case.machine.js';

/** The registration record that opens every case's event chain. */
export const REGISTERED_EVENT = 'REGISTERED';

/**
 * Stands for the new case's tracking number in texts composed before it exists (an acknowledgement's subject and
 * body): random per process, so no applicant's text can contain it.
 */
export const TRACKING_NUMBER_SLOT = `TN${randomBytes(12).toString('hex')}`;

/**
 * A row written by the statement that opens the case (CasesRepository.insertOpenedCase). `prior`: a query of one row
 * run before the tracking number is drawn (e.g. a quota that takes its own lock); `write`: the row's statement, given
 * `param` to bind a value, `text` to turn a text with TRACKING_NUMBER_SLOT into the SQL expression of the filled-in
 * text, the new case's id, and the name of the prior query's result.
 */
export interface OpeningCompanion {
  prior?: (param: (value: unknown) => string) => string;
  write: (param: (value: unknown) => string, text: (value: string) => string, caseId: string, prior: string | null) => string;
}

/**
 * A tracking number: `{agency code}-{year}-` and the year's sequence, zero-padded to at least six digits. The
 * opening statement composes the same in SQL (CasesRepository.insertOpenedCase).
 */
export function trackingNumberOf(agencyCode: string, year: number, seq: number): string {
  return `${agencyCode}-${year}-${String(seq).padStart(6, '0')}`;
}

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
  /** Rows written in the same statement as the case (e.g. the acknowledgement's outbox row). */
  companions?: OpeningCompanion[];
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
  openCase(em: EntityManager, spec: OpenCaseSpec): Promise<CaseEntity> {
    return this.open(em, spec, false);
  }

  /**
   * Opens a case for a use case with nothing else to write, in one statement outside any explicit transaction (its
   * own transaction, committed with it): no BEGIN, no COMMIT, and the agency's tracking number is held only while
   * the statement runs and its commit is flushed, never across a turn of the application's event loop. A case that
   * needs more than that statement (a default assignee's notice) is opened in a transaction of its own instead.
   */
  async openCaseAlone(spec: OpenCaseSpec): Promise<CaseEntity> {
    const opened = await this.open(this.cases.manager, spec, true);
    return opened ?? this.cases.transaction((em) => this.openCase(em, spec));
  }

  private async open(em: EntityManager, spec: OpenCaseSpec, alone: false): Promise<CaseEntity>;
  private async open(em: EntityManager, spec: OpenCaseSpec, alone: true): Promise<CaseEntity | null>;
  private async open(em: EntityManager, spec: OpenCaseSpec, alone: boolean): Promise<CaseEntity | null> {
    const today = this.clock.today();
    const year = Number(today.slice(0, 4));
    const confirmed = spec.receiptDate !== null;
    const status: CaseStatus = confirmed ? 'REGISTERED' : 'SUBMITTED';
    // The row is written once, with its first event's hash and the clock's projection computed beforehand
    // (a new case's clock needs only its receipt date and the agency's settings): one statement, no UPDATE.
    const id = randomUUID();
    // 分办: a submission nobody was given goes to the officer the agency names for it, if any.
    const defaultAssignee = spec.fields.assigneeId ? null : await this.assignment.defaultAssigneeOf(em, spec.agency.id, spec.agency.settings, null);
    if (alone && defaultAssignee) return null;
    // The REGISTERED record names the tracking number, which the opening statement draws: the event is chained here
    // with the slot in its place, and its canonical text goes to the statement split around the slot's JSON string.
    const registered = chainedEvent(
      id,
      undefined,
      spec.actor,
      {
        type: REGISTERED_EVENT,
        effectiveDate: spec.receiptDate ?? spec.submittedOn,
        payload: { trackingNumber: TRACKING_NUMBER_SLOT, ...spec.registrationRecord, ...(defaultAssignee ? { assigneeId: defaultAssignee } : {}) },
        reason: spec.reason ?? null,
        backDated: spec.backDated ?? false,
      },
      this.clock.now().toISOString(),
    );
    const canonical = canonicalEventText(registered).split(JSON.stringify(TRACKING_NUMBER_SLOT));
    if (canonical.length !== 2) throw new Error('the REGISTERED record must name its tracking number exactly once');
    const clock = spec.receiptDate !== null ? await this.clocks.openingClock(spec.receiptDate, spec.agency.settings) : null;
    const row = em.create(CaseEntity, {
      ...spec.fields,
      ...(defaultAssignee ? { assigneeId: defaultAssignee } : {}),
      id,
      agencyId: spec.agency.id,
      receiptDate: spec.receiptDate,
      workflowSnapshot: spec.receiptDate !== null ? initialCaseSnapshot(spec.receiptDate) : initialSubmittedSnapshot(spec.submittedOn),
      workflowVersion: CASE_MACHINE_VERSION,
      ...caseProjection(clock, status, today),
      eventCount: 1,
      version: 1,
    });
    const opened = await this.cases.insertOpenedCase(em, {
      agencyId: spec.agency.id,
      year,
      trackingPrefix: `${spec.agency.code}-${year}-`,
      row,
      event: registered,
      canonical: [canonical[0], canonical[1]],
      companions: (spec.companions ?? []).map((companion) => ({
        prior: companion.prior,
        write: (param, trackingNumber, prior) =>
          companion.write(
            param,
            (text) => (text.includes(TRACKING_NUMBER_SLOT) ? `array_to_string(${param(text.split(TRACKING_NUMBER_SLOT))}::text[], ${trackingNumber})` : `${param(text)}::text`),
            id,
            prior,
          ),
      })),
    });
    if (defaultAssignee) await this.notices.notify(em, [defaultAssignee], { caseId: id, kind: 'ASSIGNED', message: `${opened.trackingNumber} 已分配给您承办` });
    return opened;
  }

  /** Cases of the same applicant (by applicant key) in one agency since a date: for repeat hints (`em` null: outside a transaction). */
  earlierRequestsOf(em: EntityManager | null, agencyId: string, applicantKey: string, since: string) {
    return this.cases.findByApplicantKey(em ?? this.cases.manager, agencyId, applicantKey, since);
  }

  /** 条例第三十一条: once receipt is confirmed, the case states how the date was fixed (inside the event's transaction). */
  async recordReceiptBasis(em: EntityManager, row: CaseEntity, receiptBasis: string, confirmation: string): Promise<void> {
    const intake = { ...(row.intake ?? {}), confirmation };
    await this.cases.updateCase(em, row.id, { receiptBasis, intake });
    Object.assign(row, { receiptBasis, intake });
  }
}
