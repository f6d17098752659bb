import { createHash } from 'node:crypto';
import { DEFAULT_AGENCY_SETTINGS } from '../agencies/agency-settings.js';
import { PROCEDURAL_DOCUMENT_LABELS, type ProceduralDocument } from '../letters/procedural-documents.js';
import { ATTACHMENT_PURPOSE_LABELS, type AttachmentPurpose } from '../attachments/domain/attachment.js';
import { legalBasisFor } from '../letters/legal-basis.js';
import { REPLY_TYPE_LABELS, type ReplyType } from '../letters/reply-type.js';
import type { EvidenceListRow } from './evidence-list-pdf.js';
import type { CaseEntity } from '../cases/case.entity.js';
import { CLOSING_EVENT_TYPES } from '../cases/workflow/case-event.js';
import { CASE_STATUS_LABELS } from '../cases/workflow/case-status.js';

// The case file as the bundle records it (pure): DA/T 46-style metadata for case.json, the five items of evidence
// every disclosure case must be able to prove (收到时间、申请内容、答复内容、答复依据、答复时间), and the rows of
// the 证据目录. Payload names are ASCII (case number, kind, sequence); Chinese titles live in the metadata.

export const RETENTION_YEARS_DEFAULT = DEFAULT_AGENCY_SETTINGS.retentionYears;

export interface CaseFacts {
  id: string;
  trackingNumber: string;
  channel: string;
  receiptDate: string | null;
  receiptBasis: string | null;
  submittedAt: string | null;
  applicantName: string;
  applicantCategory: string | null;
  applicant: Record<string, unknown>;
  requestDescription: string;
  requestTitle: string | null;
  requestDocumentNumber: string | null;
  status: string;
  statusLabel: string;
  dueDate: string | null;
  overdue: boolean;
  handler: string | null;
}

/** The case row's facts as the case file states them; what differs between the bundle and the auditor's page (the submission time, the applicant's details, the handler) is passed in. */
export function caseFactsOf(row: CaseEntity, own: Pick<CaseFacts, 'submittedAt' | 'applicant' | 'handler'>): CaseFacts {
  return {
    id: row.id,
    trackingNumber: row.trackingNumber,
    channel: row.channel,
    receiptDate: row.receiptDate,
    receiptBasis: row.receiptBasis,
    submittedAt: own.submittedAt,
    applicantName: row.applicantName,
    applicantCategory: row.applicantCategory,
    applicant: own.applicant,
    requestDescription: row.requestDescription,
    requestTitle: row.requestTitle,
    requestDocumentNumber: row.requestDocumentNumber,
    status: row.status,
    statusLabel: CASE_STATUS_LABELS[row.status],
    dueDate: row.dueDate,
    overdue: row.overdue,
    handler: own.handler,
  };
}

export interface EventFacts {
  seq: number;
  type: string;
  effectiveDate: string;
  recordedAt: string;
  actorRole: string;
  payload: Record<string, unknown>;
  hash: string;
}

export interface DocumentFacts {
  id: string;
  kind: string;
  title: string;
  documentNumber: string;
  issuedOn: string;
  sha256: string;
  byteSize: number;
  templateId: string;
  templateVersion: number;
}

export interface AttachmentFacts {
  id: string;
  purpose: string;
  filename: string;
  contentType: string;
  byteSize: number;
  sha256: string;
}

export interface PlannedFile {
  path: string;
  /** What the file is, in Chinese (题名). */
  title: string;
}

export const EVENTS_FILE = 'data/events.jsonl';
export const CASE_FILE = 'data/case.json';

const EXT: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/tiff': 'tif' };
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const pad = (n: number) => String(n).padStart(2, '0');

export const documentPath = (trackingNumber: string, i: number, d: Pick<DocumentFacts, 'kind'>) => `data/documents/${trackingNumber}-D${pad(i + 1)}-${slug(d.kind)}.pdf`;
export const attachmentPath = (trackingNumber: string, i: number, a: Pick<AttachmentFacts, 'purpose' | 'contentType'>) =>
  `data/attachments/${trackingNumber}-A${pad(i + 1)}-${slug(a.purpose)}.${EXT[a.contentType] ?? 'bin'}`;
export const evidenceListPath = (trackingNumber: string) => `data/${trackingNumber}-evidence-list.pdf`;

export const documentLabel = (kind: string): string => REPLY_TYPE_LABELS[kind as ReplyType] ?? PROCEDURAL_DOCUMENT_LABELS[kind as ProceduralDocument] ?? kind;
const isReply = (kind: string) => kind in REPLY_TYPE_LABELS;

/** The documents an event references (payload.document or payload.documents), by id. */
export function documentRefs(payload: Record<string, unknown>): { id: string; sha256: string }[] {
  const refs: unknown[] = [];
  if (payload.document && typeof payload.document === 'object') refs.push(payload.document);
  if (Array.isArray(payload.documents)) refs.push(...(payload.documents as unknown[]));
  return refs.filter((r): r is { id: string; sha256: string } => typeof (r as { id?: unknown }).id === 'string' && typeof (r as { sha256?: unknown }).sha256 === 'string');
}

