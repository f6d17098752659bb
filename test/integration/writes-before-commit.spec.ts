import { randomUUID } from 'node:crypto';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../../src/database/typeorm-options.js';
import { transactionAwaitingWrites, writeBeforeCommit } from '../../src/database/writes-before-commit.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A file a row names is durable before the row commits, however long its write takes after the statements: the
 * transaction waits for it, and a write that fails rolls the row back.
 */
describe('writes awaited before commit', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(typeOrmOptions({ url: db.url, poolSize: 4 })).initialize();
    await dataSource.query('CREATE TABLE write_probe (id uuid PRIMARY KEY)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const committed = async (id: string) => (await dataSource.query<unknown[]>('SELECT 1 FROM write_probe WHERE id = $1', [id])).length === 1;

  /** A write that settles after `ms`, noting whether the row was committed at that moment (seen from another connection). */
  const slowWrite = (id: string, ms: number, fail = false) => {
    const seen: { committedWhenWritten?: boolean } = {};
    const write = pause(ms).then(async () => {
      seen.committedWhenWritten = await committed(id);
      if (fail) throw new Error('disk full');
    });
    return { seen, write };
  };

  it('should commit only once a write handed over in the transaction is done, the statements meanwhile going on', async () => {
    const id = randomUUID();
    const { seen, write } = slowWrite(id, 300);
    const started = performance.now();
    let handedOverAfter = 0;
    await transactionAwaitingWrites(dataSource, async (em) => {
      await writeBeforeCommit(em, write);
      handedOverAfter = performance.now() - started;
      await em.query('INSERT INTO write_probe (id) VALUES ($1)', [id]);
    });
    // The hand-over did not wait for the write; the commit did.
    expect(handedOverAfter).toBeLessThan(250);
    expect(seen.committedWhenWritten).toBe(false);
    expect(await committed(id)).toBe(true);
  });

  it('should roll the transaction back when a handed-over write fails after its statements', async () => {
    const id = randomUUID();
    const { seen, write } = slowWrite(id, 100, true);
    await expect(
      transactionAwaitingWrites(dataSource, async (em) => {
        await writeBeforeCommit(em, write);
        await em.query('INSERT INTO write_probe (id) VALUES ($1)', [id]);
        return 'done';
      }),
    ).rejects.toThrow('disk full');
    expect(seen.committedWhenWritten).toBe(false);
    expect(await committed(id)).toBe(false);
  });

  it('should await the write where it is handed over in any other transaction, and outside one', async () => {
    const id = randomUUID();
    const { seen, write } = slowWrite(id, 150);
    await dataSource.transaction(async (em) => {
      await writeBeforeCommit(em, write);
      expect(seen.committedWhenWritten).toBe(false);
      await em.query('INSERT INTO write_probe (id) VALUES ($1)', [id]);
    });
    expect(await committed(id)).toBe(true);
    const outside = slowWrite(randomUUID(), 50);
    await writeBeforeCommit(dataSource.manager, outside.write);
    expect(outside.seen.committedWhenWritten).toBe(false);
    await expect(writeBeforeCommit(undefined, Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });

  it('should leave no unhandled rejection behind when the transaction fails before the write does', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const id = randomUUID();
      const { write } = slowWrite(id, 100, true);
      await expect(
        transactionAwaitingWrites(dataSource, async (em) => {
          await writeBeforeCommit(em, write);
          throw new Error('statement failed');
        }),
      ).rejects.toThrow('statement failed');
      await pause(200);
      expect(unhandled).toEqual([]);
      expect(await committed(id)).toBe(false);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
