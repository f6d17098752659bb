// `npm run disclosure:backfill [agencyCode …]` — fingerprints every request without a current fingerprint and
// groups them (条例第四十四条), agency by agency; prints the counts and exits when done. Uses DATABASE_URL, or the
// embedded PostgreSQL of DATA_DIR like `npm start` (stop the service first: the embedded cluster has one owner).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createApp } from './bootstrap.js';
import { type AppConfig, ConfigError, loadAppConfig } from './config/app-config.js';
import { startEmbeddedPostgres } from './database/embedded-postgres.js';
import { AgenciesRepository } from './modules/agencies/agencies.repository.js';
import { DisclosureService } from './modules/disclosure/disclosure.service.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig({ ...process.env, SCHEDULER_INTERVAL_SECONDS: '0', MAIL_DISPATCH_INTERVAL_SECONDS: '0' });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  const embedded = config.database.url
    ? null
    : await startEmbeddedPostgres({ dir: config.database.embedded.dir, port: config.database.embedded.port, onLog: () => undefined });
  if (embedded) {
    // As npm start does on first boot: the database may not exist yet.
    const admin = await new DataSource({ type: 'postgres', url: embedded.url('postgres') }).initialize();
    if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', ['gongkai'])).length === 0) await admin.query('CREATE DATABASE "gongkai"');
    await admin.destroy();
  }
  const app = await createApp({ config, databaseUrl: config.database.url ?? embedded!.url('gongkai') });
  try {
    const codes = process.argv.slice(2);
    const agencies = await app.get(AgenciesRepository).findAll();
    const chosen = codes.length > 0 ? agencies.filter((a) => codes.includes(a.code)) : agencies;
    const missing = codes.filter((c) => !agencies.some((a) => a.code === c));
    if (missing.length > 0) throw new Error(`unknown agency code(s): ${missing.join(', ')}`);
    const service = app.get(DisclosureService);
    if (chosen.length === 0) process.stdout.write('no agencies: nothing to do\n');
    for (const a of chosen) {
      const started = Date.now();
      const r = await service.backfill([a.id]);
      process.stdout.write(`${a.code} ${a.name}: ${r.queued} queued, ${r.processed} processed, ${r.clusters} groups (${Date.now() - started} ms)\n`);
    }
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
