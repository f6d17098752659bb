import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { BlobStorage } from './blob-storage.js';
import { LocalDiskStorage } from './local-disk.storage.js';

/** Provides the BlobStorage port; the adapter is chosen by configuration (README "Storage"). */
@Global()
@Module({
  providers: [
    {
      provide: BlobStorage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): BlobStorage => new LocalDiskStorage(path.join(config.dataDir, 'blobs')),
    },
  ],
  exports: [BlobStorage],
})
export class StorageModule {}
