import { connect, createServer, type Server, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { seedDemoData } from '../../src/database/seed/demo-seed.js';
import { typeOrmOptions } from '../../src/database/typeorm-options.js';
import { AUDITOR, HEAD, OFFICER, registerCase } from '../setup/case-helpers.js';
import { freePort } from '../setup/app-child.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/**
 * DATABASE_READ_URL: statistics, the annual report's tables and the archive search read from a second database
 * (a replica); everything else reads and writes the primary. The "replica" here is a clone of the seeded primary
 * taken before the service starts, so a case filed afterwards exists only in the primary until the test copies its
 * row across, as replication would. The service reaches the replica through a TCP relay on a port of its own, so
 * that a test can take the replica away (the relay closes its port and cuts its connections) and bring it back.
 */
describe('read replica (DATABASE_READ_URL)', () => {
  let sut: TestApp;
  let replica: TestDatabase;
  let replicaDs: DataSource;
  let relay: Server;
  let relayPort: number;
  let openRelay: () => Promise<void>;
  let primary: TestDatabase;
  const relayed = new Set<Socket>();
  let agencyId: string;
  const period = { from: '2026-01-01', to: '2026-12-31' };

  beforeAll(async () => {
    primary = await createTestDatabase();
    const seeding = new DataSource(typeOrmOptions({ url: primary.url }));
    await seeding.initialize();
    await seedDemoData(seeding);
    await seeding.destroy();
    replica = await createTestDatabase(primary.name);
    const target = new URL(replica.url);
    const relayUrl = new URL(replica.url);
    relayUrl.hostname = '127.0.0.1';
    relayUrl.port = String(await freePort());
    relayPort = Number(relayUrl.port);
    openRelay = async () => {
      relay = createServer((client) => {
        const server = connect(Number(target.port), target.hostname);
        for (const [a, b] of [[client, server], [server, client]]) {
          relayed.add(a);
          a.on('error', () => b.destroy());
          a.on('close', () => (relayed.delete(a), b.destroy()));
          a.pipe(b);
        }
      });
      await new Promise<void>((resolve) => relay.listen(relayPort, '127.0.0.1', resolve));
    };
    await openRelay();
    sut = await startTestApp({ database: primary, seed: false, env: { DATABASE_READ_URL: relayUrl.toString(), DATABASE_READ_RETRY_SECONDS: '1' } });
    replicaDs = new DataSource(typeOrmOptions({ url: replica.url }));
    await replicaDs.initialize();
    [{ id: agencyId }] = await sut.dataSource.query(`SELECT id FROM agency WHERE code = 'SLXZR'`);
  });

  afterAll(async () => {
    await replicaDs?.destroy();
    await sut?.close();
    relay?.close();
    await replica?.drop();
  });

  const statistics = async () => {
    const res = await sut.http.get('/api/v1/reports/statistics').query({ agencyId, ...period }).set('Authorization', `Bearer ${await sut.tokenFor(HEAD)}`);
    expect(res.status).toBe(200);
    return res.body as { openByStatus: { status: string; count: number }[] };
  };
  const search = async () => {
    const res = await sut.http.get('/api/v1/archive/search').query({ q: '土地征收' }).set('Authorization', `Bearer ${await sut.tokenFor(AUDITOR)}`);
    expect(res.status).toBe(200);
    return res.body as { items: { trackingNumber: string }[] };
  };

  it('should answer statistics and archive search from the replica, and everything else from the primary', async () => {
    const filed = await registerCase(sut, '2026-03-02');

    // The case list reads the primary: the new case is there.
    const queue = await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${await sut.tokenFor(OFFICER)}`);
    expect(queue.status).toBe(200);
    expect(JSON.stringify(queue.body)).toContain(filed.trackingNumber);
    // Statistics and search read the replica, which has not got it yet.
    expect((await statistics()).openByStatus).toEqual([]);
    expect((await search()).items).toEqual([]);

    // Replication catches up: the case row (and its statistics row) arrive in the replica.
    const [caseRow] = await sut.dataSource.query(`SELECT row_to_json(c) AS row FROM case_file c WHERE id = $1`, [filed.id]);
    const statRows: { row: unknown }[] = await sut.dataSource.query(`SELECT row_to_json(s) AS row FROM case_statistics s`);
    await replicaDs.transaction(async (m) => {
      // As a replication apply worker does: no triggers, no foreign-key checks (the case's other rows stay behind).
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`INSERT INTO case_file SELECT * FROM json_populate_record(NULL::case_file, $1::json)`, [JSON.stringify(caseRow.row)]);
      await m.query(`DELETE FROM case_statistics`);
      for (const s of statRows) await m.query(`INSERT INTO case_statistics SELECT * FROM json_populate_record(NULL::case_statistics, $1::json)`, [JSON.stringify(s.row)]);
    });

    expect((await statistics()).openByStatus).toEqual([expect.objectContaining({ status: filed.status, count: 1 })]);
    expect((await search()).items.map((i) => i.trackingNumber)).toEqual([filed.trackingNumber]);
  });

  it('should read the case list from the primary even where the replica differs', async () => {
    await replicaDs.query(`UPDATE case_file SET request_description = '只在副本中修改的内容'`);
    const queue = await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${await sut.tokenFor(OFFICER)}`);
    expect(queue.status).toBe(200);
    expect(JSON.stringify(queue.body)).toContain('2025年度某镇土地征收补偿方案');
    expect(JSON.stringify(queue.body)).not.toContain('只在副本中修改的内容');
  });

  const closeRelay = () =>
    new Promise<void>((resolve) => {
      relay.close(() => resolve());
      for (const socket of relayed) socket.destroy();
    });
  const ready = async () => {
    const res = await sut.http.get('/health/ready');
    expect(res.status).toBe(200);
    return res.body as { status: string; info: Record<string, { status: string; readsFrom?: string; message?: string }> };
  };

  it('should keep the instance ready when the replica goes down, read the primary meanwhile, and go back to the replica once it answers', async () => {
    expect(await ready()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, databaseRead: { status: 'up' } } });
    // A case only the primary has: the replica's search does not find it.
    const late = await registerCase(sut, '2026-03-02', { requestDescription: '2026年度某镇土地征收补偿方案（副本未复制）' });
    expect((await search()).items.map((i) => i.trackingNumber)).not.toContain(late.trackingNumber);

    // The replica goes away: its port closes and its open connections are cut.
    await closeRelay();

    // Search and statistics answer from the primary, which has the late case. The pool's idle connections were cut,
    // which marks the replica down at once; once the retry interval (1 s here) has passed, the search tries the
    // replica again, finds it still gone, and reads the primary within the same request.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await search()).items.map((i) => i.trackingNumber)).toContain(late.trackingNumber);
    expect((await statistics()).openByStatus.reduce((n, s) => n + s.count, 0)).toBeGreaterThanOrEqual(2);
    const queue = await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${await sut.tokenFor(OFFICER)}`);
    expect(queue.status).toBe(200);
    // Still ready (every instance shares the replica: unready would take intake down with the reports), but degraded.
    expect(await ready()).toMatchObject({
      status: 'degraded',
      info: { database: { status: 'up' }, databaseRead: { status: 'degraded', readsFrom: 'primary', message: expect.stringContaining('主库') } },
    });
    expect((await sut.http.get('/health')).status).toBe(200);

    // The replica is back: after the retry interval (1 s here) the next read goes to it again.
    await openRelay();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await search()).items.map((i) => i.trackingNumber)).not.toContain(late.trackingNumber);
    expect(await ready()).toMatchObject({ status: 'ok', info: { databaseRead: { status: 'up' } } });
  });

  it('should start while its replica cannot be reached, and read the primary', async () => {
    const nowhere = new URL(replica.url);
    nowhere.hostname = '127.0.0.1';
    nowhere.port = String(await freePort());
    const other = await startTestApp({ database: primary, seed: false, env: { DATABASE_READ_URL: nowhere.toString() } });
    try {
      const res = await other.http.get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'degraded', info: { databaseRead: { status: 'degraded', readsFrom: 'primary' } } });
      const found = await other.http.get('/api/v1/archive/search').query({ q: '土地征收' }).set('Authorization', `Bearer ${await other.tokenFor(AUDITOR)}`);
      expect(found.status).toBe(200);
      expect(found.body.items.length).toBeGreaterThanOrEqual(2);
    } finally {
      await other.app.close();
    }
  });
});
