import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeKey, BlobNotFoundError, BlobStorage } from './blob-storage.js';

/** The default: files under `$DATA_DIR/blobs`, written atomically (temp file + rename). */
export class LocalDiskStorage extends BlobStorage {
  constructor(private readonly root: string) {
    super();
  }

  async put(key: string, data: Buffer, _contentType?: string): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, file);
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
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      await pipeline(data, count, createWriteStream(tmp, { flags: 'wx' }));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    await rename(tmp, file);
    return size;
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
