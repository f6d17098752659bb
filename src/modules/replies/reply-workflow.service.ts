import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { AgencyEntity } from '../agencies/agency.entity.js';
import type { CaseEventEntity } from '../cases/case-event.entity.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { type CaseEffectContext, CasesService } from '../cases/cases.service.js';
import { isReplyType } from '../letters/document-kinds.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { DeliveryMethod } from '../documents/reply-context.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { LegalReferralEntity } from '../legal/legal-referral.entity.js';
import { composeReplyDeliveryEmail } from '../notifications/email-composition.js';
import { MailDispatcher } from '../notifications/mail-dispatcher.service.js';
import { notifyUsers } from '../notifications/notify-users.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { applicantEmail, caseDocumentContext, documentAttachment, documentIssuerId, issuedDocumentFacts } from './case-documents.js';
import type { ReplyType } from '../letters/reply-type.js';

/**
 * Reply types that may not be approved without a legal advisor's agreeing opinion (the office's review policy; the
 * agency answers for them in court, 法释〔2011〕17号第五条):
 * every withholding, a partial disclosure, "does not exist" and "not responsible" — the answers most often
 * challenged in reconsideration and court. A case flagged 重大复杂疑难 needs one whatever its type.
 */
export const LEGAL_OPINION_REQUIRED_FOR: readonly ReplyType[] = [
  'PARTIAL',
  'WITHHOLD_SECRET',
  'WITHHOLD_LAW',
  'WITHHOLD_SECURITY',
  'WITHHOLD_THIRD_PARTY',
  'WITHHOLD_INTERNAL',
  'WITHHOLD_PROCESS',
  'WITHHOLD_ENFORCEMENT',
  'WITHHOLD_ADMIN_QUERY',
  'NOT_EXIST',
  'NOT_RESPONSIBLE',
];

const AGREEING = new Set(['AGREE', 'AGREE_WITH_CHANGES']);

/** Warn when a case goes to co-review with fewer working days than this left (co-review does not pause 第三十三条's clock). */
export const LEGAL_REVIEW_WARN_WORKDAYS = 5;

/**
 * The reply side of the case workflow, run inside each command's transaction: checks the draft's blanks, enforces
 * the legal co-review policy at approval, issues the reply (number, PDF, hash) and delivers it (e-mail with the PDF
 * through the outbox; post with the waybill; pickup with the signed receipt).
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
    this.cases.registerEffect((ctx) => this.onEvent(ctx));
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
      case 'REFER_TO_LEGAL':
        return this.warnOfShortTime(ctx);
      case 'APPROVE_REPLY':
        return this.approve(ctx);
      case 'DELIVER_REPLY':
        return this.deliver(ctx);
      case 'RECORD_DELIVERY_PROOF':
        return this.recordDeliveryProof(ctx);
    }
  }

  /**
   * Co-review does not stop the clock (条例第三十三条第三款 excludes only consultation time): a referral with fewer
   * than LEGAL_REVIEW_WARN_WORKDAYS working
   * days left tells the advisors and the officer so at once, and the event records the warning. (The scheduler's
   * REPLY_DUE_IN_n warnings reach the advisors of open referrals as well.)
   */
  private async warnOfShortTime({ em, row, event, clockAfter }: CaseEffectContext): Promise<Record<string, unknown> | void> {
    if (!clockAfter?.dueDate || (clockAfter.state !== 'running' && clockAfter.state !== 'overdue') || clockAfter.workdaysRemaining >= LEGAL_REVIEW_WARN_WORKDAYS) return;
    const advisorIds = ((event.payload.referrals ?? []) as { advisorId: string }[]).map((r) => r.advisorId);
    const message = `${row.trackingNumber} 会商期间答复期限不中止：距答复期限（${clockAfter.dueDate}）仅剩${clockAfter.workdaysRemaining}个工作日，请尽快提出意见`;
    await notifyUsers(em, [...advisorIds, ...(row.assigneeId ? [row.assigneeId] : [])], { caseId: row.id, kind: 'LEGAL_REVIEW_SHORT_TIME', message });
    return { warning: { code: 'LEGAL_REVIEW_SHORT_TIME', workdaysRemaining: clockAfter.workdaysRemaining, dueDate: clockAfter.dueDate } };
  }

  private async approve({ em, row, events, event, actor }: CaseEffectContext): Promise<Record<string, unknown>> {
    const draft = latestDraft(events);
    if (!draft) throw new AppException('NO_DRAFT');
    await this.assertLegalOpinion(em, row.id, draft.replyType);
    const issued = await this.documents.issue(em, {
      context: await caseDocumentContext(em, row, events, event.effectiveDate),
      kind: draft.replyType,
      blanks: draft.blanks,
      issuedById: await documentIssuerId(em, row, actor),
    });
    return { document: issuedDocumentFacts(issued.entity) };
  }

  /** The review policy of LEGAL_OPINION_REQUIRED_FOR. The latest answer of every referral counts; one refusal blocks. */
  private async assertLegalOpinion(em: EntityManager, caseId: string, replyType: ReplyType): Promise<void> {
    const referrals = await em.find(LegalReferralEntity, { where: { caseId }, order: { createdAt: 'ASC' } });
    const flagged = referrals.some((r) => r.difficult);
    if (!flagged && !LEGAL_OPINION_REQUIRED_FOR.includes(replyType)) return;
    const answered = referrals.filter((r) => r.opinion !== null);
    if (answered.some((r) => r.opinion === 'DISAGREE')) {
      throw new AppException('LEGAL_OPINION_REQUIRED', undefined, '法律顾问提出了不同意见，请修改答复或重新会商后再审批');
    }
    if (!answered.some((r) => AGREEING.has(r.opinion!))) {
      throw new AppException('LEGAL_OPINION_REQUIRED', undefined, flagged ? '重大复杂疑难案件须经法律顾问同意后方可审批' : '此类答复须经法律顾问同意后方可审批');
    }
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

  private async deliver({ em, row, event, actor, afterCommit }: CaseEffectContext): Promise<Record<string, unknown>> {
    const reply = (await this.documents.findByCase(row.id, em)).filter((d) => isReplyType(d.kind)).at(-1);
    if (!reply) throw new AppException('NO_ISSUED_REPLY');
    const method = event.payload.method as DeliveryMethod;
    const facts: Record<string, unknown> = { document: issuedDocumentFacts(reply) };
    if (method === 'EMAIL') {
      const to = (event.payload.email as string | undefined) ?? applicantEmail(row);
      if (!to) throw AppException.invalidField('email', 'REQUIRED', '申请人未留电子邮箱，请填写送达邮箱或改用其他送达方式');
      const agency = await em.findOneByOrFail(AgencyEntity, { id: row.agencyId });
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
