import { createHash } from 'node:crypto';
import { BlobStorage } from '../../src/modules/storage/blob-storage.js';
import { OutboxService } from '../../src/modules/notifications/outbox.service.js';
import { pdfText, rasterize } from '../integration/documents-pdf.helpers.js';
import { webApplication } from '../setup/applications.js';
import { APPLICANT, AUDITOR, caseIdByTrackingNumber, LEGAL, OFFICER, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** 10:00 in Beijing on the given date. */
const at = (date: string) => `${date}T02:00:00Z`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('documents and intake as received: rare characters, exact text, attachments, the status lookup', () => {
  let sut: TestApp;
  let officer: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: at('2026-03-09') }); // Monday
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  const caseIdOf = (trackingNumber: string): Promise<string> => caseIdByTrackingNumber(sut, trackingNumber);

  const documentsOf = async (id: string, token = officer): Promise<{ id: string; kind: string; title: string; documentNumber: string }[]> =>
    (await sut.http.get(`/api/v1/cases/${id}/documents`).set('Authorization', `Bearer ${token}`)).body;

  const pdfOf = async (id: string, documentId: string): Promise<Buffer> =>
    (await sut.http.get(`/api/v1/cases/${id}/documents/${documentId}/pdf`).set('Authorization', `Bearer ${officer}`).buffer(true).parse(binary)).body as Buffer;

  describe('rare characters (生僻字)', () => {
    it('should confirm and close a web application from 王𪚥 (CJK Ext-B) and print the name on the receipt', async () => {
      const app = webApplication({ applicant: { ...(webApplication({}, 61).applicant as object), name: '王𪚥' } }, 61);
      const submitted = await sut.http.post('/api/v1/applications').send(app);
      expect(submitted.status).toBe(201);
      const id = await caseIdOf(submitted.body.trackingNumber);

      const confirmed = await sendEvent(sut, officer, id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
      expect(confirmed.status).toBe(200);
      const receipt = (await documentsOf(id)).find((d) => d.kind === 'RECEIPT')!;
      const pdf = await pdfOf(id, receipt.id);
      expect(await pdfText(pdf)).toContain('王𪚥：');
      expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+HanaMin/);
      expect(rasterize(pdf).dark).toBeGreaterThan(0.01);

      const closed = await sendEvent(sut, officer, id, { type: 'CLOSE', closeReason: 'OTHER', note: '申请人另行通过其他途径获取' });
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('CLOSED');
    });

    it.each([
      ['an emoji', '王😀', 'applicant.name'],
      ['a private-use character', '王\uE000', 'applicant.name'],
      ['zero-width characters only', '\u200B\u200D', 'applicant.name'],
    ])('should refuse at intake, naming the field, a name with %s', async (_label, name, field) => {
      const res = await sut.http.post('/api/v1/applications').send(webApplication({ applicant: { ...(webApplication({}, 62).applicant as object), name } }, 62));
      expect(res.status).toBe(422);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field, code: 'UNPRINTABLE_CHARACTER', message: expect.stringMatching(/[\u4e00-\u9fff]/) }));
    });

    it('should refuse an emoji in the title of the information at officer registration too', async () => {
      const res = await sut.http
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${officer}`)
        .send({ channel: 'counter', counter: { submittedOn: '2026-03-09' }, applicant: webApplication({}, 63).applicant, request: { title: '征地方案🙂', description: '全文' } });
      expect(res.status).toBe(422);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'request.title', code: 'UNPRINTABLE_CHARACTER' }));
    });

    it('should still confirm a case whose receipt cannot be rendered, record the failure and alert the officer', async () => {
      // A name that passed an earlier intake, with an ideograph no configured font has (CJK Ext-G).
      const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, 64));
      const id = await caseIdOf(submitted.body.trackingNumber);
      await sut.dataSource.query(`UPDATE case_file SET applicant_name = $1, assignee_id = (SELECT id FROM app_user WHERE email = $2) WHERE id = $3`, ['王\u{30000}', OFFICER, id]);

      const confirmed = await sendEvent(sut, officer, id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.status).toBe('REGISTERED');
      const events = (await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`)).body;
      expect(events.at(-1).payload.documents).toEqual([expect.objectContaining({ kind: 'RECEIPT', renderFailed: true, reason: 'DOCUMENT_GLYPHS_MISSING' })]);
      const notes = (await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${officer}`)).body;
      expect(notes).toContainEqual(expect.objectContaining({ caseId: id, kind: 'DOCUMENT_RENDER_FAILED' }));
      // No 文号 was drawn for it: the next receipt continues the series without a gap.
      expect((await documentsOf(id)).filter((d) => d.kind === 'RECEIPT')).toEqual([]);
    });
  });

  describe('the application kept as received', () => {
    const request = { title: '示例县2024年度耕地占补平衡项目验收报告（含鉴定单位内部资料）', documentNumber: '泉住建发（２０２４）１２号', description: '补录：请求公开验收报告全文。' };

    it('should store and chain title, 文号 and description exactly, keep normalised forms beside them, and quote the title and 文号 in the receipt', async () => {
      const submitted = await sut.http.post('/api/v1/applications').send(webApplication({ request }, 65));
      expect(submitted.status).toBe(201);
      const id = await caseIdOf(submitted.body.trackingNumber);
      const detail = (await sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${officer}`)).body;
      expect(detail).toMatchObject({ requestTitle: request.title, requestDocumentNumber: request.documentNumber, requestDescription: request.description });

      const events = (await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`)).body;
      expect(events[0].type).toBe('REGISTERED');
      expect(events[0].payload.request).toEqual(request);
      expect(events[0].payload.requestNormalized).toEqual({ title: '示例县2024年度耕地占补平衡项目验收报告(含鉴定单位内部资料)', documentNumber: '泉住建发(2024)12号' });
      expect((await sut.http.get(`/api/v1/cases/${id}/verify`).set('Authorization', `Bearer ${officer}`)).body).toMatchObject({ ok: true, problems: [] });

      await sendEvent(sut, officer, id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
      const receipt = (await documentsOf(id)).find((d) => d.kind === 'RECEIPT')!;
      const text = await pdfText(await pdfOf(id, receipt.id));
      expect(text).toContain('示例县2024年度耕地占补平衡项目验收报告（含鉴定单位内部资料）（文号：泉住建发（２０２４）１２号）');
      expect(text).not.toContain('请求公开验收报告全文');
    });
  });

  describe('document numbers (文号) when documents of one series are issued at once', () => {
    it('should give each receipt its own consecutive number and print that number on its PDF', async () => {
      // The PDF is rendered before the number is drawn, with the number the draw will likely give; when several
      // issue at once they all guess the same one, and every one but the first must be rendered again.
      const ids = await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, 140 + i));
          expect(submitted.status).toBe(201);
          return caseIdOf(submitted.body.trackingNumber);
        }),
      );
      const confirmed = await Promise.all(ids.map((id) => sendEvent(sut, officer, id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' })));
      expect(confirmed.map((r) => r.status)).toEqual(ids.map(() => 200));
      const receipts = await Promise.all(
        ids.map(async (id) => {
          const receipt = (await documentsOf(id)).find((d) => d.kind === 'RECEIPT')!;
          return { documentNumber: receipt.documentNumber, text: await pdfText(await pdfOf(id, receipt.id)) };
        }),
      );
      const numbers = receipts.map((r) => Number(/〔2026〕第?(\d+)号/.exec(r.documentNumber)![1])).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 6 }, (_, i) => numbers[0] + i));
      for (const r of receipts) expect(r.text).toContain(r.documentNumber);
    });

    it('should render and store a registration’s receipt once when nobody else registers meanwhile', async () => {
      // Rendered once the case is committed, with its tracking number and the 文号 the receipt's transaction will
      // likely draw: alone, the guess holds and the transaction stores nothing more (a miss would store a second PDF).
      const storage = sut.app.get(BlobStorage);
      const put = storage.put.bind(storage);
      const stored: string[] = [];
      storage.put = (...args: Parameters<BlobStorage['put']>) => (stored.push(args[0]), put(...args));
      try {
        const registered = await sut.http
          .post('/api/v1/cases')
          .set('Authorization', `Bearer ${officer}`)
          .send({ channel: 'counter', counter: { submittedOn: '2026-03-09' }, applicant: webApplication({}, 149).applicant, request: webApplication().request, delivery: { form: 'PAPER', method: 'PICKUP' } });
        expect(registered.status).toBe(201);
        const receipt = (await documentsOf(registered.body.id)).find((d) => d.kind === 'RECEIPT')!;
        const text = await pdfText(await pdfOf(registered.body.id, receipt.id));
        expect(text).toContain(registered.body.trackingNumber);
        expect(text).toContain(receipt.documentNumber);
        expect(stored.filter((key) => key.startsWith('documents/'))).toHaveLength(1);
      } finally {
        storage.put = put;
      }
    });

    it('should print each counter registration’s own tracking number and 文号 on its receipt when several register at once', async () => {
      // Each receipt is rendered with its case's tracking number and the 文号 its draw will likely give: registered
      // at once, all guess the same 文号, and all but one must be rendered again with theirs.
      const registered = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          sut.http
            .post('/api/v1/cases')
            .set('Authorization', `Bearer ${officer}`)
            .send({ channel: 'counter', counter: { submittedOn: '2026-03-09' }, applicant: webApplication({}, 150 + i).applicant, request: webApplication().request, delivery: { form: 'PAPER', method: 'PICKUP' } }),
        ),
      );
      expect(registered.map((r) => r.status)).toEqual(registered.map(() => 201));
      const sequence = (trackingNumber: string) => Number(trackingNumber.split('-').at(-1));
      const tracking = registered.map((r) => sequence(r.body.trackingNumber)).sort((a, b) => a - b);
      expect(tracking).toEqual(Array.from({ length: 6 }, (_, i) => tracking[0] + i));
      for (const r of registered) {
        const receipt = (await documentsOf(r.body.id)).find((d) => d.kind === 'RECEIPT')!;
        const text = await pdfText(await pdfOf(r.body.id, receipt.id));
        expect(text).toContain(r.body.trackingNumber);
        expect(text).toContain(receipt.documentNumber);
        for (const other of registered) if (other !== r) expect(text).not.toContain(other.body.trackingNumber);
      }
    });
  });

  describe('officer registration: back-dated entry and submission time', () => {
    const body = (extra: Record<string, unknown>) => ({ applicant: webApplication({}, 66).applicant, request: webApplication().request, delivery: { form: 'PAPER', method: 'PICKUP' }, ...extra });

    it('should refuse a registration whose receipt date lies in the past without a reason, and mark it back-dated with one', async () => {
      const counter = { channel: 'counter', counter: { submittedOn: '2026-03-05' } };
      const refused = await sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${officer}`).send(body(counter));
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'reason', code: 'REQUIRED' }));

      const res = await sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${officer}`).send(body({ ...counter, reason: '窗口收件后次日补录' }));
      expect(res.status).toBe(201);
      const events = (await sut.http.get(`/api/v1/cases/${res.body.id}/events`).set('Authorization', `Bearer ${officer}`)).body;
      expect(events[0]).toMatchObject({ type: 'REGISTERED', effectiveDate: '2026-03-05', backDated: true, reason: '窗口收件后次日补录' });
    });

    it('should record a fax’s received time, and a web submission’s time, as submittedAt', async () => {
      const fax = await sut.http
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${officer}`)
        .send(body({ channel: 'fax', fax: { sendingNumber: '010-12345678', receivedAt: '2026-03-09T09:15:00', confirmedOn: '2026-03-09' } }));
      expect(fax.status).toBe(201);
      expect(new Date(fax.body.submittedAt).toISOString()).toBe('2026-03-09T01:15:00.000Z');

      const web = await sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${officer}`).send(body({ channel: 'web', submittedAt: '2026-03-08T20:30:00+08:00', reason: '网站故障期间转交的网上申请' }));
      expect(web.status).toBe(201);
      expect(web.body).toMatchObject({ status: 'SUBMITTED', receiptDate: null });
      expect(new Date(web.body.submittedAt).toISOString()).toBe('2026-03-08T12:30:00.000Z');
      const bad = await sut.http.post('/api/v1/cases').set('Authorization', `Bearer ${officer}`).send(body({ channel: 'web', submittedAt: '2026-03-08 20:30' }));
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'submittedAt', code: 'INVALID_DATETIME' }));
    });

    it('should give the mail on submission and the mail on confirmation different subjects', async () => {
      const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, 67));
      const id = await caseIdOf(submitted.body.trackingNumber);
      await sendEvent(sut, officer, id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
      const subjects = (await sut.app.get(OutboxService).findByCase(id)).map((m) => m.subject);
      expect(subjects).toHaveLength(2);
      expect(subjects[0]).toContain('申请已提交，待示例县自然资源局确认收到');
      expect(subjects[1]).toContain('已确认收到申请');
      expect(subjects[0]).not.toBe(subjects[1]);
    });
  });

  describe('attachments', () => {
    const scan = Buffer.from('%PDF-1.4\n% 申请书扫描件\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const idScan = Buffer.from('%PDF-1.4\n% 身份证\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    let caseId: string;
    let scanId: string;
    let idScanId: string;
    let applicant: string;

    const upload = async (token: string, bytes: Buffer, purpose: string, filename: string) => {
      const res = await sut.http.post('/api/v1/attachments').set('Authorization', `Bearer ${token}`).field('purpose', purpose).attach('file', bytes, { filename, contentType: 'application/pdf' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };

    beforeAll(async () => {
      applicant = await sut.tokenFor(APPLICANT);
      scanId = await upload(applicant, scan, 'APPLICATION_SCAN', '申请书.pdf');
      idScanId = await upload(applicant, idScan, 'ID_DOCUMENT', '身份证.pdf');
      const submitted = await sut.http.post('/api/v1/applications').set('Authorization', `Bearer ${applicant}`).send(webApplication({ attachmentIds: [scanId, idScanId] }, 68));
      expect(submitted.status).toBe(201);
      caseId = await caseIdOf(submitted.body.trackingNumber);
    });

    it('should list the files on the case and in the event that linked them, with their hashes', async () => {
      const list = await sut.http.get(`/api/v1/cases/${caseId}/attachments`).set('Authorization', `Bearer ${officer}`);
      expect(list.status).toBe(200);
      expect(list.body).toEqual([
        expect.objectContaining({ id: scanId, purpose: 'APPLICATION_SCAN', filename: '申请书.pdf', sha256: sha256(scan) }),
        expect.objectContaining({ id: idScanId, purpose: 'ID_DOCUMENT', sha256: sha256(idScan) }),
      ]);
      const events = (await sut.http.get(`/api/v1/cases/${caseId}/events`).set('Authorization', `Bearer ${officer}`)).body;
      expect(events[0].payload.attachments).toEqual([
        expect.objectContaining({ id: scanId, sha256: sha256(scan), purpose: 'APPLICATION_SCAN' }),
        expect.objectContaining({ id: idScanId, sha256: sha256(idScan), purpose: 'ID_DOCUMENT' }),
      ]);
    });

    it('should download a file as an attachment, not cached, not sniffed, byte for byte', async () => {
      const res = await sut.http.get(`/api/v1/cases/${caseId}/attachments/${scanId}`).set('Authorization', `Bearer ${officer}`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(sha256(res.body as Buffer)).toBe(sha256(scan));
      expect(res.headers['content-type']).toMatch(/^application\/pdf/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('should scope files like the case: the applicant their own, an auditor all, another applicant nothing', async () => {
      const mine = await sut.http.get(`/api/v1/cases/${caseId}/attachments`).set('Authorization', `Bearer ${applicant}`);
      expect(mine.body.map((a: { id: string }) => a.id)).toEqual([scanId, idScanId]);
      const auditor = await sut.http.get(`/api/v1/cases/${caseId}/attachments`).set('Authorization', `Bearer ${await sut.tokenFor(AUDITOR)}`);
      expect(auditor.body).toHaveLength(2);
      const other = await sut.http.post('/api/v1/auth/register').send({ email: 'other.applicant@example.com', password: 'Other#20260309', displayName: '李四' });
      expect(other.status).toBeLessThan(300);
      const otherToken = await sut.tokenFor('other.applicant@example.com', 'Other#20260309');
      expect((await sut.http.get(`/api/v1/cases/${caseId}/attachments`).set('Authorization', `Bearer ${otherToken}`)).status).toBe(404);
      expect((await sut.http.get(`/api/v1/cases/${caseId}/attachments/${scanId}`).set('Authorization', `Bearer ${otherToken}`)).status).toBe(404);
    });

    it('should show a legal advisor the request but not the ID scan', async () => {
      await sendEvent(sut, officer, caseId, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
      await sendEvent(sut, officer, caseId, { type: 'ACCEPT' });
      const legal = await sut.tokenFor(LEGAL);
      const advisor = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${legal}`);
      const referred = await sendEvent(sut, officer, caseId, { type: 'REFER_TO_LEGAL', advisorIds: [advisor.body.id], question: '申请书所附材料是否齐全？' });
      expect(referred.status).toBe(200);
      const list = await sut.http.get(`/api/v1/cases/${caseId}/attachments`).set('Authorization', `Bearer ${legal}`);
      expect(list.body.map((a: { id: string }) => a.id)).toEqual([scanId]);
      expect((await sut.http.get(`/api/v1/cases/${caseId}/attachments/${idScanId}`).set('Authorization', `Bearer ${legal}`)).status).toBe(404);
      const events = (await sut.http.get(`/api/v1/cases/${caseId}/events`).set('Authorization', `Bearer ${legal}`)).body;
      expect(events[0].payload.attachments.map((a: { id: string }) => a.id)).toEqual([scanId]);
    });

    it('should refuse a file whose stored bytes no longer match the recorded hash, and alert staff', async () => {
      const tampered = Buffer.from('%PDF-1.4\n% 被篡改\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
      const [row] = await sut.dataSource.query(`SELECT storage_key AS "storageKey" FROM attachment WHERE id = $1`, [scanId]);
      await sut.app.get(BlobStorage).put(row.storageKey, tampered, 'application/pdf');
      const res = await sut.http.get(`/api/v1/cases/${caseId}/attachments/${scanId}`).set('Authorization', `Bearer ${officer}`);
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('STORED_FILE_CORRUPTED');
      const [alerts] = await sut.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE case_id = $1 AND kind = 'ATTACHMENT_CORRUPTED'`, [caseId]);
      expect(alerts.n).toBeGreaterThan(0);
    });
  });

  describe('the status lookup serves the documents addressed to the applicant', () => {
    it('should list the receipt of a counter application and serve it against tracking number and query code', async () => {
      const registered = await sut.http
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${officer}`)
        .send({ channel: 'counter', counter: { submittedOn: '2026-03-09' }, applicant: webApplication({}, 69).applicant, request: webApplication().request, delivery: { form: 'PAPER', method: 'PICKUP' } });
      expect(registered.status).toBe(201);
      const { trackingNumber, queryCode } = registered.body;
      const status = await sut.http.post('/api/v1/applications/status').send({ trackingNumber, queryCode });
      expect(status.status).toBe(200);
      expect(status.body.documents).toEqual([expect.objectContaining({ kind: 'RECEIPT', title: '政府信息公开申请接收回执', documentNumber: expect.any(String), sha256: expect.any(String) })]);
      const receipt = status.body.documents[0];

      const pdf = await sut.http.post(`/api/v1/applications/documents/${receipt.id}`).send({ trackingNumber, queryCode }).buffer(true).parse(binary);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
      expect(pdf.headers['cache-control']).toBe('no-store');
      expect(sha256(pdf.body as Buffer)).toBe(receipt.sha256);
      expect(await pdfText(pdf.body as Buffer)).toContain(trackingNumber);

      const wrong = await sut.http.post(`/api/v1/applications/documents/${receipt.id}`).send({ trackingNumber, queryCode: 'AAAA-BBBB-CCCC' });
      expect(wrong.status).toBe(404);
      expect(wrong.body.code).toBe('APPLICATION_NOT_FOUND');
      // Another case's document with this case's credential: the same 404.
      const [other] = await sut.dataSource.query(`SELECT id FROM issued_document WHERE case_id <> $1 LIMIT 1`, [await caseIdOf(trackingNumber)]);
      const foreign = await sut.http.post(`/api/v1/applications/documents/${other.id}`).send({ trackingNumber, queryCode });
      expect(foreign.status).toBe(404);
    });
  });
});
