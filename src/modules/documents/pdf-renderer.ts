import PDFDocument from 'pdfkit';
import { formatChineseDate } from '../../common/text/chinese-format.js';
import type { OfficialDocument } from './official-document.js';
import { addModifyDate, escapeXmpInfo, PDFA_OPTIONS } from './pdf-archival.js';
import { breakLines, justifySpacing, type Line } from './pdf-layout.js';
import type { LoadedFont, PdfFonts } from './pdf-fonts.js';

/**
 * Page geometry after GB/T 9704-2012 (党政机关公文格式): A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm,
 * 22 lines of 28 characters of 三号 (16 pt) 仿宋, title in 二号 (22 pt) 小标宋, page numbers in 四号 (14 pt).
 */
const MM = 72 / 25.4;
export const PAGE = {
  width: 210 * MM,
  height: 297 * MM,
  top: 37 * MM,
  left: 28 * MM,
  textWidth: 156 * MM,
  textHeight: 225 * MM,
} as const;
const LINES_PER_PAGE = 22;
const PITCH = PAGE.textHeight / LINES_PER_PAGE;
const BODY_SIZE = 16;
const TITLE_SIZE = 22;
const LETTERHEAD_SIZE = 26;
const PAGE_NUMBER_SIZE = 14;
const RED = '#E60012';
const BLACK = '#000000';
const SEAL_RADIUS = 21 * MM; // a 42 mm round seal
const BOTTOM = PAGE.top + PAGE.textHeight;

/**
 * How a document is rendered besides its text. `sealImage`: an electronic seal (PNG) pressed on the signature of
 * issued documents, never on drafts; without it nothing stands for a seal (the office seals the printed copy).
 */
export interface RenderOptions {
  sealImage?: Buffer | null;
  /**
   * A one-page form (接收回执, 补正告知书: a notice the applicant keeps as one sheet): when the document would run a
   * little onto a second page, the body lines move closer (down to MIN_PITCH) so that it ends on the first; when
   * even that is not enough it is laid out on the usual grid.
   */
  onePage?: boolean;
}

type Doc = PDFKit.PDFDocument;

/**
 * Height of the signature block below the last paragraph, down to the date: without a seal (GB/T 9704-2012
 * §7.3.5.2) one blank line, the agency name, the date on the next line; with a seal image, its top half a line
 * below the text and the name just below its centre (§7.3.5.1), its lower rim reaching below the date.
 */
const signatureHeight = (sealed: boolean, pitch: number): number => (sealed ? pitch * 0.5 + SEAL_RADIUS - pitch * 0.35 + 2 * pitch : 3 * pitch);

/**
 * The tightest line distance a one-page form may use: 29 lines in the type area instead of 22, still 1.37 times the
 * 三号 body size (single spacing of a word processor is about 1.3): the characters keep their size, the lines stay
 * apart. A sealed correction notice needs about 28.
 */
export const MIN_PITCH = PAGE.textHeight / 29;

/** pdfkit (0.20) accepts a parsed fontkit font in registerFont; its types do not say so. */
const asFontSource = (font: LoadedFont): PDFKit.Mixins.PDFFontSource => font.pdfSource as unknown as PDFKit.Mixins.PDFFontSource;

/**
 * Lays an official document out on A4 and returns the PDF bytes. Deterministic: the same document and fonts give
 * the same bytes (creation date = signing date), so the archived SHA-256 can be recomputed.
 */
