import { type DynamicModule, Global, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../common/errors/database-unavailable.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { guardConnections } from './connection-guard.js';
import { typeOrmOptions } from './typeorm-options.js';

export type ReplicaState = { configured: false } | { configured: true; up: true } | { configured: true; up: false; since: Date; error: string };

/**
 * The connection for heavy reads that may lag the primary by a few seconds: statistics, the annual report and the
 * archive search. With DATABASE_READ_URL set they go to a second pool on a read replica (PostgreSQL streaming
 * replication), so that these scans do not compete with intake and case work for the primary; unset, they use the
 * primary's own DataSource (no second pool).
 *
 * A replica that cannot be reached takes neither these reads nor the instance down with it. Every instance shares
 * the one replica, so failing on it would fail everywhere at once for a convenience: the reads go to the primary
 * instead (never staler than the replica) and the replica is tried again at most every DATABASE_READ_RETRY_SECONDS.
 * The same holds at boot: an instance starts while its replica is down, and connects to it once it answers.
 * `/health/ready` says so as `degraded`, which stays 200 (see HealthController).
 */
@Injectable()
export class ReadDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private down: { since: Date; error: string } | null = null;
  private retryAt = 0;
  private connecting: Promise<unknown> | null = null;

  constructor(
    private readonly primary: DataSource,
    /** null: no replica configured, everything reads the primary. */
    private readonly replica: DataSource | null,
    private readonly retryMs: number,
  ) {}

  /**
   * Runs `read` on the replica, or on the primary while the replica cannot be reached. `read` must only read: when
   * the replica is lost half-way through, it runs again on the primary.
   */
  async run<T>(read: (dataSource: DataSource) => Promise<T>): Promise<T> {
    const replica = this.down && Date.now() < this.retryAt ? null : await this.connectedReplica();
    if (!replica) return read(this.primary);
    try {
      const result = await read(replica);
      this.markUp();
      return result;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      this.markDown(err);
      return read(this.primary);
    }
  }

  /** One read-only statement, through run(). */
  query<T>(sql: string, params: unknown[]): Promise<T> {
    return this.run((db) => db.query<T>(sql, params));
  }

  /** For readiness: asks the replica now (whatever the retry interval), within `timeoutMs`, and notes the answer. */
  async probe(timeoutMs: number): Promise<ReplicaState> {
    if (!this.replica) return { configured: false };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([
        (async () => {
          const replica = await this.connectedReplica();
          if (!replica) throw new Error(this.down?.error ?? 'not connected');
          await replica.query('SELECT 1');
        })(),
        timeout,
      ]);
      this.markUp();
    } catch (err) {
      this.markDown(err);
    } finally {
      clearTimeout(timer);
    }
    return this.state();
  }

  state(): ReplicaState {
    if (!this.replica) return { configured: false };
    return this.down ? { configured: true, up: false, ...this.down } : { configured: true, up: true };
  }

  /** The replica, connected (one attempt shared by concurrent callers); null when it cannot be reached. */
  private async connectedReplica(): Promise<DataSource | null> {
    if (!this.replica) return null;
    try {
      await this.connect();
      return this.replica;
    } catch (err) {
      this.markDown(err);
      return null;
    }
  }

  private async connect(): Promise<void> {
    const replica = this.replica;
    if (!replica || replica.isInitialized) return;
    this.connecting ??= replica
      .initialize()
      .then(() => guardConnections(replica, this.logger, () => this.markDown(new Error('replica connection lost'))))
      .finally(() => (this.connecting = null));
    await this.connecting;
  }

  /**
   * At boot: connects to the replica. One that is down is noted (and logged) and boot goes on; one that refuses our
   * credentials or names no database is misconfigured, and the boot fails saying so.
   */
  async connectAtBoot(): Promise<void> {
    try {
      await this.connect();
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw new Error(`DATABASE_READ_URL: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      this.markDown(err);
    }
  }

  private markDown(err: unknown): void {
    this.retryAt = Date.now() + this.retryMs;
    if (this.down) return;
    const error = err instanceof Error ? err.message : String(err);
    this.down = { since: new Date(), error };
    this.logger.warn(`read replica unreachable (${error}): statistics, reports and archive search read the primary until it answers`);
  }

  private markUp(): void {
    if (!this.down) return;
    this.down = null;
    this.logger.log('read replica answers again: statistics, reports and archive search read it again');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connecting?.catch(() => undefined);
    if (this.replica?.isInitialized) await this.replica.destroy();
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
          provide: ReadDatabase,
          inject: [APP_CONFIG, getDataSourceToken()],
          useFactory: async (config: AppConfig, primary: DataSource): Promise<ReadDatabase> => {
            const url = config.database.readUrl;
            if (!url) return new ReadDatabase(primary, null, config.database.readRetryMs);
            const replica = new DataSource(
              // Its own name in pg_stat_activity, so a DBA sees which pool a session belongs to.
              typeOrmOptions({ url, poolSize: config.database.poolSize, runMigrations: false, connectTimeoutMs: config.database.connectTimeoutMs, applicationName: 'gongkai-read' }),
            );
            const reads = new ReadDatabase(primary, replica, config.database.readRetryMs);
            await reads.connectAtBoot();
            if (replica.isInitialized) new Logger('Database').log('reads for statistics, reports and archive search go to DATABASE_READ_URL');
            return reads;
          },
        },
      ],
      exports: [ReadDatabase],
    };
  }
}
