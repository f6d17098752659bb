import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';
import { resolveAgencySettings } from '../agencies/agency-settings.js';
import type { AgencyEntity } from '../agencies/agency.entity.js';
import { CaseChannel } from '../cases/case-channel.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { type OpeningCompanion, TRACKING_NUMBER_SLOT } from '../cases/case-opening.service.js';
import { type Actor, type CaseEffectContext, CasesService } from '../cases/cases.service.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import type { PreparedDocument } from '../documents/documents.service.js';
import type { IssuedDocumentEntity } from '../documents/issued-document.entity.js';
import { composeAcknowledgementEmail, composeSubmissionNoticeEmail } from '../notifications/email-composition.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { applicantEmail, documentAttachment, issuedDocumentFacts } from '../replies/case-documents.js';
import { isRenderFailure, ProceduralDocumentEffects, type ReceiptInput } from '../replies/procedural-documents.effects.js';
import { confirmedReceiptBasis } from './domain/receipt-date.js';

/** A receipt prepared before the transaction that issues it: what it says, and its PDF (null if it cannot be rendered). */
export interface PreparedReceipt {
  input: Omit<ReceiptInput, 'actor'>;
  pdf: PreparedDocument | null;
}

/** The dedupe-key kind of acknowledgements: the daily cap per address counts these. */
const ACK = 'ack';

/**
 * 接收回执 and the acknowledgement mails of intake: the receipt of a case opened with its receipt date fixed, the
 * acknowledgement queued with it, and both again once a web, fax or letter submission's receipt is confirmed.
 */
