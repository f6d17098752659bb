import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const sut = new SecretBox('a-test-secret-of-enough-length');

  it('should round-trip Chinese text and never produce the same ciphertext twice', () => {
    const a = sut.seal('11010519491231002X 张三');
    expect(a).not.toBe(sut.seal('11010519491231002X 张三'));
    expect(sut.open(a)).toBe('11010519491231002X 张三');
  });

  it('should refuse a tampered ciphertext', () => {
    const sealed = sut.seal('secret');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => sut.open(tampered)).toThrow();
  });

  it('should refuse a value sealed with another key', () => {
    expect(() => new SecretBox('another-secret-of-enough-length').open(sut.seal('x'))).toThrow();
  });
});
