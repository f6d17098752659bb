import { createHash } from 'node:crypto';
import { extractText } from 'unpdf';
import { MailDispatcher } from '../../src/modules/notifications/mail-dispatcher.service.js';
import { BlobStorage } from '../../src/modules/storage/blob-storage.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { webApplication } from '../setup/applications.js';
import { caseIdByTrackingNumber, HEAD, LEGAL, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { startSmtpReceiver, type SmtpReceiver } from '../setup/smtp-receiver.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const sha256 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('replies: drafting, legal co-review, approval, delivery', () => {
  let sut: TestApp;
  let receiver: SmtpReceiver;
  let officer: string;
  let head: string;
  let legal: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    // Monday 2026-03-09, 10:00 in Beijing
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z', env: { SMTP_URL: receiver.url } });
    officer = await sut.tokenFor(OFFICER);
    head = await sut.tokenFor(HEAD);
    legal = await sut.tokenFor(LEGAL);
  });

  afterAll(async () => {
    await sut.close();
    await receiver.close();
  });

  /** A web application, confirmed and accepted: ready for a reply. */
  async function acceptedCase(n: number): Promise<string> {
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, n));
    const id = await caseIdByTrackingNumber(sut, submitted.body.trackingNumber);
    await sendEvent(sut, officer, id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
    await sendEvent(sut, officer, id, { type: 'ACCEPT' });
    return id;
  }

  it('should take a web application to a reply e-mailed to the applicant, whose PDF hashes to the archived document', async () => {
    const id = await acceptedCase(1);
    const draft = await sendEvent(sut, officer, id, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE });
    expect(draft.status).toBe(200);
    const preview = await sut.http.get(`/api/v1/cases/${id}/draft/preview`).set('Authorization', `Bearer ${officer}`).buffer(true);
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toBe('application/pdf');
    expect((await extractText(new Uint8Array(preview.body), { mergePages: true })).text).toContain('草稿');

    await sendEvent(sut, officer, id, { type: 'SUBMIT_FOR_APPROVAL' });
    const approved = await sendEvent(sut, head, id, { type: 'APPROVE_REPLY' });
    expect(approved.status).toBe(200);
    const docs = await sut.http.get(`/api/v1/cases/${id}/documents`).set('Authorization', `Bearer ${officer}`);
    const reply = docs.body.find((d: { kind: string }) => d.kind === 'DISCLOSE');
    expect(reply.documentNumber).toMatch(/^示县自然资公开〔2026〕\d+号$/);

    const pdf = await sut.http.get(`/api/v1/cases/${id}/documents/${reply.id}/pdf`).set('Authorization', `Bearer ${officer}`).buffer(true);
    const text = (await extractText(new Uint8Array(pdf.body), { mergePages: true })).text.replace(/\s+/g, '');
    expect(text).toContain(reply.documentNumber);
    expect(text).toContain('第三十六条第（二）项');
    expect(text).toContain('六个月内');
    expect(sha256(pdf.body)).toBe(reply.sha256);

    const delivered = await sendEvent(sut, officer, id, { type: 'DELIVER_REPLY', method: 'EMAIL' });
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ status: 'DELIVERED', clock: expect.objectContaining({ state: 'stopped', stoppedOn: '2026-03-09', late: false }) });
    await sut.app.get(MailDispatcher).dispatchDue();
    // The acknowledgement went out at submission, another with the receipt at confirmation; the reply is the third
    // mail to the applicant (the office head was asked by mail to approve the draft in between).
    const mails = (await receiver.waitFor(4)).filter((m) => m.envelope.to.includes('applicant1@example.com'));
    expect(mails).toHaveLength(3);
    const mail = mails.find((m) => m.parsed.subject?.includes(reply.documentNumber))!;
    expect(mail.envelope.to).toEqual(['applicant1@example.com']);
    expect(mails.find((m) => m.parsed.subject?.includes('已确认收到申请'))).toBeDefined();
    expect(mail.parsed.attachments).toHaveLength(1);
    expect(sha256(mail.parsed.attachments[0].content)).toBe(reply.sha256);

    const events = await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`);
    const approval = events.body.find((e: { type: string }) => e.type === 'APPROVE_REPLY');
    expect(approval.payload.document).toMatchObject({ documentNumber: reply.documentNumber, sha256: reply.sha256 });
  });

  it('should answer an approval once its reply is stored, and approve nothing when storing the reply fails', async () => {
    // The reply's PDF is stored while the approval's transaction goes on with its statements; the transaction
    // commits only once the file is durable, and a store that fails rolls the approval back, 文号 and all.
    const awaitingApproval = async (n: number) => {
      const id = await acceptedCase(n);
      await sendEvent(sut, officer, id, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE });
      await sendEvent(sut, officer, id, { type: 'SUBMIT_FOR_APPROVAL' });
      return id;
    };
    const replyOf = async (id: string) =>
      (await sut.http.get(`/api/v1/cases/${id}/documents`).set('Authorization', `Bearer ${officer}`)).body.find((d: { kind: string }) => d.kind === 'DISCLOSE');
    const [failing, slow] = [await awaitingApproval(20), await awaitingApproval(21)];
    const storage = sut.app.get(BlobStorage);
    const put = storage.put.bind(storage);
    const storing = (fail: boolean) => async (...args: Parameters<BlobStorage['put']>) => {
      if (!args[0].startsWith('documents/')) return put(...args);
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (fail) throw new Error('disk full');
      return put(...args);
    };
    try {
      storage.put = storing(true);
      const refused = await sendEvent(sut, head, failing, { type: 'APPROVE_REPLY' });
      expect(refused.status).toBe(500);
      const still = await sut.http.get(`/api/v1/cases/${failing}`).set('Authorization', `Bearer ${officer}`);
      expect(still.body.status).toBe('AWAITING_APPROVAL');
      expect(await replyOf(failing)).toBeUndefined();

      storage.put = storing(false);
      const approved = await sendEvent(sut, head, slow, { type: 'APPROVE_REPLY' });
      expect(approved.status).toBe(200);
    } finally {
      storage.put = put;
    }
    // Answered, the approval's reply is there to serve, matching its hash.
    const reply = await replyOf(slow);
    const pdf = await sut.http.get(`/api/v1/cases/${slow}/documents/${reply.id}/pdf`).set('Authorization', `Bearer ${officer}`).buffer(true);
    expect(pdf.status).toBe(200);
    expect(sha256(pdf.body)).toBe(reply.sha256);
    // The failed approval drew no 文号 that stayed drawn: approved now, the case gets the one after.
    expect((await sendEvent(sut, head, failing, { type: 'APPROVE_REPLY' })).status).toBe(200);
    const seq = (d: { documentNumber: string }) => Number(/〔2026〕(\d+)号/.exec(d.documentNumber)![1]);
    expect(seq(await replyOf(failing))).toBe(seq(reply) + 1);
  });

  it('should refuse a draft whose blanks miss what its reply type requires', async () => {
    const id = await acceptedCase(2);
    const res = await sendEvent(sut, officer, id, { type: 'START_DRAFT', replyType: 'NOT_EXIST', blanks: { searchScope: '档案室' } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'blanks.searchMethod' }));
  });

  it('should not let a "does not exist" reply be approved until a legal advisor agrees', async () => {
    const id = await acceptedCase(3);
    await sendEvent(sut, officer, id, { type: 'START_DRAFT', replyType: 'NOT_EXIST', blanks: REPLY_BLANK_EXAMPLES.NOT_EXIST });
    await sendEvent(sut, officer, id, { type: 'SUBMIT_FOR_APPROVAL' });
    const refused = await sendEvent(sut, head, id, { type: 'APPROVE_REPLY' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LEGAL_OPINION_REQUIRED');

    const advisor = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${legal}`);
    const referred = await sendEvent(sut, officer, id, { type: 'REFER_TO_LEGAL', advisorIds: [advisor.body.id], question: '检索是否充分？' });
    expect(referred.body.status).toBe('LEGAL_REVIEW');
    const [referralId] = referred.body.pendingReferrals;
    // The advisor sees the request and its handling, not how to reach or identify the applicant.
    const seen = await sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${legal}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ applicantName: expect.any(String), requestDescription: expect.any(String) });
    expect(seen.body.intake).toBeUndefined();
    const seenEvents = await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${legal}`);
    for (const text of [JSON.stringify(seen.body), JSON.stringify(seenEvents.body)]) {
      expect(text).not.toContain('applicant3@example.com');
      expect(text).not.toMatch(/"(phone|idNumberMasked|address)"/);
    }
    const officerView = await sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${officer}`);
    expect(JSON.stringify(officerView.body)).toContain('applicant3@example.com');
    await sendEvent(sut, legal, id, { type: 'SUBMIT_LEGAL_OPINION', referralId, opinion: 'AGREE', text: '检索范围和方式已说明，同意答复。', articles: ['第三十六条第（四）项'] });
    await sendEvent(sut, officer, id, { type: 'SUBMIT_FOR_APPROVAL' });
    const approved = await sendEvent(sut, head, id, { type: 'APPROVE_REPLY' });
    expect(approved.status).toBe(200);
    const docs = await sut.http.get(`/api/v1/cases/${id}/documents`).set('Authorization', `Bearer ${head}`);
    expect(docs.body.map((d: { kind: string }) => d.kind)).toContain('NOT_EXIST');
  });

  it('should warn the advisor and the officer when a case goes to co-review with fewer than 5 working days left', async () => {
    // Received Friday 2026-02-06: 20 working days around the Spring Festival end on Thursday 2026-03-12.
    const c = await registerCase(sut, '2026-02-06');
    await sendEvent(sut, officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-02-09' });
    const advisor = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${legal}`);
    const referred = await sendEvent(sut, officer, c.id, { type: 'REFER_TO_LEGAL', advisorIds: [advisor.body.id], question: '是否属于内部事务信息？' });
    expect(referred.status).toBe(200);
    expect(referred.body.clock).toMatchObject({ state: 'running', dueDate: '2026-03-12', workdaysRemaining: 3 });
    const events = await sut.http.get(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1).payload.warning).toEqual({ code: 'LEGAL_REVIEW_SHORT_TIME', workdaysRemaining: 3, dueDate: '2026-03-12' });
    for (const token of [legal, officer]) {
      const notes = await sut.http.get('/api/v1/notifications').set('Authorization', `Bearer ${token}`);
      expect(notes.body).toContainEqual(expect.objectContaining({ caseId: c.id, kind: 'LEGAL_REVIEW_SHORT_TIME', message: expect.stringContaining('仅剩3个工作日') }));
    }
  });

  it('should not warn when a case goes to co-review with time to spare', async () => {
    const id = await acceptedCase(5);
    const advisor = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${legal}`);
    await sendEvent(sut, officer, id, { type: 'REFER_TO_LEGAL', advisorIds: [advisor.body.id], question: '是否属于内部事务信息？' });
    const events = await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1).payload.warning).toBeUndefined();
  });

  async function upload(token: string, bytes: Buffer, filename: string): Promise<{ id: string; sha256: string }> {
    const res = await sut.http.post('/api/v1/attachments').set('Authorization', `Bearer ${token}`).field('purpose', 'SIGNED_RECEIPT').attach('file', bytes, { filename, contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function approvedReply(n: number): Promise<{ id: string; reply: { id: string; documentNumber: string; issuedOn: string } }> {
    const id = await acceptedCase(n);
    await sendEvent(sut, officer, id, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE });
    await sendEvent(sut, officer, id, { type: 'SUBMIT_FOR_APPROVAL' });
    await sendEvent(sut, head, id, { type: 'APPROVE_REPLY' });
    const docs = await sut.http.get(`/api/v1/cases/${id}/documents`).set('Authorization', `Bearer ${officer}`);
    return { id, reply: docs.body.find((d: { kind: string }) => d.kind === 'DISCLOSE') };
  }

  it('should deliver by post with the waybill, and record the signed return receipt when it comes back', async () => {
    const { id, reply } = await approvedReply(6);
    const posted = await sendEvent(sut, officer, id, { type: 'DELIVER_REPLY', method: 'POST', waybillNumber: 'EA123456789CN' });
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ status: 'DELIVERED', clock: expect.objectContaining({ state: 'stopped', stoppedOn: '2026-03-09' }) });

    // The EMS return receipt comes back three days later.
    sut.clock.set('2026-03-12T02:00:00Z');
    const scanBytes = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const scan = await upload(officer, scanBytes, 'EMS回执.pdf');
    const early = await sendEvent(sut, officer, id, { type: 'RECORD_DELIVERY_PROOF', documentId: reply.id, receivedOn: '2026-03-08', proofAttachmentId: scan.id });
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'receivedOn', code: 'BEFORE_ISSUE' })]);
    const foreign = await sendEvent(sut, officer, id, { type: 'RECORD_DELIVERY_PROOF', documentId: '00000000-0000-4000-8000-000000000000', receivedOn: '2026-03-11', proofAttachmentId: scan.id });
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'documentId', code: 'NOT_FOUND' })]);

    const recorded = await sendEvent(sut, officer, id, { type: 'RECORD_DELIVERY_PROOF', documentId: reply.id, receivedOn: '2026-03-11', proofAttachmentId: scan.id, waybillNumber: 'EA123456789CN', signedBy: '申请人本人' });
    expect(recorded.status).toBe(200);
    // Recording proof changes neither the state nor the clock: the reply was delivered (posted) on 03-09.
    expect(recorded.body).toMatchObject({ status: 'DELIVERED', clock: expect.objectContaining({ stoppedOn: '2026-03-09' }) });
    const events = await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1)).toMatchObject({
      type: 'RECORD_DELIVERY_PROOF',
      payload: expect.objectContaining({
        document: expect.objectContaining({ id: reply.id, documentNumber: reply.documentNumber }),
        proof: { attachment: expect.objectContaining({ id: scan.id, sha256: sha256(scanBytes) }), receivedOn: '2026-03-11' },
        waybillNumber: 'EA123456789CN',
      }),
    });
    sut.clock.set('2026-03-09T02:00:00Z');
  });

  it('should deliver at the counter only with the signed receipt scan', async () => {
    const { id } = await approvedReply(7);
    const missing = await sendEvent(sut, officer, id, { type: 'DELIVER_REPLY', method: 'PICKUP' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'signedReceiptAttachmentId' })]);
    const scan = await upload(officer, Buffer.from('%PDF-1.4\n%%EOF\n'), '签收单.pdf');
    const picked = await sendEvent(sut, officer, id, { type: 'DELIVER_REPLY', method: 'PICKUP', signedReceiptAttachmentId: scan.id });
    expect(picked.status).toBe(200);
    const events = await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1).payload.pickup).toEqual({ signedReceipt: { id: scan.id, sha256: scan.sha256 } });
  });

  it('should keep the cases and documents of others from a legal advisor', async () => {
    const id = await acceptedCase(4);
    expect((await sut.http.get(`/api/v1/cases/${id}/documents`).set('Authorization', `Bearer ${legal}`)).status).toBe(404);
  });
});

