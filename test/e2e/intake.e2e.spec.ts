import { OutboxService } from '../../src/modules/notifications/outbox.service.js';
import { webApplication, residentId } from '../setup/applications.js';
import { APPLICANT, OFFICER, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const RETRY_KEY = '6f1b1c2e-9a4d-4c5e-8f3a-2b7d9e0c4a11';

/** 10:00 in Beijing on the given date. */
const at = (date: string) => `${date}T02:00:00Z`;

describe('intake: web applications', () => {
  let sut: TestApp;
  let officer: string;

  beforeAll(async () => {
    // Saturday 2026-03-07
    // 200 simultaneous submissions queue for pooled connections behind the tracking-number lock; on a loaded CI
    // machine that wait can pass the default DB_CONNECT_TIMEOUT_MS and the service rightly answers 503 (retry). This
    // file asserts the numbering under concurrency, so connections may be waited for as long as it takes.
    sut = await startTestApp({ now: at('2026-03-07'), env: { DB_CONNECT_TIMEOUT_MS: '60000' } });
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should list the agencies that take applications without login', async () => {
    const res = await sut.http.get('/api/v1/applications/agencies');
    expect(res.status).toBe(200);
    expect(res.body).toContainEqual(expect.objectContaining({ code: 'SLXZR', name: '示例县自然资源局' }));
  });

  it('should fix the receipt date of a web application submitted on Saturday when the office confirms it on Monday', async () => {
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, 1));
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ trackingNumber: expect.stringMatching(/^SLXZR-2026-\d{6}$/), status: 'SUBMITTED', receiptDate: null, agencyName: '示例县自然资源局' });
    expect(submitted.body.queryCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

    const queue = await sut.http.get('/api/v1/cases?status=SUBMITTED').set('Authorization', `Bearer ${officer}`);
    const c = queue.body.items.find((i: { trackingNumber: string }) => i.trackingNumber === submitted.body.trackingNumber);
    expect(c).toMatchObject({ status: 'SUBMITTED', dueDate: null });

    sut.clock.set(at('2026-03-09')); // Monday
    const confirmed = await sendEvent(sut, officer, c.id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
    expect(confirmed.status).toBe(200);
    // 20 working days after Monday 2026-03-09 → 2026-04-07 (04-06 is the 清明 day off)
    expect(confirmed.body).toMatchObject({ status: 'REGISTERED', receiptDate: '2026-03-09', dueDate: '2026-04-07' });
    // The basis says how the date was fixed, no longer that it awaits confirmation.
    expect(confirmed.body.receiptBasis).not.toContain('尚待');
    expect(confirmed.body.receiptBasis).toContain('工作机构于2026年3月9日');
    expect(confirmed.body.intake.confirmation).toBe('OFFICER');
    sut.clock.set(at('2026-03-07'));
  });

  it('should queue an acknowledgement e-mail in the same transaction', async () => {
    const submitted = await sut.http.post('/api/v1/applications').send(webApplication({}, 2));
    const row = await sut.dataSource.query(`SELECT id FROM case_file WHERE tracking_number = $1`, [submitted.body.trackingNumber]);
    const mails = await sut.app.get(OutboxService).findByCase(row[0].id);
    expect(mails).toEqual([expect.objectContaining({ toAddress: 'applicant2@example.com', subject: expect.stringContaining(submitted.body.trackingNumber) })]);
  });

  it('should let an anonymous applicant follow the case with tracking number and query code, and reveal nothing otherwise', async () => {
    const { body } = await sut.http.post('/api/v1/applications').send(webApplication({}, 3));
    const ok = await sut.http.post('/api/v1/applications/status').send({ trackingNumber: body.trackingNumber, queryCode: body.queryCode });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ trackingNumber: body.trackingNumber, status: 'SUBMITTED', statusLabel: '待确认收到', milestones: [expect.objectContaining({ label: '申请已登记' })] });
    const wrongCode = await sut.http.post('/api/v1/applications/status').send({ trackingNumber: body.trackingNumber, queryCode: 'AAAA-BBBB-CCCC' });
    const unknown = await sut.http.post('/api/v1/applications/status').send({ trackingNumber: 'SLXZR-2026-999999', queryCode: body.queryCode });
    expect([wrongCode.status, unknown.status]).toEqual([404, 404]);
    expect(wrongCode.body.code).toBe('APPLICATION_NOT_FOUND');
    expect(unknown.body.message).toBe(wrongCode.body.message);
  });

  it('should return the same case for a retry with the same Idempotency-Key, and refuse the key with another body', async () => {
    const body = webApplication({}, 4);
    const first = await sut.http.post('/api/v1/applications').set('Idempotency-Key', RETRY_KEY).send(body);
    const retry = await sut.http.post('/api/v1/applications').set('Idempotency-Key', RETRY_KEY).send(body);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const [{ count }] = await sut.dataSource.query(`SELECT count(*)::int AS count FROM case_file WHERE tracking_number = $1`, [first.body.trackingNumber]);
    expect(count).toBe(1);
    const other = await sut.http.post('/api/v1/applications').set('Idempotency-Key', RETRY_KEY).send(webApplication({}, 5));
    expect(other.status).toBe(422);
    expect(other.body.errors[0]).toMatchObject({ field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('should give 200 simultaneous submissions 200 distinct, gap-free tracking numbers', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => sut.http.post('/api/v1/applications').send(webApplication({}, 100 + i))));
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const numbers = responses.map((r) => Number((r.body.trackingNumber as string).split('-')[2])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(200);
    expect(numbers[199] - numbers[0]).toBe(199);
  });

  it('should flag a second, similar request from the same applicant for the officer without blocking it', async () => {
    await sut.http.post('/api/v1/applications').send(webApplication({}, 7));
    const again = await sut.http.post('/api/v1/applications').send(webApplication({ request: { title: '某镇2025年土地征收补偿安置方案', description: '申请公开上述方案全文和附件' } }, 7));
    expect(again.status).toBe(201);
    const [row] = await sut.dataSource.query(`SELECT id FROM case_file WHERE tracking_number = $1`, [again.body.trackingNumber]);
    const detail = await sut.http.get(`/api/v1/cases/${row.id}`).set('Authorization', `Bearer ${officer}`);
    expect(detail.body.hints).toContainEqual(expect.objectContaining({ code: 'SIMILAR_TO_EARLIER_REQUEST' }));
    expect(detail.body.applicant.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(detail.body)).not.toContain(residentId(7));
  });
});