export async function renderPdf(document: OfficialDocument, fonts: PdfFonts, options: RenderOptions = {}): Promise<Buffer> {
  const signedAt = new Date(`${document.signature.date}T00:00:00+08:00`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    // No default font: pdfkit would parse Helvetica's AFM for every document, and nothing here uses it.
    font: '',
    bufferPages: true,
    autoFirstPage: true,
    ...PDFA_OPTIONS,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: document.title,
      Author: document.signature.agencyName,
      Subject: document.documentNumber,
      Keywords: `${document.kind} ${document.templateId}@${document.templateVersion}`,
      Creator: 'Gongkai',
      CreationDate: signedAt,
      ModDate: signedAt,
    },
  });
  addModifyDate(doc, signedAt);
  escapeXmpInfo(doc);
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    const seal = document.draft ? null : (options.sealImage ?? null);
    new Layout(doc, fonts, seal, options.onePage ? onePagePitch(document, fonts, seal !== null) : PITCH).document(document);
  } catch (e) {
    doc.end();
    await done.catch(() => undefined);
    throw e;
  }
  doc.end();
  return done;
}

/**
 * The line distance at which the whole document fits the first page's type area: every height of the layout is a
 * constant plus a multiple of the pitch (the lines of text are broken at widths that do not depend on it), so the
 * pitch follows from one division. The standard grid when it fits anyway, or when even MIN_PITCH is not enough.
 */
export function onePagePitch(d: OfficialDocument, fonts: PdfFonts, sealed: boolean): number {
  const measure = (s: string) => fonts.measure(s, fonts.regular, BODY_SIZE);
  const bodyLines = (text: string, indent: number) => breakLines(text, measure, { firstWidth: PAGE.textWidth - indent, width: PAGE.textWidth, tolerance: BODY_SIZE * 0.4 }).length;
  const titleLines = breakLines(d.title, (s) => fonts.measure(s, fonts.bold, TITLE_SIZE), { firstWidth: PAGE.textWidth, width: PAGE.textWidth, tolerance: 0 }).length;
  const noteLines = d.note ? bodyLines(`（${d.note}）`, 2 * BODY_SIZE) : 0;
  const lines = bodyLines(`${d.recipient}：`, 0) + d.paragraphs.reduce((n, p) => n + bodyLines(p, 2 * BODY_SIZE), 0) + noteLines;
  // Layout.document(): letterhead, blank line, number, rule 4 mm below it, a line; or the title then the number.
  const [fixed, pitches] = d.letterhead ? [LETTERHEAD_SIZE * 1.5 + 4 * MM, 2 - 0.25 + 1] : [0, 1];
  const title = titleLines * TITLE_SIZE * 1.45;
  const [sealFixed, sealPitches] = sealed ? [SEAL_RADIUS, 0.5 - 0.35 + 2] : [0, 3];
  // Height = fixed + title + sealFixed + pitch × (pitches + 0.5 + lines + sealPitches), with a little to spare.
  const pitch = (PAGE.textHeight - 1 - fixed - title - sealFixed) / (pitches + 0.5 + lines + sealPitches);
  return pitch >= PITCH || pitch < MIN_PITCH ? PITCH : pitch;
}

class Layout {
  /** Top of the next line box. */
  private y = PAGE.top;
  /** Registered pdfkit font names by source: faces sharing a source (a catch-all fallback) share one. */
  private readonly registered = new Map<LoadedFont['pdfSource'], string>();

  constructor(
    private readonly doc: Doc,
    private readonly fonts: PdfFonts,
    private readonly sealImage: Buffer | null,
    /** Distance of the body lines: the 22-line grid, or tighter for a one-page form (see onePagePitch). */
    private readonly pitch: number = PITCH,
  ) {}

