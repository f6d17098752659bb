import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception.js';
import type { CaseEventEntity } from '../cases/case-event.entity.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { type Actor, type CaseEffectContext, CasesService } from '../cases/cases.service.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { DEFAULT_CLOCK_SETTINGS } from '../deadlines/domain/index.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { IssuedDocumentEntity } from '../documents/issued-document.entity.js';
import type { ReplyContext } from '../documents/reply-context.js';
import { caseDocumentContext, documentIssuerId, issuedDocumentFacts } from './case-documents.js';
import { DOCUMENT_ACTIONS, type DocumentOrder, proceduralDocumentOrders } from './procedural-document-orders.js';

export interface ReceiptInput {
  row: CaseEntity;
  events: readonly CaseEventEntity[];
  /** 收到申请之日 as fixed by registration or CONFIRM_RECEIPT (the row may not carry it yet). */
  receiptDate: string;
  /** The reply due date the clock computes from it. */
  dueDate: string;
  issuedOn: string;
  actor: Actor;
}

/**
 * Procedural documents issued by the events that need them (issue 5 item 6; rules.md §4): a correction notice by
 * REQUEST_CORRECTION, an extension notice by APPROVE_EXTENSION, consultation letters and the exclusion notice by
 * CONSULT_THIRD_PARTY, the fee and deferral notices, and a closure notice when a case ends unanswered. Each is
 * numbered, rendered and archived in the command's transaction; the event records its 文号 and hash.
 */
@Injectable()
export class ProceduralDocumentEffects implements OnModuleInit {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly calendars: CalendarService,
  ) {}

  onModuleInit(): void {
    this.cases.registerEffect((ctx) => this.onEvent(ctx));
  }

  /** 接收回执 (issue 4 item 8): issued once the receipt date is fixed, at registration or on CONFIRM_RECEIPT. */
  async issueReceipt(em: EntityManager, input: ReceiptInput): Promise<IssuedDocumentEntity> {
    const context = await caseDocumentContext(em, { ...input.row, receiptDate: input.receiptDate }, input.events, input.issuedOn);
    const issuedById = await documentIssuerId(em, input.row, input.actor);
    return (await this.documents.issue(em, { context, kind: 'RECEIPT', blanks: { dueDate: input.dueDate }, issuedById })).entity;
  }

  private async onEvent({ em, row, events, event, actions, clockAfter, actor }: CaseEffectContext): Promise<Record<string, unknown> | void> {
    if (!actions.some((a) => DOCUMENT_ACTIONS.has(a))) return;
    const context = await caseDocumentContext(em, row, events, event.effectiveDate);
    const orders = proceduralDocumentOrders({
      event,
      actions,
      clockAfter,
      consultationDeadline: actions.includes('issueConsultationLetter') ? await this.consultationDeadline(event.effectiveDate) : null,
      priorEvents: events,
      agencyAddress: context.agency.address ?? null,
    });
    const issuedById = await documentIssuerId(em, row, actor);
    const documents: Record<string, unknown>[] = [];
    for (const order of orders) documents.push(issuedDocumentFacts(await this.issue(em, context, order, issuedById)));
    return { documents };
  }

  /**
   * 条例第三十二条、第三十四条: 15 working days from the letter. The clock reports only the earliest open
   * consultation's deadline, so a second letter's own deadline is counted here the way the clock counts it.
   */
  private async consultationDeadline(sentOn: string): Promise<string> {
    return (await this.calendars.current()).addWorkdays(sentOn, DEFAULT_CLOCK_SETTINGS.thirdPartyWorkdays);
  }

  /** A blank the command filled that fails the document's rules is reported under the command's own field. */
  private async issue(em: EntityManager, context: ReplyContext, order: DocumentOrder, issuedById: string): Promise<IssuedDocumentEntity> {
    try {
      return (await this.documents.issue(em, { context, kind: order.kind, blanks: order.blanks, issuedById })).entity;
    } catch (e) {
      if (!(e instanceof AppException) || e.code !== 'VALIDATION_FAILED' || !e.errors) throw e;
      throw new AppException(
        'VALIDATION_FAILED',
        e.errors.map((err) => {
          const blank = err.field.replace(/^blanks\./, '');
          return { ...err, field: order.sources[blank] ?? err.field };
        }),
      );
    }
  }
}
