import { FIELD_ERROR_MESSAGES } from '../../../common/errors/error-code.js';
import { createHash } from 'node:crypto';
import { AttachmentRejectedError, inspectAttachment, MAX_FILE_NAME_LENGTH, sanitizeFileName } from './attachment.js';
import { sampleGif, sampleJpeg, samplePdf, samplePng, sampleTiff, sampleZip } from './testing/sample-files.js';

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AttachmentRejectedError) return e.code;
    throw e;
  }
  return 'ACCEPTED';
}

describe('inspectAttachment', () => {
  it.each([
    ['申请书.pdf', 'application/pdf', samplePdf, 'application/pdf', '申请书.pdf'],
    ['身份证.JPG', 'image/jpeg', sampleJpeg, 'image/jpeg', '身份证.JPG'],
    ['photo.jpeg', 'image/jpg', sampleJpeg, 'image/jpeg', 'photo.jpeg'],
    ['信封.png', 'image/png', samplePng, 'image/png', '信封.png'],
    ['传真第1页.tif', 'image/tiff', sampleTiff, 'image/tiff', '传真第1页.tif'],
    ['scan.tiff', 'application/octet-stream', sampleTiff, 'image/tiff', 'scan.tiff'],
  ])('should accept %s claimed as %s', async (name, claimed, make, contentType, filename) => {
    const bytes = make();
    const sut = await inspectAttachment(bytes, name, claimed);
    expect(sut).toEqual({ filename, contentType, byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  it('should give a name without an extension the sniffed one, and a missing name a default', async () => {
    expect((await inspectAttachment(samplePdf(), '扫描件', null)).filename).toBe('扫描件.pdf');
    expect((await inspectAttachment(samplePdf(), '补正材料 v1.2', undefined)).filename).toBe('补正材料 v1.2.pdf');
    expect((await inspectAttachment(samplePng(), '', '')).filename).toBe('attachment.png');
    expect((await inspectAttachment(samplePng(), '../../', 'image/png')).filename).toBe('attachment.png');
  });

  it.each([
    ['a.gif', 'image/gif', sampleGif, 'ATTACHMENT_TYPE_NOT_ALLOWED'],
    ['a.zip', 'application/zip', sampleZip, 'ATTACHMENT_TYPE_NOT_ALLOWED'],
    ['a.pdf', 'application/pdf', () => Buffer.from('MZ\x90\x00 this is not a pdf'), 'ATTACHMENT_TYPE_NOT_ALLOWED'],
    ['a.pdf', 'application/pdf', () => Buffer.from('<html><script>alert(1)</script></html>'), 'ATTACHMENT_TYPE_NOT_ALLOWED'],
    ['a.pdf', 'image/png', samplePdf, 'ATTACHMENT_TYPE_MISMATCH'],
    ['a.png', 'image/png', samplePdf, 'ATTACHMENT_TYPE_MISMATCH'],
    ['a.docx', null, samplePdf, 'ATTACHMENT_TYPE_MISMATCH'],
    ['a.exe', 'application/octet-stream', sampleJpeg, 'ATTACHMENT_TYPE_MISMATCH'],
    ['a.jpg', 'image/png', sampleJpeg, 'ATTACHMENT_TYPE_MISMATCH'],
    ['empty.pdf', 'application/pdf', () => Buffer.alloc(0), 'ATTACHMENT_EMPTY'],
  ])('should refuse %s claimed as %s', async (name, claimed, make, code) => {
    expect(await rejection(inspectAttachment(make(), name, claimed))).toBe(code);
  });

  it('should refuse a file over the size limit, and accept one exactly at it', async () => {
    const pdf = samplePdf();
    expect(await rejection(inspectAttachment(pdf, 'a.pdf', 'application/pdf', { maxBytes: pdf.length - 1 }))).toBe('ATTACHMENT_TOO_LARGE');
    expect(await rejection(inspectAttachment(pdf, 'a.pdf', 'application/pdf', { maxBytes: pdf.length }))).toBe('ACCEPTED');
  });

  it('should ignore parameters and case in the claimed type', async () => {
    expect((await inspectAttachment(samplePdf(), 'a.pdf', 'Application/PDF; name="a.pdf"')).contentType).toBe('application/pdf');
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['C:\\Users\\张三\\Desktop\\申请书.pdf', '申请书.pdf'],
    ['/etc/passwd', 'passwd'],
    ['../../secret.pdf', 'secret.pdf'],
    ['evil\u202Efdp.exe', 'evilfdp.exe'],
    ['a\u0000b\u0007c\r\n.pdf', 'abc.pdf'],
    ['  .hidden.pdf  ', 'hidden.pdf'],
    ['what?<>:"|*.pdf', 'what_______.pdf'],
    ['ＡＢＣ（一）.pdf', 'ABC(一).pdf'],
    ['CON.pdf', '_CON.pdf'],
    ['名单   2025 .pdf', '名单 2025 .pdf'],
    ['report.pdf...', 'report.pdf'],
    ['\uD800broken.pdf', 'broken.pdf'],
    ['', ''],
  ])('should turn %j into %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('should keep at most 120 characters, Chinese counted as one each, and keep the extension', () => {
    const sut = sanitizeFileName(`${'政府信息公开申请'.repeat(30)}.pdf`);
    expect([...sut]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(sut).toMatch(/^政府信息公开申请.*\.pdf$/);
  });

  it('should return an empty name for non-strings', () => {
    expect(sanitizeFileName(undefined)).toBe('');
    expect(sanitizeFileName({ name: 'a.pdf' })).toBe('');
  });
});

describe('attachment error codes', () => {
  it('should have a Chinese message for every rejection code', () => {
    for (const code of ['ATTACHMENT_EMPTY', 'ATTACHMENT_TOO_LARGE', 'ATTACHMENT_TYPE_NOT_ALLOWED', 'ATTACHMENT_TYPE_MISMATCH', 'ATTACHMENT_UNAVAILABLE']) {
      expect([code, FIELD_ERROR_MESSAGES[code]]).toEqual([code, expect.stringMatching(/[\u4e00-\u9fff]/)]);
    }
  });
});