  document(d: OfficialDocument): void {
    if (d.letterhead) {
      this.centered(d.letterhead, this.fonts.bold, LETTERHEAD_SIZE, RED, LETTERHEAD_SIZE * 1.5, 4);
      this.y += this.pitch; // 发文字号: below the letterhead, centred
      this.centered(d.documentNumber, this.fonts.regular, BODY_SIZE, BLACK, this.pitch);
      // 发文字号之下 4 mm, a red rule as wide as the type area.
      const ruleY = this.y + 4 * MM - this.pitch * 0.25;
      this.doc
        .save()
        .moveTo(PAGE.left, ruleY)
        .lineTo(PAGE.left + PAGE.textWidth, ruleY)
        .lineWidth(1.2)
        .strokeColor(RED)
        .stroke()
        .restore();
      this.y = ruleY + this.pitch;
      this.title(d.title);
    } else {
      this.title(d.title);
      this.centered(d.documentNumber, this.fonts.regular, BODY_SIZE, BLACK, this.pitch);
    }
    this.y += this.pitch * 0.5; // 标题下空一行: the title's own leading gives the rest
    this.paragraph(`${d.recipient}：`, 0);
    // The signature, the date and the whole 附注 stay together and take the last lines of the text with them.
    const signature = signatureHeight(this.sealImage !== null, this.pitch) + this.noteLines(d).length * this.pitch;
    d.paragraphs.forEach((p, i) => this.paragraph(p, 2 * BODY_SIZE, i === d.paragraphs.length - 1 ? signature : 0));
    this.signature(d);
    this.pageNumbers();
    if (d.draft) this.watermark();
  }

  private title(text: string): void {
    const lines = breakLines(text, (s) => this.fonts.measure(s, this.fonts.bold, TITLE_SIZE), {
      firstWidth: PAGE.textWidth,
      width: PAGE.textWidth,
      tolerance: 0,
    });
    for (const line of lines) this.centered(line.text, this.fonts.bold, TITLE_SIZE, BLACK, TITLE_SIZE * 1.45);
  }

  private centered(text: string, font: LoadedFont, size: number, color: string, lineHeight: number, letterSpacing = 0): void {
    const glyphs = [...text].length;
    const width = this.width(text, font, size) + letterSpacing * (glyphs - 1);
    this.ensureRoom(lineHeight);
    this.drawRuns(text, font, size, color, PAGE.left + (PAGE.textWidth - width) / 2, this.y, lineHeight, letterSpacing);
    this.y += lineHeight;
  }

  /**
   * A body paragraph on the line grid, justified, its first line indented by `indent` points. `keepWith` is the
   * height of what must follow on the same page (the signature after the last paragraph): when it would not fit,
   * the paragraph's last two lines (or all of a short one) move to the next page with it, so that the signature
   * never stands alone on a page (GB/T 9704-2012 §7.3.5).
   */
  private paragraph(text: string, indent: number, keepWith = 0): void {
    const measure = (s: string) => this.fonts.measure(s, this.fonts.regular, BODY_SIZE);
    const lines = breakLines(text, measure, { firstWidth: PAGE.textWidth - indent, width: PAGE.textWidth, tolerance: BODY_SIZE * 0.4 });
    let breakBefore = -1;
    const room = BOTTOM - this.y;
    const fit = Math.floor((room + 0.5) / this.pitch);
    if (keepWith > 0 && lines.length * this.pitch <= room + 0.5 && lines.length * this.pitch + keepWith > room + 0.5) {
      breakBefore = lines.length >= 3 ? lines.length - 2 : 0;
    } else if (fit < lines.length) {
      // Runs over the page: never one line alone at the foot (孤行) nor at the head of the next page (寡行).
      if (fit === 1) breakBefore = 0;
      else if (lines.length - fit === 1) breakBefore = lines.length >= 3 ? fit - 1 : 0;
      else breakBefore = fit;
    }
    lines.forEach((line, i) => {
      const x = PAGE.left + (i === 0 ? indent : 0);
      const lineWidth = PAGE.textWidth - (i === 0 ? indent : 0);
      if (i === breakBefore) this.newPage();
      this.ensureRoom(this.pitch);
      this.justified(line, x, lineWidth);
      this.y += this.pitch;
    });
  }

