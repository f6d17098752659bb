import {
  formatQueryCode,
  generateQueryCode,
  hashQueryCode,
  normalizeQueryCode,
  normalizeTrackingNumber,
  QUERY_CODE_ALPHABET,
  QUERY_CODE_LENGTH,
  safeEqual,
  verifyQueryCode,
} from './query-code.js';

const secret = 'a-test-secret-of-at-least-32-characters!';

describe('query codes', () => {
  it('should be 12 characters from an alphabet without look-alikes', () => {
    const code = generateQueryCode();
    expect(code).toHaveLength(QUERY_CODE_LENGTH);
    expect(code).toMatch(new RegExp(`^[${QUERY_CODE_ALPHABET}]+$`));
    for (const lookAlike of ['0', 'O', '1', 'I', 'L', 'U']) expect(QUERY_CODE_ALPHABET).not.toContain(lookAlike);
  });

  it('should use every symbol and repeat no code over many draws', () => {
    const codes = Array.from({ length: 2000 }, () => generateQueryCode());
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes.join('')).size).toBe(QUERY_CODE_ALPHABET.length);
  });

  it('should refuse to generate codes shorter than 10 characters', () => {
    expect(() => generateQueryCode(8)).toThrow(RangeError);
    expect(generateQueryCode(10)).toHaveLength(10);
  });

  it('should read back a code typed in groups, in lower case or full-width', () => {
    const code = 'ABCD2345EFGH';
    expect(formatQueryCode(code)).toBe('ABCD-2345-EFGH');
    for (const typed of ['ABCD-2345-EFGH', 'abcd 2345 efgh', 'ＡＢＣＤ２３４５ＥＦＧＨ']) expect(normalizeQueryCode(typed)).toBe(code);
    for (const bad of ['ABCD-2345-EFG0', 'short', 12345678901, null, 'x'.repeat(200)]) expect(normalizeQueryCode(bad)).toBeNull();
  });

  it('should store an HMAC, not the code, and verify the code in any typed form', () => {
    const code = generateQueryCode();
    const stored = hashQueryCode(code, secret);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(code);
    expect(verifyQueryCode(formatQueryCode(code).toLowerCase(), stored, secret)).toBe(true);
    expect(verifyQueryCode(code, stored, 'another-secret-of-at-least-32-characters')).toBe(false);
  });

  it('should say no to a wrong, malformed or missing code and to an unknown case, without throwing', () => {
    const stored = hashQueryCode('ABCD2345EFGH', secret);
    expect(verifyQueryCode('ABCD2345EFGJ', stored, secret)).toBe(false);
    expect(verifyQueryCode('nonsense', stored, secret)).toBe(false);
    expect(verifyQueryCode(undefined, stored, secret)).toBe(false);
    expect(verifyQueryCode({ $ne: null }, stored, secret)).toBe(false);
    expect(verifyQueryCode('ABCD2345EFGH', null, secret)).toBe(false);
    expect(verifyQueryCode('ABCD2345EFGH', 'not-a-hash', secret)).toBe(false);
  });

  it('should refuse a short secret', () => {
    expect(() => hashQueryCode('ABCD2345EFGH', 'short')).toThrow(RangeError);
  });
});

describe('safeEqual and tracking numbers', () => {
  it('should compare strings of any length', () => {
    expect(safeEqual('SLXZR-2026-000001', 'SLXZR-2026-000001')).toBe(true);
    expect(safeEqual('SLXZR-2026-000001', 'SLXZR-2026-000002')).toBe(false);
    expect(safeEqual('a', 'a much longer string')).toBe(false);
  });

  it('should normalise a typed tracking number and refuse anything else', () => {
    expect(normalizeTrackingNumber(' slxzr-2026-000001 ')).toBe('SLXZR-2026-000001');
    expect(normalizeTrackingNumber('ＳＬＸＺＲ－２０２６－０００００１')).toBe('SLXZR-2026-000001');
    for (const bad of ['SLXZR-26-000001', 'SLXZR-2026-1', "SLXZR-2026-000001' OR 1=1", 42, null]) expect(normalizeTrackingNumber(bad)).toBeNull();
  });
});
