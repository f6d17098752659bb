import { createHash } from 'node:crypto';
import { getDocumentProxy } from 'unpdf';
import { kindRule, DOCUMENT_KINDS, type DocumentKind } from '../../src/modules/letters/document-kinds.js';
import { PdfFonts } from '../../src/modules/documents/pdf-fonts.js';
import { renderPdf } from '../../src/modules/documents/pdf-renderer.js';
import type { ReplyContext } from '../../src/modules/documents/reply-context.js';
import { SAMPLE_REPLY_CONTEXT } from '../../src/modules/documents/sample-context.js';
import { TemplateRegistry } from '../../src/modules/documents/template-registry.js';
import { AgencyType } from '../../src/modules/agencies/agency-type.js';
import { formatArticle } from '../../src/modules/letters/legal-basis.js';
import { remedyClause } from '../../src/modules/letters/remedy-clause.js';
import { REPLY_TYPES } from '../../src/modules/letters/reply-types.js';
import { pdfText, rasterize, rawPdfText, squash } from './documents-pdf.helpers.js';
import { LETTERS } from '../../src/modules/letters/letter-catalogue.js';

const registry = TemplateRegistry.load('templates', LETTERS);
const fonts = PdfFonts.load({ regular: null, bold: null, fallbacks: null });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function render(kind: DocumentKind, context: ReplyContext = SAMPLE_REPLY_CONTEXT, seq: number | null = 12) {
  const document = registry.render(kind, { context, blanks: kindRule(kind).exampleBlanks, seq: seq ?? undefined });
  return { document, pdf: await renderPdf(document, fonts) };
}

