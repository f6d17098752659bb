import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Idempotency keys of web submissions. A key belongs to its caller: a logged-in applicant's keys live in their
 * account's scope; an anonymous caller's key must itself be a secret (high entropy), because holding it is the only
 * proof that a retry comes from the original submitter. The database keeps only a keyed hash of the key, and the
 * query code a retry shows again is sealed under a key derived from the idempotency key, so neither the table nor
 * the server's own secrets can reveal it without the key the client holds.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]{22,128}$/;

/**
 * A key an anonymous caller may use: a UUID (122 random bits for v4) or at least 22 base64url characters (132 bits
 * when random). Keys that are plainly not random (`11111111-…`, `aaaa…`, a counter padded out) are refused by a
 * floor on distinct characters that a random key of that shape misses with negligible probability.
 */
export function isHighEntropyKey(key: string): boolean {
  if (UUID.test(key)) return distinct(key.replace(/-/g, '').toLowerCase()) >= 8;
  if (BASE64URL.test(key)) return distinct(key) >= 12;
  return false;
}

/** Whose key it is: the account for a logged-in caller, otherwise "anonymous" (the key alone then identifies). */
export function idempotencyScope(userId: string | null): string {
  return userId ? `user:${userId}` : 'anonymous';
}

/** What is stored and looked up instead of the key: HMAC(server secret, scope, key). */
export function idempotencyLookup(secret: string, scope: string, key: string): string {
  return createHmac('sha256', secret).update(`${scope}\n${key}`).digest('hex');
}

/** The secret a replayed query code is sealed under: derived from the client's key (HKDF-SHA256), never stored. */
export function replaySealSecret(scope: string, key: string): string {
  return Buffer.from(hkdfSync('sha256', key, scope, 'gongkai/idempotent-replay/v1', 32)).toString('base64url');
}

function distinct(text: string): number {
  return new Set(text).size;
}
