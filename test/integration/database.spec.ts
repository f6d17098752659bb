import 'reflect-metadata';
import { DataSource } from 'typeorm';
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