describe('official document PDFs', () => {
  describe.each(DOCUMENT_KINDS)('%s', (kind) => {
    let rendered: Awaited<ReturnType<typeof render>>;
    let text: string;

    beforeAll(async () => {
      rendered = await render(kind);
      text = await pdfText(rendered.pdf);
    });

    it('should carry its title, 文号, addressee and signing date as extractable text', () => {
      const { document } = rendered;
      expect(text).toContain(document.title);
      expect(text).toContain(document.documentNumber);
      expect(text).toContain(`${document.recipient}：`);
      expect(text).toContain('示例县自然资源局2026年4月10日');
    });

    it('should number its pages — 1 — …', async () => {
      expect(await rawPdfText(rendered.pdf)).toContain('—1—');
    });

    it('should cite its legal basis to the article, paragraph and item', () => {
      const { citations, sentence } = kindRule(kind).legalBasis({ ...kindRule(kind).exampleBlanks });
      expect(text).toContain(squash(sentence));
      for (const c of citations.filter((c) => c.article !== undefined)) expect(text).toContain(formatArticle(c));
    });

    it('should carry the right remedy clause, or none where the document has none', () => {
      const clause = kindRule(kind).remedy(SAMPLE_REPLY_CONTEXT.agency, SAMPLE_REPLY_CONTEXT.issuedOn);
      if (clause) expect(text).toContain(squash(clause));
      else expect(text).not.toContain('行政复议');
    });

    it('should show ink on its first page: black text and the red letterhead', () => {
      const page = rasterize(rendered.pdf);
      expect(page.width).toBeGreaterThan(200);
      expect(page.dark).toBeGreaterThan(0.01);
      expect(page.red).toBeGreaterThan(0.001);
    });
  });

  it.each([
    ['NOT_EXIST', '第三十六条第（四）项'],
    ['NOT_RESPONSIBLE', '第三十六条第（五）项'],
    ['WITHHOLD_PROCESS', '第十六条第二款'],
    ['PARTIAL', '第三十七条'],
  ] as const)('should print %s citing %s', async (kind, article) => {
    expect(await pdfText((await render(kind)).pdf)).toContain(article);
  });

  it('should tell a refused applicant to seek reconsideration first, and others that they may choose', async () => {
    const refused = await pdfText((await render('WITHHOLD_SECRET')).pdf);
    expect(refused).toContain('应当依照《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，自收到本答复之日起六十日内先向示例县人民政府申请行政复议');
    const answered = await pdfText((await render('NOT_EXIST')).pdf);
    expect(answered).toContain('也可以自收到本答复之日起六个月内向示例县人民法院提起行政诉讼');
    expect(answered).not.toContain('先向');
  });

  it.each([
    ['a township government', AgencyType.PEOPLES_GOVERNMENT, '示例县人民政府', '示例县人民法院'],
    ['a vertically managed tax bureau', AgencyType.VERTICALLY_MANAGED, '国家税务总局示例市税务局', '示例县人民法院'],
  ])('should name the reconsideration body of %s in every reply', async (_label, type, body, court) => {
    const agency = { ...SAMPLE_REPLY_CONTEXT.agency, type, reconsiderationBody: body, competentCourt: court };
    const context = { ...SAMPLE_REPLY_CONTEXT, agency };
    for (const kind of ['DISCLOSE', 'WITHHOLD_INTERNAL'] as const) {
      const text = await pdfText((await render(kind, context)).pdf);
      expect(text).toContain(squash(remedyClause(agency, kind, { decidedOn: context.issuedOn })));
    }
  });

  it('should produce the same bytes for the same document, so the archived hash can be recomputed', async () => {
    const a = await render('PARTIAL');
    const b = await render('PARTIAL');
    expect(sha256(a.pdf)).toBe(sha256(b.pdf));
    expect(a.pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const { info } = await (await getDocumentProxy(new Uint8Array(a.pdf))).getMetadata();
    // The signing date, 2026-04-10 00:00 in Beijing.
    expect(info).toMatchObject({ CreationDate: expect.stringMatching(/^D:20260409160000Z/), Title: '政府信息公开申请答复书', Author: '示例县自然资源局' });
  });

  it('should embed subsets of the fonts only (a page stays small)', async () => {
    const { pdf } = await render('NOT_EXIST');
    expect(pdf.length).toBeLessThan(120_000);
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/);
  });

  it('should print a rare name character from the fallback font and still look right', async () => {
    const context = { ...SAMPLE_REPLY_CONTEXT, applicant: { name: '吉𠮷' } };
    const { pdf } = await render('NOT_EXIST', context);
    expect(await pdfText(pdf)).toContain('吉𠮷：');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifCJKsc-Regular/);
    expect(rasterize(pdf).dark).toBeGreaterThan(0.01);
  });

  it('should refuse to print a name character no font has, rather than leave a blank', async () => {
    const bare = PdfFonts.load({ regular: null, bold: null, fallbacks: [] });
    const document = registry.render('NOT_EXIST', {
      context: { ...SAMPLE_REPLY_CONTEXT, applicant: { name: '吉𠮷' } },
      blanks: kindRule('NOT_EXIST').exampleBlanks,
      seq: 1,
    });
    await expect(renderPdf(document, bare)).rejects.toThrow(/U\+20BB7/);
  });

  it('should mark a preview as 草稿 with an open number, without a letterhead when the agency prints none', async () => {
    const context = { ...SAMPLE_REPLY_CONTEXT, agency: { ...SAMPLE_REPLY_CONTEXT.agency, letterhead: false } };
    const { pdf, document } = await render('DISCLOSE', context, null);
    const text = await pdfText(pdf);
    expect(document).toMatchObject({ draft: true, documentNumber: '示县自然资公开〔2026〕×号', letterhead: null });
    expect(text).toContain('草稿');
    expect(text).toContain('示县自然资公开〔2026〕×号');
    expect(text.indexOf('政府信息公开申请答复书')).toBeLessThan(text.indexOf('示县自然资公开〔2026〕'));
  });

  it('should continue a long reply on a second page, numbered — 2 —', async () => {
    const long = { ...kindRule('OTHER').exampleBlanks, decisionText: '本机关经调查核实，'.repeat(120) };
    const document = registry.render('OTHER', { context: SAMPLE_REPLY_CONTEXT, blanks: long, seq: 2 });
    const pdf = await renderPdf(document, fonts);
    const text = await pdfText(pdf);
    expect(await rawPdfText(pdf)).toContain('—2—');
    expect(text).toContain(squash(document.remedyClause!));
    expect(rasterize(pdf, 2).dark).toBeGreaterThan(0.005);
  });

  it('should render every reply type (sanity: the set matches REPLY_TYPES)', () => {
    expect(DOCUMENT_KINDS.filter((k) => kindRule(k).isReply)).toEqual([...REPLY_TYPES]);
  });
});
