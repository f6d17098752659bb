import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import yazl from 'yazl';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { readZip, verifyBundle } from '../../scripts/verify-bundle.mjs';
import { webApplication } from '../setup/applications.js';
import { APPLICANT, AUDITOR, ADMIN, HEAD, LEGAL, OFFICER, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

type Verification = ReturnType<typeof verifyBundle>;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const problemsOf = (r: Verification) => r.checks.flatMap((c) => c.problems);

/** A one-page PDF as a scanner would write it (real structure: xref, startxref). */
function scanPdf(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A5' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.fontSize(14).text(text);
    doc.end();
  });
}

/** Repackages entries the way the service does (same entry options), so only the change under test differs. */
function rezip(entries: [string, Buffer][]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, data] of entries) zip.addBuffer(data, name, { mtime: new Date('2026-03-12T02:00:00Z'), mode: 0o100644, forceDosTimestamp: true });
    zip.end();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

describe('evidence archive: bundles, offline verification, ledger, access log', () => {
  let sut: TestApp;
  let officer: string;
  let head: string;
  let legal: string;
  let auditor: string;
  let caseId: string;
  let trackingNumber: string;
  let bundle: Buffer;
  let tmp: string;

  const download = (token: string, id: string, query = '') =>
    sut.http
      .get(`/api/v1/cases/${id}/bundle${query}`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    tmp = mkdtempSync(path.join(tmpdir(), 'bundle-'));
    officer = await sut.tokenFor(OFFICER);
    head = await sut.tokenFor(HEAD);
    legal = await sut.tokenFor(LEGAL);
    auditor = await sut.tokenFor(AUDITOR);

    // A web application with a scanned application form, handled to a posted reply whose return receipt came back.
    const scan = await sut.http.post('/api/v1/attachments').field('purpose', 'APPLICATION_SCAN').attach('file', await scanPdf('Application form scan'), { filename: '申请表.pdf', contentType: 'application/pdf' });
    expect(scan.status).toBe(201);
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication({ attachmentIds: [scan.body.id] }, 31));
    expect(submitted.status).toBe(201);
    trackingNumber = submitted.body.trackingNumber;
    [{ id: caseId }] = await sut.dataSource.query(`SELECT id FROM case_file WHERE tracking_number = $1`, [trackingNumber]);
    const ok = async (token: string, body: Record<string, unknown>) => {
      const res = await sendEvent(sut, token, caseId, body);
      if (res.status !== 200) throw new Error(`${String(body.type)}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    await ok(officer, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
    await ok(officer, { type: 'ACCEPT' });
    const advisor = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${legal}`);
    const referred = await ok(officer, { type: 'REFER_TO_LEGAL', advisorIds: [advisor.body.id], question: '是否可以公开？' });
    await ok(legal, { type: 'SUBMIT_LEGAL_OPINION', referralId: referred.pendingReferrals[0], opinion: 'AGREE', text: '同意公开。' });
    await ok(officer, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE });
    await ok(officer, { type: 'SUBMIT_FOR_APPROVAL' });
    await ok(head, { type: 'APPROVE_REPLY' });
    await ok(officer, { type: 'DELIVER_REPLY', method: 'POST', waybillNumber: 'EA123456789CN' });
    sut.clock.set('2026-03-12T02:00:00Z');
    const docs = await sut.http.get(`/api/v1/cases/${caseId}/documents`).set('Authorization', `Bearer ${officer}`);
    const reply = docs.body.find((d: { kind: string }) => d.kind === 'DISCLOSE');
    const receipt = await sut.http.post('/api/v1/attachments').set('Authorization', `Bearer ${officer}`).field('purpose', 'SIGNED_RECEIPT').attach('file', await scanPdf('EMS return receipt'), { filename: 'EMS回执.pdf', contentType: 'application/pdf' });
    await ok(officer, { type: 'RECORD_DELIVERY_PROOF', documentId: reply.id, receivedOn: '2026-03-11', proofAttachmentId: receipt.body.id });

    const res = await download(officer, caseId);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    bundle = res.body as Buffer;
    writeFileSync(path.join(tmp, 'case.zip'), bundle);
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should pass the offline verifier (standalone script, no database) with all four properties', async () => {
    const run = spawnSync(process.execPath, ['scripts/verify-bundle.mjs', path.join(tmp, 'case.zip')], { encoding: 'utf8' });
    expect(run.stdout).toContain('结论：真实性通过；完整性通过；可用性通过；安全性通过');
    expect(run.status).toBe(0);
    const keys = await sut.http.get('/api/v1/archive/keys');
    expect(keys.status).toBe(200);
    writeFileSync(path.join(tmp, 'keys.json'), JSON.stringify(keys.body));
    const pinned = spawnSync(process.execPath, ['scripts/verify-bundle.mjs', path.join(tmp, 'case.zip'), '--keys', path.join(tmp, 'keys.json')], { encoding: 'utf8' });
    expect(pinned.status).toBe(0);
    expect(pinned.stdout).toContain('属于指定的可信公钥');
    // A key that did not sign it is refused.
    writeFileSync(path.join(tmp, 'other.json'), JSON.stringify({ keys: [{ ...keys.body.keys[0], publicKey: 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=' }] }));
    const other = spawnSync(process.execPath, ['scripts/verify-bundle.mjs', path.join(tmp, 'case.zip'), '--keys', path.join(tmp, 'other.json')], { encoding: 'utf8' });
    expect(other.status).toBe(1);
  });

  it('should lay the bag out per RFC 8493 so that sha256sum and an independent BagIt check accept it', () => {
    const dir = path.join(tmp, 'bag');
    execFileSync('unzip', ['-q', path.join(tmp, 'case.zip'), '-d', dir]);
    // The standard tool checks the payload and tag manifests as written.
    expect(execFileSync('sha256sum', ['-c', '--strict', 'manifest-sha256.txt'], { cwd: dir, encoding: 'utf8' })).not.toContain('FAILED');
    expect(execFileSync('sha256sum', ['-c', '--strict', 'tagmanifest-sha256.txt'], { cwd: dir, encoding: 'utf8' })).not.toContain('FAILED');
    // An independent BagIt check: declaration, required bag-info fields, Payload-Oxum, manifests complete.
    expect(readFileSync(path.join(dir, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const info = Object.fromEntries(
      readFileSync(path.join(dir, 'bag-info.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(': ')),
    );
    expect(info).toMatchObject({ 'Source-Organization': '示例县自然资源局', 'External-Identifier': trackingNumber, 'Bagging-Date': '2026-03-12' });
    const payload = execFileSync('find', ['data', '-type', 'f'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').sort();
    const bytes = payload.reduce((n, f) => n + readFileSync(path.join(dir, f)).length, 0);
    expect(info['Payload-Oxum']).toBe(`${bytes}.${payload.length}`);
    for (const alg of ['sha256', 'sm3']) {
      const listed = readFileSync(path.join(dir, `manifest-${alg}.txt`), 'utf8').trim().split('\n').map((l) => l.split('  ')[1]).sort();
      expect(listed).toEqual(payload);
    }
    const sm3 = readFileSync(path.join(dir, 'manifest-sm3.txt'), 'utf8').trim().split('\n').map((l) => l.split('  '));
    for (const [digest, file] of sm3) expect(createHash('sm3').update(readFileSync(path.join(dir, file))).digest('hex')).toBe(digest);
    // ASCII names inside; the Chinese titles are in the metadata.
    expect(payload.every((f) => /^[\x21-\x7e]+$/.test(f))).toBe(true);
    expect(payload).toEqual(expect.arrayContaining(['data/case.json', 'data/events.jsonl', `data/${trackingNumber}-evidence-list.pdf`]));

    const caseJson = JSON.parse(readFileSync(path.join(dir, 'data/case.json'), 'utf8'));
    expect(caseJson.evidence.map((e: { item: string }) => e.item)).toEqual(['收到时间', '申请内容', '答复内容', '答复依据', '答复时间']);
    expect(caseJson.evidence[0]).toMatchObject({ value: '2026-03-09' });
    expect(caseJson.evidence[4]).toMatchObject({ value: '2026-03-09', files: expect.arrayContaining([expect.stringMatching(/-signed-receipt\.pdf$/)]) });
    expect(caseJson.documents).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'DISCLOSE', title: expect.stringContaining('答复'), issuedByEvent: expect.any(Number) })]));
    expect(caseJson.retention).toEqual({ years: 30, until: '2056-12-31', legalHold: false });
    // The officer of the case's agency is entitled to the applicant's details.
    expect(caseJson.applicant).toMatchObject({ name: '张三', details: expect.objectContaining({ email: 'applicant31@example.com' }) });

    const list = execFileSync('pdftotext', ['-layout', `data/${trackingNumber}-evidence-list.pdf`, '-'], { cwd: dir, encoding: 'utf8' });
    for (const text of ['证据目录', '证据名称', '证据来源', '证明对象', '法律顾问审查意见', '送达回证', trackingNumber]) expect(list).toContain(text);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', `data/${trackingNumber}-evidence-list.pdf`, path.join(tmp, 'evidence-list')], { cwd: dir });
  });

  it('should detect a one-byte change anywhere in the ZIP', () => {
    expect(verifyBundle(bundle).ok).toBe(true);
    const positions = new Set<number>();
    const step = Math.max(1, Math.floor(bundle.length / 2000));
    for (let p = 0; p < bundle.length; p += step) positions.add(p);
    // Every byte of the central directory's last entries and the end record.
    for (let p = Math.max(0, bundle.length - 400); p < bundle.length; p++) positions.add(p);
    const missed: number[] = [];
    for (const p of positions) {
      const copy = Buffer.from(bundle);
      copy[p] ^= 0x01;
      if (verifyBundle(copy).ok) missed.push(p);
    }
    expect(missed).toEqual([]);
    expect(positions.size).toBeGreaterThan(2000);
  });

  it('should name a deleted file, an added file and reordered events', async () => {
    const entries = [...readZip(bundle)] as [string, Buffer][];
    const repacked = await rezip(entries);
    expect(verifyBundle(repacked).ok).toBe(true);

    const deleted = verifyBundle(await rezip(entries.filter(([n]) => !n.endsWith('-signed-receipt.pdf'))));
    expect(deleted.ok).toBe(false);
    expect(deleted.firstBrokenLink).toMatch(/manifest-sha256\.txt 列出的文件缺失：data\/attachments\/.*-signed-receipt\.pdf/);

    const added = verifyBundle(await rezip([...entries, ['data/attachments/extra.pdf', await scanPdf('planted')]]));
    expect(added.ok).toBe(false);
    expect(problemsOf(added)).toContain('未列入 manifest-sha256.txt 的文件：data/attachments/extra.pdf');

    const reordered = verifyBundle(
      await rezip(
        entries.map(([n, d]): [string, Buffer] => {
          if (n !== 'data/events.jsonl') return [n, d];
          const lines = d.toString('utf8').split('\n').slice(0, -1);
          [lines[2], lines[3]] = [lines[3], lines[2]];
          return [n, Buffer.from(`${lines.join('\n')}\n`, 'utf8')];
        }),
      ),
    );
    expect(reordered.ok).toBe(false);
    expect(reordered.firstBrokenLink).toContain('data/events.jsonl 的 SHA256 摘要与清单不符');
    expect(problemsOf(reordered)).toEqual(expect.arrayContaining([expect.stringMatching(/^事件第3行（seq 4，.*）：序号应为3/), expect.stringMatching(/^事件第3行.*链接断开/)]));

    // Rewriting an issued PDF and fixing up the manifests still breaks the signature over the tag manifests.
    const forged = new Map(entries);
    const pdfName = entries.find(([n]) => n.includes('-disclose.pdf'))![0];
    forged.set(pdfName, Buffer.concat([forged.get(pdfName)!, Buffer.from('\n%forged\n')]));
    for (const alg of ['sha256', 'sm3']) {
      const text = forged.get(`manifest-${alg}.txt`)!.toString('utf8').split('\n').map((l) => (l.endsWith(pdfName) ? `${createHash(alg).update(forged.get(pdfName)!).digest('hex')}  ${pdfName}` : l));
      forged.set(`manifest-${alg}.txt`, Buffer.from(text.join('\n'), 'utf8'));
      const tags = forged.get(`tagmanifest-${alg}.txt`)!.toString('utf8').split('\n').map((l) => (l.endsWith(`manifest-${alg}.txt`) && !l.includes('tag') ? `${createHash(alg).update(forged.get(`manifest-${alg}.txt`)!).digest('hex')}  manifest-${alg}.txt` : l));
      forged.set(`tagmanifest-${alg}.txt`, Buffer.from(tags.join('\n'), 'utf8'));
    }
    const forgedResult = verifyBundle(await rezip([...forged]));
    expect(forgedResult.ok).toBe(false);
    expect(problemsOf(forgedResult)).toEqual(expect.arrayContaining(['标签清单的 Ed25519 签名验证失败', expect.stringMatching(/与签发它的第\d+条事件记录的哈希不符/)]));
  });

  it('should let auditors export with a stated purpose and mask the applicant; applicants, advisors and admins may not export', async () => {
    const noPurpose = await download(auditor, caseId);
    expect(noPurpose.status).toBe(422);
    const res = await download(auditor, caseId, `?purpose=${encodeURIComponent('年度执法检查')}`);
    expect(res.status).toBe(200);
    expect(verifyBundle(res.body as Buffer).ok).toBe(true);
    const caseJson = JSON.parse(readZip(res.body as Buffer).get('data/case.json')!.toString('utf8'));
    expect(caseJson.applicant).toEqual({ name: '张*', nameSha256: sha256(Buffer.from('张三')), category: 'NATURAL_PERSON', masked: true });
    expect(JSON.stringify(caseJson)).not.toContain('applicant31@example.com');
    expect(caseJson.export).toMatchObject({ role: 'AUDITOR', purpose: '年度执法检查' });

    for (const who of [APPLICANT, LEGAL, ADMIN]) expect((await download(await sut.tokenFor(who), caseId)).status).toBe(403);
    expect((await download(officer, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('should record every export in a hash-chained access log', async () => {
    const log = await sut.http.get(`/api/v1/archive/access-log?caseId=${caseId}`).set('Authorization', `Bearer ${auditor}`);
    expect(log.status).toBe(200);
    expect(log.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'OFFICER', action: 'BUNDLE_EXPORT', purpose: null }),
        expect.objectContaining({ role: 'AUDITOR', action: 'BUNDLE_EXPORT', purpose: '年度执法检查' }),
      ]),
    );
    const all = await sut.http.get('/api/v1/archive/access-log').set('Authorization', `Bearer ${auditor}`);
    all.body.forEach((e: { prevHash: string | null; hash: string }, i: number) => expect(e.prevHash).toBe(i === 0 ? null : all.body[i - 1].hash));
    expect((await sut.http.get('/api/v1/archive/access-log').set('Authorization', `Bearer ${officer}`)).status).toBe(403);
  });

  it('should publish a signed checkpoint and check the ledger against the cases, naming deleted or rewritten rows', async () => {
    const cp = await sut.http.get('/api/v1/archive/checkpoint');
    expect(cp.status).toBe(200);
    expect(cp.body.note).toMatch(/^\S+\/gongkai\/archive-log\n\d+\n[A-Za-z0-9+/]{43}=\n\n\u2014 \S+ [A-Za-z0-9+/=]+\n$/);
    const admin = await sut.tokenFor(ADMIN);
    const clean = await sut.http.get('/api/v1/archive/ledger/verify').set('Authorization', `Bearer ${admin}`);
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ ok: true, problems: [] });
    expect(clean.body.events).toBeGreaterThanOrEqual(10);

    // Someone with database rights removes the issued reply's row and rewrites an event's hash.
    await sut.dataSource.transaction(async (em) => {
      await em.query('ALTER TABLE issued_document DISABLE TRIGGER issued_document_immutable');
      await em.query('ALTER TABLE case_event DISABLE TRIGGER case_event_append_only');
      await em.query(`DELETE FROM issued_document WHERE case_id = $1 AND kind = 'DISCLOSE'`, [caseId]);
      await em.query(`UPDATE case_event SET hash = repeat('0', 64) WHERE case_id = $1 AND seq = 2`, [caseId]);
      await em.query('ALTER TABLE issued_document ENABLE TRIGGER issued_document_immutable');
      await em.query('ALTER TABLE case_event ENABLE TRIGGER case_event_append_only');
    });
    const dirty = await sut.http.get('/api/v1/archive/ledger/verify').set('Authorization', `Bearer ${auditor}`);
    expect(dirty.body.ok).toBe(false);
    expect(dirty.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'DOCUMENT_MISSING', trackingNumber, message: expect.stringContaining(trackingNumber) }),
        expect.objectContaining({ kind: 'EVENT_REWRITTEN', trackingNumber, seq: 2 }),
      ]),
    );
  });
});
