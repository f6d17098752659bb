import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { DOCUMENT_KINDS, kindRule, type DocumentKind } from '../../src/modules/letters/document-kinds.js';
import type { OfficialDocument } from '../../src/modules/documents/official-document.js';
import { PdfFonts } from '../../src/modules/documents/pdf-fonts.js';
import { renderPdf } from '../../src/modules/documents/pdf-renderer.js';
import type { ReplyContext } from '../../src/modules/documents/reply-context.js';
import { SAMPLE_REPLY_CONTEXT } from '../../src/modules/documents/sample-context.js';
import { TemplateRegistry } from '../../src/modules/documents/template-registry.js';
import { pdfText, rasterize, sealPng } from './documents-pdf.helpers.js';
import { LETTERS } from '../../src/modules/letters/letter-catalogue.js';

const registry = TemplateRegistry.load('templates', LETTERS);
const fonts = PdfFonts.load({ regular: null, bold: null, fallbacks: null });

/** The text lines of each page as pdftotext -layout sets them (poppler-utils), blank lines and page numbers dropped. */
function pageLines(pdf: Buffer): string[][] {
  const dir = mkdtempSync(path.join(tmpdir(), 'gk-layout-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
    return Array.from({ length: pages }, (_, i) =>
      execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'])
        .toString()
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !/^—\s*\d+\s*—$/.test(l) && !l.startsWith('草稿（预览）')),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `seq` null: a draft. */
async function render(kind: DocumentKind, context: ReplyContext = SAMPLE_REPLY_CONTEXT, blanks: Record<string, unknown> = {}, seq: number | null = 12) {
  const document = registry.render(kind, { context, blanks: { ...kindRule(kind).exampleBlanks, ...blanks }, seq: seq ?? undefined });
  return { document, pdf: await renderPdf(document, fonts) };
}

/** A document laid out directly: `fill` paragraphs of body text, and a note of the given length. */
function synthetic(fill: number, note: string, closing = false): OfficialDocument {
  return {
    templateId: 'OTHER',
    templateVersion: 1,
    kind: 'OTHER',
    series: 'REPLY',
    letterhead: '示例县自然资源局',
    documentNumber: '示县自然资公开〔2026〕12号',
    title: '政府信息公开申请答复书',
    recipient: '张三',
    paragraphs: [...Array.from({ length: fill }, (_, i) => `第${i + 1}段：本机关于2026年3月2日收到您提出的政府信息公开申请，经审查，现答复如下。`), ...(closing ? ['特此告知。'] : [])],
    legalBasis: '',
    remedyClause: null,
    signature: { agencyName: '示例县自然资源局', date: '2026-04-10' },
    note,
    draft: false,
  };
}

const LONG_NOTE = '受理编号：SLXZR-2026-000012；送达方式：邮寄；邮寄地址：示例县人民路2号示例小区3栋2单元501室，邮政编码：100000，收件人：张三';

describe('official document layout (pages rendered and read back)', () => {
  it('should put a ten-line reply, and a short notice, on one page', async () => {
    const tenLines = pageLines(await renderPdf(synthetic(5, '受理编号：SLXZR-2026-000012；送达方式：邮寄'), fonts));
    expect(tenLines).toHaveLength(1);
    expect(tenLines[0].join('')).toContain('2026年4月10日');
    expect(pageLines((await render('CLOSURE_NOTICE', { ...SAMPLE_REPLY_CONTEXT, history: [] })).pdf)).toHaveLength(1);
  });

  it.each(DOCUMENT_KINDS)('%s: no page holds fewer than three lines, the 附注 and the date stay together', async (kind) => {
    const { pdf } = await render(kind);
    const pages = pageLines(pdf);
    for (const lines of pages) expect(lines.length).toBeGreaterThanOrEqual(3);
    const last = pages[pages.length - 1].join('');
    expect(last).toContain('2026年4月10日');
    expect(last).toContain('（受理编号：SLXZR-2026-000012');
  });

  // Paragraph counts around the page break: the signature block, the date and a 附注 that wraps to two lines
  // must never leave page 2 with a tail only.
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].flatMap((fill) => [[fill, false] as const, [fill, true] as const]))('should keep the signature, the date and a two-line 附注 with the last lines of the text (%i paragraphs, closing line: %s)', async (fill, closing) => {
    const pages = pageLines(await renderPdf(synthetic(fill, LONG_NOTE, closing), fonts));
    for (const lines of pages) expect(lines.length).toBeGreaterThanOrEqual(3);
    const last = pages[pages.length - 1].join('');
    expect(last).toContain('2026年4月10日');
    expect(last).toContain('（受理编号');
    expect(last).toContain('收件人：张三）');
    if (pages.length > 1) expect(pages[pages.length - 1].some((l) => l.includes('现答复如下') || l === '特此告知。')).toBe(true);
  });

  it('should print no seal placeholder on an issued document', async () => {
    for (const kind of ['NOT_EXIST', 'RECEIPT', 'CORRECTION_NOTICE', 'CLOSURE_NOTICE'] as const) {
      const { pdf } = await render(kind);
      expect(await pdfText(pdf)).not.toContain('印章');
    }
  });

  it('should press a configured electronic seal image on issued documents only, never on drafts', async () => {
    const seal = await sealPng();
    const lastPage = async (document: OfficialDocument, sealImage?: Buffer) => {
      const pdf = await renderPdf(document, fonts, { sealImage });
      return rasterize(pdf, pageLines(pdf).length, 30).red;
    };
    const issued = (await render('CLOSURE_NOTICE')).document;
    const plain = await lastPage(issued);
    const sealed = await lastPage(issued, seal);
    expect(sealed).toBeGreaterThan(plain + 0.002);
    const draft = (await render('CLOSURE_NOTICE', SAMPLE_REPLY_CONTEXT, {}, null)).document;
    expect(await lastPage(draft, seal)).toBeLessThan(sealed - 0.002);
  });

  it('should watermark drafts 草稿 on every page and say in the margin that they are not issued', async () => {
    const { pdf } = await render('PARTIAL', SAMPLE_REPLY_CONTEXT, {}, null);
    const text = await pdfText(pdf);
    expect(text).toContain('草稿（预览）：未签发，不作为正式文书使用');
    const issued = await pdfText((await render('PARTIAL')).pdf);
    expect(issued).not.toContain('草稿');
  });

  it('should keep Latin runs tight in justified lines: a tracking number is exactly as wide as its letters', async () => {
    const doc = synthetic(0, '受理编号：SLXZR-2026-000012');
    // Prefixes of 0 to 11 characters move the number along the line, so that it lands inside justified lines.
    doc.paragraphs = Array.from({ length: 12 }, (_, k) => `${'本机关已经依法'.repeat(3).slice(0, k)}受理编号为SLXZR-2026-000012的申请已于2026年4月10日答复完毕，请您查收本机关寄出的答复书。`);
    // What the renderer asks pdfkit to draw, with the letter spacing of each run.
    const drawn: { text: string; spacing: number }[] = [];
    const proto = PDFDocument.prototype as unknown as { text: (...args: unknown[]) => unknown };
    const original = proto.text;
    proto.text = function (this: unknown, ...args: unknown[]) {
      const [text, , , options] = args as [string, number, number, { characterSpacing?: number } | undefined];
      drawn.push({ text: String(text), spacing: options?.characterSpacing ?? 0 });
      return original.apply(this, args);
    };
    try {
      await renderPdf(doc, fonts);
    } finally {
      proto.text = original;
    }
    const code = 'SLXZR-2026-000012';
    const withCode = drawn.filter((d) => d.text.includes(code));
    expect(withCode.length).toBeGreaterThanOrEqual(12);
    // Justified lines are stretched (the runs around the number carry a spacing) …
    expect(drawn.filter((d) => d.spacing > 0.05).length).toBeGreaterThan(5);
    // … but the number itself is never letter-spaced.
    for (const run of withCode) expect(run).toEqual({ text: run.text, spacing: 0 });
  });
});
