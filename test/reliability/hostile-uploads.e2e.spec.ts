import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { AppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import { samplePdf, samplePng, sampleTiff } from '../../src/modules/attachments/domain/testing/sample-files.js';
import { webApplication } from '../setup/applications.js';
import { APPLICANT, OFFICER } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** A PDF whose catalog carries `extra` (e.g. an /OpenAction running JavaScript). */
function pdfWith(extra: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R${extra}>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );
}

/** A PDF 1.5 whose JavaScript action hides in a deflated object stream. */
function pdfWithScriptInObjectStream(): Buffer {
  const objects = '<</S/JavaScript/JS(app.alert\\(1\\))>>';
  const body = deflateSync(Buffer.from(`4 0 ${objects}`, 'latin1'));
  return Buffer.concat([
    Buffer.from('%PDF-1.5\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n', 'latin1'),
    Buffer.from(`5 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length ${body.length}>>stream\n`, 'latin1'),
    body,
    Buffer.from('\nendstream\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1'),
  ]);
}

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A PNG whose header declares width × height pixels (a decompression bomb's promise) with a tiny body. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([head, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('hostile uploads', () => {
  let sut: TestApp;
  let blobsDir: string;
  let port: number;

  const upload = (bytes: Buffer, filename: string, contentType: string) =>
    sut.http.post('/api/v1/attachments').field('purpose', 'APPLICATION_SCAN').attach('file', bytes, { filename, contentType });
  const attachmentRows = async () => Number((await sut.dataSource.query('SELECT count(*)::int AS n FROM attachment'))[0].n);
  const filesUnder = (dir: string): string[] => {
    try {
      return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name));
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    blobsDir = path.join(sut.app.get<AppConfig>(APP_CONFIG).dataDir, 'blobs');
    await sut.app.listen(0, '127.0.0.1');
    port = (sut.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    await sut.close();
  });

  it.each([
    ['a PNG named .pdf', () => samplePng(), 'scan.pdf', 'application/pdf', 'ATTACHMENT_TYPE_MISMATCH'],
    ['a PDF declared as image/png', () => samplePdf(), 'scan.png', 'image/png', 'ATTACHMENT_TYPE_MISMATCH'],
    ['HTML with a script named .pdf', () => Buffer.from('<!doctype html><html><body><script>fetch("/api/v1/me")</script></body></html>'), 'form.pdf', 'application/pdf', 'ATTACHMENT_TYPE_NOT_ALLOWED'],
    ['SVG with a script named .pdf', () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'), 'seal.pdf', 'application/pdf', 'ATTACHMENT_TYPE_NOT_ALLOWED'],
    ['a PDF that runs JavaScript on opening', () => pdfWith('/OpenAction<</S/JavaScript/JS(app.alert\\(1\\))>>'), 'a.pdf', 'application/pdf', 'ATTACHMENT_ACTIVE_CONTENT'],
    ['a PDF spelling JavaScript with #-escapes', () => pdfWith('/OpenAction<</S/J#61vaScript/J#53(app.alert\\(1\\))>>'), 'a.pdf', 'application/pdf', 'ATTACHMENT_ACTIVE_CONTENT'],
    ['a PDF hiding JavaScript in an object stream', () => pdfWithScriptInObjectStream(), 'a.pdf', 'application/pdf', 'ATTACHMENT_ACTIVE_CONTENT'],
    ['a PDF carrying an embedded file', () => pdfWith('/Names<</EmbeddedFiles<</Names[(run.exe) 9 0 R]>>>>'), 'a.pdf', 'application/pdf', 'ATTACHMENT_ACTIVE_CONTENT'],
    ['a PDF that launches a program', () => pdfWith('/OpenAction<</S/Launch/F(cmd.exe)>>'), 'a.pdf', 'application/pdf', 'ATTACHMENT_ACTIVE_CONTENT'],
    ['a PNG declaring 100000 × 100000 pixels', () => pngClaiming(100_000, 100_000), 'bomb.png', 'image/png', 'ATTACHMENT_IMAGE_TOO_LARGE'],
    ['a TIFF declaring 100000 × 100000 pixels', () => sampleTiff(100_000, 100_000), 'bomb.tif', 'image/tiff', 'ATTACHMENT_IMAGE_TOO_LARGE'],
    ['a PDF named .exe behind a right-to-left override', () => samplePdf(), 'invoice\u202Efdp.exe', 'application/pdf', 'ATTACHMENT_TYPE_MISMATCH'],
  ])('refuses %s with 422 and stores nothing', async (_what, make, filename, contentType, code) => {
    const before = await attachmentRows();
    const res = await upload(make(), filename, contentType);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file', code, message: expect.any(String) }] });
    expect(await attachmentRows()).toBe(before);
  });

  it('accepts an ordinary PNG of a sane size, and a scan-sized TIFF header', async () => {
    expect((await upload(pngClaiming(2480, 3508), 'a4-300dpi.png', 'image/png')).status).toBe(201);
    expect((await upload(sampleTiff(1728, 2200), 'fax.tif', 'image/tiff')).status).toBe(201);
  });

  it('cleans hostile names and serves every stored file inert: as a download, not sniffed, sandboxed', async () => {
    const applicant = await sut.tokenFor(APPLICANT);
    // A PDF that is also an HTML page: accepted as the PDF it is, but never rendered as HTML by a browser.
    const polyglot = Buffer.from('%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\ntrailer<<>>\n%%EOF\n', 'latin1');
    const cases: Array<[Buffer, string, RegExp]> = [
      [polyglot, 'polyglot.pdf', /^polyglot\.pdf$/],
      [pdfWith(''), '../../../../etc/passwd.pdf', /^passwd\.pdf$/],
      [pdfWith('/Lang(zh)'), '..\\..\\windows\\system32\\drivers.pdf', /^drivers\.pdf$/],
      [pdfWith('/Lang(fr)'), `${'长'.repeat(5000)}.pdf`, /^长{116}\.pdf$/],
      [pdfWith('/Lang(de)'), '申请书\u202Etxt.pdf', /^申请书txt\.pdf$/],
    ];
    const ids: { id: string; bytes: Buffer }[] = [];
    for (const [bytes, name, expected] of cases) {
      const res = await sut.http.post('/api/v1/attachments').set('Authorization', `Bearer ${applicant}`).field('purpose', 'APPLICATION_SCAN').attach('file', bytes, { filename: name, contentType: 'application/pdf' });
      expect({ name, status: res.status, body: res.body }).toMatchObject({ name, status: 201, body: { filename: expect.stringMatching(expected) } });
      ids.push({ id: res.body.id, bytes });
    }
    const submitted = await sut.http.post('/api/v1/applications').set('Authorization', `Bearer ${applicant}`).send(webApplication({ attachmentIds: ids.map((i) => i.id) }, 41));
    expect(submitted.status).toBe(201);
    const officer = await sut.tokenFor(OFFICER);
    const [{ id: caseId }] = await sut.dataSource.query('SELECT id FROM case_file WHERE tracking_number = $1', [submitted.body.trackingNumber]);
    for (const { id, bytes } of ids) {
      const res = await sut.http.get(`/api/v1/cases/${caseId}/attachments/${id}`).set('Authorization', `Bearer ${officer}`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(sha256(res.body as Buffer)).toBe(sha256(bytes));
      expect(res.headers['content-type']).toMatch(/^application\/pdf/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''[A-Za-z0-9%._~!*'()-]+$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    }
  });

  it('refuses a NUL in a file name as a malformed form (400), and stores a line break in a name as nothing but text', async () => {
    const before = await attachmentRows();
    const nul = await upload(pdfWith(''), 'a\u0000b.pdf', 'application/pdf');
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ code: 'MALFORMED_REQUEST', correlationId: expect.any(String) });
    expect(await attachmentRows()).toBe(before);
    // The client encodes the line breaks; what arrives is kept as a harmless name without control characters.
    const crlf = await upload(pdfWith('/Lang(en)'), 'a\r\nContent-Type: text-html\r\n\r\n<script>x<script>.pdf', 'application/pdf');
    expect(crlf.status).toBe(201);
    expect(crlf.body.filename).toMatch(/^[^\p{Cc}<>:"]+\.pdf$/u);
  });

  /** Sends the start of a multipart upload over a raw socket, then stops (half-close or a full cut). */
  function truncatedUpload(mode: 'end-without-closing-boundary' | 'cut-mid-body'): Promise<{ status: number | null; body: string }> {
    const boundary = '----gongkai-truncated';
    const file = Buffer.alloc(256 * 1024, 0x41);
    samplePdf().copy(file);
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nAPPLICATION_SCAN\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const whole = Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const sent = Buffer.concat([head, file.subarray(0, file.length / 2)]);
    // Either the length of what is sent (a well-framed request whose form never ends), or the whole length
    // (the client goes away half-way).
    const length = mode === 'end-without-closing-boundary' ? sent.length : whole.length;
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('no end within 15 s'));
      }, 15_000);
      socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
        resolve({ status: m ? Number(m[1]) : null, body: answer.slice(answer.indexOf('\r\n\r\n') + 4) });
      });
      socket.write(
        `POST /api/v1/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\n\r\n`,
      );
      socket.write(sent, () => {
        if (mode === 'end-without-closing-boundary') socket.end();
        else setTimeout(() => socket.destroy(), 200);
      });
    });
  }

  it('answers a form that ends half-way with 400, and keeps nothing of it, nor of a client that vanishes mid-upload', async () => {
    const rows = await attachmentRows();
    const files = filesUnder(blobsDir).length;
    const ended = await truncatedUpload('end-without-closing-boundary');
    expect(ended.status).toBe(400);
    expect(JSON.parse(ended.body)).toMatchObject({ code: 'MALFORMED_REQUEST', correlationId: expect.any(String) });
    const cut = await truncatedUpload('cut-mid-body');
    expect(cut.status).toBeNull(); // the client left: nobody to answer
    // The service is still there and well.
    expect((await sut.http.get('/health/ready')).status).toBe(200);
    expect(await attachmentRows()).toBe(rows);
    expect(filesUnder(blobsDir)).toHaveLength(files);
    // No temporary file anywhere under the data directory (uploads are parsed in memory; blobs are renamed into place).
    expect(filesUnder(path.dirname(blobsDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
