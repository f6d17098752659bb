import { deflateSync } from 'node:zlib';
import { imageDimensionProblem, pdfActiveContent } from './attachment.js';
import { samplePdf, samplePng, sampleTiff } from './testing/sample-files.js';

const pdf = (catalogExtra: string) => Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog${catalogExtra}>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1');
const objectStream = (content: string, filter = '/Filter/FlateDecode') => {
  const body = filter ? deflateSync(Buffer.from(content, 'latin1')) : Buffer.from(content, 'latin1');
  return Buffer.concat([Buffer.from(`%PDF-1.5\n5 0 obj<</Type/ObjStm/N 1/First 4${filter}/Length ${body.length}>>stream\n`, 'latin1'), body, Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1')]);
};

describe('pdfActiveContent', () => {
  it('finds nothing in an inert PDF, nor in names that merely start like an active one', () => {
    expect(pdfActiveContent(samplePdf())).toBeNull();
    expect(pdfActiveContent(pdf('/JSON(1)/Launcher 2/Lang(zh-CN)'))).toBeNull();
    expect(pdfActiveContent(objectStream('4 0 <</Type/Page/Contents 6 0 R>>'))).toBeNull();
  });

  it.each([
    ['/OpenAction<</S/JavaScript/JS(app.alert\\(1\\))>>', 'JavaScript'],
    ['/AA<</O<</S/J#61vaScript>>>>', 'JavaScript'],
    ['/OpenAction<</S/Launch/F(cmd.exe)>>', 'Launch'],
    ['/Names<</EmbeddedFiles 3 0 R>>', 'EmbeddedFiles'],
    ['/AcroForm<</XFA 7 0 R>>', 'XFA'],
  ])('finds %s', (extra, name) => {
    expect(pdfActiveContent(pdf(extra))).toBe(name);
  });

  it('reads deflated and plain object streams, and refuses one it cannot read', () => {
    expect(pdfActiveContent(objectStream('4 0 <</S/JavaScript/JS 9 0 R>>'))).toBe('JavaScript');
    expect(pdfActiveContent(objectStream('4 0 <</S/Launch>>', ''))).toBe('Launch');
    const damaged = Buffer.from('%PDF-1.5\n5 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length 9>>stream\nnot zlib!\nendstream\nendobj\n%%EOF\n', 'latin1');
    expect(pdfActiveContent(damaged)).toBe('ObjStm');
  });
});

describe('imageDimensionProblem', () => {
  it('accepts small images and images without a readable size', () => {
    expect(imageDimensionProblem(samplePng())).toBeNull();
    expect(imageDimensionProblem(sampleTiff())).toBeNull();
    expect(imageDimensionProblem(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBeNull();
  });

  it('refuses a header declaring a decompression bomb', () => {
    const png = samplePng();
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    expect(imageDimensionProblem(png)).toBe('100000 × 100000 pixels');
    png.writeUInt32BE(40_000, 16);
    png.writeUInt32BE(1, 20);
    expect(imageDimensionProblem(png)).toBe('40000 × 1 pixels');
  });
});
