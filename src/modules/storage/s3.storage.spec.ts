import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { BlobNotFoundError } from './blob-storage.js';
import { S3Storage } from './s3.storage.js';

// No well-kept S3 fake is on npm (s3rver's last release pins koa 2 / busboy 0.3 / fast-xml-parser 3), so this
// is a tiny S3-compatible endpoint on 127.0.0.1: enough of PutObject, GetObject, HeadObject and DeleteObject, path-style, for
// the real SDK to sign, send and parse real HTTP exchanges (including the 404 error documents).
interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
}

function fakeS3(bucket: string) {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const seen: SeenRequest[] = [];
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      seen.push({ method: req.method ?? '', url: url.pathname, authorization: req.headers.authorization, contentType: req.headers['content-type'] });
      const prefix = `/${bucket}/`;
      if (!url.pathname.startsWith(prefix)) {
        res
          .writeHead(404, { 'content-type': 'application/xml' })
          .end('<?xml version="1.0"?><Error><Code>NoSuchBucket</Code><Message>no bucket</Message></Error>');
        return;
      }
      const key = decodeURIComponent(url.pathname.slice(prefix.length));
      if (key.startsWith('forbidden/')) {
        res
          .writeHead(403, { 'content-type': 'application/xml' })
          .end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
        return;
      }
      if (req.method === 'DELETE') {
        objects.delete(key);
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'PUT') {
        objects.set(key, { body: await readBody(req), contentType: req.headers['content-type'] ?? 'application/octet-stream' });
        res.writeHead(200, { etag: '"fake"' }).end();
        return;
      }
      const object = objects.get(key);
      if (!object) {
        if (req.method === 'HEAD') res.writeHead(404).end();
        else
          res
            .writeHead(404, { 'content-type': 'application/xml' })
            .end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
        return;
      }
      res.writeHead(200, { 'content-type': object.contentType, 'content-length': object.body.length, etag: '"fake"' });
      res.end(req.method === 'HEAD' ? undefined : object.body);
    })();
  });
  return { server, objects, seen };
}

describe('S3Storage against an S3-compatible endpoint', () => {
  const fake = fakeS3('gongkai-test');
  let sut: S3Storage;

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    sut = S3Storage.create({
      bucket: 'gongkai-test',
      region: 'cn-north-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test-key', secretAccessKey: 'test-secret' },
    });
  });

  afterAll(async () => {
    sut.destroy();
    await new Promise<void>((resolve) => fake.server.close(() => resolve()));
  });

  it('should store and return bytes under a nested key, signed and path-style', async () => {
    const bytes = Buffer.from('%PDF-1.7 申请书');
    await sut.put('attachments/2026/abc123', bytes, 'application/pdf');
    expect(fake.objects.get('attachments/2026/abc123')).toEqual({ body: bytes, contentType: 'application/pdf' });
    expect(await sut.get('attachments/2026/abc123')).toEqual(bytes);
    expect(await sut.exists('attachments/2026/abc123')).toBe(true);
    const put = fake.seen.find((r) => r.method === 'PUT');
    expect(put).toMatchObject({ url: '/gongkai-test/attachments/2026/abc123', contentType: 'application/pdf' });
    expect(put?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test-key\/\d{8}\/cn-north-1\/s3\/aws4_request/);
  });

  it('should stream a blob of unknown length in (one PutObject below the part size) and out', async () => {
    const chunks = [Buffer.from('PK'), Buffer.alloc(70_000, 2), Buffer.from('end')];
    expect(await sut.putStream('archive-exports/j1/export.zip', Readable.from(chunks), 'application/zip')).toBe(70_005);
    expect(fake.objects.get('archive-exports/j1/export.zip')).toEqual({ body: Buffer.concat(chunks), contentType: 'application/zip' });
    expect(await buffer(await sut.getStream('archive-exports/j1/export.zip'))).toEqual(Buffer.concat(chunks));
    await expect(sut.getStream('archive-exports/none/export.zip')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('should delete a blob, and not mind one that is gone already', async () => {
    await sut.put('attachments/2026/gone', Buffer.from('x'), 'application/pdf');
    await sut.delete('attachments/2026/gone');
    expect(await sut.exists('attachments/2026/gone')).toBe(false);
    await expect(sut.delete('attachments/2026/gone')).resolves.toBeUndefined();
  });

  it('should say not found for a missing key', async () => {
    await expect(sut.get('nope/missing.bin')).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await sut.exists('nope/missing.bin')).toBe(false);
  });

  it('should pass on other errors instead of calling them not found', async () => {
    await expect(sut.get('forbidden/x')).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(sut.exists('forbidden/x')).rejects.toBeDefined();
  });

  it.each(['../etc/passwd', '/abs', 'a//b', 'a/../b', ''])('should refuse the unsafe key %p without a request', async (key) => {
    const before = fake.seen.length;
    await expect(sut.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(/unsafe/);
    await expect(sut.get(key)).rejects.toThrow(/unsafe/);
    expect(fake.seen.length).toBe(before);
  });
});
