import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectReadDataSource } from '../../database/read-data-source.js';
import { noteDatabaseOutage } from '../../common/errors/database-unavailable.js';

interface EventSource {
  on(event: string, listener: (...args: never[]) => void): unknown;
}

/** pg-pool's pool: `ending` is set once `end()` was called (the application is shutting down). */
interface Pool extends EventSource {
  ending?: boolean;
}

const GUARDED = new WeakSet<object>();

/**
 * pg-pool listens for errors only on idle connections; TypeORM adds no listener on a connection it has checked
 * out. When PostgreSQL dies while a request holds a connection between two queries, the connection emits 'error'
 * with nobody listening and Node ends the whole process. Every connection gets a listener when it is handed out:
 * the error is logged, the connection is unusable (its next query fails and the request is answered 503
 * DATABASE_UNAVAILABLE), and the pool discards it on release.
 */
@Injectable()
export class ConnectionErrorListener implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    /** The read replica's pool (DATABASE_READ_URL) needs the same guard; without one it is the primary itself. */
    @InjectReadDataSource() private readonly read: DataSource,
  ) {}

  onModuleInit(): void {
    this.guard(this.dataSource);
    if (this.read !== this.dataSource) this.guard(this.read);
  }

  private guard(dataSource: DataSource): void {
    const pool = (dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) return;
    pool.on('acquire', (client: EventSource) => {
      if (GUARDED.has(client)) return;
      GUARDED.add(client);
      client.on('error', (err: Error) => {
        // Shutting down: the pool has let go of its connections and asked each to end, without waiting for the
        // sockets to close, so the embedded PostgreSQL, stopped next, may still end one itself. Not an outage.
        if (pool.ending) return;
        noteDatabaseOutage();
        this.logger.warn({ err }, 'database connection lost while in use');
      });
    });
    // An idle pooled connection that dies also marks the outage (pg-pool discards it itself).
    pool.on('error', () => noteDatabaseOutage());
  }
}
