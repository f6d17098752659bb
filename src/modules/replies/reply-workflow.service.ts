import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import type { CaseEventEntity } from '../cases/case-event.entity.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { type CaseEffectContext, CasesService } from '../cases/cases.service.js';
import { isReplyType } from '../letters/document-kinds.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { DeliveryMethod } from '../documents/reply-context.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { composeReplyDeliveryEmail } from '../notifications/email-composition.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { applicantEmail, caseDocumentContext, documentAttachment, documentContextOf, documentIssuerId, issuedDocumentFacts } from './case-documents.js';
import type { ReplyType } from '../letters/reply-type.js';

/**
 * The reply side of the case workflow, run inside each command's transaction: checks the draft's blanks (checkDraft),
 * issues the reply on approval (issueReply: number, PDF, hash; the co-review policy is the statechart's guard on
 * APPROVE_REPLY) and delivers it (deliverReply: e-mail with the PDF through the outbox; post with the waybill;
 * pickup with the signed receipt); recordDeliveryProof files the proof that comes back.
 */
@Injectable()
export class ReplyWorkflowService implements OnModuleInit {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly outbox: OutboxService,
    private readonly dispatcher: MailDispatcher,
    private readonly attachments: AttachmentsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.cases.registerEffect('replies', ['checkDraft', 'issueReply', 'deliverReply', 'recordDeliveryProof'], (ctx) => this.onEvent(ctx));
  }

  /** The draft reply as a PDF (marked 草稿, number left open), from the latest START_DRAFT. */
  async preview(caseRow: CaseEntity, events: readonly CaseEventEntity[], em: EntityManager): Promise<Buffer> {
    const draft = latestDraft(events);
    if (!draft) throw new AppException('NO_DRAFT');
    return this.documents.preview(await caseDocumentContext(em, caseRow, events, this.clock.today()), draft.replyType, draft.blanks);
  }

  private async onEvent(ctx: CaseEffectContext): Promise<Record<string, unknown> | void> {
    switch (ctx.event.type) {
      case 'START_DRAFT': {
        const replyType = ctx.event.payload.replyType as ReplyType;
        const errors = this.documents.validateBlanks(replyType, ctx.event.payload.blanks ?? {});
        if (errors.length) throw new AppException('VALIDATION_FAILED', errors);
        return;
      }
      case 'APPROVE_REPLY':
        return this.approve(ctx);
      case 'DELIVER_REPLY':
        return this.deliver(ctx);
      case 'RECORD_DELIVERY_PROOF':
        return this.recordDeliveryProof(ctx);
    }
  }

  private async approve({ em, row, agency, events, event, actor }: CaseEffectContext): Promise<Record<string, unknown>> {
    const draft = latestDraft(events);
    if (!draft) throw new AppException('NO_DRAFT');
    const issued = await this.documents.issue(em, {
      context: documentContextOf(agency, row, events, event.effectiveDate),
      kind: draft.replyType,
      blanks: draft.blanks,
      issuedById: await documentIssuerId(em, row, actor),
    });
    return { document: issuedDocumentFacts(issued.entity) };
  }

  /**
   * The proof that a document reached its addressee (送达, which the agency must prove, 行政诉讼法第三十四条), when it
   * comes back (an EMS return receipt, a
   * signed slip). The scan joins the case's attachments with its hash; the event ties it to the document's 文号.
   */
  private async recordDeliveryProof({ em, row, event, actor }: CaseEffectContext): Promise<Record<string, unknown>> {
    const p = event.payload;
    const document = (await this.documents.findByCase(row.id, em)).find((d) => d.id === p.documentId);
    if (!document) throw AppException.invalidField('documentId', 'NOT_FOUND', '本案没有该文书');
    const receivedOn = p.receivedOn as string;
    if (receivedOn > event.effectiveDate) throw AppException.invalidField('receivedOn', 'AFTER_EVENT_DATE', '签收日期不能晚于登记日期');
    if (receivedOn < document.issuedOn) throw AppException.invalidField('receivedOn', 'BEFORE_ISSUE', `签收日期不能早于文书成文日期（${document.issuedOn}）`);
    const [scan] = await this.attachments.linkToCase(em, [p.proofAttachmentId as string], row.id, actor.id, 'proofAttachmentId');
    return { document: issuedDocumentFacts(document), proof: { attachment: { id: scan.id, filename: scan.filename, sha256: scan.sha256 }, receivedOn } };
  }

  private async deliver({ em, row, agency, event, actor, afterCommit }: CaseEffectContext): Promise<Record<string, unknown>> {
    const reply = (await this.documents.findByCase(row.id, em)).filter((d) => isReplyType(d.kind)).at(-1);
    if (!reply) throw new AppException('NO_ISSUED_REPLY');
    const method = event.payload.method as DeliveryMethod;
    const facts: Record<string, unknown> = { document: issuedDocumentFacts(reply) };
    if (method === 'EMAIL') {
      const to = (event.payload.email as string | undefined) ?? applicantEmail(row);
      if (!to) throw AppException.invalidField('email', 'REQUIRED', '申请人未留电子邮箱，请填写送达邮箱或改用其他送达方式');
      const mail = composeReplyDeliveryEmail({
        agencyName: agency.name,
        applicantName: row.applicantName,
        trackingNumber: row.trackingNumber,
        receiptDate: row.receiptDate!,
        documentTitle: reply.title,
        documentNumber: reply.documentNumber,
        attachmentSha256: reply.sha256,
        contact: agency.phone ?? undefined,
        today: event.effectiveDate,
      });
      const message = await this.outbox.enqueueEmail(em, {
        dedupeKey: `reply-delivery:${reply.id}`,
        caseId: row.id,
        to,
        ...mail,
        attachments: [documentAttachment(reply)],
      });
      // Sent after commit; the outbox row's Message-ID and the server's answer become the delivery proof.
      afterCommit(() => this.dispatcher.kick());
      facts.email = { to, outboxMessageId: message.id };
    } else if (method === 'POST') {
      facts.post = { waybillNumber: event.payload.waybillNumber, postedOn: event.effectiveDate };
    } else if (method === 'PICKUP') {
      const [receipt] = await this.attachments.linkToCase(em, [event.payload.signedReceiptAttachmentId as string], row.id, actor.id, 'signedReceiptAttachmentId');
      facts.pickup = { signedReceipt: { id: receipt.id, sha256: receipt.sha256 } };
    }
    return facts;
  }
}

function latestDraft(events: readonly CaseEventEntity[]): { replyType: ReplyType; blanks: Record<string, unknown> } | null {
  const draft = [...events].reverse().find((e) => e.type === 'START_DRAFT');
  return draft ? { replyType: draft.payload.replyType as ReplyType, blanks: (draft.payload.blanks as Record<string, unknown>) ?? {} } : null;
}
