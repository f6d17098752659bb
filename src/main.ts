import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createApp } from './bootstrap.js';
import { type AppConfig, ConfigError, loadAppConfig } from './config/app-config.js';
import { startEmbeddedPostgres } from './database/embedded-postgres.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from './database/seed/demo-seed.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee README.md "Configuration".\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }

  // No DATABASE_URL: start a real PostgreSQL ourselves, with its data under DATA_DIR.
  const embedded = config.database.url
    ? null
    : await startEmbeddedPostgres({ dir: config.database.embedded.dir, port: config.database.embedded.port, onLog: () => undefined });
  if (embedded) {
    await ensureDatabase(embedded.url('postgres'), 'gongkai');
  }
  const databaseUrl = config.database.url ?? embedded!.url('gongkai');

  const app = await createApp({ config, databaseUrl });
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.stdout.write(`\n${signal} received: stopping Gongkai…\n`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  // Nest's own shutdown hooks close the app; we also need the embedded server stopped afterwards.
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.database.seedDemo) await seedDemoData(app.get(DataSource));
  await app.listen(config.http.port, config.http.host);

  const url = config.http.publicUrl;
  const lines = [
    '',
    `Gongkai 公开 is running at ${url}`,
    `  API docs:  ${url}/api/docs  (OpenAPI JSON: ${url}/api/docs-json)`,
    `  Health:    ${url}/health/ready`,
    `  Database:  ${embedded ? `embedded PostgreSQL, data in ${embedded.dataDir}` : 'DATABASE_URL'}`,
  ];
  if (config.database.seedDemo) {
    lines.push(`  Demo logins (password ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) lines.push(`    ${u.role.padEnd(14)} ${u.email}`);
  }
  lines.push('  Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n'));
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new DataSource({ type: 'postgres', url: adminUrl });
  await admin.initialize();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.length === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Gongkai failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
