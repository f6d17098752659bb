import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { kindRule, type DocumentKind } from '../../src/modules/letters/document-kinds.js';
import { LETTERS } from '../../src/modules/letters/letter-catalogue.js';
import { PdfFonts } from '../../src/modules/documents/pdf-fonts.js';
import { MIN_PITCH, onePagePitch, PAGE, renderPdf } from '../../src/modules/documents/pdf-renderer.js';
import type { ReplyContext } from '../../src/modules/documents/reply-context.js';
import { SAMPLE_REPLY_CONTEXT } from '../../src/modules/documents/sample-context.js';
import { TemplateRegistry } from '../../src/modules/documents/template-registry.js';
import { pdfText, sealPng } from './documents-pdf.helpers.js';

const registry = TemplateRegistry.load('templates', LETTERS);
const fonts = PdfFonts.load({ regular: null, bold: null, fallbacks: null });

const compose = (kind: DocumentKind, context: ReplyContext = SAMPLE_REPLY_CONTEXT, draft = false) =>
  registry.render(kind, { context, blanks: kindRule(kind).exampleBlanks, seq: draft ? undefined : 12 });

/** poppler's view of a PDF: page count and, per font, whether it is embedded. */
function poppler(pdf: Buffer): { pages: number; fonts: { name: string; embedded: boolean }[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gk-pdfa-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
    const rows = execFileSync('pdffonts', [file]).toString().split('\n').slice(2).filter(Boolean);
    // name type… encoding emb sub uni object ID: the three yes/no columns come before the object number.
    return { pages, fonts: rows.map((r) => ({ name: r.split(/\s+/)[0], embedded: /\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(r)?.[1] === 'yes' })) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF/A identification of a PDF as a validator reads it: XMP entries, Info/XMP agreement, the output intent. */
function pdfaMarkers(pdf: Buffer) {
  const text = pdf.toString('latin1');
  const object = (n: string) => new RegExp(`\\n${n} 0 obj\\n<<([\\s\\S]*?)>>\\n(?:stream\\n|endobj)`).exec(text);
  const xmpStart = text.indexOf('<?xpacket begin=');
  const xmp = Buffer.from(text.slice(xmpStart, text.indexOf('<?xpacket end=', xmpStart)), 'latin1').toString('utf8');
  const intentRef = /\/OutputIntents \[(\d+) 0 R\]/.exec(text)?.[1];
  const intent = intentRef ? object(intentRef)?.[1] ?? '' : '';
  const profileRef = /\/DestOutputProfile (\d+) 0 R/.exec(intent)?.[1];
  let icc: Buffer | null = null;
  if (profileRef) {
    const m = new RegExp(`\\n${profileRef} 0 obj\\n<<([\\s\\S]*?)>>\\nstream\\n`).exec(text)!;
    const start = m.index + m[0].length;
    const raw = pdf.subarray(start, text.indexOf('\nendstream', start));
    icc = /FlateDecode/.test(m[1]) ? inflateSync(raw) : raw;
  }
  // Info values are indirect objects: `/CreationDate 17 0 R` … `17 0 obj\n(D:20260409160000Z)`.
  const infoDate = (key: string) => {
    const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(text)?.[1];
    return ref ? new RegExp(`\\n${ref} 0 obj\\n\\(D:(\\d{14})Z\\)`).exec(text)?.[1] : undefined;
  };
  return {
    header: text.slice(0, 8),
    part: /<pdfaid:part>(\d)<\/pdfaid:part>/.exec(xmp)?.[1],
    conformance: /<pdfaid:conformance>(\w)<\/pdfaid:conformance>/.exec(xmp)?.[1],
    xmpCreate: /<xmp:CreateDate>([^<]+)</.exec(xmp)?.[1],
    xmpModify: /<xmp:ModifyDate>([^<]+)</.exec(xmp)?.[1],
    infoCreate: infoDate('CreationDate'),
    infoModify: infoDate('ModDate'),
    intent: /\/S \/GTS_PDFA1/.test(intent) && /OutputConditionIdentifier \(sRGB IEC61966-2.1\)/.test(intent),
    iccSignature: icc?.subarray(36, 40).toString('latin1'),
    iccColourSpace: icc?.subarray(16, 20).toString('latin1'),
    encrypted: /\/Encrypt\b/.test(text),
    fileId: /\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/.test(text),
  };
}

describe('archival PDFs: PDF/A-2b identification and one-page forms', () => {
  it.each([
    ['an issued reply', () => compose('PARTIAL')],
    ['a draft (transparent 草稿 watermark)', () => compose('PARTIAL', SAMPLE_REPLY_CONTEXT, true)],
    ['an issued receipt', () => compose('RECEIPT')],
  ] as const)('should write %s as PDF/A-2b: pdfaid part 2 conformance B, an sRGB output intent, every font embedded', async (_label, make) => {
    const pdf = await renderPdf(make(), fonts, { onePage: true });
    const m = pdfaMarkers(pdf);
    expect(m).toMatchObject({ header: '%PDF-1.7', part: '2', conformance: 'B', intent: true, iccSignature: 'acsp', iccColourSpace: 'RGB ', encrypted: false, fileId: true });
    // Every Info date has its XMP twin, the same instant (the signing day, 00:00 in Beijing).
    expect(m.xmpCreate).toBe('2026-04-09T16:00:00Z');
    expect(m.xmpModify).toBe(m.xmpCreate);
    expect(m.infoCreate).toBe('20260409160000');
    expect(m.infoModify).toBe(m.infoCreate);
    const { fonts: used } = poppler(pdf);
    expect(used.length).toBeGreaterThanOrEqual(2);
    expect(used.filter((f) => !f.embedded)).toEqual([]);
  });

  it.each(['RECEIPT', 'CORRECTION_NOTICE'] as const)('should set the %s on one A4 page, body text still 16 pt, lines at least 1.37 em apart', async (kind) => {
    const document = compose(kind);
    // On the standard grid it runs onto a second page: this is what the one-page layout is for.
    expect(poppler(await renderPdf(document, fonts)).pages).toBe(2);
    for (const sealImage of [undefined, await sealPng()]) {
      const pdf = await renderPdf(document, fonts, { onePage: true, sealImage });
      expect(poppler(pdf).pages).toBe(1);
      const text = await pdfText(pdf);
      for (const p of [...document.paragraphs, document.signature.agencyName, '2026年4月10日', `（${document.note}）`]) expect(text).toContain(p.replace(/\s+/g, ''));
      const pitch = onePagePitch(document, fonts, sealImage !== undefined);
      expect(pitch).toBeGreaterThanOrEqual(MIN_PITCH);
      expect(pitch).toBeLessThan(PAGE.textHeight / 22);
      expect(MIN_PITCH / 16).toBeGreaterThan(1.37);
    }
    expect(LETTERS.letter(kind)?.onePage).toBe(true);
  });

  it('should keep the standard grid, and a second page, for a form too long for one page even when tightened', async () => {
    const long = compose('RECEIPT', { ...SAMPLE_REPLY_CONTEXT, case: { ...SAMPLE_REPLY_CONTEXT.case, requestDescription: '关于青山镇土地征收补偿安置的全部文件'.repeat(30) } });
    expect(onePagePitch(long, fonts, false)).toBeCloseTo(PAGE.textHeight / 22, 6);
    const pdf = await renderPdf(long, fonts, { onePage: true });
    expect(poppler(pdf).pages).toBeGreaterThan(1);
    expect(LETTERS.letter('PARTIAL')?.onePage).toBe(false);
  });
});
