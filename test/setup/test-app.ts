import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap.js';
import { FixedClock } from '../../src/common/time/clock.js';
import { loadAppConfig } from '../../src/config/app-config.js';
import { DEMO_PASSWORD, seedDemoData } from '../../src/database/seed/demo-seed.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_ENV } from './test-env.js';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  dataSource: DataSource;
  clock: FixedClock;
  /** Logs a demo user in and returns its bearer token. */
  tokenFor(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  seed?: boolean;
  now?: string;
  /** Run on this database (dropped on close) instead of a fresh clone of the template. */
  database?: TestDatabase;
}

/** The whole application on its own cloned database, as main.ts builds it, with a frozen clock. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db: TestDatabase = options.database ?? (await createTestDatabase());
  const dataDir = mkdtempSync(path.join(process.env[TEST_ENV.tmpDir] ?? '/tmp', 'app-'));
  const config = loadAppConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    DB_RUN_MIGRATIONS: 'false',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    AUTH_FAILURE_DELAY_MS: '5',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    ATTACHMENT_UPLOAD_RATE_LIMIT_PER_MINUTE: '10000',
    APPLICATION_RATE_LIMIT_PER_HOUR: '1000000',
    ACK_MAILS_PER_ADDRESS_PER_DAY: '1000',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const clock = new FixedClock(new Date(options.now ?? '2026-03-02T02:00:00Z'));
  const app = await createApp({ config, databaseUrl: db.url, clock });
  await app.init();
  const dataSource = app.get(DataSource);
  if (options.seed ?? true) await seedDemoData(dataSource);
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    dataSource,
    clock,
    async tokenFor(email, password = DEMO_PASSWORD) {
      const cached = tokens.get(email);
      if (cached) return cached;
      const res = await http.post('/api/v1/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(email, res.body.accessToken);
      return res.body.accessToken as string;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
