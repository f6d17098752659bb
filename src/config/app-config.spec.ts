import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadAppConfig } from './app-config.js';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'gk-config-'));

describe('loadAppConfig', () => {
  it('should default to the embedded database with demo data when DATABASE_URL is unset', () => {
    const sut = loadAppConfig({ DATA_DIR: dataDir() });
    expect(sut.database.url).toBeNull();
    expect(sut.database.seedDemo).toBe(true);
    expect(sut.database.runMigrations).toBe(true);
    expect(sut.http.port).toBe(3000);
  });

  it('should seed nothing against an external server unless asked', () => {
    const sut = loadAppConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://u:p@db:5432/gk' });
    expect(sut.database.seedDemo).toBe(false);
    expect(loadAppConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://u:p@db/gk', DB_SEED_DEMO: 'true' }).database.seedDemo).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['DB_RUN_MIGRATIONS', 'maybe'],
    ['NODE_ENV', 'staging'],
    ['JWT_SECRET', 'short'],
    ['AUTH_SESSION_CACHE_SECONDS', '-1'],
    ['AUTH_SESSION_CACHE_SECONDS', '3600'],
    ['APPLICATION_RATE_LIMIT_PER_HOUR', '0'],
    ['ACK_MAILS_PER_ADDRESS_PER_DAY', 'many'],
    ['HTTP_WORKER_OLD_SPACE_MB', '-1'],
    ['HTTP_WORKER_OLD_SPACE_MB', '256MB'],
  ])('should refuse %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), [name]: value })).toThrow(ConfigError);
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it('should require JWT_SECRET in production', () => {
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('should keep a generated JWT secret stable across restarts of the same data directory', () => {
    const dir = dataDir();
    expect(loadAppConfig({ DATA_DIR: dir }).auth.jwtSecret).toBe(loadAppConfig({ DATA_DIR: dir }).auth.jwtSecret);
  });

  it('should default the session cache and the limits on anonymous submissions', () => {
    const sut = loadAppConfig({ DATA_DIR: dataDir() });
    expect(sut.auth.sessionCacheSeconds).toBe(5);
    expect(sut.intake.submissionRateLimitPerHour).toBe(30);
    expect(sut.intake.acknowledgementMailsPerAddressPerDay).toBe(5);
  });

  it('should end keep-alive connections after 100 requests unless told otherwise (0: never)', () => {
    expect(loadAppConfig({ DATA_DIR: dataDir() }).http.maxRequestsPerConnection).toBe(100);
    expect(loadAppConfig({ DATA_DIR: dataDir(), HTTP_MAX_REQUESTS_PER_CONNECTION: '0' }).http.maxRequestsPerConnection).toBe(0);
    expect(() => loadAppConfig({ DATA_DIR: dataDir(), HTTP_MAX_REQUESTS_PER_CONNECTION: '-1' })).toThrow(/HTTP_MAX_REQUESTS_PER_CONNECTION/);
  });

  it('should give HTTP workers 160 MB of old generation unless told otherwise (0: V8 sizes it)', () => {
    expect(loadAppConfig({ DATA_DIR: dataDir() }).http.workerOldSpaceMb).toBe(160);
    expect(loadAppConfig({ DATA_DIR: dataDir(), HTTP_WORKER_OLD_SPACE_MB: '0' }).http.workerOldSpaceMb).toBe(0);
  });
});
