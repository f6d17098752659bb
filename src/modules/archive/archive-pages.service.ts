import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role, ROLE_LABELS } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { CASE_CHANNEL_LABELS, type CaseChannel } from '../cases/case-channel.js';
import { CasesService } from '../cases/cases.service.js';
import { verifyEventChain } from '../cases/event-chain.js';
import { CASE_STATUS_LABELS } from '../cases/workflow/case-status.js';
import { DocumentsService } from '../documents/documents.service.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { ATTACHMENT_PURPOSE_LABELS, type AttachmentPurpose } from '../attachments/domain/attachment.js';
import { REPLY_TYPE_LABELS, type ReplyType } from '../letters/reply-type.js';
import { ArchiveWorkflowService, type RemedyDto, type SweepDto } from './archive-workflow.service.js';
import { type OpenRemedyRow, RemedyRepository } from './archive.repository.js';
import { ArchiveService } from './archive.service.js';
import { attachmentPath, caseFactsOf, caseFileJson, documentLabel, documentPath, EVENTS_FILE, RETENTION_YEARS_DEFAULT } from './case-file.js';
import { ARCHIVE_SIGNING_KEY, LedgerService } from './ledger.service.js';
import { ledgerLeafHash, parseCheckpoint } from './ledger.js';
import { rootFromInclusionProof } from './merkle.js';
import { REMEDY_CORRECTION_LABELS, REMEDY_OUTCOME_LABELS } from './remedy.js';
import type { ArchiveSigningKey } from './signing-key.js';

/** 2026-03-09 → 2026年3月9日 */
const cnDate = (iso: string): string => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** Plain words for the event record (办理过程) on the case file page. */
const EVENT_LABELS: Record<string, string> = {
  REGISTERED: '登记申请',
  CONFIRM_RECEIPT: '确认收到申请',
  ACCEPT: '受理',
  REQUEST_CORRECTION: '要求补正',
  RECEIVE_CORRECTION: '收到补正材料',
  CORRECTION_LAPSED: '逾期未补正',
  CONSULT_THIRD_PARTY: '征求第三方意见',
  RECEIVE_THIRD_PARTY_OPINION: '收到第三方意见',
  THIRD_PARTY_LAPSED: '第三方逾期未答复',
  SEND_FEE_NOTICE: '发出收费通知',
  RECEIVE_FEE_PAYMENT: '收到信息处理费',
  FEE_LAPSED: '逾期未缴费',
  APPROVE_EXTENSION: '批准延期答复',
  DEFER: '延迟答复',
  REFER_TO_LEGAL: '提请法律审核',
  SUBMIT_LEGAL_OPINION: '法律顾问出具意见',
  START_DRAFT: '起草答复',
  SUBMIT_FOR_APPROVAL: '提交审批',
  APPROVE_REPLY: '批准答复',
  RETURN_DRAFT: '退回修改',
  DELIVER_REPLY: '送达答复',
  RECORD_DELIVERY_PROOF: '登记送达回证',
  WITHDRAW: '申请人撤回',
  CLOSE: '终止办理',
  ARCHIVE: '归档封存',
  DEADLINE_WARNING: '期限预警',
  DEADLINE_PASSED: '超过答复期限',
  CALENDAR_CHANGED: '工作日历调整',
  ASSIGN: '分办',
  RECORD_REMEDY: '登记行政复议或诉讼',
  SET_LEGAL_HOLD: '设置诉讼保全',
  DISCLOSURE_DECIDED: '主动公开决定',
  DISCLOSURE_SUGGESTION_REVIEWED: '审核主动公开建议',
};

export interface CaseFileView {
  id: string;
  trackingNumber: string;
  agencyName: string;
  channelLabel: string;
  applicantName: string;
  requestTitle: string | null;
  requestDescription: string;
  statusLabel: string;
  overdue: boolean;
  receiptDate: string | null;
  dueDate: string | null;
  closedOn: string | null;
  replyTypeLabel: string | null;
  retention: { years: number; until: string | null; legalHold: boolean; sealed: boolean; sealedOn: string | null };
  evidence: { item: string; value: string | null; files: { title: string; documentId: string | null }[] }[];
  documents: { id: string; title: string; kindLabel: string; documentNumber: string; issuedOn: string; sha256: string }[];
  attachments: { title: string; filename: string; sha256: string }[];
  events: { seq: number; label: string; effectiveDate: string; recordedAt: string; actor: string; backDated: boolean; reason: string | null; hash: string }[];
  remedies: (RemedyDto & { outcomeLabel: string; correctionLabel: string | null })[];
  verification: { chainOk: boolean; chainChecked: number; chainProblems: string[]; ledgerOk: boolean; ledgerText: string };
}

