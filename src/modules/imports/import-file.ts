import { createHash } from 'node:crypto';
import { canonicalJson } from '../cases/canonical-json.js';
import type { ImportLineError } from './import-job.entity.js';
import type { ImportableEventType } from './import-record.dto.js';

/** A non-blank line of a JSON Lines file, with its 1-based line number in the file as an editor shows it. */
export interface FileLine {
  line: number;
  text: string;
}

/** The file's non-blank lines (LF or CRLF; a UTF-8 byte-order mark at the start is ignored). */
export function fileLines(content: string): FileLine[] {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  return lines.flatMap((text, i) => (text.trim() === '' ? [] : [{ line: i + 1, text }]));
}

/** A line's JSON object, or the error that says why it is none. */
export function parseLine(line: FileLine): { value: Record<string, unknown> } | { error: ImportLineError } {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (e) {
    // The parser's own words are English; where it names the place, the character is given (counted from 1).
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : '');
    const where = at ? `（第${Number(at[1]) + 1}个字符附近）` : '';
    return { error: { line: line.line, externalId: null, field: '', code: 'INVALID_JSON', message: `该行不是有效的 JSON${where}，请检查引号、逗号和括号` } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: { line: line.line, externalId: null, field: '', code: 'INVALID_TYPE', message: '每行应为一个 JSON 对象（一件案件）' } };
  }
  return { value: value as Record<string, unknown> };
}

/** The record's fingerprint: the same case written with other spacing or key order is the same record. */
export function recordSha256(record: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

/** The external id as written, when the line has one (for the error list), before validation. */
export function externalIdOf(record: Record<string, unknown>): string | null {
  return typeof record.externalId === 'string' && record.externalId.trim() !== '' ? record.externalId.trim().slice(0, 100) : null;
}

const COMMON_FIELDS = ['type', 'date', 'dueDate', 'note'];

/** The fields each event type takes besides type, date, dueDate and note; any other is refused. */
export const EVENT_FIELDS: Readonly<Record<ImportableEventType, readonly string[]>> = {
  ACCEPT: [],
  REQUEST_CORRECTION: ['purpose', 'items'],
  RECEIVE_CORRECTION: [],
  CORRECTION_LAPSED: [],
  CONSULT_THIRD_PARTY: ['party', 'partyName'],
  RECEIVE_THIRD_PARTY_OPINION: ['partyName', 'position'],
  THIRD_PARTY_LAPSED: ['partyName'],
  SEND_FEE_NOTICE: ['basis', 'pages', 'amountYuan'],
  RECEIVE_FEE_PAYMENT: [],
  FEE_LAPSED: [],
  APPROVE_EXTENSION: ['workdays', 'grounds'],
  DEFER: ['until', 'grounds'],
  REFER_TO_LEGAL: ['advisors', 'question', 'difficult'],
  SUBMIT_LEGAL_OPINION: ['advisor', 'opinion', 'text'],
  START_DRAFT: ['replyType', 'earlierTrackingNumber'],
  SUBMIT_FOR_APPROVAL: [],
  RETURN_DRAFT: [],
  APPROVE_REPLY: ['documentNumber', 'pdfBase64'],
  DELIVER_REPLY: ['method', 'waybillNumber'],
  WITHDRAW: [],
  CLOSE: ['closeReason'],
  ARCHIVE: [],
  RECORD_REMEDY: ['kind', 'body', 'appliedOn', 'afterReconsideration', 'outcome', 'correction', 'decidedOn'],
};

/** Fields an event carries that its type does not take: `events.3.waybillNumber` on an ACCEPT is a mistake, not noise. */
export function foreignEventFields(events: readonly Record<string, unknown>[]): { field: string; type: string }[] {
  const out: { field: string; type: string }[] = [];
  events.forEach((e, i) => {
    const allowed = new Set([...COMMON_FIELDS, ...(EVENT_FIELDS[e.type as ImportableEventType] ?? [])]);
    for (const [k, v] of Object.entries(e)) if (v !== undefined && !allowed.has(k)) out.push({ field: `events.${i}.${k}`, type: String(e.type) });
  });
  return out;
}

/** A command's field as the record names it: `effectiveDate` is the event's `date`; ids the import resolves from names. */
const RECORD_FIELD: Record<string, string> = {
  effectiveDate: 'date',
  reason: 'note',
  advisorIds: 'advisors',
  referralId: 'advisor',
  consultationId: 'partyName',
  blanks: 'replyType',
  'blanks.earlierCaseTrackingNumber': 'earlierTrackingNumber',
  signedReceiptAttachmentId: 'method',
};

/** The record path of a field an event's command was refused on (`advisorIds.0` → `events.4.advisors.0`). */
export function eventFieldPath(index: number, field: string | undefined): string {
  if (!field) return `events.${index}.type`;
  const [head, ...rest] = field.split('.');
  const mapped = RECORD_FIELD[field] ?? (RECORD_FIELD[head!] ? [RECORD_FIELD[head!], ...rest].join('.') : field);
  return `events.${index}.${mapped}`;
}
