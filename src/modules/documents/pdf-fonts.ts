import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { withFastSubsets } from './font-subset.js';
import PDFDocument from 'pdfkit';

/**
 * Fonts for official documents. The official faces (方正小标宋, 仿宋_GB2312) are proprietary, so the defaults are
 * the OFL Noto Serif SC TTFs from npm (full TTF: WOFF/WOFF2 render blank in poppler or take seconds per page);
 * an agency points DOCUMENT_FONT_* at its own files. pdfkit has no glyph fallback and silently draws empty boxes,
 * so text is split into runs by font coverage: rare characters (CJK Ext-B names such as 𠮷) come from a fallback
 * font, by default Debian's fonts-noto-cjk collection and fonts-hanazono (CJK Ext-B and beyond) when installed.
 */
export interface PdfFontConfig {
  /** Body text (仿宋-like). Null: Noto Serif SC Regular. `file#PostScriptName` selects a face of a collection. */
  regular: string | null;
  /** Letterhead and title (小标宋-like). Null: Noto Serif SC Bold. */
  bold: string | null;
  /** Fonts for characters the two above lack, tried in order. Null: the Debian Noto CJK collections and Hanazono fonts if present. */
  fallbacks: string[] | null;
}

/** One loaded face with the metrics the layout needs. */
export interface LoadedFont {
  /** Where it came from, for messages. */
  source: string;
  /** PostScript name. */
  name: string;
  /**
   * What pdfkit's registerFont gets: the parsed fontkit font, shared by every document (parsing a CJK TTF costs
   * ~20 ms, more than laying out the page), or the name of a PDF standard font.
   */
  pdfSource: fontkit.Font | string;
  unitsPerEm: number;
  ascent: number;
  /** Negative, below the baseline. */
  descent: number;
  /** Advance widths in font units, cached per code point: line breaking measures every character. */
  advance(codePoint: number): number;
  has(codePoint: number): boolean;
}

export const DEBIAN_NOTO_CJK_FALLBACKS = [
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
];

/**
 * Debian fonts-hanazono (花園明朝, free licence): HanaMinA covers the BMP ideographs, HanaMinB CJK Extension B and
 * beyond (𪚥, 𠮷 …), which Noto CJK lacks in part. Real names carry such characters (生僻字), so they are
 * tried after Noto CJK.
 */
export const DEBIAN_HANAZONO_FALLBACKS = ['/usr/share/fonts/truetype/hanazono/HanaMinA.ttf', '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf'];

/** The fallbacks used when DOCUMENT_FONT_FALLBACKS is not set: the Debian fonts above that are installed. */
export const defaultFallbacks = (): string[] => [...DEBIAN_NOTO_CJK_FALLBACKS, ...DEBIAN_HANAZONO_FALLBACKS].filter((s) => existsSync(s.split('#')[0]));

/**
 * Code points never printed whatever the fonts hold: unassigned, private-use, lone surrogates, control characters,
 * and emoji (a fallback font may have a monochrome glyph, but an official document is no place for a picture
 * the applicant saw in colour): those shown as emoji by default, and the emoji variation selector (U+FE0F).
 */
