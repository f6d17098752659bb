import PDFDocument from 'pdfkit';
import type { LoadedFont, PdfFonts } from '../documents/pdf-fonts.js';
import { REPLY_TYPE_LABELS } from '../letters/reply-type.js';
import type { DisclosureSelfCheckEntity } from './disclosure-self-check.entity.js';
import { CONCLUSION_LABELS, SELF_CHECK_KIND_LABELS } from './disclosure-self-check.service.js';

const MM = 72 / 25.4;
const PAGE_W = 297 * MM;
const PAGE_H = 210 * MM;
const MARGIN = 16 * MM;
const COLUMNS = [
  { title: '序号', width: 12 * MM },
  { title: '类别', width: 22 * MM },
  { title: '案件编号', width: 46 * MM },
  { title: '申请内容', width: 70 * MM },
  { title: '答复类型', width: 26 * MM },
  { title: '申请人数', width: 18 * MM },
  { title: '审查结论', width: 0 },
] as const;
const FIXED = COLUMNS.reduce((s, c) => s + c.width, 0);
const WIDTHS = COLUMNS.map((c) => (c.width === 0 ? PAGE_W - 2 * MARGIN - FIXED : c.width));
const SIZE = 10;
const PAD = 1.8 * MM;

const REPLY_LABELS = REPLY_TYPE_LABELS as Record<string, string>;

const cnDate = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/**
 * 年度自查清单 (条例第十八条 dynamic review, 条例第四十四条 frequently requested information) as an A4 landscape
 * PDF: a bordered table with the header repeated on each page, the conclusion of each item, page numbers.
 */
export async function renderSelfCheckPdf(check: DisclosureSelfCheckEntity, agencyName: string, madeOn: string, fonts: PdfFonts): Promise<Buffer> {
  const made = new Date(`${madeOn}T00:00:00+08:00`);
  const title = `${agencyName}${check.year}年度政府信息公开自查清单`;
  const doc = new PDFDocument({
    size: [PAGE_W, PAGE_H],
    margin: 0,
    font: '',
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: title, Author: agencyName, Creator: 'Gongkai', CreationDate: made, ModDate: made },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const font = (f: LoadedFont, name: string) => doc.registerFont(name, f.pdfSource as unknown as PDFKit.Mixins.PDFFontSource);
  font(fonts.regular, 'regular');
  font(fonts.bold, 'bold');

  const width = PAGE_W - 2 * MARGIN;
  let y = MARGIN;
  doc.font('bold').fontSize(18).fillColor('#000000').text(title, MARGIN, y, { width, align: 'center' });
  y += 32;
  const reviewed = check.items.filter((i) => i.conclusion).length;
  const counts = `部分公开、不予公开的答复${check.items.filter((i) => i.kind !== 'FREQUENT').length}件，申请较集中的信息${check.items.filter((i) => i.kind === 'FREQUENT').length}项；已审查${reviewed}项，未审查${check.items.length - reviewed}项。`;
  doc.font('regular').fontSize(SIZE).text(`依据《中华人民共和国政府信息公开条例》第十八条、第四十四条逐项审查。${counts}`, MARGIN, y, { width });
  y += doc.heightOfString(counts, { width }) + SIZE * 1.2;
  doc.text(`制作日期：${cnDate(madeOn)}`, MARGIN, y, { width });
  y += SIZE * 2;

  const rowHeight = (cells: readonly string[], fontName: string) => {
    doc.font(fontName).fontSize(SIZE);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: WIDTHS[i] - 2 * PAD }))) + 2 * PAD;
  };
  const drawRow = (cells: readonly string[], fontName: string, height: number, shade: boolean) => {
    let x = MARGIN;
    cells.forEach((c, i) => {
      const w = WIDTHS[i];
      if (shade) doc.save().rect(x, y, w, height).fill('#EEEEEE').restore();
      doc.save().lineWidth(0.6).strokeColor('#000000').rect(x, y, w, height).stroke().restore();
      doc.font(fontName).fontSize(SIZE).fillColor('#000000');
      doc.text(c, x + PAD, y + PAD, { width: w - 2 * PAD, align: i === 0 || i === 5 ? 'center' : 'left' });
      x += w;
    });
    y += height;
  };
  const headerCells = COLUMNS.map((c) => c.title);
  const tableHeader = () => drawRow(headerCells, 'bold', rowHeight(headerCells, 'bold'), true);
  tableHeader();
  if (check.items.length === 0) drawRow(['', '', '', '本年度没有需要自查的事项', '', '', ''], 'regular', rowHeight(['本年度没有需要自查的事项'], 'regular'), false);
  check.items.forEach((item, i) => {
    const conclusion = item.conclusion ? `${CONCLUSION_LABELS[item.conclusion]}${item.note ? `：${item.note}` : ''}` : '未审查';
    const reply = item.replyType ? item.replyType.split('、').map((t) => REPLY_LABELS[t] ?? t).join('、') : '尚未答复';
    const cells = [String(i + 1), SELF_CHECK_KIND_LABELS[item.kind], item.trackingNumbers.join('\n'), item.title, reply, item.distinctApplicants === null ? '' : String(item.distinctApplicants), conclusion];
    const h = rowHeight(cells, 'regular');
    if (y + h > PAGE_H - MARGIN - 14) {
      doc.addPage({ size: [PAGE_W, PAGE_H], margin: 0 });
      y = MARGIN;
      tableHeader();
    }
    drawRow(cells, 'regular', h, false);
  });

  // Printed and signed by those who reviewed it (the record of the yearly review).
  if (y + 40 > PAGE_H - MARGIN - 14) {
    doc.addPage({ size: [PAGE_W, PAGE_H], margin: 0 });
    y = MARGIN;
  }
  y += 18;
  doc.font('regular').fontSize(11).fillColor('#000000').text('审查人（签字）：____________\u3000\u3000\u3000\u3000公开工作机构负责人（签字）：____________\u3000\u3000\u3000\u3000日期：____年__月__日', MARGIN, y, { width });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font('regular').fontSize(9).fillColor('#000000');
    doc.text(`第 ${i + 1} 页\u3000共 ${range.count} 页`, MARGIN, PAGE_H - MARGIN + 2, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
