import { createHash, randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { extractText } from 'unpdf';
import { DeadlineSchedulerService } from '../../src/modules/deadline-scanner/deadline-scheduler.service.js';
import { addDays } from '../../src/modules/deadlines/domain/index.js';
import { MailDispatcher } from '../../src/modules/notifications/mail-dispatcher.service.js';
import { OutboxService } from '../../src/modules/notifications/outbox.service.js';
import { PendingReceipts } from '../../src/modules/intake/pending-receipts.js';
import { formatChineseDate as cn } from '../../src/common/text/chinese-format.js';
import { webApplication } from '../setup/applications.js';
import { ADMIN, backDatedReason, caseIdByTrackingNumber, HEAD, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { startSmtpReceiver, type SmtpReceiver } from '../setup/smtp-receiver.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const sha256 = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

interface DocumentRow {
  id: string;
  kind: string;
  title: string;
  documentNumber: string;
  sha256: string;
}

const SERIES = { RECEIPT: /^示县自然资公开收〔2026〕\d+号$/, NOTICE: /^示县自然资公开告〔2026〕\d+号$/, LETTER: /^示县自然资公开函〔2026〕\d+号$/ };

describe('procedural documents: issued by the events that need them, and the receipt (条例第三十一条)', () => {
  let sut: TestApp;
  let receiver: SmtpReceiver;
  let officer: string;
  let head: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    // Monday 2026-03-09, 10:00 in Beijing
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z', env: { SMTP_URL: receiver.url } });
    officer = await sut.tokenFor(OFFICER);
    head = await sut.tokenFor(HEAD);
  });

  afterAll(async () => {
    await sut.close();
    await receiver.close();
  });

  async function documentsOf(caseId: string): Promise<DocumentRow[]> {
    const res = await sut.http.get(`/api/v1/cases/${caseId}/documents`).set('Authorization', `Bearer ${officer}`);
    expect(res.status).toBe(200);
    return res.body as DocumentRow[];
  }

  /** The one document of a kind, with its PDF's text (whitespace removed), checked against its recorded hash. */
  async function documentOf(caseId: string, kind: string): Promise<DocumentRow & { text: string }> {
    const found = (await documentsOf(caseId)).filter((d) => d.kind === kind);
    expect(found).toHaveLength(1);
    const pdf = await sut.http.get(`/api/v1/cases/${caseId}/documents/${found[0].id}/pdf`).set('Authorization', `Bearer ${officer}`).buffer(true);
    expect(sha256(pdf.body)).toBe(found[0].sha256);
    const text = (await extractText(new Uint8Array(pdf.body), { mergePages: true })).text.replace(/\s+/g, '');
    expect(text).toContain(found[0].documentNumber);
    return { ...found[0], text };
  }

  /** No mail of an earlier test still on its way (commands wake the dispatcher after commit), then a clean inbox. */
  async function quiet(): Promise<void> {
    await sut.app.get(MailDispatcher).idle();
    receiver.reset();
  }

  async function send(token: string, caseId: string, body: Record<string, unknown>) {
    const res = await sendEvent(sut, token, caseId, body);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function lastEvent(caseId: string): Promise<{ type: string; payload: Record<string, unknown> }> {
    const res = await sut.http.get(`/api/v1/cases/${caseId}/events`).set('Authorization', `Bearer ${officer}`);
    return res.body.at(-1);
  }

  /** A counter application registered today by the officer; the applicant leaves the address counter{k}@example.com. */
  function registerAtCounter(k: number) {
    return sut.http
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${officer}`)
      .send({
        channel: 'counter',
        counter: { submittedOn: '2026-03-09' },
        applicant: { ...(webApplication({}, k).applicant as object), email: `counter${k}@example.com` },
        request: webApplication().request,
        delivery: { form: 'PAPER', method: 'PICKUP' },
      });
  }

  it('should issue a receipt with the due date when a case is registered at the counter, and mail it with the acknowledgement', async () => {
    await quiet();
    const registered = await registerAtCounter(11);
    expect(registered.status).toBe(201);
    const receipt = await documentOf(registered.body.id, 'RECEIPT');
    expect(receipt).toMatchObject({ title: '政府信息公开申请接收回执', documentNumber: expect.stringMatching(SERIES.RECEIPT) });
    expect(receipt.text).toContain(registered.body.trackingNumber);
    expect(receipt.text).toContain(`${cn(registered.body.dueDate)}前作出答复`);

    const [ack] = await sut.app.get(OutboxService).findByCase(registered.body.id);
    expect(ack.attachments).toEqual([expect.objectContaining({ sha256: receipt.sha256, contentType: 'application/pdf' })]);
    await sut.app.get(MailDispatcher).dispatchDue();
    const [mail] = await receiver.waitFor(1);
    expect(mail.envelope.to).toEqual(['counter11@example.com']);
    expect(mail.parsed.attachments).toHaveLength(1);
    expect(sha256(mail.parsed.attachments[0].content)).toBe(receipt.sha256);
  });

  it('should issue a receipt its registration left pending (the process died after the case committed) once, by the sweep', async () => {
    await quiet();
    const receipts = sut.app.get(PendingReceipts);
    // The opening transaction commits; the one that issues the receipt never runs, as if the process had died.
    const died = jest.spyOn(receipts, 'issue').mockRejectedValueOnce(new Error('process died'));
    const registered = await registerAtCounter(13);
    expect(registered.status).toBe(201);
    expect(died).toHaveBeenCalledTimes(1);
    const caseId = registered.body.id as string;
    expect(await documentsOf(caseId)).toEqual([]);
    expect(await sut.app.get(OutboxService).findByCase(caseId)).toEqual([]);
    const pending = () => sut.dataSource.query(`SELECT attempts, retry_at > now() + interval '4 minutes' AS later FROM pending_receipt WHERE case_id = $1`, [caseId]);
    expect(await pending()).toEqual([{ attempts: 0, later: false }]);

    // Not before the opening request has had its minute to issue it.
    expect(await receipts.sweep()).toBe(0);
    const due = () => sut.dataSource.query(`UPDATE pending_receipt SET retry_at = now() - interval '1 second' WHERE case_id = $1`, [caseId]);
    await due();
    // A sweep that fails keeps the row and tries again later.
    jest.spyOn(receipts, 'issue').mockRejectedValueOnce(new Error('storage unavailable'));
    expect(await receipts.sweep()).toBe(0);
    expect(await pending()).toEqual([{ attempts: 1, later: true }]);

    // Two sweeps at once (two instances' background workers): one receipt, one acknowledgement.
    await due();
    const issued = await Promise.all([receipts.sweep(), receipts.sweep()]);
    expect(issued[0] + issued[1]).toBe(1);
    expect(await pending()).toEqual([]);
    const receipt = await documentOf(caseId, 'RECEIPT');
    expect(receipt.text).toContain(registered.body.trackingNumber);
    expect(receipt.text).toContain(`${cn(registered.body.dueDate)}前作出答复`);
    const outbox = await sut.app.get(OutboxService).findByCase(caseId);
    expect(outbox).toEqual([expect.objectContaining({ toAddress: 'counter13@example.com', attachments: [expect.objectContaining({ sha256: receipt.sha256 })] })]);
    await sut.app.get(MailDispatcher).dispatchDue();
    const [mail] = await receiver.waitFor(1);
    expect(mail.envelope.to).toEqual(['counter13@example.com']);
    expect(sha256(mail.parsed.attachments[0].content)).toBe(receipt.sha256);
    expect(await receipts.sweep()).toBe(0);
  });

  it('should issue the receipt of a web application received with its date fixed (auto-confirmation) right after it commits', async () => {
    await quiet();
    const admin = await sut.tokenFor(ADMIN);
    const agencies = await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${admin}`);
    const agencyId = (agencies.body as { id: string; code: string }[]).find((a) => a.code === 'SLXZR')!.id;
    const settings = (autoConfirmWebSubmissions: boolean) => sut.http.patch(`/api/v1/agencies/${agencyId}`).set('Authorization', `Bearer ${admin}`).send({ settings: { autoConfirmWebSubmissions } });
    expect((await settings(true)).status).toBe(200);
    try {
      // Without a key the case opens in one statement; with one, in a transaction with the key's row.
      const plain = await sut.http.post('/api/v1/applications').send(webApplication({}, 14));
      const keyed = await sut.http.post('/api/v1/applications').set('Idempotency-Key', randomUUID()).send(webApplication({}, 15));
      for (const submitted of [plain, keyed]) {
        expect(submitted.status).toBe(201);
        expect(submitted.body).toMatchObject({ status: 'REGISTERED', receiptDate: '2026-03-09' });
        const caseId = await caseIdByTrackingNumber(sut, submitted.body.trackingNumber);
        const receipt = await documentOf(caseId, 'RECEIPT');
        expect(receipt.text).toContain(submitted.body.trackingNumber);
        // The address typed into the public form gets the fixed-text notice only, never the receipt.
        const outbox = await sut.app.get(OutboxService).findByCase(caseId);
        expect(outbox).toEqual([expect.objectContaining({ attachments: [] })]);
      }
      expect(await sut.dataSource.query(`SELECT case_id FROM pending_receipt`)).toEqual([]);
    } finally {
      await settings(false);
    }
  });

  it('should issue the receipt of a web application when its receipt is confirmed, and mail the unconfirmed address only fixed text', async () => {
    await quiet();
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, 12));
    const row = { id: await caseIdByTrackingNumber(sut, submitted.body.trackingNumber) };
    expect(await documentsOf(row.id)).toEqual([]);

    const confirmed = await send(officer, row.id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
    const receipt = await documentOf(row.id, 'RECEIPT');
    expect(receipt.documentNumber).toMatch(SERIES.RECEIPT);
    expect(receipt.text).toContain(`${cn('2026-03-09')}提交`);
    expect(receipt.text).toContain(`${cn(confirmed.dueDate)}前作出答复`);
    expect((await lastEvent(row.id)).payload.documents).toEqual([expect.objectContaining({ id: receipt.id, kind: 'RECEIPT', documentNumber: receipt.documentNumber, sha256: receipt.sha256 })]);

    const outbox = await sut.app.get(OutboxService).findByCase(row.id);
    // Anyone can type anyone's address into the public form: what goes there carries no text the sender chose (the
    // receipt PDF quotes name and request), only the agency, the tracking number and the dates.
    expect(outbox.map((m) => m.attachments.map((a) => a.sha256))).toEqual([[], []]);
    expect(outbox[1].textBody).toContain(`确认收到申请之日为${cn('2026-03-09')}`);
    await sut.app.get(MailDispatcher).dispatchDue();
    // The acknowledgement of the submission, then the confirmation, each with its own subject.
    const mails = await receiver.waitFor(2);
    expect(mails.map((m) => m.envelope.to)).toEqual([['applicant12@example.com'], ['applicant12@example.com']]);
    expect(mails.map((m) => m.parsed.subject)).toEqual([expect.stringContaining('待示例县自然资源局确认收到'), expect.stringContaining('已确认收到申请')]);
    for (const m of mails) {
      expect(m.parsed.attachments).toHaveLength(0);
      expect(m.parsed.text).toContain(submitted.body.trackingNumber);
      expect(m.parsed.text).not.toContain('张三');
      expect(m.parsed.text).not.toContain('土地征收');
    }
  });

  it('should issue a correction notice with the items and the deadline, and a closure notice when it lapses', async () => {
    const c = await registerCase(sut, '2026-01-05');
    const corrected = await send(officer, c.id, { type: 'REQUEST_CORRECTION', effectiveDate: '2026-01-06', items: ['请明确所申请信息的名称或文号', '请提供身份证明'] });
    const notice = await documentOf(c.id, 'CORRECTION_NOTICE');
    expect(notice).toMatchObject({ title: '政府信息公开申请补正告知书', documentNumber: expect.stringMatching(SERIES.NOTICE) });
    expect(notice.text).toContain('（一）请明确所申请信息的名称或文号；（二）请提供身份证明。');
    expect(notice.text).toContain(`请您于${cn(corrected.clock.correctionWindowEnds)}前`);
    expect((await lastEvent(c.id)).payload.documents).toEqual([expect.objectContaining({ kind: 'CORRECTION_NOTICE', documentNumber: notice.documentNumber })]);

    await send(officer, c.id, { type: 'CORRECTION_LAPSED', effectiveDate: '2026-02-10' });
    const closure = await documentOf(c.id, 'CLOSURE_NOTICE');
    expect(closure).toMatchObject({ title: '政府信息公开申请终止办理告知书', documentNumber: expect.stringMatching(SERIES.NOTICE) });
    expect(closure.text).toContain(`您在《政府信息公开申请补正告知书》（${notice.documentNumber}）规定的补正期限内未补正`);
    expect(closure.text).toContain('视为您放弃申请');
  });

  it('should ask for reasons (条例第三十五条) with its own notice, mail it to the applicant, and close the case unprocessed when none come', async () => {
    await quiet();
    const c = await registerCase(sut, '2026-01-05', { delivery: { form: 'ELECTRONIC', method: 'EMAIL', email: 'reasons@example.com' } });
    const asked = await send(officer, c.id, {
      type: 'REQUEST_CORRECTION',
      effectiveDate: '2026-01-06',
      purpose: 'REASONS',
      volumeDescription: '您自2025年12月以来向本机关提出政府信息公开申请58件。',
    });
    const notice = await documentOf(c.id, 'REASONS_REQUEST');
    expect(notice).toMatchObject({ title: '政府信息公开申请说明理由告知书', documentNumber: expect.stringMatching(SERIES.NOTICE) });
    expect(notice.text).toContain('经审查，您自2025年12月以来向本机关提出政府信息公开申请58件，申请公开政府信息的数量、频次明显超过合理范围。');
    expect(notice.text).toContain('第三十五条');
    expect(notice.text).toContain(`请您于${cn(asked.clock.correctionWindowEnds)}前以书面形式向本机关说明理由`);
    expect((await documentsOf(c.id)).map((d) => d.kind)).not.toContain('CORRECTION_NOTICE');

    await sut.app.get(MailDispatcher).dispatchDue();
    // The acknowledgement of the registration (with the receipt), and the notice.
    const mail = (await receiver.waitFor(2)).find((m) => m.parsed.subject?.includes('说明理由告知书'))!;
    expect(mail.envelope.to).toEqual(['reasons@example.com']);
    expect(mail.parsed.subject).toBe(`【政府信息公开申请】政府信息公开申请说明理由告知书（${notice.documentNumber}）`);
    expect(mail.parsed.text).toContain(`请于${cn(asked.clock.correctionWindowEnds)}前以书面形式向本机关说明理由。`);
    expect(sha256(mail.parsed.attachments[0].content)).toBe(notice.sha256);
    expect((await lastEvent(c.id)).payload.documents).toEqual([expect.objectContaining({ kind: 'REASONS_REQUEST', email: expect.objectContaining({ to: 'reasons@example.com' }) })]);

    await send(officer, c.id, { type: 'CORRECTION_LAPSED', effectiveDate: '2026-02-10' });
    const closure = await documentOf(c.id, 'CLOSURE_NOTICE');
    expect(closure.text).toContain(`您在《政府信息公开申请说明理由告知书》（${notice.documentNumber}）规定的期限内未说明理由`);
    expect(closure.text).toContain('第三十五条');
    expect(closure.text).toContain('不予处理');
    expect(closure.text).not.toContain('视为您放弃申请');
  });

  it('should mail a correction notice to an applicant who left an e-mail address, with the deadline in the mail', async () => {
    await quiet();
    const c = await registerCase(sut, '2026-03-02', { delivery: { form: 'ELECTRONIC', method: 'EMAIL', email: 'correct@example.com' } });
    const corrected = await send(officer, c.id, { type: 'REQUEST_CORRECTION', items: ['请明确所申请信息的名称或文号'] });
    const notice = await documentOf(c.id, 'CORRECTION_NOTICE');
    // No dispatchDue() here (the poll is off in tests): the command wakes the dispatcher once it has committed.
    const mail = (await receiver.waitFor(2)).find((m) => m.parsed.subject?.includes('补正告知书'))!;
    expect(mail.envelope.to).toEqual(['correct@example.com']);
    expect(mail.parsed.text).toContain(`请于${cn(corrected.clock.correctionWindowEnds)}前向本机关提交补正材料。`);
    expect(sha256(mail.parsed.attachments[0].content)).toBe(notice.sha256);
  });

  it('should mail the closure notice of a correction the scheduler found lapsed, once its scan has committed', async () => {
    await quiet();
    const c = await registerCase(sut, '2026-03-09', { delivery: { form: 'ELECTRONIC', method: 'EMAIL', email: 'lapsed@example.com' } });
    const asked = await send(officer, c.id, { type: 'REQUEST_CORRECTION', items: ['请明确所申请信息的名称'] });
    await sut.app.get(MailDispatcher).idle();
    receiver.reset();
    // The day after the correction window: the scan applies the lapse. No dispatchDue() here: the scan wakes
    // the dispatcher itself.
    sut.clock.set(`${addDays(asked.clock.correctionWindowEnds, 1)}T02:00:00Z`);
    const scan = await sut.app.get(DeadlineSchedulerService).runOnce().finally(() => sut.clock.set('2026-03-09T02:00:00Z'));
    expect(scan.events).toContainEqual(expect.objectContaining({ caseId: c.id, type: 'CORRECTION_LAPSED' }));
    const closure = await documentOf(c.id, 'CLOSURE_NOTICE');
    // The scan may close other cases of this file as well; their notices come too.
    let mail: Awaited<ReturnType<SmtpReceiver['waitFor']>>[number] | undefined;
    for (let n = 1; !mail && n <= 5; n++) mail = (await receiver.waitFor(n)).find((m) => m.envelope.to.includes('lapsed@example.com'));
    expect(mail!.parsed.subject).toContain('终止办理告知书');
    expect(sha256(mail!.parsed.attachments[0].content)).toBe(closure.sha256);
  });

  it('should issue an extension notice with the extended due date, and a deferral notice with its date', async () => {
    const c = await registerCase(sut, '2026-03-02');
    const extended = await send(head, c.id, { type: 'APPROVE_EXTENSION', workdays: 10, grounds: '需调取多个部门的历史档案。' });
    const extension = await documentOf(c.id, 'EXTENSION_NOTICE');
    expect(extension).toMatchObject({ title: '政府信息公开申请延期答复告知书', documentNumber: expect.stringMatching(SERIES.NOTICE) });
    expect(extension.text).toContain('因需调取多个部门的历史档案，本机关无法在法定期限内作出答复');
    expect(extension.text).toContain('延长10个工作日');
    expect(extension.text).toContain(`${cn(extended.dueDate)}前向您作出答复`);

    await send(officer, c.id, { type: 'ACCEPT' });
    await send(officer, c.id, { type: 'DEFER', until: '2026-06-30', grounds: '您申请的信息涉及2010年以来全部征地批次' });
    const deferral = await documentOf(c.id, 'DEFERRAL_NOTICE');
    expect(deferral).toMatchObject({ title: '政府信息公开申请延迟答复告知书', documentNumber: expect.stringMatching(SERIES.NOTICE) });
    expect(deferral.text).toContain(`${cn('2026-06-30')}前向您作出答复`);
  });

  it('should write to a third party and a co-producing agency with their own deadlines, and tell the applicant once', async () => {
    const c = await registerCase(sut, '2026-03-02');
    await send(officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-02' });
    const first = await send(officer, c.id, { type: 'CONSULT_THIRD_PARTY', effectiveDate: '2026-03-02', party: 'THIRD_PARTY', partyName: '示例县青山建材有限公司' });
    const letter = await documentOf(c.id, 'THIRD_PARTY_CONSULTATION');
    expect(letter).toMatchObject({ title: '政府信息公开申请征求意见书', documentNumber: expect.stringMatching(SERIES.LETTER) });
    expect(letter.text).toContain('示例县青山建材有限公司');
    expect(letter.text).toContain(`${cn(first.clock.thirdPartyDeadline)}前`);
    const exclusion = await documentOf(c.id, 'EXCLUSION_NOTICE');
    expect(exclusion).toMatchObject({ title: '政府信息公开申请征求意见告知书', documentNumber: expect.stringMatching(SERIES.NOTICE) });
    expect(exclusion.text).toContain(`已于${cn('2026-03-02')}书面征求其意见`);

    await send(officer, c.id, { type: 'CONSULT_THIRD_PARTY', party: 'CO_PRODUCING_AGENCY', partyName: '示例县住房和城乡建设局' });
    const coProducer = await documentOf(c.id, 'CO_PRODUCER_CONSULTATION');
    expect(coProducer.documentNumber).toMatch(SERIES.LETTER);
    expect(coProducer.text).toContain('示例县住房和城乡建设局');
    // 15 working days after Monday 2026-03-09, not the first letter's deadline the clock reports.
    expect(coProducer.text).toContain(`${cn('2026-03-30')}前`);
    expect((await documentsOf(c.id)).filter((d) => d.kind === 'EXCLUSION_NOTICE')).toHaveLength(1);
  });

  it('should tell a third party in writing when the office discloses over its objection (条例第三十二条), with a remedy clause', async () => {
    const c = await registerCase(sut, '2026-03-02');
    await send(officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-03-02' });
    const consulted = await send(officer, c.id, { type: 'CONSULT_THIRD_PARTY', effectiveDate: '2026-03-02', party: 'THIRD_PARTY', partyName: '示例县青山建材有限公司' });
    const consultationId = consulted.openConsultations[0];

    const consenting = await sendEvent(sut, officer, c.id, { type: 'RECEIVE_THIRD_PARTY_OPINION', consultationId, position: 'CONSENT', disclosureDecision: 'DISCLOSE_IN_PUBLIC_INTEREST', disclosureReasons: '理由', disclosedInformation: '补偿标准' });
    expect(consenting.status).toBe(422);
    expect(consenting.body.errors).toEqual([expect.objectContaining({ field: 'disclosureDecision', code: 'REQUIRES_OBJECTION' })]);
    const missing = await sendEvent(sut, officer, c.id, { type: 'RECEIVE_THIRD_PARTY_OPINION', consultationId, position: 'OBJECTION', disclosureDecision: 'DISCLOSE_IN_PUBLIC_INTEREST' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['disclosedInformation', 'disclosureReasons']);

    await send(officer, c.id, {
      type: 'RECEIVE_THIRD_PARTY_OPINION',
      consultationId,
      position: 'OBJECTION',
      summary: '该公司认为补偿金额属于商业秘密',
      disclosureDecision: 'DISCLOSE_IN_PUBLIC_INTEREST',
      disclosedInformation: '青山镇3号地块征收补偿协议中的补偿标准和补偿金额',
      disclosureReasons: '该补偿标准涉及辖区内三百余户被征收人的切身利益，不公开可能对公共利益造成重大影响',
    });
    const notice = await documentOf(c.id, 'THIRD_PARTY_DISCLOSURE_NOTICE');
    expect(notice).toMatchObject({ title: '政府信息依申请公开告知书', documentNumber: expect.stringMatching(SERIES.LETTER) });
    expect(notice.text).toContain('示例县青山建材有限公司');
    expect(notice.text).toContain('决定公开的政府信息内容：青山镇3号地块征收补偿协议中的补偿标准和补偿金额。');
    expect(notice.text).toContain('不公开可能对公共利益造成重大影响。');
    expect(notice.text).toContain('第三十二条');
    expect(notice.text).toMatch(/行政复议|行政诉讼/);
  });

  it('should issue a fee notice with the amount and payment deadline, and a closure notice when it is not paid', async () => {
    const c = await registerCase(sut, '2026-01-05');
    await send(officer, c.id, { type: 'ACCEPT', effectiveDate: '2026-01-05' });
    // 109号第五条: 60 pages → pages 1–30 free, 31–60 at 10 元 = 300 元, computed, not typed.
    const noticed = await send(officer, c.id, { type: 'SEND_FEE_NOTICE', effectiveDate: '2026-01-06', basis: 'PER_PAGE', pages: 60 });
    const fee = await documentOf(c.id, 'FEE_NOTICE');
    expect(fee).toMatchObject({ title: '政府信息公开申请收费通知书', documentNumber: expect.stringMatching(SERIES.NOTICE) });
    expect(fee.text).toContain('计收方式：按量计收');
    expect(fee.text).toContain('人民币300.00元');
    expect(fee.text).toContain('共60页，第1至30页不收费；第31至60页30页×10元＝300元，合计应缴300元。');
    const events = await sut.http.get(`/api/v1/cases/${c.id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1).payload).toMatchObject({ basis: 'PER_PAGE', pages: 60, amountYuan: 300, calculation: { method: 'PER_PAGE', amountYuan: 300 } });
    expect(fee.text).toContain(`请您于${cn(noticed.clock.feeDeadline)}前缴纳`);

    await send(officer, c.id, { type: 'FEE_LAPSED', effectiveDate: '2026-02-10' });
    const closure = await documentOf(c.id, 'CLOSURE_NOTICE');
    expect(closure.text).toContain(`您在《政府信息公开申请收费通知书》（${fee.documentNumber}）规定的缴费期限内未缴纳信息处理费`);
  });

  it('should price per piece by the applicant’s place in the month (109号第四条), and record an officer’s different amount only with a reason', async () => {
    // The same applicant (same identity → same keyed hash) files 11 applications received in March 2026.
    const register = (n: number) =>
      sut.http
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${officer}`)
        .send({ channel: 'counter', receiptDate: '2026-03-02', applicant: webApplication({}, 77).applicant, request: { title: `第${n}件申请`, description: `请求公开第${n}项信息。` }, delivery: { form: 'PAPER', method: 'PICKUP' }, ...backDatedReason(sut, '2026-03-02') });
    let last = '';
    for (let n = 1; n <= 11; n++) {
      const res = await register(n);
      expect(res.status).toBe(201);
      last = res.body.id;
    }
    await send(officer, last, { type: 'ACCEPT' });
    const noReason = await sendEvent(sut, officer, last, { type: 'SEND_FEE_NOTICE', basis: 'PER_PIECE', amountYuan: 50 });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toContainEqual(expect.objectContaining({ field: 'overrideReason' }));

    await send(officer, last, { type: 'SEND_FEE_NOTICE', basis: 'PER_PIECE' });
    const fee = await documentOf(last, 'FEE_NOTICE');
    expect(fee.text).toContain('本申请为您2026年3月向本机关提出的第11件申请，第11至30件每件100元，应缴100元。');
    expect(fee.text).toContain('人民币100.00元');

    // The first application of the month is free: no notice.
    const first = await register(12);
    await send(officer, first.body.id, { type: 'ACCEPT' });
    const free = await sendEvent(sut, officer, first.body.id, { type: 'SEND_FEE_NOTICE', basis: 'PER_PAGE', pages: 30 });
    expect(free.status).toBe(422);
    expect(free.body.errors).toEqual([expect.objectContaining({ field: 'pages', code: 'FEE_NOT_DUE' })]);
    const overridden = await sendEvent(sut, officer, first.body.id, { type: 'SEND_FEE_NOTICE', basis: 'PER_PAGE', pages: 40, amountYuan: 50, overrideReason: '其中10页为彩色图件需按实际成本核定' });
    expect(overridden.status).toBe(200);
    const events = await sut.http.get(`/api/v1/cases/${first.body.id}/events`).set('Authorization', `Bearer ${officer}`);
    expect(events.body.at(-1).payload).toMatchObject({ amountYuan: 50, override: { amountYuan: 50, computedYuan: 100, reason: '其中10页为彩色图件需按实际成本核定' } });
    const overriddenFee = await documentOf(first.body.id, 'FEE_NOTICE');
    expect(overriddenFee.text).toContain('合计应缴100元。经审核改定为50元，理由：其中10页为彩色图件需按实际成本核定。');
  });

  it('should issue a closure notice when the office ends a case, telling why', async () => {
    const c = await registerCase(sut, '2026-03-02');
    await send(officer, c.id, { type: 'CLOSE', closeReason: 'NOT_AN_APPLICATION', note: '来信系对征地补偿标准的投诉' });
    const closure = await documentOf(c.id, 'CLOSURE_NOTICE');
    expect(closure.documentNumber).toMatch(SERIES.NOTICE);
    expect(closure.text).toContain('您提交的材料不属于政府信息公开申请。来信系对征地补偿标准的投诉。');
  });

  it('should refuse a command whose text does not fit its document, naming the command field, and issue nothing', async () => {
    const c = await registerCase(sut, '2026-03-02');
    await send(officer, c.id, { type: 'ACCEPT' });
    const res = await sendEvent(sut, officer, c.id, { type: 'CONSULT_THIRD_PARTY', party: 'THIRD_PARTY', partyName: '某'.repeat(150) });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'partyName', code: 'TOO_LONG' })]);
    expect((await documentsOf(c.id)).map((d) => d.kind)).toEqual(['RECEIPT']);
  });
});
