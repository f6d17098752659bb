import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';

// The query code (查询码) lets an anonymous applicant follow a case with its tracking number. It is
// shown once, on the acknowledgement, and only its HMAC is stored: a leaked database does not reveal codes, and
// without the server secret they cannot be brute-forced offline.

/** Digits and capitals without look-alikes: no 0/O, 1/I/L, and no U (Crockford's alphabet minus 0 and 1). */
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 symbols from 30 ≈ 59 bits: far beyond what a rate-limited status endpoint lets anyone try. */
export const QUERY_CODE_LENGTH = 12;
const MIN_LENGTH = 10;
const MIN_SECRET_LENGTH = 16;

export function generateQueryCode(length = QUERY_CODE_LENGTH): string {
  if (!Number.isInteger(length) || length < MIN_LENGTH) throw new RangeError(`a query code needs at least ${MIN_LENGTH} characters`);
  let code = '';
  for (let i = 0; i < length; i++) code += QUERY_CODE_ALPHABET[randomInt(QUERY_CODE_ALPHABET.length)];
  return code;
}

/** For print and mail: groups of four (ABCD-EFGH-JKMN); normalizeQueryCode reads it back. */
export function formatQueryCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** What a person types back: full-width folded, case ignored, blanks and hyphens dropped. Null if it cannot be a code. */
export function normalizeQueryCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 100) return null;
  const code = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]+/gu, '');
  if (code.length < MIN_LENGTH || code.length > 32) return null;
  for (const c of code) if (!QUERY_CODE_ALPHABET.includes(c)) return null;
  return code;
}

function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) throw new RangeError('query-code secret too short');
}

/** HMAC-SHA256 (hex) of the normalised code: the value to store. */
export function hashQueryCode(code: string, secret: string): string {
  assertSecret(secret);
  const normalized = normalizeQueryCode(code);
  if (normalized === null) throw new RangeError('not a query code');
  return createHmac('sha256', secret).update(normalized).digest('hex');
}

// Compared against when there is no case: the same work is done whether or not the tracking number exists.
const NO_CASE_HASH = '0'.repeat(64);

/**
 * Whether `candidate` is the code behind `storedHash`. Pass `storedHash = null` when the tracking number matched
 * no case: the HMAC and the comparison still run, so the answer time does not tell whether the case exists, and
 * the caller answers both failures the same way ("a wrong code reveals nothing").
 */
export function verifyQueryCode(candidate: unknown, storedHash: string | null | undefined, secret: string): boolean {
  assertSecret(secret);
  const normalized = normalizeQueryCode(candidate) ?? '';
  const computed = Buffer.from(createHmac('sha256', secret).update(normalized).digest('hex'));
  const expected = Buffer.from(typeof storedHash === 'string' && /^[0-9a-f]{64}$/.test(storedHash) ? storedHash : NO_CASE_HASH);
  const equal = timingSafeEqual(computed, expected);
  return equal && normalized !== '' && storedHash !== null && storedHash !== undefined;
}

/** Constant-time string equality for values of any length (both sides are hashed to a fixed size first). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** `{agencyCode}-{YYYY}-{NNNNNN}` as typed by a person (case, full-width, blanks forgiven), or null. */
export function normalizeTrackingNumber(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 100) return null;
  const value = input.normalize('NFKC').toUpperCase().replace(/\s+/gu, '');
  return /^[A-Z][A-Z0-9]{1,15}-\d{4}-\d{6,9}$/.test(value) ? value : null;
}