@Injectable()
export class IntakeAcknowledgements {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly cases: CasesService,
    private readonly calendars: CalendarService,
    private readonly outbox: OutboxService,
    private readonly dispatcher: MailDispatcher,
    private readonly procedural: ProceduralDocumentEffects,
    private readonly clock: Clock,
  ) {}

  /**
   * The 接收回执 of a case just opened with its receipt date fixed: what it says (the due date its clock starts with,
   * dated today), and its PDF rendered now, outside any transaction, with the 文号 its series will most likely give
   * next (see issueReceipt).
   */
  async prepareReceipt(agency: AgencyEntity, row: CaseEntity): Promise<PreparedReceipt> {
    const clock = await this.cases.clockUnder(agency.settings, row, []);
    const input = { row, agency, events: [], receiptDate: row.receiptDate!, dueDate: clock!.dueDate!, issuedOn: this.clock.today() };
    return { input, pdf: await this.procedural.prepareReceipt(input) };
  }

  /**
   * Issues the receipt prepareReceipt prepared, in the caller's transaction: its PDF is used if the 文号 drawn is the
   * one guessed, else the receipt is rendered again here. Null if it could not be rendered (see ProceduralDocumentEffects).
   */
  async issueReceipt(em: EntityManager, receipt: PreparedReceipt, actor: Actor): Promise<IssuedDocumentEntity | null> {
    const issued = await this.procedural.issueReceipt(em, { ...receipt.input, actor }, receipt.pdf);
    return isRenderFailure(issued) ? null : issued;
  }

  /**
   * The first acknowledgement of a web submission (its fixed text and daily cap, see acknowledgeWebSubmission),
   * written by the statement that opens the case. The cap is checked first in that statement, under the address's
   * lock, before the agency's tracking number is drawn. Null when there is no address.
   */
  webSubmissionNotice(agency: AgencyEntity, receiptDate: string | null, email: string | undefined): OpeningCompanion | null {
    if (!email) return null;
    const to = email.toLowerCase();
    const mail = composeSubmissionNoticeEmail({ agencyName: agency.name, trackingNumber: TRACKING_NUMBER_SLOT, receiptDate, statusUrl: `${this.config.http.publicUrl}/`, today: this.clock.today() });
    // Checked as enqueueEmail checks a message, with a tracking number of the agency's form in the slot.
    const sample = (text: string) => text.replaceAll(TRACKING_NUMBER_SLOT, `${agency.code}-0000-000000`);
    return {
      prior: (param) => this.outbox.recipientQuotaSql(param, to, ACK, this.config.intake.acknowledgementMailsPerAddressPerDay),
      write: (param, text, caseId, quota) =>
        this.outbox.enqueueEmailSql(param, { dedupeKey: `${ACK}:${caseId}`, caseId, to, ...mail, attachments: [] }, text, sample, `(SELECT allowed FROM ${quota})`),
    };
  }

  /**
   * 条例第三十一条第（三）项: confirming a web, fax or letter submission fixes the receipt date, so the receipt is
   * issued now and mailed with an acknowledgement that names the date (the first one could only say it was pending).
   */
  async onReceiptConfirmed({ em, row, agency, events, event, clockAfter, actor, afterCommit }: CaseEffectContext): Promise<Record<string, unknown>> {
    const receiptDate = event.payload.receiptDate as string;
    await this.recordConfirmation(em, row, agency, receiptDate, actor.role === 'SYSTEM' ? 'AUTOMATIC' : 'OFFICER');
    const receipt = await this.procedural.issueReceipt(em, { row, agency, events, receiptDate, dueDate: clockAfter!.dueDate!, issuedOn: event.effectiveDate, actor });
    const email = applicantEmail(row) ?? undefined;
    // A receipt that could not be rendered does not hold up the confirmation; the event records the failure.
    const document = isRenderFailure(receipt) ? null : receipt;
    const queued = await this.acknowledge(em, row, agency, row.applicantName, receiptDate, row.requestTitle || row.requestDescription, email, document, `ack-receipt:${document?.id ?? row.id}`);
    if (queued) afterCommit(() => this.dispatcher.kick());
    return { documents: [document ? issuedDocumentFacts(document) : receipt] };
  }

  /** The receipt basis and `intake.confirmation` once CONFIRM_RECEIPT fixed the date: no longer "awaiting confirmation". */
  private async recordConfirmation(em: EntityManager, row: CaseEntity, agency: AgencyEntity, receiptDate: string, by: 'OFFICER' | 'AUTOMATIC'): Promise<void> {
    const stored = (row.intake ?? {}) as { facts?: Record<string, unknown> | null; submittedAt?: string };
    const facts = { channel: row.channel, ...(stored.facts ?? {}), ...(stored.submittedAt ? { submittedAt: stored.submittedAt } : {}) };
    const basis = confirmedReceiptBasis(row.receiptBasis ?? '', facts, receiptDate, by, await this.calendars.current(), resolveAgencySettings(agency.settings), this.clock.today());
    await this.cases.recordReceiptBasis(em, row, basis.rule, basis.confirmation);
  }

  /**
   * 接收回执: recorded on every case once its receipt date is fixed (条例第三十一条); mailed when an address is
   * known. A web submission awaiting confirmation is acknowledged without it, and again once confirmed,
   * both times in the fixed-text form of acknowledgeWebSubmission. Returns whether a mail was queued.
   */
  async acknowledge(
    em: EntityManager,
    row: CaseEntity,
    agency: AgencyEntity,
    applicantName: string,
    receiptDate: string | null,
    summary: string,
    email: string | undefined,
    receipt: IssuedDocumentEntity | null,
    dedupeKey = `${ACK}:${row.id}`,
  ): Promise<boolean> {
    if (!email) return false;
    if (row.channel === CaseChannel.WEB) return this.acknowledgeWebSubmission(em, row, agency, receiptDate, email, dedupeKey);
    const mail = composeAcknowledgementEmail({
      agencyName: agency.name,
      applicantName,
      trackingNumber: row.trackingNumber,
      receiptDate,
      requestSummary: summary,
      statusUrl: `${this.config.http.publicUrl}/`,
      today: this.clock.today(),
    });
    await this.outbox.enqueueEmail(em, { dedupeKey, caseId: row.id, to: email, ...mail, attachments: receipt ? [documentAttachment(receipt)] : [] });
    return true;
  }

  /**
   * A web submission's address was typed by whoever filled in the public form and nobody has confirmed it: its
   * acknowledgements carry fixed text only (no name, title or description, no attachment), and one address gets at
   * most ACK_MAILS_PER_ADDRESS_PER_DAY of them a day; beyond that the case is filed without a mail.
   */
  private async acknowledgeWebSubmission(em: EntityManager, row: CaseEntity, agency: AgencyEntity, receiptDate: string | null, email: string, dedupeKey: string): Promise<boolean> {
    const to = email.toLowerCase();
    if ((await this.outbox.countRecentTo(em, to, ACK)) >= this.config.intake.acknowledgementMailsPerAddressPerDay) return false;
    const mail = composeSubmissionNoticeEmail({ agencyName: agency.name, trackingNumber: row.trackingNumber, receiptDate, statusUrl: `${this.config.http.publicUrl}/`, today: this.clock.today() });
    await this.outbox.enqueueEmail(em, { dedupeKey, caseId: row.id, to, ...mail, attachments: [] });
    return true;
  }
}
