import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception.js';
import type { AgencyEntity } from '../agencies/agency.entity.js';
import type { CaseEventEntity } from '../cases/case-event.entity.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { type Actor, type CaseEffectContext, CasesService } from '../cases/cases.service.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { DEFAULT_CLOCK_SETTINGS } from '../deadlines/domain/index.js';
import { DocumentsService, type PreparedDocument } from '../documents/documents.service.js';
import type { IssuedDocumentEntity } from '../documents/issued-document.entity.js';
import { PROCEDURAL_DOCUMENT_LABELS, type ProceduralDocument } from '../letters/procedural-documents.js';
import { addressedToApplicant } from '../letters/procedural-rules.js';
import type { ReplyContext } from '../documents/reply-context.js';
import { chineseDate, composeNoticeEmail } from '../notifications/email-composition.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { UserNotices } from '../notifications/notify-users.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { applicantEmail, documentAttachment, documentContextOf, documentIssuerId, issuedDocumentFacts } from './case-documents.js';
import { consultationOf, DOCUMENT_ACTIONS, DOCUMENT_EFFECTS, type DocumentOrder, proceduralDocumentOrders } from './procedural-document-orders.js';

/** What an event records of a procedural document that could not be rendered. */
export interface RenderFailure {
  kind: ProceduralDocument;
  renderFailed: true;
  reason: 'DOCUMENT_GLYPHS_MISSING';
  details: string[];
}

export const isRenderFailure = (d: IssuedDocumentEntity | RenderFailure): d is RenderFailure => 'renderFailed' in d;

export interface ReceiptInput {
  row: CaseEntity;
  agency: AgencyEntity;
  events: readonly CaseEventEntity[];
  /** 收到申请之日 as fixed by registration or CONFIRM_RECEIPT (the row may not carry it yet). */
  receiptDate: string;
  /** The reply due date the clock computes from it. */
  dueDate: string;
  issuedOn: string;
  actor: Actor;
}

