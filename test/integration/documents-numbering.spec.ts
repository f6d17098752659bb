import { randomUUID } from 'node:crypto';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../../src/database/typeorm-options.js';
import { DocumentsRepository } from '../../src/modules/documents/documents.repository.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

class RolledBack extends Error {
  constructor(readonly seq: number) {
    super(`rolled back ${seq}`);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('document numbers (文号) under concurrency', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sut: DocumentsRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(typeOrmOptions({ url: db.url, poolSize: 20 })).initialize();
    sut = new DocumentsRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('should commit exactly 1..k with no gap and no repeat when 50 transactions race and some roll back', async () => {
    const agencyId = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        dataSource
          .transaction(async (em) => {
            const seq = await sut.nextNumber(em, agencyId, 2026, 'REPLY');
            // Hold the number a little while others queue behind the row lock, as an issue does while it renders.
            await pause(i % 3);
            if (i % 7 === 3) throw new RolledBack(seq);
            return seq;
          })
          .then(
            (seq) => ({ committed: true, seq }),
            (e: unknown) => {
              if (e instanceof RolledBack) return { committed: false, seq: e.seq };
              throw e;
            },
          ),
      ),
    );
    const committed = outcomes.filter((o) => o.committed).map((o) => o.seq);
    const rolledBack = outcomes.filter((o) => !o.committed);
    expect(rolledBack.length).toBe(7);
    expect([...committed].sort((a, b) => a - b)).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
    const stored = await dataSource.query<{ last_value: number }[]>('SELECT last_value FROM document_sequence WHERE agency_id = $1', [agencyId]);
    expect(stored).toEqual([{ last_value: 43 }]);
  });

  it('should count each agency, year and series on its own', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const next = (agencyId: string, year: number, series: string) => dataSource.transaction((em) => sut.nextNumber(em, agencyId, year, series));
    expect(await next(a, 2026, 'REPLY')).toBe(1);
    expect(await next(a, 2026, 'REPLY')).toBe(2);
    expect(await next(a, 2026, 'NOTICE')).toBe(1);
    expect(await next(a, 2027, 'REPLY')).toBe(1);
    expect(await next(b, 2026, 'REPLY')).toBe(1);
    expect(await next(a, 2026, 'REPLY')).toBe(3);
  });
});
