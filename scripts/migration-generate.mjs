// Usage: npm run migration:generate -- <Name>
// Starts a throwaway embedded PostgreSQL, applies the existing migrations, and lets TypeORM write
// src/database/migrations/<timestamp>-<Name>.ts from the difference to the entities. Register the new
// class in src/database/migrations/index.ts afterwards.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../dist/database/embedded-postgres.js';
import { typeOrmOptions } from '../dist/database/typeorm-options.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  process.stderr.write('usage: npm run migration:generate -- <PascalCaseName>\n');
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-migrate-'));
chmodSync(dir, 0o755);
const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: 54000 + Math.floor(Math.random() * 1000), fast: true });
try {
  const url = pg.url('postgres');
  const ds = await new DataSource(typeOrmOptions({ url })).initialize();
  await ds.runMigrations();
  await ds.destroy();
  execFileSync('npx', ['typeorm', 'migration:generate', '-d', 'dist/database/data-source.js', '--pretty', `src/database/migrations/${name}`], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: url },
  });
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
