import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// DATE columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the process time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  runMigrations?: boolean;
  /** pg-pool's connectionTimeoutMillis: without it a request waits forever for a server that does not answer. */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity; 'gongkai' unless a second pool names itself. */
  applicationName?: string;
}

export function typeOrmOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: options.runMigrations ?? false,
    migrationsTransactionMode: 'each',
    // Schema changes happen only through migrations (a test asserts this and checks for drift).
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+.
    uuidExtension: 'pgcrypto',
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? 'gongkai', connectionTimeoutMillis: options.connectTimeoutMs ?? 5000 },
  };
}