describe('replies: a reply type may only state what the case history holds', () => {
  let sut: TestApp;
  let officer: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  const draft = (id: string, replyType: keyof typeof REPLY_BLANK_EXAMPLES, blanks: Record<string, unknown> = REPLY_BLANK_EXAMPLES[replyType]) =>
    sendEvent(sut, officer, id, { type: 'START_DRAFT', replyType, blanks });

  async function accepted(before: Record<string, unknown>[] = []): Promise<string> {
    const c = await registerCase(sut, '2026-03-02');
    for (const event of before) expect((await sendEvent(sut, officer, c.id, event)).status).toBe(200);
    expect((await sendEvent(sut, officer, c.id, { type: 'ACCEPT' })).status).toBe(200);
    return c.id;
  }

  it.each([
    ['ABANDONED_NO_CORRECTION', 'REPLY_TYPE_NEEDS_CORRECTION_LAPSE'],
    ['ABANDONED_NO_FEE', 'REPLY_TYPE_NEEDS_FEE_LAPSE'],
    ['UNCLEAR_AFTER_CORRECTION', 'REPLY_TYPE_NEEDS_CORRECTION_RECEIVED'],
    ['EXCESSIVE', 'REPLY_TYPE_NEEDS_REASONS_REQUESTED'],
    ['DUPLICATE', 'REPLY_TYPE_NEEDS_EARLIER_CASE'],
  ] as const)('should refuse %s on a case without the earlier step, with 409 naming the rule', async (replyType, rule) => {
    const id = await accepted();
    const res = await draft(id, replyType);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CASE_RULE_VIOLATION', errors: [{ field: 'replyType', code: rule }] });
    // Nothing recorded; drafting with another type is still offered.
    const events = await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.map((e: { type: string }) => e.type)).not.toContain('START_DRAFT');
    const detail = await sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${officer}`);
    expect(detail.body.allowedEvents).toContain('START_DRAFT');
  });

  it('should take UNCLEAR_AFTER_CORRECTION once a correction was asked for and received', async () => {
    const id = await accepted([
      { type: 'REQUEST_CORRECTION', items: ['请写明所需信息的名称'], effectiveDate: '2026-03-03' },
      { type: 'RECEIVE_CORRECTION', effectiveDate: '2026-03-05' },
    ]);
    expect((await draft(id, 'UNCLEAR_AFTER_CORRECTION')).status).toBe(200);
  });

  it('should take EXCESSIVE once the applicant was asked for reasons (条例第三十五条), not after a mere correction', async () => {
    const reasons = await accepted([
      { type: 'REQUEST_CORRECTION', purpose: 'REASONS', volumeDescription: '您自2026年1月以来向本机关提出政府信息公开申请58件', effectiveDate: '2026-03-03' },
      { type: 'RECEIVE_CORRECTION', effectiveDate: '2026-03-05' },
    ]);
    expect((await draft(reasons, 'EXCESSIVE')).status).toBe(200);
    const corrected = await accepted([
      { type: 'REQUEST_CORRECTION', items: ['请写明所需信息的名称'], effectiveDate: '2026-03-03' },
      { type: 'RECEIVE_CORRECTION', effectiveDate: '2026-03-05' },
    ]);
    expect((await draft(corrected, 'EXCESSIVE')).status).toBe(409);
  });

  it('should take DUPLICATE when it names an earlier case of the agency that exists', async () => {
    const earlier = await registerCase(sut, '2026-03-02');
    const id = await accepted();
    const res = await draft(id, 'DUPLICATE', { ...REPLY_BLANK_EXAMPLES.DUPLICATE, earlierCaseTrackingNumber: earlier.trackingNumber });
    expect(res.status).toBe(200);
    const events = await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1).payload).toMatchObject({ replyType: 'DUPLICATE', earlierCaseId: earlier.id });
  });
});
