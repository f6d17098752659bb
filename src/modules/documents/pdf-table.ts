import PDFDocument from 'pdfkit';
import { addModifyDate, escapeXmpInfo, PDFA_OPTIONS } from './pdf-archival.js';
import type { PdfFonts } from './pdf-fonts.js';

/**
 * Tabular PDFs (证据目录, 年度自查清单): a landscape page with the two document fonts registered as `regular` and
 * `bold` (PDF/A-2b, as the letters), a bordered table whose header row repeats on every page, and 第 n 页 共 m 页 at the foot. The official
 * letters have their own grid (pdf-renderer.ts); this is for lists.
 */
export interface TableColumn {
  title: string;
  width: number;
  align?: 'left' | 'center';
}

export interface TablePdfOptions {
  /** Page size in points. */
  width: number;
  height: number;
  /** Page margin on every side, in points. */
  margin: number;
  /** Document properties; the date is the creation and modification date (deterministic output). */
  info: { Title: string; Author: string; Subject?: string; date: Date };
}

/** A started tabular PDF: draw on `doc`, then `finish()` for the page numbers and the bytes. */
export interface TablePdf {
  doc: PDFKit.PDFDocument;
  finish(footerSize?: number): Promise<Buffer>;
}

export function startTablePdf(options: TablePdfOptions, fonts: PdfFonts): TablePdf {
  const { Title, Author, Subject, date } = options.info;
  const doc = new PDFDocument({
    size: [options.width, options.height],
    margin: 0,
    // No default font: nothing here uses Helvetica.
    font: '',
    bufferPages: true,
    ...PDFA_OPTIONS,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title, Author, ...(Subject === undefined ? {} : { Subject }), Creator: 'Gongkai', CreationDate: date, ModDate: date },
  });
  addModifyDate(doc, date);
  escapeXmpInfo(doc);
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit (0.20) accepts a parsed fontkit font in registerFont; its types do not say so.
  doc.registerFont('regular', fonts.regular.pdfSource as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont('bold', fonts.bold.pdfSource as unknown as PDFKit.Mixins.PDFFontSource);
  return {
    doc,
    finish(footerSize = 9) {
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        doc.font('regular').fontSize(footerSize).fillColor('#000000');
        doc.text(`第 ${i + 1} 页\u3000共 ${range.count} 页`, options.margin, options.height - options.margin + 2, {
          width: options.width - 2 * options.margin,
          align: 'center',
          lineBreak: false,
        });
      }
      doc.end();
      return done;
    },
  };
}

/**
 * A bordered table from the left margin down: `y` is where the next row goes (text above the table moves it). A row
 * that does not fit above the foot starts a new page under a repeated header row.
 */
export class PdfTable {
  y: number;

  constructor(
    private readonly pdf: TablePdf,
    private readonly page: { width: number; height: number; margin: number },
    private readonly columns: readonly TableColumn[],
    private readonly style: { size: number; pad: number },
  ) {
    this.y = page.margin;
  }

  /** Height of a row of cells (cell i measured in column i's width), padding included. */
  height(cells: readonly string[], fontName: 'regular' | 'bold'): number {
    const { doc } = this.pdf;
    doc.font(fontName).fontSize(this.style.size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: this.columns[i].width - 2 * this.style.pad }))) + 2 * this.style.pad;
  }

  /** Draws a row of the given height at `y`, shaded or not, and moves `y` below it. */
  draw(cells: readonly string[], fontName: 'regular' | 'bold', height: number, shade: boolean): void {
    const { doc } = this.pdf;
    const { pad, size } = this.style;
    let x = this.page.margin;
    cells.forEach((c, i) => {
      const w = this.columns[i].width;
      if (shade) doc.save().rect(x, this.y, w, height).fill('#EEEEEE').restore();
      doc.save().lineWidth(0.6).strokeColor('#000000').rect(x, this.y, w, height).stroke().restore();
      doc.font(fontName).fontSize(size).fillColor('#000000');
      doc.text(c, x + pad, this.y + pad, { width: w - 2 * pad, align: this.columns[i].align ?? 'left' });
      x += w;
    });
    this.y += height;
  }

  /** The header row: the column titles in bold on grey. */
  header(): void {
    const titles = this.columns.map((c) => c.title);
    this.draw(titles, 'bold', this.height(titles, 'bold'), true);
  }

  /** A body row; on a new page under the header when it would reach the page number line. */
  row(cells: readonly string[]): void {
    const h = this.height(cells, 'regular');
    if (this.y + h > this.page.height - this.page.margin - 14) {
      this.newPage();
      this.header();
    }
    this.draw(cells, 'regular', h, false);
  }

  /** Starts a new page at the top margin (without a header). */
  newPage(): void {
    this.pdf.doc.addPage({ size: [this.page.width, this.page.height], margin: 0 });
    this.y = this.page.margin;
  }
}
