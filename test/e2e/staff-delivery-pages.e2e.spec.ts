import { jest } from '@jest/globals';
import { ACCESS_COOKIE } from '../../src/common/auth/auth.guard.js';
import { PendingReceipts } from '../../src/modules/intake/pending-receipts.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { HEAD, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

// The workbench forms that carry scans (签收回执, 送达凭证, channel evidence), posted as multipart like a browser
// does, without a browser: the file goes through the attachment checks and the event through the case service.
describe('staff pages: delivery and registration with scans', () => {
  let sut: TestApp;
  let officer: string;
  let cookie: string;

  beforeAll(async () => {
    // Monday 2026-03-09, 10:00 in Beijing
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    officer = await sut.tokenFor(OFFICER);
    cookie = `${ACCESS_COOKIE}=${officer}`;
  });

  afterAll(async () => {
    await sut.close();
  });

  /** The page, and the cookies and CSRF token its forms post with. */
  async function page(path: string): Promise<{ text: string; cookies: string; csrf: string }> {
    const res = await sut.http.get(path).set('Cookie', cookie);
    expect(res.status).toBe(200);
    const set = ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]);
    return { text: res.text, cookies: [cookie, ...set].join('; '), csrf: /name="_csrf" value="([^"]+)"/.exec(res.text)![1]! };
  }

  async function approvedCase(): Promise<{ id: string; replyId: string }> {
    const { id } = await registerCase(sut, '2026-03-09');
    const head = await sut.tokenFor(HEAD);
    for (const [token, body] of [
      [officer, { type: 'ACCEPT' }],
      [officer, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE }],
      [officer, { type: 'SUBMIT_FOR_APPROVAL' }],
      [head, { type: 'APPROVE_REPLY' }],
    ] as const) {
      const res = await sendEvent(sut, token, id, body);
      expect([body.type, res.status]).toEqual([body.type, 200]);
    }
    const docs = await sut.http.get(`/api/v1/cases/${id}/documents`).set('Authorization', `Bearer ${officer}`);
    return { id, replyId: (docs.body as { id: string; kind: string }[]).find((d) => d.kind === 'DISCLOSE')!.id };
  }

  const caseOf = async (id: string) => (await sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${officer}`)).body as { status: string; version: number };
  const attachmentsOf = async (id: string) => (await sut.http.get(`/api/v1/cases/${id}/attachments`).set('Authorization', `Bearer ${officer}`)).body as { id: string; filename: string; purpose: string }[];

  it('should deliver a reply at the counter with the signed slip uploaded from the case page, and record the proof', async () => {
    const { id, replyId } = await approvedCase();
    const form = await page(`/staff/cases/${id}`);
    expect(form.text).toMatch(/<form[^>]+action="\/staff\/cases\/[^"]+\/events\/DELIVER_REPLY"[^>]+enctype="multipart\/form-data"/);
    expect(form.text).toContain('name="signedReceiptAttachmentId"');
    const version = (await caseOf(id)).version;

    // A text file is not a scan: the form again, the Chinese error, the choices kept, nothing recorded.
    const wrong = await sut.http
      .post(`/staff/cases/${id}/events/DELIVER_REPLY`)
      .set('Cookie', form.cookies)
      .field({ _csrf: form.csrf, expectedVersion: String(version), method: 'PICKUP', email: 'typed@example.com', confirmed: 'yes' })
      .attach('signedReceiptAttachmentId', Buffer.from('签收人：张三'), { filename: '签收单.txt', contentType: 'text/plain' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('错误：案件');
    expect(wrong.text).toMatch(/class="error-message" id="f-DELIVER_REPLY-signedReceiptAttachmentId-error"><span class="visually-hidden">错误：<\/span>[^<]*[\u4e00-\u9fff]/);
    expect(wrong.text).toMatch(/value="PICKUP" checked/);
    expect(wrong.text).toContain('value="typed@example.com"');
    expect(await caseOf(id)).toMatchObject({ status: 'APPROVED', version });
    expect(await attachmentsOf(id)).toEqual([]);

    // Without the token the multipart form is refused (its CSRF check runs once multer has parsed the body).
    const forged = await sut.http.post(`/staff/cases/${id}/events/DELIVER_REPLY`).set('Cookie', form.cookies).field({ expectedVersion: String(version), method: 'PICKUP', confirmed: 'yes' }).attach('signedReceiptAttachmentId', PDF, { filename: 'slip.pdf', contentType: 'application/pdf' });
    expect(forged.status).toBe(403);

    const picked = await sut.http
      .post(`/staff/cases/${id}/events/DELIVER_REPLY`)
      .set('Cookie', form.cookies)
      .field({ _csrf: form.csrf, expectedVersion: String(version), method: 'PICKUP', confirmed: 'yes' })
      .attach('signedReceiptAttachmentId', PDF, { filename: '签收单.pdf', contentType: 'application/pdf' });
    expect([picked.status, picked.headers.location]).toEqual([303, `/staff/cases/${id}?done=DELIVER_REPLY`]);
    expect((await caseOf(id)).status).toBe('DELIVERED');
    const [slip] = await attachmentsOf(id);
    expect(slip).toMatchObject({ filename: '签收单.pdf', purpose: 'SIGNED_RECEIPT' });
    const events = (await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`)).body as { type: string; payload: Record<string, unknown> }[];
    expect(events.at(-1)).toMatchObject({ type: 'DELIVER_REPLY', payload: expect.objectContaining({ method: 'PICKUP', signedReceiptAttachmentId: slip!.id }) });

    // 送达凭证: a bad file keeps the typed values; a PDF records the proof against the reply.
    const delivered = await page(`/staff/cases/${id}`);
    expect(delivered.text).toContain('name="proofAttachmentId"');
    const v2 = (await caseOf(id)).version;
    const badProof = await sut.http
      .post(`/staff/cases/${id}/events/RECORD_DELIVERY_PROOF`)
      .set('Cookie', delivered.cookies)
      .field({ _csrf: delivered.csrf, expectedVersion: String(v2), documentId: replyId, receivedOn: '2026-03-09', signedBy: '申请人本人' })
      .attach('proofAttachmentId', Buffer.from('MZ\u0090\u0000not a scan'), { filename: 'proof.exe', contentType: 'application/octet-stream' });
    expect(badProof.status).toBe(422);
    expect(badProof.text).toContain('value="申请人本人"');
    expect(badProof.text).toContain('value="2026-03-09"');
    expect((await caseOf(id)).version).toBe(v2);
    const proof = await sut.http
      .post(`/staff/cases/${id}/events/RECORD_DELIVERY_PROOF`)
      .set('Cookie', delivered.cookies)
      .field({ _csrf: delivered.csrf, expectedVersion: String(v2), documentId: replyId, receivedOn: '2026-03-09', signedBy: '申请人本人' })
      .attach('proofAttachmentId', PDF, { filename: 'EMS回执.pdf', contentType: 'application/pdf' });
    expect(proof.status).toBe(303);
    const after = (await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`)).body as { type: string; payload: Record<string, unknown> }[];
    const proofAttachment = (await attachmentsOf(id)).find((a) => a.filename === 'EMS回执.pdf')!;
    expect(after.at(-1)).toMatchObject({ type: 'RECORD_DELIVERY_PROOF', payload: expect.objectContaining({ proof: expect.objectContaining({ attachment: expect.objectContaining({ id: proofAttachment.id }), receivedOn: '2026-03-09' }), signedBy: '申请人本人' }) });
  });

  it('should register a letter with its envelope and letter scans linked to the new case, and keep the typed values when a scan is refused', async () => {
    const form = await page('/staff/register');
    expect(form.text).toContain('enctype="multipart/form-data"');
    const fields = {
      _csrf: form.csrf,
      step: 'review',
      channel: 'letter_registered',
      'letterRegistered.waybillNumber': 'EA987654321CN',
      'letterRegistered.signedOn': '2026-03-09',
      'letterRegistered.signer': '收发室李四',
      applicantName: '王五',
      requestDescription: '某路段拓宽工程的征地批复文件',
    };
    const post = () => sut.http.post('/staff/register').set('Cookie', form.cookies).field(fields);
    const count = async () => Number((await sut.dataSource.query('SELECT count(*)::int AS n FROM attachment'))[0].n);
    const before = await count();

    const refused = await post().attach('envelopeFile', Buffer.from('<html>not a scan</html>'), { filename: '信封.html', contentType: 'text/html' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('错误：登记申请');
    expect(refused.text).toMatch(/id="f-envelopeFile-error"><span class="visually-hidden">错误：<\/span>[^<]*[\u4e00-\u9fff]/);
    expect(refused.text).toContain('value="收发室李四"');
    expect(refused.text).toContain('某路段拓宽工程的征地批复文件');
    expect(await count()).toBe(before);

    // Review: the scans are listed and carried (as stored ids) to the confirmation.
    const review = await post()
      .attach('envelopeFile', PDF, { filename: '信封.pdf', contentType: 'application/pdf' })
      .attach('scanFiles', PDF, { filename: '申请书第1页.pdf', contentType: 'application/pdf' });
    expect(review.status).toBe(200);
    expect(review.text).toContain('核对登记信息');
    expect(review.text).toContain('申请书第1页.pdf；信封.pdf');
    const hidden = Object.fromEntries([...review.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&#x3D;/g, '=')]));
    expect(hidden.attachmentIds!.split(',')).toHaveLength(2);

    const saved = await sut.http.post('/staff/register').set('Cookie', form.cookies).type('form').send({ ...hidden, _csrf: form.csrf, step: 'save' });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain('申请已登记');
    const caseId = /href="\/staff\/cases\/([0-9a-f-]{36})"/.exec(saved.text)![1]!;
    const linked = await attachmentsOf(caseId);
    expect(linked.map((a) => [a.filename, a.purpose]).sort()).toEqual([['信封.pdf', 'ENVELOPE'], ['申请书第1页.pdf', 'APPLICATION_SCAN']]);
    expect(linked.map((a) => a.id).sort()).toEqual(hidden.attachmentIds!.split(',').sort());
    // The receipt is issued before the page answers, to be printed for the applicant at once.
    expect(saved.text).toContain('打印接收回执（PDF）');

    // A receipt that could not be issued with the registration is issued by the sweep; the page says so.
    jest.spyOn(sut.app.get(PendingReceipts), 'issue').mockRejectedValueOnce(new Error('storage unavailable'));
    const { attachmentIds: _scans, ...withoutScans } = hidden;
    const pending = await sut.http.post('/staff/register').set('Cookie', form.cookies).type('form').send({ ...withoutScans, _csrf: form.csrf, step: 'save' });
    expect(pending.status).toBe(200);
    expect(pending.text).toContain('申请已登记');
    expect(pending.text).not.toContain('打印接收回执');
    expect(pending.text).toContain('接收回执正在生成，请稍后在案件页面打印。');
  });
});
