import { randomBytes, randomUUID } from 'node:crypto';
import { idempotencyLookup, idempotencyScope, isHighEntropyKey, replaySealSecret } from './idempotency-key.js';

describe('idempotency keys', () => {
  it('should accept random UUIDs and random base64url keys of 22 characters or more', () => {
    for (let i = 0; i < 200; i++) {
      expect(isHighEntropyKey(randomUUID())).toBe(true);
      expect(isHighEntropyKey(randomBytes(17).toString('base64url'))).toBe(true);
    }
  });

  it.each([
    ['a short readable key', 'walk-shared-key-7'],
    ['a padded counter', 'retry-key-000000000001'],
    ['a repeated character', 'a'.repeat(40)],
    ['a UUID of ones', '11111111-1111-1111-1111-111111111111'],
    ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
    ['characters outside base64url', 'key with spaces and more than 22 chars'],
    ['an empty key', ''],
  ])('should refuse %s', (_label, key) => {
    expect(isHighEntropyKey(key)).toBe(false);
  });

  it('should give the same key different lookups and seal secrets in different scopes', () => {
    const key = randomUUID();
    const a = idempotencyScope('4f1c2b1e-0000-4000-8000-000000000001');
    const b = idempotencyScope(null);
    expect(idempotencyLookup('s'.repeat(32), a, key)).not.toBe(idempotencyLookup('s'.repeat(32), b, key));
    expect(replaySealSecret(a, key)).not.toBe(replaySealSecret(b, key));
    expect(replaySealSecret(a, key)).toBe(replaySealSecret(a, key));
    expect(idempotencyLookup('s'.repeat(32), a, key)).not.toContain(key);
  });
});
