import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { DataSource, type QueryRunner } from 'typeorm';
import { AppException } from '../../src/common/errors/app.exception.js';
import { FixedClock } from '../../src/common/time/clock.js';
import { loadAppConfig } from '../../src/config/app-config.js';
import { typeOrmOptions } from '../../src/database/typeorm-options.js';
import { AttachmentsRepository } from '../../src/modules/attachments/attachments.repository.js';
import { AttachmentsService } from '../../src/modules/attachments/attachments.service.js';
import { AttachmentPurpose } from '../../src/modules/attachments/domain/attachment.js';
import { samplePdf, samplePng } from '../../src/modules/attachments/domain/testing/sample-files.js';
import { LocalDiskStorage } from '../../src/modules/storage/local-disk.storage.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

function fieldErrorOf(e: unknown): { field: string; code: string } | undefined {
  return e instanceof AppException && e.code === 'VALIDATION_FAILED' ? e.errors?.[0] : undefined;
}

describe('AttachmentsService on PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let storage: LocalDiskStorage;
  let sut: AttachmentsService;
  // Links need case rows; this connection skips foreign-key triggers so the test does not depend on how cases
  // are registered. The FK itself is checked on an ordinary connection below.
  let unchecked: QueryRunner;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(typeOrmOptions({ url: db.url })).initialize();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gk-attachments-'));
    storage = new LocalDiskStorage(path.join(dataDir, 'blobs'));
    const config = loadAppConfig({ DATA_DIR: dataDir, ATTACHMENT_MAX_BYTES: '4096', JWT_SECRET: 'test-secret-test-secret-test-secret-0123' });
    sut = new AttachmentsService(storage, new AttachmentsRepository(dataSource), new FixedClock(new Date('2026-12-31T17:00:00Z')), config);
    unchecked = dataSource.createQueryRunner();
    await unchecked.query('SET session_replication_role = replica');
  });

  afterAll(async () => {
    await unchecked.query('SET session_replication_role = DEFAULT');
    await unchecked.release();
    await dataSource.destroy();
    await db.drop();
  });

  it('should store the bytes once under attachments/<Beijing year>/<sha256> and record each upload', async () => {
    const pdf = samplePdf();
    const first = await sut.store(pdf, 'C:\\扫描\\申请书.pdf', 'application/pdf', AttachmentPurpose.APPLICATION_SCAN);
    const second = await sut.store(pdf, '申请书（副本）', null, AttachmentPurpose.OTHER);
    // 2026-12-31T17:00Z is already 2027-01-01 in Beijing.
    expect(first).toMatchObject({
      caseId: null,
      filename: '申请书.pdf',
      contentType: 'application/pdf',
      byteSize: pdf.length,
      storageKey: `attachments/2027/${first.sha256}`,
    });
    expect(second).toMatchObject({ filename: '申请书（副本）.pdf'.normalize('NFKC'), storageKey: first.storageKey });
    expect(second.id).not.toBe(first.id);
    expect(await storage.get(first.storageKey)).toEqual(pdf);
    const read = await sut.read(first.id);
    expect(read?.metadata).toEqual(first);
    expect(read?.bytes).toEqual(pdf);
    expect(await sut.read(randomUUID())).toBeNull();
  });

  it('should answer a rejected file with a 422 field error and store nothing', async () => {
    const count = async () => Number((await dataSource.query('SELECT count(*) AS n FROM attachment'))[0].n);
    const before = await count();
    const tooLarge = Buffer.concat([samplePdf(), Buffer.alloc(5000)]);
    const errors = await Promise.all([
      sut.store(tooLarge, 'big.pdf', 'application/pdf', AttachmentPurpose.OTHER).catch(fieldErrorOf),
      sut.store(samplePng(), 'a.pdf', 'application/pdf', AttachmentPurpose.OTHER, { field: 'files[1]' }).catch(fieldErrorOf),
      sut.store(Buffer.from('plain text'), 'a.txt', 'text/plain', AttachmentPurpose.OTHER).catch(fieldErrorOf),
      sut.store(samplePdf(), 'a.pdf', 'application/pdf', 'SELFIE' as AttachmentPurpose).catch(fieldErrorOf),
    ]);
    expect(errors).toEqual([
      expect.objectContaining({ field: 'file', code: 'ATTACHMENT_TOO_LARGE', message: expect.stringContaining('文件大小超过上限') }),
      expect.objectContaining({ field: 'files[1]', code: 'ATTACHMENT_TYPE_MISMATCH' }),
      expect.objectContaining({ field: 'file', code: 'ATTACHMENT_TYPE_NOT_ALLOWED' }),
      expect.objectContaining({ field: 'purpose', code: 'INVALID_ENUM' }),
    ]);
    expect(await count()).toBe(before);
  });

  it('should link uploads to a case once, idempotently, and refuse someone else’s or an already used upload', async () => {
    const caseA = randomUUID();
    const caseB = randomUUID();
    const officer = randomUUID();
    const other = randomUUID();
    const anonymous = await sut.store(samplePdf(), 'a.pdf', null, AttachmentPurpose.APPLICATION_SCAN, { manager: unchecked.manager });
    const own = await sut.store(samplePng(), 'env.png', null, AttachmentPurpose.ENVELOPE, { manager: unchecked.manager, uploadedById: officer });
    const foreign = await sut.store(samplePng(), 'x.png', null, AttachmentPurpose.OTHER, { manager: unchecked.manager, uploadedById: other });

    const linked = await sut.linkToCase(unchecked.manager, [anonymous.id, own.id, own.id], caseA, officer);
    expect(linked.map((a) => [a.id, a.caseId])).toEqual([
      [anonymous.id, caseA],
      [own.id, caseA],
    ]);
    expect(await sut.linkToCase(unchecked.manager, [own.id], caseA, officer)).toHaveLength(1);

    for (const [ids, caseId] of [
      [[foreign.id], caseA],
      [[own.id], caseB],
      [[randomUUID()], caseA],
    ] as const) {
      const error = await sut.linkToCase(unchecked.manager, ids, caseId, officer).catch(fieldErrorOf);
      expect(error).toMatchObject({ field: 'attachmentIds', code: 'ATTACHMENT_UNAVAILABLE' });
    }
    expect((await sut.read(foreign.id))?.metadata.caseId).toBeNull();
  });

  it('should sweep uploads never linked after the retention, keeping bytes another upload still uses', async () => {
    // Distinct bytes per test run: a PDF with a unique trailing comment.
    const unique = (tag: string) => Buffer.concat([samplePdf(), Buffer.from(`%${tag}-${randomUUID()}\n`)]);
    const abandonedBytes = unique('abandoned');
    const sharedBytes = unique('shared');
    const abandoned = await sut.store(abandonedBytes, 'a.pdf', null, AttachmentPurpose.APPLICATION_SCAN);
    const sharedAbandoned = await sut.store(sharedBytes, 'b.pdf', null, AttachmentPurpose.APPLICATION_SCAN);
    const sharedKept = await sut.store(sharedBytes, 'c.pdf', null, AttachmentPurpose.APPLICATION_SCAN, { manager: unchecked.manager });
    await sut.linkToCase(unchecked.manager, [sharedKept.id], randomUUID(), null);
    // Rows are stamped by the database clock; backdate two of them past the retention, leave one recent.
    const recent = await sut.store(unique('recent'), 'r.pdf', null, AttachmentPurpose.APPLICATION_SCAN);
    await dataSource.query(`UPDATE attachment SET created_at = $2 WHERE id = ANY($1)`, [[abandoned.id, sharedAbandoned.id], new Date('2026-12-29T00:00:00Z')]);
    await dataSource.query(`UPDATE attachment SET created_at = $2 WHERE id = $1`, [recent.id, new Date('2026-12-31T16:00:00Z')]);

    // The service's clock is 2026-12-31T17:00Z: 24 hours back is 2026-12-30T17:00Z.
    const result = await sut.sweepUnlinked(24);
    expect(result.rows).toBeGreaterThanOrEqual(2);
    const left = (await dataSource.query(`SELECT id FROM attachment WHERE id = ANY($1)`, [[abandoned.id, sharedAbandoned.id, sharedKept.id, recent.id]])).map((r: { id: string }) => r.id);
    expect(left.sort()).toEqual([sharedKept.id, recent.id].sort());
    expect(await storage.exists(abandoned.storageKey)).toBe(false);
    expect(await storage.exists(sharedKept.storageKey)).toBe(true);
    expect(await storage.exists(recent.storageKey)).toBe(true);
  });

  it('should refuse, through its foreign key, a link to a case that does not exist', async () => {
    const upload = await sut.store(samplePdf(), 'a.pdf', null, AttachmentPurpose.OTHER);
    await expect(dataSource.transaction((em) => sut.linkToCase(em, [upload.id], randomUUID(), null))).rejects.toThrow(/foreign key/);
  });
});
