import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readZip, verifyBundle } from '../../scripts/verify-bundle.mjs';
import { ArchiveExportService, exportZipKey } from '../../src/modules/archive/archive-export.service.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import { BlobStorage } from '../../src/modules/storage/blob-storage.js';
import { webApplication } from '../setup/applications.js';
import { AUDITOR, OFFICER, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** A deployment that signs with SM2: bundles verify offline, the receipt is PDF/A on one page, exports live in storage. */
describe('archive formats: SM2-signed bundles, PDF/A documents, export ZIPs in the blob storage', () => {
  let sut: TestApp;
  let officer: string;
  let auditor: string;
  let caseId: string;
  let bundle: Buffer;
  let tmp: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z', env: { ARCHIVE_SIGNATURE_ALGORITHM: 'sm2' } });
    tmp = mkdtempSync(path.join(tmpdir(), 'sm2-bundle-'));
    officer = await sut.tokenFor(OFFICER);
    auditor = await sut.tokenFor(AUDITOR);
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, 41));
    expect(submitted.status).toBe(201);
    [{ id: caseId }] = await sut.dataSource.query(`SELECT id FROM case_file WHERE tracking_number = $1`, [submitted.body.trackingNumber]);
    expect((await sendEvent(sut, officer, caseId, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' })).status).toBe(200);
    const res = await sut.http.get(`/api/v1/cases/${caseId}/bundle`).set('Authorization', `Bearer ${officer}`).responseType('blob');
    expect(res.status).toBe(200);
    bundle = res.body as Buffer;
    writeFileSync(path.join(tmp, 'case.zip'), bundle);
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should publish the SM2 key with its algorithm and validity, and sign the bundle with it', async () => {
    const keys = await sut.http.get('/api/v1/archive/keys');
    expect(keys.status).toBe(200);
    expect(keys.body.keys).toEqual([expect.objectContaining({ algorithm: 'SM2', keyId: expect.stringMatching(/^sm2:[0-9a-f]{16}$/), validFrom: '2026-03-09', validUntil: '2036-03-09' })]);
    writeFileSync(path.join(tmp, 'keys.json'), JSON.stringify(keys.body));
    const files = readZip(bundle);
    expect(JSON.parse(files.get('signature.json')!.toString('utf8'))).toMatchObject({ algorithm: 'SM2', keyId: keys.body.keys[0].keyId });
    expect(JSON.parse(files.get('archive-keys.json')!.toString('utf8'))).toEqual(keys.body);
  });

  it('should pass the standalone verifier (SM2 over the tag manifests and the checkpoint) and report the PDF/A documents', () => {
    const run = spawnSync(process.execPath, ['scripts/verify-bundle.mjs', path.join(tmp, 'case.zip'), '--keys', path.join(tmp, 'keys.json')], { encoding: 'utf8' });
    expect(run.stdout).toContain('结论：真实性通过；完整性通过；可用性通过；安全性通过');
    expect(run.status).toBe(0);
    const result = verifyBundle(bundle);
    expect(result.checks.find((c) => c.id === '1-1' && c.title.startsWith('电子签名'))).toMatchObject({ ok: true, title: expect.stringContaining('SM2') });
    const pdfa = result.checks.find((c) => c.title.startsWith('PDF 可以打开'))!.notes;
    expect(pdfa.length).toBeGreaterThan(0);
    expect(pdfa.filter((n) => n.startsWith('data/documents/')).every((n) => n.includes('标识为 PDF/A-2b'))).toBe(true);
  });

  it('should detect a one-byte change anywhere in an SM2-signed bundle', () => {
    const step = Math.max(1, Math.floor(bundle.length / 400));
    const missed: number[] = [];
    for (let p = 0; p < bundle.length; p += step) {
      const copy = Buffer.from(bundle);
      copy[p] ^= 0x01;
      if (verifyBundle(copy).ok) missed.push(p);
    }
    expect(missed).toEqual([]);
  });

  it('should issue the receipt as a one-page PDF/A-2b document', async () => {
    const docs = await sut.http.get(`/api/v1/cases/${caseId}/documents`).set('Authorization', `Bearer ${officer}`);
    const receipt = docs.body.find((d: { kind: string }) => d.kind === 'RECEIPT');
    expect(receipt).toBeDefined();
    const pdf = await sut.http.get(`/api/v1/cases/${caseId}/documents/${receipt.id}/pdf`).set('Authorization', `Bearer ${officer}`).responseType('blob');
    expect(pdf.status).toBe(200);
    const text = (pdf.body as Buffer).toString('latin1');
    expect(text).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(text).toContain('/S /GTS_PDFA1');
    writeFileSync(path.join(tmp, 'receipt.pdf'), pdf.body as Buffer);
    const info = spawnSync('pdfinfo', [path.join(tmp, 'receipt.pdf')], { encoding: 'utf8' });
    expect(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]).toBe('1');
  });

  it('should write a bulk export ZIP into the blob storage and serve it from there, not from the building instance', async () => {
    const created = await sut.http.post('/api/v1/archive/exports').set('Authorization', `Bearer ${auditor}`).send({ receivedFrom: '2026-03-01', purpose: '档案格式检查' });
    expect(created.status).toBe(202);
    await sut.app.get(ArchiveExportService).idle();
    const status = await sut.http.get(`/api/v1/archive/exports/${created.body.id}`).set('Authorization', `Bearer ${auditor}`);
    expect(status.body).toMatchObject({ status: 'DONE' });
    const storage = sut.app.get(BlobStorage);
    expect(await storage.exists(exportZipKey(created.body.id))).toBe(true);
    // Nothing of the job is left on the building instance's disk: any instance serves the ZIP from the storage.
    const config = sut.app.get<AppConfig>(APP_CONFIG);
    expect(existsSync(path.join(config.dataDir, 'archive-exports', created.body.id))).toBe(false);
    const zip = await sut.http.get(status.body.downloadUrl).set('Authorization', `Bearer ${auditor}`).responseType('blob');
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.body).toEqual(await storage.get(exportZipKey(created.body.id)));
    expect(status.body.bytes).toBe((zip.body as Buffer).length);
    const entries = readZip(zip.body as Buffer);
    const bundles = [...entries.keys()].filter((k) => k.startsWith('bundles/'));
    expect(bundles.length).toBeGreaterThan(0);
    for (const name of bundles) expect(verifyBundle(entries.get(name)!).ok).toBe(true);
    // Gone from the storage: 404, not a 500.
    await storage.delete(exportZipKey(created.body.id));
    expect((await sut.http.get(status.body.downloadUrl).set('Authorization', `Bearer ${auditor}`)).status).toBe(404);
    // An export finished before the ZIPs moved into the storage is still served from where it was written.
    const legacy = path.join(config.dataDir, 'archive-exports', created.body.id);
    mkdirSync(legacy, { recursive: true });
    writeFileSync(path.join(legacy, 'export.zip'), zip.body as Buffer);
    const old = await sut.http.get(status.body.downloadUrl).set('Authorization', `Bearer ${auditor}`).responseType('blob');
    expect(old.status).toBe(200);
    expect(old.body).toEqual(zip.body);
  });
});
