import { DRAFT_SEQ, formatDocumentNumber } from './document-number.js';

describe('formatDocumentNumber', () => {
  it('should write the GB/T 9704-2012 form by default: year in 〔〕, no 第, no leading zeros', () => {
    expect(formatDocumentNumber({ prefix: '示县自然资公开', year: 2026, seq: 12 })).toBe('示县自然资公开〔2026〕12号');
    expect(formatDocumentNumber({ pattern: null, prefix: 'X政公开', year: 2026, seq: 1 })).toBe('X政公开〔2026〕1号');
  });

  it("should follow the agency's pattern", () => {
    expect(formatDocumentNumber({ pattern: '{prefix}〔{year}〕第{seq}号', prefix: 'X政公开', year: 2026, seq: 12 })).toBe('X政公开〔2026〕第12号');
    expect(formatDocumentNumber({ pattern: '{prefix}[{year}]{seq}', prefix: 'X', year: 2027, seq: 3 })).toBe('X[2027]3');
  });

  it('should print a placeholder for the sequence of a draft', () => {
    expect(formatDocumentNumber({ prefix: 'X政公开', year: 2026, seq: DRAFT_SEQ })).toBe('X政公开〔2026〕×号');
  });

  it('should refuse a pattern without all three parts and a sequence that is not a positive integer', () => {
    expect(() => formatDocumentNumber({ pattern: '{prefix}{seq}号', prefix: 'X', year: 2026, seq: 1 })).toThrow(/{year}/);
    expect(() => formatDocumentNumber({ prefix: 'X', year: 2026, seq: 0 })).toThrow(RangeError);
    expect(() => formatDocumentNumber({ prefix: 'X', year: 2026, seq: 1.5 })).toThrow(RangeError);
  });
});
