import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeKey, BlobNotFoundError, BlobStorage } from './blob-storage.js';

/**
 * A temp file's name beside its blob: unique per write, since the same content (the same key) may be written twice
 * at once, e.g. two receipts rendered alike before their numbers are drawn.
 */
const tempName = (file: string) => `${file}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`;

/** The default: files under `$DATA_DIR/blobs`, written atomically and durably (temp file, fsync, rename, fsync). */
export class LocalDiskStorage extends BlobStorage {
  constructor(private readonly root: string) {
    super();
  }

  async put(key: string, data: Buffer, _contentType?: string): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = tempName(file);
    try {
      const handle = await open(tmp, 'wx');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    await this.publish(tmp, file);
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.file(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
      throw e;
    }
  }

  async putStream(key: string, data: Readable, _contentType?: string): Promise<number> {
    const file = this.file(key);
    // The source may fail while the directory is made: kept here, not left an unhandled error event.
    let early: unknown = null;
    const onEarly = (e: unknown) => (early = e);
    data.on('error', onEarly);
    await mkdir(path.dirname(file), { recursive: true }).finally(() => data.off('error', onEarly));
    if (early) throw early;
    const tmp = tempName(file);
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      // flush: the file's data is fsynced before the stream reports it finished.
      await pipeline(data, count, createWriteStream(tmp, { flags: 'wx', flush: true }));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    await this.publish(tmp, file);
    return size;
  }

  /**
   * Moves a written (and fsynced) temp file to its name, then fsyncs the directory so that the name survives a
   * power cut too: a blob is written before the row that refers to it commits, and that row must never name a file
   * the disk lost.
   */
  private async publish(tmp: string, file: string): Promise<void> {
    await rename(tmp, file);
    const dir = await open(path.dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async getStream(key: string): Promise<Readable> {
    // Opened first, so that a missing file is a BlobNotFoundError here rather than an error event mid-response.
    const handle = await open(this.file(key), 'r').catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new BlobNotFoundError(key) : e;
    });
    return handle.createReadStream();
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.file(key)).then(
      () => true,
      () => false,
    );
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  private file(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split('/'));
  }
}
