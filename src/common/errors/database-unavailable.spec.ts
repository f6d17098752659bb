import { isDatabaseUnavailable, noteDatabaseOutage, OUTAGE_WINDOW_MS, withinDatabaseOutage } from './database-unavailable.js';

describe('isDatabaseUnavailable', () => {
  it('recognises a refused or cut connection, a pool timeout and PostgreSQL shutting down', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable({ message: 'query failed', driverError: { code: '57P01' } })).toBe(true);
    expect(isDatabaseUnavailable({ message: 'the database system is starting up', code: '57P03' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: { code: '08006' } }))).toBe(true);
  });

  it('leaves everything else alone: constraint violations, syntax errors, our own bugs', () => {
    expect(isDatabaseUnavailable({ message: 'duplicate key', driverError: { code: '23505' } })).toBe(false);
    expect(isDatabaseUnavailable({ message: 'syntax error', code: '42601' })).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe('withinDatabaseOutage', () => {
  it('holds for OUTAGE_WINDOW_MS after the database last showed itself unreachable, then no longer', () => {
    const t = 1_000_000_000_000;
    noteDatabaseOutage(t);
    expect(withinDatabaseOutage(t + 1)).toBe(true);
    expect(withinDatabaseOutage(t + OUTAGE_WINDOW_MS - 1)).toBe(true);
    expect(withinDatabaseOutage(t + OUTAGE_WINDOW_MS)).toBe(false);
  });
});
