import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PeriodicJob } from '../../common/jobs/periodic-job.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import type { AgencyEntity } from '../agencies/agency.entity.js';
import { CaseChannel } from '../cases/case-channel.js';
import type { OpeningCompanion } from '../cases/case-opening.service.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { type Actor, CasesService } from '../cases/cases.service.js';
import type { IssuedDocumentEntity } from '../documents/issued-document.entity.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { applicantEmail } from '../replies/case-documents.js';
import { IntakeAcknowledgements } from './intake-acknowledgements.js';
import { PendingReceiptsRepository } from './pending-receipts.repository.js';

/** How long the opening request has to issue its receipt before the sweep may: far beyond any answer's time. */
const SWEEP_AFTER_SECONDS = 60;
/** Receipts the sweep issues per run; the rest wait for the next run. */
const SWEEP_BATCH = 50;

/**
 * 接收回执 of a case opened with its receipt date fixed (条例第三十一条), issued in a transaction of its own right after
 * the one that opens the case: registration, and a web submission to an agency that fixes the date on submission.
 *
 * Why not in the opening transaction: from drawing the agency's tracking number to its commit, that transaction
 * holds the number, and every other application to the agency waits for it. The receipt names the number, so it
 * could only be rendered beforehand with a guess, and every web submission that took the number meanwhile forced a
 * second render under the lock. Issued after the commit, the receipt is rendered with the number the case has,
 * outside any transaction, and only the 文号's draw, its row and the acknowledgement mail are written under a lock.
 *
 * Nothing is lost between the two: the statement that opens the case also writes a pending_receipt row (see
 * companion), and the transaction that issues the receipt deletes it. If the process dies in between or the issue
 * fails, the background worker's sweep issues it once the row is SWEEP_AFTER_SECONDS old. Deleting the row is the
 * claim: of two issuers at once the second waits on the row's lock, then finds it gone and issues nothing.
 */
@Injectable()
export class PendingReceipts implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PendingReceipts');
  private readonly job: PeriodicJob;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly pending: PendingReceiptsRepository,
    private readonly cases: CasesService,
    private readonly agencies: AgenciesRepository,
    private readonly acknowledgements: IntakeAcknowledgements,
    private readonly dispatcher: MailDispatcher,
  ) {
    this.job = new PeriodicJob({
      everyMs: config.scheduler.intervalSeconds * 1000,
      run: () => this.sweep(),
      logger: this.logger,
      failureMessage: 'issuing pending receipts failed',
      runOnStart: true,
    });
  }

  /** Off where the scheduler is off (SCHEDULER_INTERVAL_SECONDS=0: tests, and the HTTP workers of a cluster). */
  onApplicationBootstrap(): void {
    if (this.config.scheduler.intervalSeconds > 0) this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** The pending_receipt row, as one part of the statement that opens the case (CaseOpening's companions). */
  companion(actor: Actor): OpeningCompanion {
    return { write: (param, _text, caseId) => this.pending.insertSql(param, caseId, actor, SWEEP_AFTER_SECONDS) };
  }

  /**
   * Issues the receipt of a case opened with a pending_receipt row, and mails it with the acknowledgement to a
   * counter, fax or letter applicant who left an address (a web submission's acknowledgement went with the case and
   * never carries the receipt). Null if it was issued already, or could not be rendered (the case's officer is then
   * alerted, see ProceduralDocumentEffects). Throws if the transaction fails: the row stays for the sweep.
   */
  async issue(row: CaseEntity, agency: AgencyEntity): Promise<IssuedDocumentEntity | null> {
    // Rendered before the transaction, with the 文号 the draw will most likely give.
    const prepared = await this.acknowledgements.prepareReceipt(agency, row);
    const issued = await this.cases.transaction(async (em) => {
      const actor = await this.pending.claim(em, row.id);
      if (!actor) return null;
      const receipt = await this.acknowledgements.issueReceipt(em, prepared, actor);
      const email = row.channel === CaseChannel.WEB ? null : applicantEmail(row);
      const mailed = email ? await this.acknowledgements.acknowledge(em, row, agency, row.applicantName, row.receiptDate, row.requestTitle || row.requestDescription, email, receipt) : false;
      return { receipt, mailed };
    });
    if (issued?.mailed) this.dispatcher.kick();
    return issued?.receipt ?? null;
  }

  /**
   * issue() for the request that opened the case, which answers with the case either way: the case is registered,
   * and a receipt that failed here is issued by the sweep.
   */
  async issueForOpening(row: CaseEntity, agency: AgencyEntity): Promise<void> {
    try {
      await this.issue(row, agency);
    } catch (e) {
      this.logger.error({ caseId: row.id, err: e }, `receipt of ${row.trackingNumber} not issued with its registration; the sweep will issue it`);
    }
  }

  /** Issues the receipts whose opening request did not (process died, issue failed). Returns how many it issued. */
  async sweep(): Promise<number> {
    let issued = 0;
    for (const caseId of await this.pending.due(SWEEP_BATCH)) {
      if (this.job.stopped) break;
      try {
        const row = await this.cases.findById(caseId);
        const agency = row && (await this.agencies.findById(row.agencyId));
        if (!row || !agency) throw new Error(`case ${caseId} or its agency not found`);
        if (await this.issue(row, agency)) issued++;
      } catch (e) {
        await this.pending.postpone(caseId);
        this.logger.error({ caseId, err: e }, 'issuing a pending receipt failed; retrying later');
      }
    }
    if (issued > 0) this.logger.warn(`issued ${issued} receipts their registration left pending`);
    return issued;
  }
}
