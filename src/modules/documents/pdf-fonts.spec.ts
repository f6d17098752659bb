import { existsSync } from 'node:fs';
import { DEBIAN_HANAZONO_FALLBACKS, DEBIAN_NOTO_CJK_FALLBACKS, defaultFontFiles, MissingGlyphsError, PdfFonts, REPLACEMENT } from './pdf-fonts.js';

describe('PdfFonts', () => {
  const noFallback = PdfFonts.load({ regular: null, bold: null, fallbacks: [] });

  it('should default to the Noto Serif SC TTFs from npm', () => {
    const files = defaultFontFiles();
    expect(existsSync(files.regular) && existsSync(files.bold)).toBe(true);
    expect(noFallback.regular.name).toBe('NotoSerifSC-Regular');
    expect(noFallback.bold.name).toBe('NotoSerifSC-Bold');
  });

  it('should keep text in one run when the primary font has every glyph', () => {
    expect(noFallback.runs('政府信息公开〔2026〕12号', noFallback.regular)).toEqual([{ font: noFallback.regular, text: '政府信息公开〔2026〕12号' }]);
  });

  it('should stop a document with an ideograph no font can draw, naming it', () => {
    expect(() => noFallback.runs('张𠮷', noFallback.regular)).toThrow(MissingGlyphsError);
    expect(() => noFallback.runs('张𠮷', noFallback.regular)).toThrow(/U\+20BB7/);
  });

  it('should print □ for a symbol no font has, rather than nothing', () => {
    expect(
      noFallback
        .runs('申请😀', noFallback.regular)
        .map((r) => r.text)
        .join(''),
    ).toBe(`申请${REPLACEMENT}`);
  });

  it('should refuse WOFF fonts, which render blank in PDFs, and a missing fallback file', () => {
    expect(() => PdfFonts.load({ regular: '/x/font.woff2', bold: null, fallbacks: [] })).toThrow(/WOFF/);
    expect(() => PdfFonts.load({ regular: null, bold: null, fallbacks: ['/nonexistent/font.ttc#X'] })).toThrow(/not found/);
  });

  it('should measure text from cached advances', () => {
    expect(noFallback.measure('政府', noFallback.regular, 16)).toBe(32);
    const digit = (noFallback.regular.advance(0x32) / 1000) * 16;
    expect(noFallback.measure('2222', noFallback.regular, 16)).toBeCloseTo(4 * digit, 5);
    expect(digit).toBeLessThan(10);
  });

  // The fallback is Debian's fonts-noto-cjk (installed by the test command); no skipping: without it this fails.
  it('should draw a CJK Ext-B name character from the fallback font', () => {
    const missing = DEBIAN_NOTO_CJK_FALLBACKS.filter((s) => !existsSync(s.split('#')[0]));
    if (missing.length === DEBIAN_NOTO_CJK_FALLBACKS.length) throw new Error('fonts-noto-cjk is not installed: apt-get install -y fonts-noto-cjk');
    const sut = PdfFonts.load({ regular: null, bold: null, fallbacks: null });
    const runs = sut.runs('吉𠮷家', sut.regular);
    expect(runs.map((r) => [r.font.name, r.text])).toEqual([
      ['NotoSerifSC-Regular', '吉'],
      ['NotoSerifCJKsc-Regular', '𠮷'],
      ['NotoSerifSC-Regular', '家'],
    ]);
  });

  // Debian fonts-hanazono (installed by the test command): CJK Ext-B and beyond, where Noto CJK stops.
  describe('with the default fallbacks (Noto CJK, then Hanazono)', () => {
    const sut = PdfFonts.load({ regular: null, bold: null, fallbacks: null });

    it('should find Hanazono and print 𪚥 (U+2A6A5), which Noto CJK lacks', () => {
      if (!DEBIAN_HANAZONO_FALLBACKS.every((f) => existsSync(f))) throw new Error('fonts-hanazono is not installed: apt-get install -y fonts-hanazono');
      expect(sut.fallbackSources).toEqual(expect.arrayContaining(DEBIAN_HANAZONO_FALLBACKS));
      const runs = sut.runs('王𪚥', sut.regular);
      expect(runs.map((r) => r.text).join('')).toBe('王𪚥');
      expect(runs.find((r) => r.text === '𪚥')!.font.name).toMatch(/^HanaMin/);
      expect(sut.unprintable('王𪚥')).toEqual([]);
    });

    it.each([
      ['an emoji', '王😀', ['😀']],
      ['a private-use code point', '王\uE000', ['\uE000']],
      ['an unassigned code point', '王\u{2FFFF}', ['\u{2FFFF}']],
      ['a control character', '王\u0007', ['\u0007']],
      ['a lone surrogate', '王\uD800', ['\uD800']],
    ])('should name %s as unprintable', (_label, text, bad) => {
      expect(sut.unprintable(text)).toEqual(bad);
    });

    it('should let full-width punctuation, blanks and a variation selector after an ideograph pass', () => {
      expect(sut.unprintable('泉住建发（２０２４）１２号　（含鉴定单位内部资料）补录：葛\u{E0100}')).toEqual([]);
    });

    it('should call a name of zero-width characters only invisible, and a real one not', () => {
      expect(PdfFonts.invisible('\u200B\u200D\uFEFF')).toBe(true);
      expect(PdfFonts.invisible('王𪚥')).toBe(false);
    });
  });
});

describe('stretchSegments', () => {
  it('should keep Latin words, numbers, e-mail addresses and URLs tight and stretch the ideographs around them', async () => {
    const { stretchSegments } = await import('./pdf-renderer.js');
    expect(stretchSegments('编号SLXZR-2026-000012，邮箱a.b@example.cn，见https://x.cn/s')).toEqual([
      { text: '编号', tight: false },
      { text: 'SLXZR-2026-000012', tight: true },
      { text: '，邮箱', tight: false },
      { text: 'a.b@example.cn', tight: true },
      { text: '，见', tight: false },
      { text: 'https://x.cn/s', tight: true },
    ]);
  });
});