/** An open remedy proceeding with where its evidence deadline stands. */
export interface RemedyDeadlineView extends OpenRemedyRow {
  /** Due today or earlier and not yet produced. */
  urgent: boolean;
  overdue: boolean;
}

/**
 * What the auditor's pages and the officer home show of the archive: the case file (metadata, the five evidence
 * items, documents, events, remedies) with its chain and ledger inclusion checked on every view, the integrity
 * sweep's results, and open remedy proceedings with their evidence deadlines. Reads only.
 */
@Injectable()
export class ArchivePagesService {
  constructor(
    private readonly cases: CasesService,
    private readonly agencies: AgenciesRepository,
    private readonly documents: DocumentsService,
    private readonly attachments: AttachmentsService,
    private readonly ledger: LedgerService,
    private readonly archive: ArchiveService,
    private readonly workflow: ArchiveWorkflowService,
    private readonly remedies: RemedyRepository,
    @Inject(ARCHIVE_SIGNING_KEY) private readonly key: ArchiveSigningKey,
    private readonly clock: Clock,
  ) {}

  /** Throws 404 when the caller may not see the case; nothing is logged. */
  async assertReadable(user: AuthUser, caseId: string): Promise<void> {
    await this.cases.readableCase(user, caseId);
  }

  /** The case file page: logged in the access log with the purpose given (an auditor's 调阅). */
  async caseFile(user: AuthUser, caseId: string, purpose: string): Promise<CaseFileView> {
    const { row, events } = await this.cases.readableCase(user, caseId);
    await this.archive.recordAccess(user, row.id, 'CASE_FILE_VIEW', purpose);
    const agency = await this.agencies.findById(row.agencyId);
    const documents = await this.documents.findByCase(row.id);
    const attachments = await this.attachments.listForCase(row.id);
    const remedies = await this.workflow.remediesOf(user, row.id);
    const settings = (agency?.settings ?? {}) as Record<string, unknown>;
    const legalHold = [...events].reverse().find((e) => e.type === 'SET_LEGAL_HOLD')?.payload.hold === true;
    const sealedEvent = [...events].reverse().find((e) => e.type === 'ARCHIVE');
    const sealed = (sealedEvent?.payload.sealed ?? null) as { retentionYears?: number; retentionUntil?: string } | null;
    const file = caseFileJson({
      caseFacts: caseFactsOf(row, { submittedAt: null, applicant: {}, handler: null }),
      agency: { name: agency?.name ?? '', code: agency?.code ?? '' },
      events,
      documents,
      attachments,
      pages: new Map(),
      retention: { years: typeof settings.retentionYears === 'number' ? settings.retentionYears : RETENTION_YEARS_DEFAULT, legalHold },
      export: { at: this.clock.now().toISOString(), role: user.role, purpose, applicantEntitled: false },
    }) as { dates: { closedOn: string | null }; retention: { years: number; until: string | null }; evidence: { item: string; value: string | null; files: string[] }[]; replyType: { label: string } | null };

    // Bundle paths of the evidence items back to what a person recognises (document title, attachment kind).
    const titles = new Map<string, { title: string; documentId: string | null }>([[EVENTS_FILE, { title: '办理过程电子记录（事件链）', documentId: null }]]);
    documents.forEach((d, i) => titles.set(documentPath(row.trackingNumber, i, d), { title: `${d.title}（${d.documentNumber}）`, documentId: d.id }));
    attachments.forEach((a, i) => titles.set(attachmentPath(row.trackingNumber, i, a), { title: `${ATTACHMENT_PURPOSE_LABELS[a.purpose as AttachmentPurpose] ?? a.purpose}（${a.filename}）`, documentId: null }));

    const chain = verifyEventChain(events, row.lastEventHash);
    return {
      id: row.id,
      trackingNumber: row.trackingNumber,
      agencyName: agency?.name ?? '',
      channelLabel: CASE_CHANNEL_LABELS[row.channel as CaseChannel] ?? row.channel,
      // The minimum necessary for an auditor: the name (searchable anyway), never ID numbers or contact details.
      applicantName: row.applicantName,
      requestTitle: row.requestTitle,
      requestDescription: row.requestDescription,
      statusLabel: CASE_STATUS_LABELS[row.status],
      overdue: row.overdue,
      receiptDate: row.receiptDate,
      dueDate: row.dueDate,
      closedOn: file.dates.closedOn,
      replyTypeLabel: file.replyType?.label ?? null,
      retention: {
        years: sealed?.retentionYears ?? file.retention.years,
        until: sealed?.retentionUntil ?? file.retention.until,
        legalHold,
        sealed: !!sealedEvent,
        sealedOn: sealedEvent?.effectiveDate ?? null,
      },
      evidence: file.evidence.map((e) => ({ item: e.item, value: e.value && /^\d{4}-\d{2}-\d{2}$/.test(e.value) ? cnDate(e.value) : e.value, files: [...new Set(e.files)].map((f) => titles.get(f) ?? { title: f, documentId: null }) })),
      documents: documents.map((d) => ({ id: d.id, title: d.title, kindLabel: documentLabel(d.kind), documentNumber: d.documentNumber, issuedOn: d.issuedOn, sha256: d.sha256 })),
      attachments: attachments.map((a) => ({ title: ATTACHMENT_PURPOSE_LABELS[a.purpose as AttachmentPurpose] ?? a.purpose, filename: a.filename, sha256: a.sha256 })),
      events: events.map((e) => ({
        seq: e.seq,
        label: EVENT_LABELS[e.type] ?? e.type,
        effectiveDate: e.effectiveDate,
        recordedAt: new Date(e.recordedAt).toISOString(),
        actor: e.actorRole ? (ROLE_LABELS[e.actorRole as Role] ?? e.actorRole) : '系统',
        backDated: e.backDated,
        reason: e.reason,
        hash: e.hash,
      })),
      remedies: remedies.map((r) => ({ ...r, outcomeLabel: REMEDY_OUTCOME_LABELS[r.outcome] ?? r.outcome, correctionLabel: r.correction ? (REMEDY_CORRECTION_LABELS[r.correction] ?? r.correction) : null })),
      verification: {
        chainOk: chain.ok,
        chainChecked: chain.checked,
        chainProblems: chain.problems.map((p) => `第${p.seq}条事件：${p.problem}`),
        ...(await this.ledgerInclusion(row.id, events.at(-1))),
      },
    };
  }

