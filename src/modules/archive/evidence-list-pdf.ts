import type { PdfFonts } from '../documents/pdf-fonts.js';
import { PdfTable, startTablePdf, type TableColumn } from '../documents/pdf-table.js';

/** One row of the 证据目录 handed to a reconsideration body or court with the written reply. */
export interface EvidenceListRow {
  /** 证据名称 */
  name: string;
  /** 证据来源 */
  source: string;
  /** 证明对象/证明目的 */
  proves: string;
  /** 页码/文件: the file inside the bundle and its page count. */
  location: string;
}

export interface EvidenceListHeader {
  agencyName: string;
  trackingNumber: string;
  /** The requested information, for the heading line. */
  subject: string;
  /** Bagging date (YYYY-MM-DD), printed as 制作日期. */
  madeOn: string;
  /** 制作方法、制作人 (行政诉讼证据规定第十二条: how, when and by whom computer data was made). */
  madeBy: string;
  /** Handed to a reconsideration body or court: the heading and to whom, by when. */
  submission?: { heading: string; recipient: string; dueOn: string | null } | null;
}

const MM = 72 / 25.4;
const PAGE_W = 297 * MM;
const PAGE_H = 210 * MM;
const MARGIN = 18 * MM;
const COLUMNS: readonly TableColumn[] = [
  { title: '序号', width: 14 * MM, align: 'center' },
  { title: '证据名称', width: 66 * MM },
  { title: '证据来源', width: 38 * MM },
  { title: '证明对象', width: 62 * MM },
  // Wide enough for a bundle path on one line (after looking at the first rendering, where paths broke in three).
  { title: '页码/文件', width: PAGE_W - 2 * MARGIN - (14 + 66 + 38 + 62) * MM },
];
const SIZE = 10.5;
const PAD = 2 * MM;

/**
 * The 证据目录 (evidence list) as an A4 landscape PDF: a bordered table of 序号, 证据名称, 证据来源, 证明对象 and
 * 页码/文件, repeated header on each page, page numbers. Deterministic for the same rows and date.
 */
export async function renderEvidenceList(header: EvidenceListHeader, rows: readonly EvidenceListRow[], fonts: PdfFonts): Promise<Buffer> {
  const made = new Date(`${header.madeOn}T00:00:00+08:00`);
  const page = { width: PAGE_W, height: PAGE_H, margin: MARGIN };
  const pdf = startTablePdf({ ...page, info: { Title: `证据目录（${header.trackingNumber}）`, Author: header.agencyName, Subject: header.subject, date: made } }, fonts);
  const { doc } = pdf;
  const table = new PdfTable(pdf, page, COLUMNS, { size: SIZE, pad: PAD });

  const title = () => {
    doc.font('bold').fontSize(20).fillColor('#000000');
    doc.text('证 据 目 录', MARGIN, table.y, { width: PAGE_W - 2 * MARGIN, align: 'center' });
    table.y += 30;
    doc.font('regular').fontSize(SIZE);
    if (header.submission) {
      const line = `${header.submission.heading}：提交${header.submission.recipient}${header.submission.dueOn ? `（提交期限：${header.submission.dueOn}）` : ''}`;
      doc.font('bold').text(line, MARGIN, table.y, { width: PAGE_W - 2 * MARGIN });
      doc.font('regular');
      table.y += SIZE * 1.6;
    }
    doc.text(`提交机关：${header.agencyName}\u3000\u3000案件编号：${header.trackingNumber}`, MARGIN, table.y, { width: PAGE_W - 2 * MARGIN });
    table.y += SIZE * 1.6;
    doc.text(`申请事项：${header.subject}`, MARGIN, table.y, { width: PAGE_W - 2 * MARGIN, height: SIZE * 3.2, ellipsis: '…' });
    table.y += doc.heightOfString(`申请事项：${header.subject}`, { width: PAGE_W - 2 * MARGIN }) > SIZE * 2 ? SIZE * 3.2 : SIZE * 1.6;
    doc.text(`制作说明：${header.madeBy}；制作日期：${header.madeOn}`, MARGIN, table.y, { width: PAGE_W - 2 * MARGIN });
    table.y += doc.heightOfString(`制作说明：${header.madeBy}；制作日期：${header.madeOn}`, { width: PAGE_W - 2 * MARGIN }) + SIZE * 0.8;
  };

  title();
  table.header();
  rows.forEach((r, i) => table.row([String(i + 1), r.name, r.source, r.proves, r.location]));
  return pdf.finish();
}

/** Pages of a PDF, counted from its page objects (enough for the PDFs this system writes and common scans). */
export function pdfPageCount(pdf: Buffer): number | null {
  const matches = pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return matches ? matches.length : null;
}