  /**
   * A justified line: the extra space goes between ideographs and around Latin words, never inside a Latin word or
   * number (a tracking number, an e-mail address, a URL stays tight and readable).
   */
  private justified(line: Line, x: number, lineWidth: number): void {
    const segments = stretchSegments(line.text);
    const gaps = segments.reduce((n, seg) => n + (seg.tight ? 1 : [...seg.text].length), 0);
    // Measured by pdfkit itself (kerning included), so that the last glyph lands on the right edge.
    const natural = this.width(line.text, this.fonts.regular, BODY_SIZE);
    const spacing = justifySpacing({ ...line, width: natural }, lineWidth, gaps, BODY_SIZE);
    if (spacing === 0 || segments.every((seg) => !seg.tight)) {
      this.drawRuns(line.text, this.fonts.regular, BODY_SIZE, BLACK, x, this.y, this.pitch, spacing);
      return;
    }
    let cx = x;
    for (const seg of segments) {
      const width = this.width(seg.text, this.fonts.regular, BODY_SIZE);
      if (seg.tight) {
        this.drawRuns(seg.text, this.fonts.regular, BODY_SIZE, BLACK, cx, this.y, this.pitch, 0);
        cx += width + spacing;
      } else {
        this.drawRuns(seg.text, this.fonts.regular, BODY_SIZE, BLACK, cx, this.y, this.pitch, spacing);
        cx += width + spacing * [...seg.text].length;
      }
    }
  }

  /**
   * Draws text in font runs (fallback fonts for rare characters) from x, vertically centred on the line box that
   * starts at top. All runs share the primary font's baseline.
   */
  private drawRuns(text: string, font: LoadedFont, size: number, color: string, x: number, top: number, lineHeight: number, spacing: number): void {
    const em = size / font.unitsPerEm;
    const baseline = top + (lineHeight - (font.ascent - font.descent) * em) / 2 + font.ascent * em;
    let cx = x;
    for (const run of this.fonts.runs(text, font)) {
      this.use(run.font, size);
      // pdfkit places text by the top of the font's ascent.
      const runTop = baseline - run.font.ascent * (size / run.font.unitsPerEm);
      this.doc.fillColor(color).text(run.text, cx, runTop, { lineBreak: false, characterSpacing: spacing });
      cx += this.doc.widthOfString(run.text) + spacing * [...run.text].length;
    }
  }

  /** Width of text at a size, runs measured in their own fonts. */
  private width(text: string, font: LoadedFont, size: number): number {
    let w = 0;
    for (const run of this.fonts.runs(text, font)) {
      this.use(run.font, size);
      w += this.doc.widthOfString(run.text);
    }
    return w;
  }

  private use(font: LoadedFont, size: number): void {
    let name = this.registered.get(font.pdfSource);
    if (!name) {
      name = `F${this.registered.size}`;
      this.doc.registerFont(name, asFontSource(font));
      this.registered.set(font.pdfSource, name);
    }
    this.doc.font(name).fontSize(size);
  }

  private ensureRoom(height: number): void {
    if (this.y + height > BOTTOM + 0.5) this.newPage();
  }