  /** The case's head in the ledger under the latest signed checkpoint: proof recomputed to the signed root. */
  private async ledgerInclusion(caseId: string, head: { seq: number; hash: string } | undefined): Promise<{ ledgerOk: boolean; ledgerText: string }> {
    if (!head) return { ledgerOk: false, ledgerText: '案件没有事件记录' };
    try {
      const proof = await this.ledger.proofForCase(caseId, head.seq, head.hash);
      const cp = parseCheckpoint(proof.checkpoint);
      const root = rootFromInclusionProof(proof.leaf.index, proof.treeSize, ledgerLeafHash(caseId, head.seq, head.hash), proof.proof.map((h) => Buffer.from(h, 'hex')));
      const signed = !!cp && cp.signatures.some((s) => this.key.verify(cp.body, s.blob.subarray(4)));
      if (cp && root && root.equals(cp.root) && signed) {
        return { ledgerOk: true, ledgerText: `最新事件（第${head.seq}条）已记入账本，包含证明与已签名检查点（树大小${cp.treeSize}）的根哈希一致` };
      }
      return { ledgerOk: false, ledgerText: '包含证明与签名检查点不一致' };
    } catch {
      return { ledgerOk: false, ledgerText: '最新事件不在账本中（记录可能被改动）' };
    }
  }

  async sweeps(limit = 5): Promise<SweepDto[]> {
    return (await this.workflow.sweeps()).slice(0, limit);
  }

  /**
   * Open remedy proceedings (not yet decided) of the officer's agency with their 10-day evidence deadline
   * (行政复议法第四十八条；简易程序5日，第五十四条；行政诉讼法第六十七条15日), soonest first.
   */
  async remedyDeadlines(user: AuthUser): Promise<RemedyDeadlineView[]> {
    if (!user.agencyId || (user.role !== Role.OFFICER && user.role !== Role.OFFICE_HEAD)) throw AppException.forbidden();
    const today = this.clock.today();
    return (await this.remedies.openOfAgency(user.agencyId)).map((r) => ({
      caseId: r.caseId,
      trackingNumber: r.trackingNumber,
      kindLabel: r.kindLabel,
      body: r.body,
      appliedOn: r.appliedOn,
      copyReceivedOn: r.copyReceivedOn,
      evidenceDueOn: r.evidenceDueOn,
      evidenceSubmittedOn: r.evidenceSubmittedOn,
      urgent: !r.evidenceSubmittedOn && !!r.evidenceDueOn && r.evidenceDueOn <= today,
      overdue: !r.evidenceSubmittedOn && !!r.evidenceDueOn && r.evidenceDueOn < today,
    }));
  }
}

export const replyTypeLabel = (t: string | null): string | null => (t ? (REPLY_TYPE_LABELS[t as ReplyType] ?? t) : null);
