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

const isIdentityPaperFacts = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && 'sha256' in v && ['ID_DOCUMENT', 'POWER_OF_ATTORNEY'].includes((v as { purpose?: string }).purpose ?? '');
