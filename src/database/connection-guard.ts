import type { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

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
 * with nobody listening and Node ends the whole process. Every connection of the data source's pool gets a listener
 * when it is handed out: the error is logged and `onLost` called, the connection is unusable (its next query fails
 * and the request is answered 503 DATABASE_UNAVAILABLE), and the pool discards it on release. An idle pooled
 * connection that dies (pg-pool discards it itself) calls `onLost` too. Call once the data source is initialised.
 */
export function guardConnections(dataSource: DataSource, logger: Logger, onLost: () => void): void {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool || GUARDED.has(pool)) return;
  GUARDED.add(pool);
  pool.on('acquire', (client: EventSource) => {
    if (GUARDED.has(client)) return;
    GUARDED.add(client);
    client.on('error', (err: Error) => {
      // Shutting down: the pool has let go of its connections and asked each to end, without waiting for the
      // sockets to close, so the embedded PostgreSQL, stopped next, may still end one itself. Not an outage.
      if (pool.ending) return;
      onLost();
      logger.warn({ err }, 'database connection lost while in use');
    });
  });
  pool.on('error', () => onLost());
}
