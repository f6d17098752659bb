import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadAppConfig } from '../../config/app-config.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { S3Storage } from './s3.storage.js';
import { createBlobStorage } from './storage.module.js';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'gk-storage-'));

describe('createBlobStorage', () => {
  it('should use the local disk by default', async () => {
    expect(await createBlobStorage(loadAppConfig({ DATA_DIR: dataDir() }))).toBeInstanceOf(LocalDiskStorage);
  });

  it('should use S3 when STORAGE_DRIVER=s3', async () => {
    const config = loadAppConfig({
      DATA_DIR: dataDir(),
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'gongkai',
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.storage).toEqual({
      driver: 's3',
      s3: {
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        bucket: 'gongkai',
        accessKeyId: 'minio',
        secretAccessKey: 'minio-secret',
        forcePathStyle: true,
      },
    });
    const sut = await createBlobStorage(config);
    expect(sut).toBeInstanceOf(S3Storage);
    (sut as S3Storage).destroy();
  });

  it.each([
    [{ STORAGE_DRIVER: 's3' }, /S3_BUCKET/],
    [{ STORAGE_DRIVER: 'ftp' }, /STORAGE_DRIVER=/],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'Bad_Bucket' }, /S3_BUCKET=/],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'ok-bucket', S3_ACCESS_KEY_ID: 'only-the-id' }, /S3_SECRET_ACCESS_KEY/],
    [{ S3_ENDPOINT: 'not a url' }, /S3_ENDPOINT=/],
  ])('should refuse the configuration %j', (env, message) => {
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
  });
});