/** Masks a name for a reader not entitled to the applicant's identity: first character kept (张**). */
export const maskName = (name: string): string => {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
};

/** A keyed hash is out of reach offline; a plain SHA-256 of the name lets a holder of the name check it. */
export const nameDigest = (name: string) => createHash('sha256').update(name.normalize('NFC'), 'utf8').digest('hex');

export interface CaseFileInput {
  caseFacts: CaseFacts;
  agency: { name: string; code: string };
  events: readonly EventFacts[];
  documents: readonly DocumentFacts[];
  attachments: readonly AttachmentFacts[];
  /** Page counts of the PDFs by bundle path, known once they were read. */
  pages: ReadonlyMap<string, number | null>;
  retention: { years: number; legalHold: boolean };
  export: { at: string; role: string; purpose: string | null; applicantEntitled: boolean };
}

/** data/case.json: metadata, the five evidence items with the files proving each, and the file register. */
export function caseFileJson(input: CaseFileInput): Record<string, unknown> {
  const { caseFacts: c, events, documents, attachments } = input;
  const docPaths = documents.map((d, i) => documentPath(c.trackingNumber, i, d));
  const attPaths = attachments.map((a, i) => attachmentPath(c.trackingNumber, i, a));
  const draft = [...events].reverse().find((e) => e.type === 'START_DRAFT');
  const replyType = (draft?.payload.replyType as string | undefined) ?? null;
  const replies = documents.map((d, i) => ({ d, path: docPaths[i] })).filter((x) => isReply(x.d.kind));
  const delivery = [...events].reverse().find((e) => e.type === 'DELIVER_REPLY');
  const closure = [...events].reverse().find((e) => (CLOSING_EVENT_TYPES as readonly string[]).includes(e.type));
  let legalBasis: string | null = null;
  try {
    if (replyType) legalBasis = legalBasisFor(replyType as ReplyType, (draft?.payload.blanks ?? {}) as never).sentence;
  } catch {
    legalBasis = null;
  }
  const seqs = (types: string[]) => events.filter((e) => types.includes(e.type)).map((e) => e.seq);
  const attachmentsOf = (purposes: string[]) => attachments.flatMap((a, i) => (purposes.includes(a.purpose) ? [attPaths[i]] : []));
  const docsOf = (pred: (kind: string) => boolean) => documents.flatMap((d, i) => (pred(d.kind) ? [docPaths[i]] : []));
  const retentionUntil = c.receiptDate ? `${Number((closure?.effectiveDate ?? c.receiptDate).slice(0, 4)) + input.retention.years}-12-31` : null;
  const applicant = input.export.applicantEntitled
    ? { name: c.applicantName, category: c.applicantCategory, details: c.applicant }
    : { name: maskName(c.applicantName), nameSha256: nameDigest(c.applicantName), category: c.applicantCategory, masked: true };
  return {
    schema: 'gongkai-case-file/1',
    title: `${input.agency.name}政府信息公开申请办理案卷（${c.trackingNumber}）`,
    agency: input.agency,
    trackingNumber: c.trackingNumber,
    caseId: c.id,
    channel: c.channel,
    dates: { submittedAt: c.submittedAt, receiptDate: c.receiptDate, dueDate: c.dueDate, deliveredOn: delivery?.effectiveDate ?? null, closedOn: closure?.effectiveDate ?? null },
    receiptBasis: c.receiptBasis,
    request: { description: c.requestDescription, title: c.requestTitle, documentNumber: c.requestDocumentNumber },
    applicant,
    status: { code: c.status, label: c.statusLabel, overdue: c.overdue },
    replyType: replyType ? { code: replyType, label: REPLY_TYPE_LABELS[replyType as ReplyType] ?? replyType } : null,
    legalBasis,
    deliveryMethod: (delivery?.payload.method as string | undefined) ?? null,
    handler: c.handler,
    retention: { years: input.retention.years, until: retentionUntil, legalHold: input.retention.legalHold },
    evidence: [
      {
        item: '收到时间',
        value: c.receiptDate,
        basis: c.receiptBasis,
        events: seqs(['REGISTERED', 'CONFIRM_RECEIPT', 'RECEIVE_CORRECTION']),
        files: [EVENTS_FILE, ...docsOf((k) => k === 'RECEIPT'), ...attachmentsOf(['ENVELOPE', 'FAX_PAGES'])],
      },
      {
        item: '申请内容',
        value: c.requestDescription,
        events: seqs(['REGISTERED', 'RECEIVE_CORRECTION']),
        files: [EVENTS_FILE, ...attachmentsOf(['APPLICATION_SCAN', 'FAX_PAGES', 'CORRECTION', 'ID_DOCUMENT', 'POWER_OF_ATTORNEY', 'OTHER'])],
      },
      { item: '答复内容', value: replyType ? (REPLY_TYPE_LABELS[replyType as ReplyType] ?? replyType) : null, events: seqs(['START_DRAFT', 'APPROVE_REPLY']), files: replies.map((r) => r.path) },
      { item: '答复依据', value: legalBasis, events: seqs(['REFER_TO_LEGAL', 'SUBMIT_LEGAL_OPINION', 'APPROVE_REPLY']), files: [...replies.map((r) => r.path), EVENTS_FILE] },
      {
        item: '答复时间',
        value: delivery?.effectiveDate ?? null,
        events: seqs(['DELIVER_REPLY', 'RECORD_DELIVERY_PROOF']),
        files: [EVENTS_FILE, ...attachmentsOf(['SIGNED_RECEIPT'])],
      },
    ],
    documents: documents.map((d, i) => ({
      id: d.id,
      file: docPaths[i],
      title: d.title,
      kindLabel: documentLabel(d.kind),
      kind: d.kind,
      documentNumber: d.documentNumber,
      issuedOn: d.issuedOn,
      sha256: d.sha256,
      byteSize: d.byteSize,
      pages: input.pages.get(docPaths[i]) ?? null,
      template: `${d.templateId}@${d.templateVersion}`,
      issuedByEvent: events.find((e) => documentRefs(e.payload).some((r) => r.id === d.id))?.seq ?? null,
    })),
    attachments: attachments.map((a, i) => ({
      file: attPaths[i],
      title: ATTACHMENT_PURPOSE_LABELS[a.purpose as AttachmentPurpose] ?? a.purpose,
      originalFilename: a.filename,
      purpose: a.purpose,
      contentType: a.contentType,
      sha256: a.sha256,
      byteSize: a.byteSize,
    })),
    events: { file: EVENTS_FILE, count: events.length, headHash: events.at(-1)?.hash ?? null },
    export: input.export,
  };
}