/**
 * Procedural documents issued by the events that need them: a correction notice (条例第三十条) by
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
    private readonly outbox: OutboxService,
    private readonly dispatcher: MailDispatcher,
    private readonly notices: UserNotices,
  ) {}

  onModuleInit(): void {
    this.cases.registerEffect('documents', [...DOCUMENT_EFFECTS, 'issueDisclosureDecision'], (ctx) => this.onEvent(ctx));
  }

  /**
   * 接收回执: issued once 收到申请之日 is fixed (条例第三十一条), at registration or on CONFIRM_RECEIPT; it tells the
   * applicant the reply due date (第三十三条).
   */
  async issueReceipt(em: EntityManager, input: ReceiptInput, prepared: PreparedDocument | null = null): Promise<IssuedDocumentEntity | RenderFailure> {
    const context = documentContextOf(input.agency, { ...input.row, receiptDate: input.receiptDate }, input.events, input.issuedOn);
    const issuedById = await documentIssuerId(em, input.row, input.actor);
    try {
      return (await this.documents.issue(em, { context, kind: 'RECEIPT', blanks: { dueDate: input.dueDate }, issuedById, prepared })).entity;
    } catch (e) {
      return this.renderFailure(em, input.row, 'RECEIPT', issuedById, e);
    }
  }

  /**
   * The receipt of a case just registered, rendered (its file's write started) before the transaction that draws its
   * 文号, for issueReceipt to use if the 文号 drawn is the one guessed. Null if it cannot be rendered: issueReceipt
   * then records why.
   */
  async prepareReceipt(input: Omit<ReceiptInput, 'actor'>): Promise<PreparedDocument | null> {
    const context = documentContextOf(input.agency, { ...input.row, receiptDate: input.receiptDate }, input.events, input.issuedOn);
    try {
      return await this.documents.prepare(context, 'RECEIPT', { dueDate: input.dueDate });
    } catch (e) {
      if (e instanceof AppException && e.code === 'DOCUMENT_GLYPHS_MISSING') return null;
      throw e;
    }
  }

  /**
   * A procedural document that cannot be rendered (a character of the case in no configured font — intake refuses
   * those since, but cases registered before, or fonts changed since, may hold one) must not block the event the
   * law requires: confirming receipt (条例第三十一条), closing, correcting. The event goes through and records the
   * document as not rendered, with the characters; the case's officer and whoever answers for it are alerted to
   * issue it on paper. Numbers are drawn only after the glyph check, so no 文号 is lost. Replies are not handled
   * so: the reply is the act itself, and its 422 leaves every other event open.
   */
  private async renderFailure(em: EntityManager, row: CaseEntity, kind: ProceduralDocument, issuedById: string, e: unknown): Promise<RenderFailure> {
    if (!(e instanceof AppException) || e.code !== 'DOCUMENT_GLYPHS_MISSING') throw e;
    const characters = (e.errors ?? []).map((err) => err.message);
    const failure: RenderFailure = { kind, renderFailed: true, reason: 'DOCUMENT_GLYPHS_MISSING', details: characters };
    const label = PROCEDURAL_DOCUMENT_LABELS[kind];
    await this.notices.notify(em, [issuedById, ...(row.assigneeId ? [row.assigneeId] : [])], {
      caseId: row.id,
      kind: 'DOCUMENT_RENDER_FAILED',
      message: `${row.trackingNumber}：${label}未能生成（${characters.join('；')}），请配置补充字体或以纸质文书送达，并在案卷中记录。`,
    });
    return failure;
  }

  private async onEvent({ em, row, agency, events, event, actions, clockAfter, actor, afterCommit }: CaseEffectContext): Promise<Record<string, unknown> | void> {
    const disclosure = event.type === 'RECEIVE_THIRD_PARTY_OPINION' && event.payload.disclosureDecision !== undefined;
    if (disclosure) assertDisclosureDecision(event.payload, events);
    if (!disclosure && !actions.some((a) => DOCUMENT_ACTIONS.has(a))) return;
    const context = documentContextOf(agency, row, events, event.effectiveDate);
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
    for (const order of orders) {
      let issued: IssuedDocumentEntity;
      try {
        issued = await this.issue(em, context, order, issuedById);
      } catch (e) {
        documents.push({ ...(await this.renderFailure(em, row, order.kind, issuedById, e)) });
        continue;
      }
      const mail = await this.mailToApplicant(em, row, context, issued, order);
      if (mail.email) afterCommit(() => this.dispatcher.kick());
      documents.push({ ...issuedDocumentFacts(issued), ...mail });
    }
    return { documents };
  }

  /**
   * A notice addressed to the applicant goes to their e-mail address, when they left one, with its PDF: a
   * correction notice must reach them to be answered. Letters to third parties and co-producers are sent by the
   * office itself. Returns what the event records of the mail.
   */
  private async mailToApplicant(em: EntityManager, row: CaseEntity, context: ReplyContext, doc: IssuedDocumentEntity, order: DocumentOrder): Promise<Record<string, unknown>> {
    const to = applicantEmail(row);
    if (!to || !addressedToApplicant(order.kind)) return {};
    const mail = composeNoticeEmail({
      agencyName: context.agency.name,
      applicantName: row.applicantName,
      trackingNumber: row.trackingNumber,
      documentTitle: doc.title,
      documentNumber: doc.documentNumber,
      attachmentSha256: doc.sha256,
      action: NOTICE_ACTIONS[order.kind]?.(order.blanks) ?? null,
      contact: context.agency.phone,
      today: context.issuedOn,
    });
    const message = await this.outbox.enqueueEmail(em, { dedupeKey: `notice:${doc.id}`, caseId: row.id, to, ...mail, attachments: [documentAttachment(doc)] });
    return { email: { to, outboxMessageId: message.id } };
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

/** 条例第三十二条: the agency may disclose over a third party's objection; a co-producing agency is not a third party. */
function assertDisclosureDecision(payload: Record<string, unknown>, events: readonly CaseEventEntity[]): void {
  if (payload.position !== 'OBJECTION') {
    throw AppException.invalidField('disclosureDecision', 'REQUIRES_OBJECTION', '仅在第三方不同意公开（position=OBJECTION）时需要作出决定予以公开');
  }
  if (consultationOf(events, payload.consultationId)?.party !== 'THIRD_PARTY') {
    throw AppException.invalidField('disclosureDecision', 'NOT_A_THIRD_PARTY', '决定予以公开并书面告知仅适用于向第三方（条例第三十二条）征求的意见');
  }
}

/** What a notice asks of the applicant, repeated in the mail so the date is not missed. */
const NOTICE_ACTIONS: Partial<Record<ProceduralDocument, (blanks: Record<string, unknown>) => string>> = {
  CORRECTION_NOTICE: (b) => `请于${chineseDate(String(b.correctionDeadline))}前向本机关提交补正材料。`,
  REASONS_REQUEST: (b) => `请于${chineseDate(String(b.reasonsDeadline))}前以书面形式向本机关说明理由。`,
  FEE_NOTICE: (b) => `请于${chineseDate(String(b.paymentDeadline))}前缴纳信息处理费。`,
};
