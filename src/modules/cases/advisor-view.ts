import { AttachmentPurpose } from '../attachments/domain/attachment.js';

/**
 * What a legal advisor sees of a case: who asks and what, the handling and the documents, but no way to reach or
 * identify the applicant (minimum necessary, 个人信息保护法第六条): no contact details, masked ID numbers, mail
 * recipients, nor the identity papers among the attachments an event records (ID scan, power of attorney).
 */
export function withoutContactDetails<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v: unknown) => !isIdentityPaperFacts(v)).map((v: unknown) => withoutContactDetails(v)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !CONTACT_KEYS.has(k)).map(([k, v]) => [k, withoutContactDetails(v)])) as T;
}

/** Keys that say how to reach a person or identify them (contact details, masked ID numbers, mail recipients). */
const CONTACT_KEYS = new Set(['phone', 'email', 'address', 'postalCode', 'idNumberMasked', 'to']);

/**
 * Identity papers: the ID scan and the power of attorney (it carries the agent's ID). A legal advisor reviews
 * the request and its handling, not who the applicant is (minimum necessary, 个人信息保护法第六条): they see
 * the application, envelopes, faxes, corrections and proofs of delivery, but not these.
 */
const IDENTITY_PAPERS: ReadonlySet<string> = new Set<AttachmentPurpose>([AttachmentPurpose.ID_DOCUMENT, AttachmentPurpose.POWER_OF_ATTORNEY]);

export const isIdentityPaper = (purpose: unknown): boolean => typeof purpose === 'string' && IDENTITY_PAPERS.has(purpose);

/** An attachment as an event records it (with its hash) that is an identity paper. */
const isIdentityPaperFacts = (v: unknown): boolean => typeof v === 'object' && v !== null && 'sha256' in v && isIdentityPaper((v as { purpose?: unknown }).purpose);
