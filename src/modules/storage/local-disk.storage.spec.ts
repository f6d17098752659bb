import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { BlobNotFoundError } from './blob-storage.js';
import { LocalDiskStorage } from './local-disk.storage.js';

describe('LocalDiskStorage', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gk-blobs-'));
  const sut = new LocalDiskStorage(root);

  it('should store and return bytes under a nested key', async () => {
    await sut.put('documents/2026/abc.pdf', Buffer.from('%PDF-1.7'), 'application/pdf');
    expect((await sut.get('documents/2026/abc.pdf')).toString()).toBe('%PDF-1.7');
    expect(await sut.exists('documents/2026/abc.pdf')).toBe(true);
  });

  it('should store the same content written many times at once, and leave no temp file', async () => {
    // Content-addressed keys: two documents rendered alike in the same millisecond write the same key together.
    const bytes = Buffer.from('%PDF-1.7 same');
    await Promise.all(Array.from({ length: 20 }, () => sut.put('documents/2026/same.pdf', bytes, 'application/pdf')));
    expect(await sut.get('documents/2026/same.pdf')).toEqual(bytes);
    expect(readdirSync(path.join(root, 'documents', '2026')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
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

  it('should stream a blob in and out, and leave nothing behind when the stream fails', async () => {
    const chunks = [Buffer.from('PK'), Buffer.alloc(70_000, 1), Buffer.from('end')];
    expect(await sut.putStream('archive-exports/j1/export.zip', Readable.from(chunks), 'application/zip')).toBe(70_005);
    expect(await buffer(await sut.getStream('archive-exports/j1/export.zip'))).toEqual(Buffer.concat(chunks));
    const failing = new Readable({ read() {} });
    failing.push(Buffer.from('half'));
    setImmediate(() => failing.destroy(new Error('source failed')));
    await expect(sut.putStream('archive-exports/j2/export.zip', failing, 'application/zip')).rejects.toThrow('source failed');
    expect(await sut.exists('archive-exports/j2/export.zip')).toBe(false);
    await expect(sut.getStream('archive-exports/j2/export.zip')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it.each(['../etc/passwd', '/abs', 'a//b', 'a/../b', ''])('should refuse the unsafe key %p', async (key) => {
    await expect(sut.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(/unsafe/);
  });
});
