import PDFDocument from 'pdfkit';
import type { PdfFonts } from '../documents/pdf-fonts.js';
import type { AnnualReport } from './reports.service.js';

/**
 * Exports of the annual report in the official row and column order with the official headings (2021 format,
 * 国办公开办函〔2021〕30号): CSV, XLSX, a PDF of tables three and four, and a Markdown draft of the whole report.
 */

const csvField = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvLine = (fields: (string | number)[]) => fields.map(csvField).join(',');

const draftMark = (r: AnnualReport) => (r.ok ? '' : '（未通过校验：不得作为正式数据发布）');

/** Three label columns (part, result group, sub-row) and the seven data columns; table four below it. UTF-8 with BOM for spreadsheet programs. */
export function reportCsv(r: AnnualReport): string {
  const t = r.tableThree;
  const lines = [
    csvLine([`${r.agency.name}${r.year}年度政府信息公开工作年度报告${draftMark(r)}`]),
    csvLine([`表三 ${t.title}`]),
    csvLine(['项目', '', '', ...t.columns.map((c) => c.label)]),
    ...t.rows.map((row) => csvLine([row.part, row.group ?? '', row.item ?? '', ...t.columns.map((c) => row.cells[c.code])])),
    '',
    csvLine([`表四 ${r.tableFour.title}`]),
    csvLine(r.tableFour.groups.flatMap((g) => r.tableFour.columns.map(() => (g.parent === g.label ? g.label : `${g.parent}—${g.label}`)))),
    csvLine(r.tableFour.groups.flatMap(() => r.tableFour.columns.map((c) => c.label))),
    csvLine(r.tableFour.groups.flatMap((g) => r.tableFour.columns.map((c) => g.cells[c.code]))),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The cases of one drill-down cell as CSV. */
export function cellCsv(cell: { row: string; column: string; cases: { id: string; trackingNumber: string; receiptDate: string | null; closedOn: string | null; closingType: string | null; applicantCategory: string | null }[] }): string {
  const lines = [csvLine(['案件编号', '受理编号', '收到申请日期', '办结日期', '办理结果', '申请人类别']), ...cell.cases.map((c) => csvLine([c.id, c.trackingNumber, c.receiptDate ?? '', c.closedOn ?? '', c.closingType ?? '', c.applicantCategory ?? '']))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** exceljs takes about 30 MB once loaded: it is loaded with the first XLSX, not at boot. */
const loadExcelJs = async () => (await import('exceljs')).default;

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/** Two sheets laid out as the printed tables: merged header bands and label cells, numbers as numbers. */
export async function reportXlsx(r: AnnualReport): Promise<Buffer> {
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  const ws = wb.addWorksheet('表三');
  const t = r.tableThree;
  ws.columns = [{ width: 18 }, { width: 26 }, { width: 44 }, ...t.columns.map(() => ({ width: 12 }))];
  // Every row first, then the merges (a merge reaching below the last row would make addRow skip past it).
  ws.addRow([`${r.agency.name}${r.year}年度 表三 ${t.title}${draftMark(r)}`]);
  ws.addRow([t.header.note, '', '', t.header.applicant]);
  ws.addRow(['', '', '', '自然人', t.header.organisations, '', '', '', '', '总计']);
  ws.addRow(['', '', '', '', ...t.columns.slice(1, 6).map((c) => c.label), '']);
  const first = 5;
  t.rows.forEach((row) => ws.addRow([row.part, row.group ?? '', row.item ?? '', ...t.columns.map((c) => row.cells[c.code])]));
  ws.mergeCells(1, 1, 1, 10);
  ws.mergeCells(2, 1, 4, 3);
  ws.mergeCells(2, 4, 2, 10);
  ws.mergeCells(3, 4, 4, 4);
  ws.mergeCells(3, 5, 3, 9);
  ws.mergeCells(3, 10, 4, 10);
  // Merge the label cells as printed: a part without sub-rows spans the three label columns, 三 spans its result rows,
  // each result group spans its numbered sub-rows.
  t.rows.forEach((row, i) => {
    const n = first + i;
    if (!row.group) ws.mergeCells(n, 1, n, 3);
    else if (!row.item) ws.mergeCells(n, 2, n, 3);
  });
  const three = t.rows.map((row, i) => ({ row, n: first + i })).filter((x) => x.row.group);
  ws.mergeCells(three[0].n, 1, three.at(-1)!.n, 1);
  const groups = new Map<string, number[]>();
  for (const x of three) if (x.row.item) groups.set(x.row.group!, [...(groups.get(x.row.group!) ?? []), x.n]);
  for (const ns of groups.values()) if (ns.length > 1) ws.mergeCells(ns[0], 2, ns.at(-1)!, 2);
  ws.eachRow((row, n) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      if (n > 1) cell.border = border;
      cell.alignment = { vertical: 'middle', horizontal: typeof cell.value === 'number' ? 'center' : n <= 4 ? 'center' : 'left', wrapText: true };
    });
  });

  const ws4 = wb.addWorksheet('表四');
  const f = r.tableFour;
  ws4.addRow([`${r.agency.name}${r.year}年度 表四 ${f.title}`]);
  ws4.addRow(['行政复议', '', '', '', '', '行政诉讼']);
  ws4.addRow(['', '', '', '', '', '未经复议直接起诉', '', '', '', '', '复议后起诉']);
  ws4.addRow(f.groups.flatMap(() => f.columns.map((c) => c.label)));
  ws4.addRow(f.groups.flatMap((g) => f.columns.map((c) => g.cells[c.code])));
  ws4.mergeCells(1, 1, 1, 15);
  ws4.mergeCells(2, 1, 3, 5);
  ws4.mergeCells(2, 6, 2, 15);
  ws4.mergeCells(3, 6, 3, 10);
  ws4.mergeCells(3, 11, 3, 15);
  ws4.columns = Array.from({ length: 15 }, () => ({ width: 11 }));
  ws4.eachRow((row, n) => row.eachCell({ includeEmpty: true }, (cell) => {
    if (n > 1) cell.border = border;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads the data cells of the 表三 sheet back (row code order as exported): for tests and for re-checking a file. */
export async function readXlsxTableThree(buffer: Buffer, rowCodes: readonly string[]): Promise<Record<string, number[]>> {
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('表三')!;
  const out: Record<string, number[]> = {};
  rowCodes.forEach((code, i) => {
    const row = ws.getRow(5 + i);
    out[code] = Array.from({ length: 7 }, (_, j) => Number(row.getCell(4 + j).value));
  });
  return out;
}

// ---- PDF: A4 landscape, both tables, the engine's embedded CJK fonts ----

const MM = 72 / 25.4;

export async function reportPdf(r: AnnualReport, fonts: PdfFonts): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, font: '', lang: 'zh-CN', displayTitle: true, info: { Title: `${r.agency.name}${r.year}年度政府信息公开工作年度报告（表三、表四）`, Creator: 'Gongkai' } });
  doc.registerFont('body', fonts.regular.pdfSource as never);
  doc.registerFont('bold', fonts.bold.pdfSource as never);
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = 15 * MM;
  const top = 12 * MM;
  const width = 297 * MM - 2 * left;
  const text = (s: string, x: number, y: number, w: number, h: number, opts: { font?: string; size?: number; align?: 'left' | 'center' } = {}) => {
    const size = opts.size ?? 8;
    doc.font(opts.font ?? 'body').fontSize(size);
    const th = doc.heightOfString(s, { width: w - 4 });
    doc.text(s, x + 2, y + Math.max(1, (h - th) / 2), { width: w - 4, align: opts.align ?? 'center', lineGap: 0 });
  };
  const box = (x: number, y: number, w: number, h: number) => doc.rect(x, y, w, h).lineWidth(0.5).stroke();

  const t = r.tableThree;
  text(`${r.agency.name}${r.year}年度政府信息公开工作年度报告${draftMark(r)}`, left, top, width, 18, { font: 'bold', size: 14 });
  text(`三、收到和处理政府信息公开申请情况`, left, top + 20, width, 14, { font: 'bold', size: 11, align: 'left' });
  // Label block: part | group | item, then seven data columns.
  const cw = [26 * MM, 36 * MM, 84 * MM];
  const labelW = cw[0] + cw[1] + cw[2];
  const dataW = (width - labelW) / 7;
  const rowH = 13.2;
  let y = top + 38;
  const hdr = 3 * rowH;
  box(left, y, labelW, hdr);
  text('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', left, y, labelW, hdr, { size: 7.5 });
  const dx = left + labelW;
  box(dx, y, dataW * 7, rowH);
  text(t.header.applicant, dx, y, dataW * 7, rowH);
  box(dx, y + rowH, dataW, 2 * rowH);
  text('自然人', dx, y + rowH, dataW, 2 * rowH);
  box(dx + dataW, y + rowH, dataW * 5, rowH);
  text(t.header.organisations, dx + dataW, y + rowH, dataW * 5, rowH);
  t.columns.slice(1, 6).forEach((c, i) => {
    box(dx + dataW * (1 + i), y + 2 * rowH, dataW, rowH);
    text(c.label, dx + dataW * (1 + i), y + 2 * rowH, dataW, rowH, { size: 7 });
  });
  box(dx + dataW * 6, y + rowH, dataW, 2 * rowH);
  text('总计', dx + dataW * 6, y + rowH, dataW, 2 * rowH);
  y += hdr;
  const threeRows = t.rows.filter((row) => row.group);
  const threeStart = y + 2 * rowH;
  t.rows.forEach((row, i) => {
    const ry = y + i * rowH;
    if (!row.group) {
      box(left, ry, labelW, rowH);
      text(row.part, left, ry, labelW, rowH, { align: 'left' });
    } else {
      const firstOfGroup = row.item === null || t.rows[i - 1]?.group !== row.group;
      if (row.item === null) {
        box(left + cw[0], ry, cw[1] + cw[2], rowH);
        text(row.group, left + cw[0], ry, cw[1] + cw[2], rowH, { align: 'left', size: row.group.length > 20 ? 7 : 8 });
      } else {
        if (firstOfGroup) {
          const n = t.rows.filter((x) => x.group === row.group).length;
          box(left + cw[0], ry, cw[1], n * rowH);
          text(row.group, left + cw[0], ry, cw[1], n * rowH, { align: 'left' });
        }
        box(left + cw[0] + cw[1], ry, cw[2], rowH);
        text(row.item, left + cw[0] + cw[1], ry, cw[2], rowH, { align: 'left', size: row.item.length > 30 ? 6.5 : 8 });
      }
    }
    t.columns.forEach((c, j) => {
      box(dx + dataW * j, ry, dataW, rowH);
      text(String(row.cells[c.code]), dx + dataW * j, ry, dataW, rowH);
    });
  });
  box(left, threeStart, cw[0], threeRows.length * rowH);
  text('三、本年度办理结果', left, threeStart, cw[0], threeRows.length * rowH);

  // 表四 on the second page.
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
  const f = r.tableFour;
  text('四、政府信息公开行政复议、行政诉讼情况', left, top, width, 14, { font: 'bold', size: 11, align: 'left' });
  const w4 = width / 15;
  y = top + 22;
  box(left, y, w4 * 5, 2 * rowH * 1.4);
  text('行政复议', left, y, w4 * 5, 2 * rowH * 1.4);
  box(left + w4 * 5, y, w4 * 10, rowH * 1.4);
  text('行政诉讼', left + w4 * 5, y, w4 * 10, rowH * 1.4);
  box(left + w4 * 5, y + rowH * 1.4, w4 * 5, rowH * 1.4);
  text('未经复议直接起诉', left + w4 * 5, y + rowH * 1.4, w4 * 5, rowH * 1.4);
  box(left + w4 * 10, y + rowH * 1.4, w4 * 5, rowH * 1.4);
  text('复议后起诉', left + w4 * 10, y + rowH * 1.4, w4 * 5, rowH * 1.4);
  y += 2 * rowH * 1.4;
  f.groups.forEach((g, gi) => f.columns.forEach((c, ci) => {
    const x = left + w4 * (gi * 5 + ci);
    box(x, y, w4, rowH * 1.6);
    text(c.label, x, y, w4, rowH * 1.6);
    box(x, y + rowH * 1.6, w4, rowH * 1.6);
    text(String(g.cells[c.code]), x, y + rowH * 1.6, w4, rowH * 1.6);
  }));
  doc.end();
  return done;
}

// ---- The draft of the whole report (Markdown) ----

const PLACEHOLDER = (what: string) => `【请填写：${what}】`;

/**
 * The six sections of the 2021 format with tables three and four filled in. Markdown: any editor opens it, it
 * diffs line by line between drafts, and pandoc turns it into the DOCX or the web page the office publishes.
 */
export function reportMarkdown(r: AnnualReport): string {
  const t = r.tableThree;
  const f = r.tableFour;
  const total = (code: string) => t.rows.find((x) => x.code === code)!.cells.TOTAL;
  const md: string[] = [];
  md.push(`# ${r.agency.name}${r.year}年政府信息公开工作年度报告`, '');
  if (!r.ok) md.push(`> 注意：本草稿的表格未通过校验，发布前须更正或说明。${r.checks.filter((c) => !c.ok).map((c) => c.message).join('；')}`, '');
  md.push(
    `本报告依据《中华人民共和国政府信息公开条例》第四十九条、第五十条和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制。报告所列数据的统计期限自${r.year}年1月1日起至${r.year}年12月31日止。`,
    '',
    '## 一、总体情况',
    '',
    `${r.year}年，本机关共收到政府信息公开申请${total('一')}件，上年结转${total('二')}件，本年度办结${total('三(七)')}件，结转下年度继续办理${total('四')}件。`,
    '',
    PLACEHOLDER('主动公开、依申请公开、政府信息管理、平台建设、监督保障等工作的总体情况'),
    '',
    '## 二、主动公开政府信息情况',
    '',
    PLACEHOLDER('表二 主动公开政府信息情况（规章、行政规范性文件、行政许可、行政处罚、行政强制、行政事业性收费）'),
    '',
    '## 三、收到和处理政府信息公开申请情况',
    '',
    `| 项目 | | | ${t.columns.map((c) => c.label).join(' | ')} |`,
    `|---|---|---|${t.columns.map(() => '---:').join('|')}|`,
    ...t.rows.map((row) => `| ${row.part} | ${row.group ?? ''} | ${row.item ?? ''} | ${t.columns.map((c) => row.cells[c.code]).join(' | ')} |`),
    '',
    `注：${t.header.note.replace(/[（）]/g, '')}。商业企业、科研机构、社会公益组织、法律服务机构、其他五列为法人或其他组织。`,
    '',
    '## 四、政府信息公开行政复议、行政诉讼情况',
    '',
    `| ${f.groups.flatMap((g) => f.columns.map((c) => `${g.label}：${c.label}`)).join(' | ')} |`,
    `|${f.groups.flatMap(() => f.columns.map(() => '---:')).join('|')}|`,
    `| ${f.groups.flatMap((g) => f.columns.map((c) => g.cells[c.code])).join(' | ')} |`,
    '',
    '## 五、存在的主要问题及改进情况',
    '',
    PLACEHOLDER('本年度工作存在的主要问题、上年度问题的改进情况和下一步工作安排'),
    '',
    '## 六、其他需要报告的事项',
    '',
    PLACEHOLDER('依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，以及其他需要报告的事项'),
    '',
  );
  return md.join('\n');
}
