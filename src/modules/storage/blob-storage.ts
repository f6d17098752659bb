import type { Readable } from 'node:stream';

/**
 * Where files live (attachments, issued documents, evidence bundles): a port with one adapter per backend.
 * Keys are opaque, slash-separated paths chosen by the caller (e.g. `documents/2026/<sha256>.pdf`); content is
 * immutable once written, so callers key by content hash where they can.
 */
export abstract class BlobStorage {
  abstract put(key: string, data: Buffer, contentType: string): Promise<void>;
  abstract get(key: string): Promise<Buffer>;
  /**
   * Writes a stream of unknown length without holding it in memory (large files such as bulk export ZIPs); the blob
   * appears only once the stream ended well. Resolves to the bytes written.
   */
  abstract putStream(key: string, data: Readable, contentType: string): Promise<number>;
  /** Reads a blob as a stream; BlobNotFoundError when it is not there. */
  abstract getStream(key: string): Promise<Readable>;
  abstract exists(key: string): Promise<boolean>;
  /** Removes a blob; a missing one is not an error. Only for blobs nothing refers to (e.g. abandoned uploads). */
  abstract delete(key: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`blob not found: ${key}`);
  }
}

/** Refuses keys that could escape the storage root or confuse an object store. */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,500}$/.test(key) || key.includes('..') || key.includes('//')) {
    throw new Error(`unsafe storage key: ${key}`);
  }
}
