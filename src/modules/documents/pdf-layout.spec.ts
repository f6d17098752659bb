import { atomize, breakLines, justifySpacing } from './pdf-layout.js';

// Ideographs and full-width punctuation 1 em, Latin and digits half an em: close to a CJK serif at 1 pt.
const measure = (s: string) => [...s].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? 0.5 : 1), 0);
const options = (width: number, tolerance = 0) => ({ firstWidth: width, width, tolerance });

describe('atomize', () => {
  it('should keep Latin words and numbers whole and split ideographs', () => {
    expect(atomize('于2026年3月收到SLXZR-2026-000012号')).toEqual(['于', '2026', '年', '3', '月', '收', '到', 'SLXZR-2026-000012', '号']);
  });

  it('should keep a CJK Ext-B character (a surrogate pair) as one atom', () => {
    expect(atomize('吉𠮷')).toEqual(['吉', '𠮷']);
  });
});

describe('breakLines', () => {
  it('should fill lines character by character', () => {
    expect(breakLines('一二三四五六七', measure, options(3)).map((l) => l.text)).toEqual(['一二三', '四五六', '七']);
  });

  it('should mark only the last line of the paragraph as last', () => {
    expect(breakLines('一二三四五六七', measure, options(3)).map((l) => l.last)).toEqual([false, false, true]);
  });

  it('should never start a line with closing punctuation (避头)', () => {
    const lines = breakLines('一二三，四五', measure, options(3)).map((l) => l.text);
    expect(lines).toEqual(['一二', '三，四', '五']);
  });

  it('should hang closing punctuation within the tolerance instead', () => {
    expect(breakLines('一二三，四五', measure, options(3, 1)).map((l) => l.text)).toEqual(['一二三，', '四五']);
  });

  it('should never end a line with an opening bracket (避尾)', () => {
    expect(breakLines('一二（三）四', measure, options(3)).map((l) => l.text)).toEqual(['一二', '（三）', '四']);
  });

  it('should not split a number', () => {
    expect(breakLines('一二三20260', measure, options(4)).map((l) => l.text)).toEqual(['一二三', '20260']);
  });

  it('should split a word longer than a line', () => {
    expect(breakLines('http://example.gov.cn/a/b', measure, options(5)).every((l) => measure(l.text) <= 5)).toBe(true);
  });

  it('should use the first-line width for the indented first line', () => {
    expect(breakLines('一二三四五六', measure, { firstWidth: 2, width: 4, tolerance: 0 }).map((l) => l.text)).toEqual(['一二', '三四五六']);
  });

  it('should give one empty line for empty text', () => {
    expect(breakLines('', measure, options(3))).toEqual([{ text: '', width: 0, last: true }]);
  });
});

describe('justifySpacing', () => {
  it('should spread the remaining width over the gaps of a full line', () => {
    expect(justifySpacing({ text: 'x', width: 440, last: false }, 442, 28, 16)).toBeCloseTo(2 / 27);
  });

  it('should compress an over-full line back into the measure (28 characters of 16 pt on 156 mm)', () => {
    expect(justifySpacing({ text: 'x', width: 448, last: false }, 442.2, 28, 16)).toBeCloseTo(-5.8 / 27);
    expect(justifySpacing({ text: 'x', width: 448, last: true }, 442.2, 28, 16)).toBeCloseTo(-5.8 / 27);
  });

  it('should leave the last line of a paragraph and a line that would gape alone', () => {
    expect(justifySpacing({ text: 'x', width: 100, last: true }, 442, 10, 16)).toBe(0);
    expect(justifySpacing({ text: 'x', width: 100, last: false }, 442, 10, 16)).toBe(0);
  });
});

describe('breakLines: 孤字', () => {
  it('should not leave a single character alone on the last line', () => {
    const lines = breakLines('一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子。', measure, options(20)).map((l) => l.text);
    expect(lines).toEqual(['一二三四五六七八九十甲乙丙丁戊己庚辛壬', '癸子。']);
  });
});

describe('breakLines with URLs, e-mail addresses and codes', () => {
  it('should break an e-mail address after its @ or a dot rather than leave the line short', () => {
    const lines = breakLines('发送至邮箱zhang.san@example.com。', measure, options(12)).map((l) => l.text);
    expect(lines).toEqual(['发送至邮箱zhang.san@', 'example.com。']);
  });

  it('should never break a tracking number', () => {
    const lines = breakLines('受理编号为SLXZR-2026-000012。', measure, options(10)).map((l) => l.text);
    expect(lines).toEqual(['受理编号为', 'SLXZR-2026-000012。']);
  });
});
