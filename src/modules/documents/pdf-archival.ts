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