/** Rows of the 证据目录, in the order a reconsideration body reads a case: application, handling, reply, delivery. */
export function evidenceListRows(input: CaseFileInput): EvidenceListRow[] {
  const { caseFacts: c, events, documents, attachments } = input;
  const pages = (p: string) => {
    const n = input.pages.get(p);
    return n ? `共${n}页；${p}` : p;
  };
  const rows: EvidenceListRow[] = [];
  attachments.forEach((a, i) => {
    if (a.purpose === 'SIGNED_RECEIPT') return;
    const p = attachmentPath(c.trackingNumber, i, a);
    rows.push({ name: `${ATTACHMENT_PURPOSE_LABELS[a.purpose as AttachmentPurpose] ?? a.purpose}（${a.filename}）`, source: a.purpose === 'CORRECTION' ? '申请人补正提交' : '申请人提交', proves: '申请内容及收到申请的时间', location: pages(p) });
  });
  const registered = events.find((e) => e.type === 'REGISTERED');
  if (registered) rows.push({ name: '政府信息公开申请登记记录', source: `${input.agency.name}（系统登记）`, proves: `收到申请之日为${c.receiptDate ?? '待确认'}，申请内容`, location: `${EVENTS_FILE} 第${registered.seq}条` });
  documents.forEach((d, i) => {
    const p = documentPath(c.trackingNumber, i, d);
    const proves = d.kind === 'RECEIPT' ? '已收到申请及收到时间' : isReply(d.kind) ? '答复内容、答复依据及答复日期' : `依法履行办理程序（${documentLabel(d.kind)}）`;
    rows.push({ name: `${d.title}（${d.documentNumber}）`, source: input.agency.name, proves, location: pages(p) });
  });
  for (const e of events) {
    if (e.type === 'SUBMIT_LEGAL_OPINION') rows.push({ name: '法律顾问审查意见', source: '法律顾问', proves: '答复经合法性审查', location: `${EVENTS_FILE} 第${e.seq}条` });
    if (e.type === 'APPROVE_REPLY') rows.push({ name: '答复审批记录', source: `${input.agency.name}负责人`, proves: '答复经负责人审批', location: `${EVENTS_FILE} 第${e.seq}条` });
    if (e.type === 'DELIVER_REPLY') rows.push({ name: '送达记录', source: input.agency.name, proves: `答复于${e.effectiveDate}送达`, location: `${EVENTS_FILE} 第${e.seq}条` });
  }
  attachments.forEach((a, i) => {
    if (a.purpose !== 'SIGNED_RECEIPT') return;
    const p = attachmentPath(c.trackingNumber, i, a);
    rows.push({ name: `送达回证（${a.filename}）`, source: '邮政或受送达人签收', proves: '答复送达及送达时间', location: pages(p) });
  });
  rows.push({ name: '办理过程电子记录（哈希链）', source: 'Gongkai 系统自动记录', proves: '办理全过程及各环节时间，记录未被篡改', location: `${EVENTS_FILE}（共${events.length}条）` });
  rows.push({ name: '案卷元数据', source: 'Gongkai 系统生成', proves: '收到时间、申请内容、答复内容、答复依据、答复时间五项证据的对应文件', location: CASE_FILE });
  return rows;
}
