import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const sut = new SecretBox('a-test-secret-of-enough-length');

  it('should round-trip Chinese text and never produce the same ciphertext twice', () => {
    const a = sut.seal('11010519491231002X 张三');
    expect(a).not.toBe(sut.seal('11010519491231002X 张三'));
    expect(sut.open(a)).toBe('11010519491231002X 张三');
  });

  it.each(Array.from({ length: 20 }, (_, i) => i))('should refuse a tampered ciphertext (run %i)', () => {
    const sealed = sut.seal('secret');
    // A different character in the second-to-last place (a base64 digit that carries only data bits).
    const at = sealed.length - 2;
    const tampered = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
    expect(tampered).not.toBe(sealed);
    expect(() => sut.open(tampered)).toThrow();
  });

  it('should refuse a value sealed with another key', () => {
    expect(() => new SecretBox('another-secret-of-enough-length').open(sut.seal('x'))).toThrow();
  });
});
