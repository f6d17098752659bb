import { assertSafeKey } from '../storage/blob-storage.js';

/** A file to attach, by reference: the bytes stay in BlobStorage and are checked against `sha256` when sent. */
export interface OutboxAttachment {
  filename: string;
  contentType: string;
  storageKey: string;
  /** Lower-case hex SHA-256 of the stored bytes (e.g. the archived reply PDF's hash). */
  sha256: string;
}

/** What a use case hands to OutboxService.enqueueEmail, already composed (subject and bodies built). */
export interface EmailMessage {
  /** Names the business fact, e.g. `ack:<caseId>` or `reply-delivery:<documentId>`; at most 200 characters. */
  dedupeKey: string;
  caseId?: string | null;
  to: string;
  subject: string;
  textBody: string;
  htmlBody?: string | null;
  attachments?: OutboxAttachment[];
}

/** A message ready for a transport: every header decided, attachment bytes loaded and verified. */
export interface OutgoingMail {
  outboxId: string;
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  date: Date;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export class InvalidEmailMessageError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid email message: ${problems.join('; ')}`);
  }
}

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9\u00a0-\uffff](?:[A-Za-z0-9\u00a0-\uffff.-]*[A-Za-z0-9\u00a0-\uffff])?$/;
const LINE_BREAK = /[\r\n]/;
const CONTENT_TYPE = /^[A-Za-z0-9][\w.+-]*\/[A-Za-z0-9][\w.+-]*$/;

/**
 * Refuses what would produce a broken or injectable mail. Callers pass data they have validated already
 * (an applicant's email address is checked at intake), so a failure here is a programming error.
 */
export function assertValidEmailMessage(message: EmailMessage): void {
  const problems: string[] = [];
  if (!message.dedupeKey || message.dedupeKey.length > 200) problems.push('dedupeKey must have 1 to 200 characters');
  if (message.to.length > 320 || !ADDRESS.test(message.to)) problems.push(`to is not a mail address: ${JSON.stringify(message.to)}`);
  if (!message.subject.trim() || message.subject.length > 500 || LINE_BREAK.test(message.subject))
    problems.push('subject must be one line of 1 to 500 characters');
  if (!message.textBody.trim()) problems.push('textBody must not be empty');
  for (const [i, a] of (message.attachments ?? []).entries()) {
    if (!a.filename.trim() || a.filename.length > 255 || /[\r\n/\\]/.test(a.filename)) problems.push(`attachments[${i}].filename is not a plain file name`);
    if (!CONTENT_TYPE.test(a.contentType)) problems.push(`attachments[${i}].contentType is not a media type`);
    if (!/^[0-9a-f]{64}$/.test(a.sha256)) problems.push(`attachments[${i}].sha256 must be 64 lower-case hex digits`);
    try {
      assertSafeKey(a.storageKey);
    } catch {
      problems.push(`attachments[${i}].storageKey is not a valid storage key`);
    }
  }
  if (problems.length) throw new InvalidEmailMessageError(problems);
}

/** The domain of the sender address in `"Name" <user@host>` or `user@host`; `gongkai` when there is none. */
export function senderDomain(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  return /^[A-Za-z0-9.-]+$/.test(domain) && address.includes('@') ? domain.toLowerCase() : 'gongkai';
}

/** Deterministic per outbox row: every attempt (and a resend after a crash) carries the same Message-ID. */
export function messageIdFor(outboxId: string, from: string): string {
  return `<${outboxId}@${senderDomain(from)}>`;
}
