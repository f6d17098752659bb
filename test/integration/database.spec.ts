import 'reflect-metadata';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { preparedQuery, preparedStatementName } from '../../src/database/prepared-query.js';
import { typeOrmOptions } from '../../src/database/typeorm-options.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

describe('database schema', () => {
  let db: TestDatabase;
  let sut: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await new DataSource(typeOrmOptions({ url: db.url })).initialize();
  });

  afterAll(async () => {
    await sut.destroy();
    await db.drop();
  });

  it('should never synchronize the schema from entities', () => {
    expect(typeOrmOptions({ url: db.url }).synchronize).toBe(false);
  });

  it('should have no drift: generating a migration from the entities would produce nothing', async () => {
    const sqlInMemory = await sut.driver.createSchemaBuilder().log();
    expect(sqlInMemory.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('should have applied every migration', async () => {
    expect(await sut.showMigrations()).toBe(false);
  });
});

describe('preparedQuery', () => {
  let db: TestDatabase;
  let sut: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await new DataSource(typeOrmOptions({ url: db.url, poolSize: 2 })).initialize();
    await sut.query(`CREATE TABLE prepared_probe (id int PRIMARY KEY, label text NOT NULL)`);
  });

  afterAll(async () => {
    await sut.destroy();
    await db.drop();
  });

  const preparedOnConnection = (em: EntityManager) =>
    em.query(`SELECT name, statement FROM pg_prepared_statements WHERE NOT from_sql ORDER BY name`) as Promise<{ name: string; statement: string }[]>;

  it('should prepare a statement once per connection under a name derived from its text, and answer its rows', async () => {
    const insert = `INSERT INTO prepared_probe (id, label) VALUES ($1, $2) RETURNING id, label`;
    await sut.transaction(async (em) => {
      expect(await preparedQuery(em, insert, [1, '一'])).toEqual([{ id: 1, label: '一' }]);
      expect(await preparedQuery(em, insert, [2, '二'])).toEqual([{ id: 2, label: '二' }]);
      expect(await preparedOnConnection(em)).toEqual([{ name: preparedStatementName(insert), statement: insert }]);
    });
    // Outside a transaction it borrows a pooled connection and gives it back.
    expect(await preparedQuery(sut.manager, `SELECT label FROM prepared_probe WHERE id = $1`, [2])).toEqual([{ label: '二' }]);
    expect(preparedStatementName(insert)).not.toBe(preparedStatementName(`${insert} `));
  });

  it('should keep answering after a migration adds a column to the table a prepared statement reads', async () => {
    const read = `SELECT id, label FROM prepared_probe WHERE id = $1`;
    const runner = sut.createQueryRunner();
    try {
      const em = runner.manager;
      expect(await preparedQuery(em, read, [1])).toEqual([{ id: 1, label: '一' }]);
      await sut.query(`ALTER TABLE prepared_probe ADD COLUMN note text`);
      expect(await preparedQuery(em, read, [1])).toEqual([{ id: 1, label: '一' }]);
    } finally {
      await runner.release();
    }
  });

  it('should report a failed statement as TypeORM does, with the driver error code, and roll its transaction back', async () => {
    const insert = `INSERT INTO prepared_probe (id, label) VALUES ($1, $2) RETURNING id`;
    const failed = sut.transaction(async (em) => {
      await preparedQuery(em, insert, [3, '三']);
      await preparedQuery(em, insert, [1, '重复']);
    });
    await expect(failed).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failed).rejects.toMatchObject({ code: '23505', query: insert });
    expect(await sut.query(`SELECT id FROM prepared_probe WHERE id = 3`)).toEqual([]);
  });
});
