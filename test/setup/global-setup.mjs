// Jest loads globalSetup outside its ESM/TypeScript pipeline, so this file is plain JavaScript and uses the
// compiled service (`npm run build` runs first in `npm test` and `npm run test:jest`).
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../../dist/database/embedded-postgres.js';
import { typeOrmOptions } from '../../dist/database/typeorm-options.js';

export const TEMPLATE_DATABASE = 'gongkai_template';

/**
 * One real PostgreSQL for the whole run, on a free port, tuned for speed (fsync off).
 * Migrations run once into a template database; each test file clones it (CREATE DATABASE … TEMPLATE).
 */
export default async function globalSetup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-test-'));
  chmodSync(dir, 0o755); // as root the server runs as the `postgres` OS user, which must reach its data dir
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), fast: true });
  globalThis.__gongkaiPg = pg;
  globalThis.__gongkaiTmp = dir;

  const admin = await new DataSource({ type: 'postgres', url: pg.url('postgres') }).initialize();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.destroy();

  const template = await new DataSource(typeOrmOptions({ url: pg.url(TEMPLATE_DATABASE) })).initialize();
  await template.runMigrations({ transaction: 'each' });
  await template.destroy();

  process.env.GONGKAI_TEST_ADMIN_URL = pg.url('postgres');
  process.env.GONGKAI_TEST_TMP = dir;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
