/**
 * Whether an error means "the database cannot be reached right now" (server down, restarting, connection cut or
 * not obtained in time) rather than a fault in our code or a bad request. Such a request was not carried out (its
 * transaction never committed), so the client is told to retry later (503) instead of getting a 500.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections).
const SQLSTATE = /^(08...|57P0[1-3]|53300)$/;

const MESSAGES = [
  'Connection terminated', // pg: the server closed the socket
  'timeout exceeded when trying to connect', // pg-pool: connectionTimeoutMillis
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end',
  'Connection terminated due to connection timeout',
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

/**
 * When the database last showed itself unreachable (a classified error above, or a pooled connection that
 * failed while in use). While PostgreSQL dies or restarts, a request can fail further away from the driver with an
 * error that names no connection fault (a library's own "not queryable" or "already released" message raised from
 * the wreckage). Such an error within OUTAGE_WINDOW_MS of a known outage is answered like the outage itself, 503
 * with Retry-After, and still logged as an error so the unclassified message can be added to the list above.
 */
export const OUTAGE_WINDOW_MS = 10_000;
let lastOutageAt = Number.NEGATIVE_INFINITY;

export function noteDatabaseOutage(now: number = Date.now()): void {
  lastOutageAt = now;
}

export function withinDatabaseOutage(now: number = Date.now()): boolean {
  return now - lastOutageAt < OUTAGE_WINDOW_MS;
}
