import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock.js';
import { CaseClockReader } from './case-clock.service.js';
import { REGISTERED_EVENT, trackingNumberOf } from './case-opening.service.js';
import { caseProjection } from './case-projection.js';
import type { CaseEntity } from './case.entity.js';
import { CasesRepository } from './cases.repository.js';
import type { Actor } from './commands/case-effects.registry.js';
import { chainedEvent } from './event-chain.js';
import { initialCaseSnapshot } from './workflow/case-workflow.js';
import { CASE_MACHINE_VERSION } from './workflow/case.machine.js';

export interface ImportedCaseSpec {
  agency: { id: string; code: string; settings: Record<string, unknown> | null };
  /** 收到申请之日 as the old records fix it (条例第三十一条). */
  receiptDate: string;
  /** The original 受理编号, kept when the record gives one; else numbered in the receipt year's sequence. */
  trackingNumber: string | null;
  actor: Actor;
  fields: Partial<CaseEntity> & { imported: NonNullable<CaseEntity['imported']> };
  registrationRecord: Record<string, unknown>;
}

/**
 * Opens an imported case inside the import's transaction: the REGISTERED record that starts its hash chain (dated
 * its receipt date, marked 补录 with the import as reason) and the first projection. Unlike a live opening there is
 * no default assignment and no notice: nobody is told of history.
 */
@Injectable()
export class ImportedCaseOpening {
  constructor(
    private readonly cases: CasesRepository,
    private readonly clocks: CaseClockReader,
    private readonly clock: Clock,
  ) {}

  async open(em: EntityManager, spec: ImportedCaseSpec): Promise<CaseEntity> {
    const today = this.clock.today();
    // A case received in December 2025 is numbered in 2025's sequence, whatever the day of the import.
    const year = Number(spec.receiptDate.slice(0, 4));
    const trackingNumber = spec.trackingNumber ?? trackingNumberOf(spec.agency.code, year, await this.cases.nextTrackingSequence(em, spec.agency.id, year));
    const id = randomUUID();
    const registered = chainedEvent(
      id,
      undefined,
      spec.actor,
      { type: REGISTERED_EVENT, effectiveDate: spec.receiptDate, payload: { trackingNumber, ...spec.registrationRecord }, reason: '历史导入', backDated: spec.receiptDate < today },
      this.clock.now().toISOString(),
    );
    const clock = await this.clocks.openingClock(spec.receiptDate, spec.agency.settings);
    const row = await this.cases.insertCase(em, {
      ...spec.fields,
      id,
      agencyId: spec.agency.id,
      trackingNumber,
      receiptDate: spec.receiptDate,
      workflowSnapshot: initialCaseSnapshot(spec.receiptDate),
      workflowVersion: CASE_MACHINE_VERSION,
      ...caseProjection(clock, 'REGISTERED', today),
      eventCount: 1,
      lastEventHash: registered.hash,
      version: 1,
    });
    await this.cases.appendEvent(em, registered);
    return row;
  }
}