const NEVER_PRINTABLE = /[\p{Cn}\p{Co}\p{Cs}\p{Cc}\p{Emoji_Presentation}\u{FE0F}]/u;
/** Invisible by design (zero-width joiners, variation selectors, combining marks): printed with what they follow. */
const IGNORABLE = /[\p{Cf}\p{M}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/u;

const require = createRequire(import.meta.url);

/** The Noto Serif SC TTF files of @expo-google-fonts/noto-serif-sc (OFL-1.1). */
export function defaultFontFiles(): { regular: string; bold: string } {
  const dir = path.dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json'));
  return { regular: path.join(dir, '400Regular', 'NotoSerifSC_400Regular.ttf'), bold: path.join(dir, '700Bold', 'NotoSerifSC_700Bold.ttf') };
}

export function loadFont(spec: string): LoadedFont {
  const hash = spec.lastIndexOf('#');
  const file = hash > 0 ? spec.slice(0, hash) : spec;
  const face = hash > 0 ? spec.slice(hash + 1) : undefined;
  if (/\.woff2?$/i.test(file)) throw new Error(`font ${spec}: WOFF/WOFF2 files render blank or take seconds per page in PDFs; use a TTF, OTF or TTC`);
  const parse = (): fontkit.Font => {
    let parsed: fontkit.Font | fontkit.FontCollection;
    try {
      parsed = fontkit.create(readFileSync(file), face);
    } catch (e) {
      throw new Error(`font ${spec}: cannot load (${(e as Error).message})`, { cause: e });
    }
    if (!parsed || 'fonts' in parsed) throw new Error(`font ${spec}: a font collection; name the face as file#PostScriptName`);
    return withFastSubsets(parsed);
  };
  // Parsed now so that a wrong DOCUMENT_FONT_* stops the start, then let go: a CJK font holds its whole file
  // (~14 MB each for Noto Serif SC) and an idle instance needs none of it. The first document or intake check
  // parses it again (~20 ms) and keeps it.
  const probe = parse();
  const { postscriptName, unitsPerEm, ascent, descent } = probe;
  let font: fontkit.Font | null = null;
  const loaded = (): fontkit.Font => (font ??= parse());
  const widths = new Map<number, number>();
  const coverage = new Map<number, boolean>();
  return {
    source: spec,
    name: postscriptName,
    get pdfSource() {
      return loaded();
    },
    unitsPerEm,
    ascent,
    descent,
    advance(cp) {
      let w = widths.get(cp);
      if (w === undefined) widths.set(cp, (w = loaded().glyphForCodePoint(cp).advanceWidth));
      return w;
    },
    has(cp) {
      let h = coverage.get(cp);
      if (h === undefined) coverage.set(cp, (h = loaded().hasGlyphForCodePoint(cp)));
      return h;
    },
  };
}

/**
 * A PDF standard font (Helvetica …: WinAnsi only, nothing embedded), for comparisons such as the benchmark's
 * Latin baseline. Metrics come from pdfkit's AFM data.
 */
export function standardFont(name: 'Helvetica' | 'Helvetica-Bold' | 'Times-Roman' | 'Times-Bold'): LoadedFont {
  const scratch = new PDFDocument({ autoFirstPage: false });
  scratch.font(name).fontSize(1000);
  const widths = new Map<number, number>();
  // Ascender/descender of the standard 14 (AFM), in 1/1000 em.
  const [ascent, descent] = name.startsWith('Helvetica') ? [718, -207] : [683, -217];
  return {
    source: name,
    name,
    pdfSource: name,
    unitsPerEm: 1000,
    ascent,
    descent,
    advance(cp) {
      let w = widths.get(cp);
      if (w === undefined) widths.set(cp, (w = scratch.widthOfString(String.fromCodePoint(cp))));
      return w;
    },
    has: (cp) => cp < 0x100,
  };
}

/** A run of text drawn in one font. */
export interface FontRun {
  font: LoadedFont;
  text: string;
}

export class MissingGlyphsError extends Error {
  constructor(readonly characters: string[]) {
    super(`no configured font has a glyph for ${characters.map((c) => `${c} (U+${c.codePointAt(0)!.toString(16).toUpperCase()})`).join(', ')}`);
  }
}

/** Ideographs must print as written (names, places); a missing one stops the document rather than vanish. */
const isIdeograph = (cp: number): boolean =>
  (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff) || (cp >= 0x2e80 && cp <= 0x2fdf);

/** Printed for a non-ideograph no font has (an emoji in a quoted request, say). */
export const REPLACEMENT = '□';

export class PdfFonts {
  private loadedFallbacks: LoadedFont[] | null = null;

  constructor(
    readonly regular: LoadedFont,
    readonly bold: LoadedFont,
    private readonly fallbackSpecs: readonly string[],
  ) {}

  /** Fonts already loaded (e.g. standard fonts for a comparison); `fallbacks` are used as given. */
  static of(regular: LoadedFont, bold: LoadedFont, fallbacks: LoadedFont[]): PdfFonts {
    const fonts = new PdfFonts(
      regular,
      bold,
      fallbacks.map((f) => f.source),
    );
    fonts.loadedFallbacks = fallbacks;
    return fonts;
  }

  /** Loads the configured fonts; fallbacks are checked for existence now and parsed on first use. */
  static load(config: PdfFontConfig): PdfFonts {
    const defaults = defaultFontFiles();
    const fallbackSpecs = config.fallbacks ?? defaultFallbacks();
    for (const spec of fallbackSpecs) if (!existsSync(spec.split('#')[0])) throw new Error(`fallback font ${spec}: file not found`);
    return new PdfFonts(loadFont(config.regular ?? defaults.regular), loadFont(config.bold ?? defaults.bold), fallbackSpecs);
  }

  get fallbackSources(): readonly string[] {
    return this.fallbackSpecs;
  }

  fallbacks(): LoadedFont[] {
    this.loadedFallbacks ??= this.fallbackSpecs.map(loadFont);
    return this.loadedFallbacks;
  }

  /**
   * The characters of `text` that no configured font can print, in order, each once: emoji and other symbols
   * the fonts lack, unassigned or private-use code points, control characters. Whitespace and invisible marks
   * (zero-width joiners, variation selectors, combining marks) pass. The single check intake applies to every
   * text that documents will print, so that a case never holds text its documents cannot render.
   */
  unprintable(text: string): string[] {
    const bad = new Set<string>();
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (/\s/u.test(ch) && !/[\p{Cc}]/u.test(ch)) continue;
      if (NEVER_PRINTABLE.test(ch)) bad.add(ch);
      else if (IGNORABLE.test(ch)) continue;
      else if (!this.regular.has(cp) && !this.bold.has(cp) && !this.fallbacks().some((f) => f.has(cp))) bad.add(ch);
    }
    return [...bad];
  }

  /** Whether the text has nothing visible: only blanks and invisible marks (a name of zero-width spaces). */
  static invisible(text: string): boolean {
    for (const ch of text) if (!/\s/u.test(ch) && !IGNORABLE.test(ch)) return false;
    return true;
  }

  /** Natural width in points from cached advances (no kerning): fast enough to measure every atom while breaking lines. */
  measure(text: string, primary: LoadedFont, size: number): number {
    let w = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const font = primary.has(cp) || cp <= 0x20 ? primary : (this.fallbacks().find((f) => f.has(cp)) ?? primary);
      w += (font.advance(cp) / font.unitsPerEm) * size;
    }
    return w;
  }

  /**
   * Splits text into runs by font: the primary font where it has the glyph, else the first fallback that has it.
   * Whitespace and combining marks stay in the current run. Missing non-ideographs become □; missing ideographs
   * throw MissingGlyphsError (collected over the whole text).
   */
  runs(text: string, primary: LoadedFont): FontRun[] {
    const runs: FontRun[] = [];
    const missing: string[] = [];
    let current: FontRun | null = null;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let font: LoadedFont | undefined;
      let out = ch;
      if (cp <= 0x20 || primary.has(cp)) font = primary;
      else if (IGNORABLE.test(ch) && !this.fallbacks().some((f) => f.has(cp)))
        continue; // a variation selector no font knows: print the base character alone
      else if (/\p{M}/u.test(ch) && current) font = current.font;
      else font = this.fallbacks().find((f) => f.has(cp));
      if (!font) {
        if (isIdeograph(cp)) missing.push(ch);
        font = primary;
        out = REPLACEMENT;
      }
      if (current && current.font === font) current.text += out;
      else runs.push((current = { font, text: out }));
    }
    if (missing.length) throw new MissingGlyphsError([...new Set(missing)]);
    return runs;
  }
}
