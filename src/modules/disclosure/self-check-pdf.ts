import type { PdfFonts } from '../documents/pdf-fonts.js';
import { PdfTable, startTablePdf, type TableColumn } from '../documents/pdf-table.js';
import { REPLY_TYPE_LABELS } from '../letters/reply-type.js';
import type { DisclosureSelfCheckEntity } from './disclosure-self-check.entity.js';
import { CONCLUSION_LABELS, SELF_CHECK_KIND_LABELS } from './disclosure-self-check.service.js';

const MM = 72 / 25.4;
const PAGE_W = 297 * MM;
const PAGE_H = 210 * MM;
const MARGIN = 16 * MM;
const TITLES = [
  { title: '序号', width: 12 * MM },
  { title: '类别', width: 22 * MM },
  { title: '案件编号', width: 46 * MM },
  { title: '申请内容', width: 70 * MM },
  { title: '答复类型', width: 26 * MM },
  { title: '申请人数', width: 18 * MM },
  { title: '审查结论', width: 0 },
] as const;
const FIXED = TITLES.reduce((s, c) => s + c.width, 0);
/** The last column takes the rest of the width; 序号 and 申请人数 are centred. */
const COLUMNS: readonly TableColumn[] = TITLES.map((c, i) => ({
  title: c.title,
  width: c.width === 0 ? PAGE_W - 2 * MARGIN - FIXED : c.width,
  align: i === 0 || i === 5 ? 'center' : 'left',
}));
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
  const page = { width: PAGE_W, height: PAGE_H, margin: MARGIN };
  const pdf = startTablePdf({ ...page, info: { Title: title, Author: agencyName, date: made } }, fonts);
  const { doc } = pdf;
  const table = new PdfTable(pdf, page, COLUMNS, { size: SIZE, pad: PAD });

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

  table.y = y;
  table.header();
  if (check.items.length === 0) {
    // Measured as one cell in the first column's width (a tall row), as the list has always been printed.
    table.draw(['', '', '', '本年度没有需要自查的事项', '', '', ''], 'regular', table.height(['本年度没有需要自查的事项'], 'regular'), false);
  }
  check.items.forEach((item, i) => {
    const conclusion = item.conclusion ? `${CONCLUSION_LABELS[item.conclusion]}${item.note ? `：${item.note}` : ''}` : '未审查';
    const reply = item.replyType ? item.replyType.split('、').map((t) => REPLY_LABELS[t] ?? t).join('、') : '尚未答复';
    const cells = [String(i + 1), SELF_CHECK_KIND_LABELS[item.kind], item.trackingNumbers.join('\n'), item.title, reply, item.distinctApplicants === null ? '' : String(item.distinctApplicants), conclusion];
    table.row(cells);
  });

  // Printed and signed by those who reviewed it (the record of the yearly review).
  if (table.y + 40 > PAGE_H - MARGIN - 14) table.newPage();
  y = table.y + 18;
  doc.font('regular').fontSize(11).fillColor('#000000').text('审查人（签字）：____________\u3000\u3000\u3000\u3000公开工作机构负责人（签字）：____________\u3000\u3000\u3000\u3000日期：____年__月__日', MARGIN, y, { width });

  return pdf.finish();
}
