import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { typeOrmOptions } from './typeorm-options.js';

/**
 * The connection for heavy reads that may lag the primary by a few seconds: statistics, the annual report and the
 * archive search. With DATABASE_READ_URL set it is a second pool on a read replica (PostgreSQL streaming
 * replication), so that these scans do not compete with intake and case work for the primary; unset, it is the
 * primary's own DataSource (no second pool). Never write through it: a replica refuses writes.
 */
export const READ_DATA_SOURCE = Symbol('READ_DATA_SOURCE');
export const InjectReadDataSource = () => Inject(READ_DATA_SOURCE);

@Injectable()
class ReadReplicaCloser implements OnApplicationShutdown {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly read: DataSource,
    @Inject(getDataSourceToken()) private readonly primary: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.read !== this.primary && this.read.isInitialized) await this.read.destroy();
  }
}

@Global()
@Module({})
export class ReadDatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: ReadDatabaseModule,
      providers: [
        {
          provide: READ_DATA_SOURCE,
          inject: [APP_CONFIG, getDataSourceToken()],
          useFactory: async (config: AppConfig, primary: DataSource): Promise<DataSource> => {
            const url = config.database.readUrl;
            if (!url) return primary;
            const replica = new DataSource(
              // Its own name in pg_stat_activity, so a DBA sees which pool a session belongs to.
              typeOrmOptions({ url, poolSize: config.database.poolSize, runMigrations: false, connectTimeoutMs: config.database.connectTimeoutMs, applicationName: 'gongkai-read' }),
            );
            await replica.initialize();
            new Logger('Database').log('reads for statistics, reports and archive search go to DATABASE_READ_URL');
            return replica;
          },
        },
        ReadReplicaCloser,
      ],
      exports: [READ_DATA_SOURCE],
    };
  }
}
