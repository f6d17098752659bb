/**
 * PDF/A-2b (ISO 19005-2, level B) for what the system writes for the record (GB/T 18894-2016 电子文件归档: 版式文件
 * in PDF/A): pdfkit adds the pdfaid XMP entries and an sRGB OutputIntent when asked; every font these documents use
 * is embedded (no standard 14 fonts), and nothing here uses what PDF/A forbids (encryption, JavaScript, external
 * content). PDF/A-2 allows the transparency of the draft watermark.
 */
export const PDFA_OPTIONS = { pdfVersion: '1.7', subset: 'PDF/A-2b' } as const;

/** PDF/A wants every Info entry mirrored in the XMP; pdfkit writes all but ModDate (xmp:ModifyDate). */
export function addModifyDate(doc: PDFKit.PDFDocument, date: Date): void {
  doc.appendXML(`
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:ModifyDate>${date.toISOString().split('.')[0]}Z</xmp:ModifyDate>
        </rdf:Description>
        `);
}

/**
 * XML 1.0 character data: `&` and `<` escaped (and `>`, for `]]>`), and the characters XML 1.0 does not allow at
 * all dropped (C0 controls other than tab and line breaks, U+FFFE/U+FFFF, unpaired surrogates), so that any title
 * or agency name gives a well-formed XMP packet.
 */
export function escapeXmlText(text: string): string {
  let out = '';
  // By code point: a surrogate pair is one character, an unpaired surrogate one of its own (and not allowed).
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!(cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000)) continue;
    out += ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch;
  }
  return out;
}

interface PdfKitMetadataInternals {
  info: Record<string, unknown>;
  /** pdfkit 0.20 (MetadataMixin): writes the XMP Description entries from `info` by plain interpolation. */
  _addInfo(): void;
}

/**
 * pdfkit interpolates the Info values (Title, Author, Subject, Keywords, Creator, Producer) into the XMP packet as
 * they are, so a title or agency name with `&` or `<` would make the packet malformed XML, which a PDF/A validator
 * rejects. The Info dictionary must keep the raw strings (PDF strings need no XML escaping), and pdfkit writes it
 * before the XMP, from the same `info`; so only while pdfkit builds the XMP does it see escaped values.
 */
export function escapeXmpInfo(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as PdfKitMetadataInternals;
  const addInfo = internals._addInfo;
  // Fails loudly (every render) should a pdfkit upgrade rename the hook, rather than writing unescaped XMP again.
  if (typeof addInfo !== 'function') throw new Error('pdfkit no longer builds the XMP in _addInfo: check escapeXmpInfo');
  internals._addInfo = function (this: PdfKitMetadataInternals) {
    const raw = this.info;
    this.info = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === 'string' ? escapeXmlText(value) : value]));
    try {
      addInfo.call(this);
    } finally {
      this.info = raw;
    }
  };
}
