import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { BlobStorage } from './blob-storage.js';
import { LocalDiskStorage } from './local-disk.storage.js';

/**
 * Chooses the BlobStorage adapter from configuration: STORAGE_DRIVER=local (default) or s3 (README "Storage").
 * The S3 client is loaded only when it is used: the AWS SDK adds about 25 MB to every process otherwise.
 */
export async function createBlobStorage(config: AppConfig): Promise<BlobStorage> {
  const s3 = config.storage.s3;
  if (config.storage.driver === 's3' && s3) {
    const { S3Storage } = await import('./s3.storage.js');
    return S3Storage.create({
      bucket: s3.bucket,
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: s3.forcePathStyle,
      credentials: s3.accessKeyId && s3.secretAccessKey ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } : null,
    });
  }
  return new LocalDiskStorage(path.join(config.dataDir, 'blobs'));
}

/** Provides the BlobStorage port; the adapter is chosen by configuration (README "Storage"). */
@Global()
@Module({
  providers: [{ provide: BlobStorage, inject: [APP_CONFIG], useFactory: createBlobStorage }],
  exports: [BlobStorage],
})
export class StorageModule {}