describe('intake: validation', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ now: at('2026-03-09') });
  });

  afterAll(async () => {
    await sut.close();
  });

  const post = (body: unknown) => sut.http.post('/api/v1/applications').set('Content-Type', 'application/json').send(body as object);
  const applicant = (patch: Record<string, unknown>) => webApplication({ applicant: { ...(webApplication().applicant as object), ...patch } });

  it.each([
    ['a resident ID with a wrong check digit', applicant({ idNumber: '110105194912310020' }), 'applicant.idNumber', 'INVALID_ID_CHECKSUM'],
    ['a resident ID with an impossible birth date', applicant({ idNumber: '110105194902300027' }), 'applicant.idNumber', 'INVALID_ID_BIRTH_DATE'],
    ['a bad phone number', applicant({ phone: '12345' }), 'applicant.phone', 'INVALID_PHONE'],
    ['a bad e-mail', applicant({ email: 'not-an-email' }), 'applicant.email', 'INVALID_EMAIL'],
    ['a bad postal code', applicant({ postalCode: '1234' }), 'applicant.postalCode', 'INVALID_POSTAL_CODE'],
    ['an unknown applicant category', applicant({ category: 'ROBOT' }), 'applicant.category', 'INVALID_ENUM'],
    [
      'an organisation with a wrong credit-code check character',
      applicant({ kind: 'ORGANISATION', name: '某公司', organisation: { creditCode: '91350100M000100Y44', legalRepresentative: '王五', contactPerson: '赵六' } }),
      'applicant.organisation.creditCode',
      'INVALID_CREDIT_CODE_CHECKSUM',
    ],
    ['postal delivery without an address', webApplication({ delivery: { form: 'PAPER', method: 'POST' } }), 'delivery.address', 'REQUIRED'],
    ['an overlong description', webApplication({ request: { title: 'x', description: '长'.repeat(5001) } }), 'request.description', 'TOO_LONG'],
    ['an unknown agency', webApplication({ agencyCode: 'NOWHERE' }), 'agencyCode', 'NOT_FOUND'],
    ['an unknown top-level field', webApplication({ priority: 'urgent' }), 'priority', 'UNKNOWN_FIELD'],
    ['a string where the applicant object belongs', webApplication({ applicant: '张三' }), 'applicant', undefined],
  ])('should 422 %s, naming the field', async (_label, body, field, code) => {
    const res = await post(body);
    expect(res.status).toBe(422);
    const named = (res.body.errors as { field: string; code: string }[]).filter((e) => e.field === field);
    expect(named.length).toBeGreaterThan(0);
    if (code) expect(named.map((e) => e.code)).toContain(code);
    expect(named[0]).toMatchObject({ message: expect.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it('should accept full-width digits and letters and store them normalised', async () => {
    const res = await post(applicant({ idNumber: '１１０１０５１９４９１２３１００２ｘ', phone: '１３８００１３８０００' }));
    expect(res.status).toBe(201);
  });

  it.each([
    ['an array body', []],
    ['null', null],
    ['deeply nested junk', { applicant: { name: { a: [{ b: { c: [1, 2, 3] } }] } }, request: [[[]]], delivery: 42 }],
    ['numbers for every field', { agencyCode: 1, applicant: 2, request: 3, delivery: 4 }],
  ])('should never answer 500 to %s', async (_label, body) => {
    const res = await post(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('should answer 400, not 500, to a body that is not valid UTF-8 JSON', async () => {
    const res = await sut.http.post('/api/v1/applications').set('Content-Type', 'application/json').send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('should 413 a huge body', async () => {
    const res = await post(webApplication({ request: { title: 'x', description: 'x'.repeat(3_000_000) } }));
    expect(res.status).toBe(413);
  });
});

describe('intake: officer registration per channel (条例第三十一条)', () => {
  let sut: TestApp;
  let officer: string;
  const register = (body: Record<string, unknown>) =>
    sut.http
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${officer}`)
      .send({ applicant: webApplication().applicant, request: webApplication().request, delivery: { form: 'PAPER', method: 'PICKUP' }, reason: '纸质申请补录', ...body });

  beforeAll(async () => {
    sut = await startTestApp({ now: at('2026-03-16') });
    officer = await sut.tokenFor(OFFICER);
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should take the signing day of a registered letter, even a make-up working Saturday', async () => {
    const res = await register({ channel: 'letter_registered', letterRegistered: { waybillNumber: 'EA123456789CN', signedOn: '2026-02-14', signer: '孙收发' } });
    expect(res.status).toBe(201);
    // 2026-02-14 is a 调休 Saturday; 20 working days after it: 02-15..23 off, 02-24..02-27 (4), 02-28 make-up (5), 03-02.. → 2026-03-20
    expect(res.body).toMatchObject({ receiptDate: '2026-02-14', status: 'REGISTERED', dueDate: '2026-03-20' });
    expect(res.body.receiptBasis).toContain('签收');
  });

  it('should take the confirmation day of an ordinary letter confirmed two days after arrival, and note the delay', async () => {
    const res = await register({ channel: 'letter_ordinary', letterOrdinary: { arrivedOn: '2026-03-09', confirmedOn: '2026-03-11', confirmationMethod: 'PHONE', confirmedBy: '王承办' } });
    expect(res.status).toBe(201);
    expect(res.body.receiptDate).toBe('2026-03-11');
    expect(res.body.intake.warnings).toContain('CONFIRMED_AFTER_ARRIVAL_DAY');
  });

  it('should state the confirmation in the receipt basis of a fax confirmed later', async () => {
    const res = await register({ channel: 'fax', fax: { sendingNumber: '0599-1234567', receivedAt: '2026-03-12T09:30:00+08:00' } });
    expect(res.status).toBe(201);
    expect(res.body.receiptBasis).toContain('尚待');
    const confirmed = await sendEvent(sut, officer, res.body.id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-13', effectiveDate: '2026-03-13', reason: '传真确认补录' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.receiptBasis).not.toContain('尚待');
    expect(confirmed.body.receiptBasis).toContain('于2026年3月13日（星期五）双方确认');
    expect(confirmed.body.intake.confirmation).toBe('OFFICER');
  });

  it('should wait for contact with an unreachable letter writer', async () => {
    const res = await register({ channel: 'letter_ordinary', letterOrdinary: { arrivedOn: '2026-03-09', unreachable: true } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'SUBMITTED', receiptDate: null, clock: null });
  });

  it('should take the submission day at the counter, and record an oral application written down by staff', async () => {
    const res = await register({ channel: 'counter', counter: { submittedOn: '2026-03-16', oral: true, recordedBy: '王承办', applicantSigned: true } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ receiptDate: '2026-03-16', intake: expect.objectContaining({ facts: expect.objectContaining({ oral: { recordedBy: '王承办', applicantSigned: true } }) }) });
  });

  it('should give a counter applicant a query code once, which follows the case like a web applicant\'s', async () => {
    const res = await register({ channel: 'counter', counter: { submittedOn: '2026-03-16' } });
    expect(res.status).toBe(201);
    expect(res.body.queryCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const status = await sut.http.post('/api/v1/applications/status').send({ trackingNumber: res.body.trackingNumber, queryCode: res.body.queryCode });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ trackingNumber: res.body.trackingNumber, receiptDate: '2026-03-16', dueDate: res.body.dueDate });
    const again = await sut.http.get(`/api/v1/cases/${res.body.id}`).set('Authorization', `Bearer ${officer}`);
    expect(again.body.queryCode).toBeUndefined();
  });

  it('should take the confirmation day of a fax', async () => {
    const res = await register({ channel: 'fax', fax: { sendingNumber: '010-12345678', receivedAt: '2026-03-13T17:45:00+08:00', confirmedOn: '2026-03-16' } });
    expect(res.body.receiptDate).toBe('2026-03-16');
  });

  it('should refuse to change the derived receipt date without a reason, and mark the case when given one', async () => {
    const facts = { channel: 'letter_registered', letterRegistered: { waybillNumber: 'EA000000001CN', signedOn: '2026-03-10', signer: '孙收发' } };
    const refused = await register({ ...facts, receiptDate: '2026-03-11' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ field: 'receiptDateReason', code: 'REQUIRED' });
    const overridden = await register({ ...facts, receiptDate: '2026-03-11', receiptDateReason: '邮件签收单日期误填，以收发室登记簿为准' });
    expect(overridden.status).toBe(201);
    expect(overridden.body).toMatchObject({ receiptDate: '2026-03-11', receiptOverride: expect.objectContaining({ derived: '2026-03-10' }) });
  });

  it('should 422 channel facts that contradict each other', async () => {
    const res = await register({ channel: 'letter_ordinary', letterOrdinary: { arrivedOn: '2026-03-10', confirmedOn: '2026-03-09', confirmationMethod: 'PHONE', confirmedBy: '王承办' } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'letterOrdinary.confirmedOn', code: 'DATE_BEFORE_SUBMISSION' }));
  });
});

describe('intake: applicant self-service', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ now: at('2026-03-09') });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should show an applicant only their own cases, hide others with 404, and take their correction online', async () => {
    const mine = await sut.tokenFor(APPLICANT);
    await sut.http.post('/api/v1/auth/register').send({ email: 'other.applicant@example.com', password: 'Other#20260101', displayName: '另一位' });
    const other = await sut.tokenFor('other.applicant@example.com', 'Other#20260101');

    const submitted = await sut.http.post('/api/v1/applications').set('Authorization', `Bearer ${mine}`).send(webApplication({}, 11));
    expect(submitted.status).toBe(201);
    const list = await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${mine}`);
    expect(list.body.items.map((i: { trackingNumber: string }) => i.trackingNumber)).toEqual([submitted.body.trackingNumber]);
    const caseId = list.body.items[0].id;
    expect((await sut.http.get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${other}`)).status).toBe(404);
    expect((await sut.http.get('/api/v1/cases').set('Authorization', `Bearer ${other}`)).body.items).toEqual([]);

    const officer = await sut.tokenFor(OFFICER);
    await sendEvent(sut, officer, caseId, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' });
    await sendEvent(sut, officer, caseId, { type: 'REQUEST_CORRECTION', items: ['请写明所需信息的文号'] });
    const own = await sut.http.get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${mine}`);
    expect(own.body).toMatchObject({ status: 'CORRECTION_PENDING', allowedEvents: ['RECEIVE_CORRECTION', 'WITHDRAW'] });
    expect(own.body.hints).toBeUndefined();

    sut.clock.set(at('2026-03-12'));
    const backDated = await sendEvent(sut, mine, caseId, { type: 'RECEIVE_CORRECTION', effectiveDate: '2026-03-10', summary: '文号为示政发〔2025〕3号' });
    expect(backDated.status).toBe(422);
    const corrected = await sendEvent(sut, mine, caseId, { type: 'RECEIVE_CORRECTION', summary: '文号为示政发〔2025〕3号' });
    expect(corrected.status).toBe(200);
    // 条例第三十条: 20 working days from the day the correction arrives (2026-03-12) → 2026-04-10
    expect(corrected.body).toMatchObject({ status: 'REGISTERED', dueDate: '2026-04-10' });
    expect((await sendEvent(sut, other, caseId, { type: 'RECEIVE_CORRECTION' })).status).toBe(404);
  });
});
