import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Readable, Transform } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import { assertSafeKey, BlobNotFoundError, BlobStorage } from './blob-storage.js';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** Unset for AWS itself; e.g. http://127.0.0.1:9000 (MinIO) or a cloud vendor's S3-compatible endpoint. */
  endpoint?: string | null;
  /** MinIO and most self-hosted stores need path-style URLs (endpoint/bucket/key). */
  forcePathStyle?: boolean;
  /** Unset: the SDK's default chain (environment, shared files, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | null;
}

const isNotFound = (e: unknown): boolean =>
  e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404);

/** BlobStorage on an S3-compatible object store (STORAGE_DRIVER=s3; README "Storage"). */
export class S3Storage extends BlobStorage {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {
    super();
  }

  static create(options: S3StorageOptions): S3Storage {
    const client = new S3Client({
      region: options.region,
      endpoint: options.endpoint ?? undefined,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: options.credentials ?? undefined,
      // Since 3.729 the SDK adds CRC checksums (aws-chunked uploads) to every request by default; several
      // S3-compatible stores reject those. Checksums only where an operation requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
    return new S3Storage(client, options.bucket);
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    assertSafeKey(key);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: data, ContentType: contentType, ContentLength: data.length }));
  }

  async get(key: string): Promise<Buffer> {
    assertSafeKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!object.Body) throw new BlobNotFoundError(key);
      return Buffer.from(await object.Body.transformToByteArray());
    } catch (e) {
      if (isNotFound(e)) throw new BlobNotFoundError(key);
      throw e;
    }
  }

  /**
   * A streamed upload (@aws-sdk/lib-storage): one PutObject when the stream fits one part, else a multipart upload
   * of 8 MiB parts, at most four in flight, aborted (nothing left behind) when the stream fails.
   */
  async putStream(key: string, data: Readable, contentType: string): Promise<number> {
    assertSafeKey(key);
    let size = 0;
    // Counted on the way through (a `data` listener would start the stream flowing before the upload reads it).
    const body = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        cb(null, chunk);
      },
    });
    data.on('error', (e) => body.destroy(e));
    data.pipe(body);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: 8 * 1024 * 1024,
      queueSize: 4,
      leavePartsOnError: false,
    });
    await upload.done();
    return size;
  }

  async getStream(key: string): Promise<Readable> {
    assertSafeKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(object.Body instanceof Readable)) throw new BlobNotFoundError(key);
      return object.Body;
    } catch (e) {
      if (isNotFound(e)) throw new BlobNotFoundError(key);
      throw e;
    }
  }

  async exists(key: string): Promise<boolean> {
    assertSafeKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    // S3 answers 204 for a key that is not there, too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** For shutdown: closes the client's sockets. */
  destroy(): void {
    this.client.destroy();
  }
}