  private newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = PAGE.top;
  }

  /** The 附注 in parentheses, indented two characters, broken into lines. */
  private noteLines(d: OfficialDocument): Line[] {
    if (!d.note) return [];
    return breakLines(`（${d.note}）`, (s) => this.fonts.measure(s, this.fonts.regular, BODY_SIZE), {
      firstWidth: PAGE.textWidth - 2 * BODY_SIZE,
      width: PAGE.textWidth,
      tolerance: BODY_SIZE * 0.4,
    });
  }

  /**
   * 发文机关署名 centred over 成文日期, the date 右空四字, one blank line below the text (GB/T 9704-2012 §7.3.5.2);
   * 附注 below, indented two characters, in parentheses. The block and the whole 附注 move to the next page
   * together (the paragraph before brings its last lines). No seal placeholder is printed: the issued PDF is the
   * one mailed to the applicant. A configured electronic seal image presses on name and date (§7.3.5.1).
   */
  private signature(d: OfficialDocument): void {
    const date = formatChineseDate(d.signature.date);
    const note = this.noteLines(d);
    const sealed = this.sealImage !== null;
    this.ensureRoom(signatureHeight(sealed, this.pitch) + note.length * this.pitch);
    const dateWidth = this.width(date, this.fonts.regular, BODY_SIZE);
    const dateRight = PAGE.left + PAGE.textWidth - 4 * BODY_SIZE;
    const centerX = dateRight - dateWidth / 2;
    let nameTop = this.y + this.pitch;
    if (sealed) {
      const sealTop = this.y + this.pitch * 0.5;
      const centerY = sealTop + SEAL_RADIUS;
      nameTop = centerY - this.pitch * 0.35;
      this.doc.image(this.sealImage!, centerX - SEAL_RADIUS, sealTop, { width: 2 * SEAL_RADIUS, height: 2 * SEAL_RADIUS });
    }
    const nameWidth = this.width(d.signature.agencyName, this.fonts.regular, BODY_SIZE);
    this.drawRuns(d.signature.agencyName, this.fonts.regular, BODY_SIZE, BLACK, Math.max(PAGE.left, centerX - nameWidth / 2), nameTop, this.pitch, 0);
    this.drawRuns(date, this.fonts.regular, BODY_SIZE, BLACK, dateRight - dateWidth, nameTop + this.pitch, this.pitch, 0);
    this.y = nameTop + 2 * this.pitch;
    note.forEach((line, i) => {
      this.justified(line, PAGE.left + (i === 0 ? 2 * BODY_SIZE : 0), PAGE.textWidth - (i === 0 ? 2 * BODY_SIZE : 0));
      this.y += this.pitch;
    });
  }

  /** 页码: "— 1 —" in 四号, 7 mm below the type area; odd pages right, even pages left, one character in. */
  private pageNumbers(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const label = `— ${i + 1} —`;
      const width = this.width(label, this.fonts.regular, PAGE_NUMBER_SIZE);
      const odd = (i + 1) % 2 === 1;
      const x = odd ? PAGE.left + PAGE.textWidth - PAGE_NUMBER_SIZE - width : PAGE.left + PAGE_NUMBER_SIZE;
      this.drawRuns(label, this.fonts.regular, PAGE_NUMBER_SIZE, BLACK, x, BOTTOM + 7 * MM, PAGE_NUMBER_SIZE * 1.2, 0);
    }
  }

  /**
   * A draft (every preview) is marked on every page so that it cannot pass for the issued document: a large
   * 草稿 across the page and a line in the top margin saying it is not issued. Drafts never carry a seal image.
   */
  private watermark(): void {
    const range = this.doc.bufferedPageRange();
    const banner = '草稿（预览）：未签发，不作为正式文书使用';
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      this.use(this.fonts.bold, 120);
      const w = this.doc.widthOfString('草稿');
      this.doc
        .save()
        .rotate(-35, { origin: [PAGE.width / 2, PAGE.height / 2] })
        .fillColor('#808080')
        .fillOpacity(0.3)
        .text('草稿', PAGE.width / 2 - w / 2, PAGE.height / 2 - 80, { lineBreak: false })
        .restore();
      const bw = this.width(banner, this.fonts.regular, 12);
      this.drawRuns(banner, this.fonts.regular, 12, '#B00000', PAGE.left + (PAGE.textWidth - bw) / 2, 14 * MM, 16, 0);
    }
  }
}

/** Latin words and numbers, kept tight when a line is justified (the atoms of line breaking, without spaces). */
const TIGHT = /[A-Za-z0-9@#&_+\-=/\\:.?%~'"]{2,}/gu;

/** A justified line cut into runs stretched per glyph and tight Latin words stretched only after them. */
export function stretchSegments(text: string): { text: string; tight: boolean }[] {
  const out: { text: string; tight: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(TIGHT)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), tight: false });
    out.push({ text: m[0], tight: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), tight: false });
  return out;
}
