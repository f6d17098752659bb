import { SaxesParser } from 'saxes';
import { escapeXmlText } from './pdf-archival.js';
import { PdfFonts } from './pdf-fonts.js';
import { renderPdf } from './pdf-renderer.js';
import { startTablePdf } from './pdf-table.js';

const fonts = PdfFonts.load({ regular: null, bold: null, fallbacks: [] });
const TITLE = 'A&B<C>';
const AGENCY = '示例县<自然资源局>&档案室';

/**
 * The XMP packet of a PDF read by a strict XML parser (namespaces checked): its well-formedness errors, and the
 * text of each element that has any, by element name (the rdf:li entries in order).
 */
function xmp(pdf: Buffer): { errors: string[]; text: Record<string, string[]> } {
  const bytes = pdf.toString('latin1');
  const start = bytes.indexOf('<?xpacket begin=');
  const endMarker = '<?xpacket end="w"?>';
  const end = bytes.indexOf(endMarker, start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const packet = Buffer.from(bytes.slice(start, end + endMarker.length), 'latin1').toString('utf8');
  const parser = new SaxesParser({ xmlns: true });
  const errors: string[] = [];
  const text: Record<string, string[]> = {};
  const open: string[] = [];
  parser.on('error', (e) => errors.push(e.message));
  parser.on('opentag', (tag) => open.push(tag.name));
  parser.on('closetag', () => open.pop());
  parser.on('text', (t) => {
    if (t.trim() && open.length) (text[open[open.length - 1]!] ??= []).push(t);
  });
  parser.write(packet).close();
  return { errors, text };
}

/** The Info dictionary's value for `key` as written: `/Title 12 0 R` … `12 0 obj\n(A&B<C>)\nendobj`. */
function infoString(pdf: Buffer, key: string): string | undefined {
  const bytes = pdf.toString('latin1');
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(bytes)?.[1];
  return ref ? new RegExp(`\\n${ref} 0 obj\\n\\((.*)\\)\\nendobj`).exec(bytes)?.[1] : undefined;
}

describe('XMP metadata of archival PDFs', () => {
  it('should write well-formed XMP for a letter whose title and agency name hold &, < and >, and keep the raw title in the Info dictionary', async () => {
    const pdf = await renderPdf(
      {
        templateId: 'test',
        templateVersion: 1,
        kind: 'RECEIPT',
        series: 'test',
        letterhead: AGENCY,
        documentNumber: '示县自然资公开〔2026〕12号',
        title: TITLE,
        recipient: '张三',
        paragraphs: ['你于2026年3月2日提出的政府信息公开申请已收到。'],
        legalBasis: '',
        remedyClause: null,
        signature: { agencyName: AGENCY, date: '2026-03-02' },
        note: null,
        draft: false,
      },
      fonts,
    );
    const { errors, text } = xmp(pdf);
    expect(errors).toEqual([]);
    // The parser reads the escaped values back as the raw strings.
    expect(text['rdf:li']).toEqual([TITLE, AGENCY, '示县自然资公开〔2026〕12号']);
    expect(text['pdfaid:part']).toEqual(['2']);
    expect(infoString(pdf, 'Title')).toBe(TITLE);
  });

  it('should write well-formed XMP for a table PDF with such a title', async () => {
    const table = startTablePdf({ width: 842, height: 595, margin: 40, info: { Title: TITLE, Author: AGENCY, date: new Date('2026-03-02T00:00:00+08:00') } }, fonts);
    const pdf = await table.finish();
    const { errors, text } = xmp(pdf);
    expect(errors).toEqual([]);
    expect(text['rdf:li']).toEqual([TITLE, AGENCY]);
    expect(infoString(pdf, 'Title')).toBe(TITLE);
  });
});

describe('escapeXmlText', () => {
  it('should escape the markup characters and keep everything else, CJK Ext-B included', () => {
    expect(escapeXmlText('A&B<C>"\'&amp; 张𠮷\t\n')).toBe('A&amp;B&lt;C&gt;"\'&amp;amp; 张𠮷\t\n');
  });

  it('should drop what XML 1.0 does not allow at all: C0 controls, U+FFFF and unpaired surrogates', () => {
    expect(escapeXmlText('a\u0000b\u0007c\u001Fd\uFFFFe\uD800f\uDC00g')).toBe('abcdefg');
  });
});
