import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { extractText } from 'unpdf';
import { DeadlineSchedulerService } from '../../src/modules/deadline-scanner/deadline-scheduler.service.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { readXlsxTableThree } from '../../src/modules/reports/report-exports.js';
import { TABLE_THREE_COLUMNS, TABLE_THREE_ROWS } from '../../src/modules/reports/domain/table-three.js';
import { residentId } from '../setup/applications.js';
import { ADMIN, APPLICANT, AUDITOR, HEAD, LEGAL, OFFICER, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

type Column = (typeof TABLE_THREE_COLUMNS)[number]['code'];
type Table = Record<string, Partial<Record<Column, number>>>;

const ORGANISATION = { creditCode: '91350100M000100Y43', legalRepresentative: '王五', contactPerson: '赵六' };

/**
 * A year (2025) of one agency's applications, built through the API with back-dated events; today is
 * Tuesday 2026-01-20, so the year is over and a December application was answered in January.
 */
describe('annual report (表三) over a year of cases', () => {
  let sut: TestApp;
  let officer: string;
  let head: string;
  let legal: string;
  let auditor: string;
  let admin: string;
  let advisorId: string;
  let land: string;
  let county: string;
  let housing: string;
  const ids: Record<string, { id: string; trackingNumber: string }> = {};
  let n = 0;

  async function register(token: string, key: string, category: Column, receivedOn: string): Promise<string> {
    n += 1;
    const applicant =
      category === 'NATURAL_PERSON'
        ? { kind: 'NATURAL_PERSON', name: `申请人${n}`, idType: 'RESIDENT_ID', idNumber: residentId(n), phone: '13800138000', category }
        : { kind: 'ORGANISATION', name: `某单位${n}`, organisation: ORGANISATION, phone: '13800138000', category };
    const res = await sut.http
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .send({ channel: 'counter', counter: { submittedOn: receivedOn }, applicant, request: { title: `某文件${n}`, description: '请求公开该文件。' }, receiptDateReason: '纸质申请补录', reason: '纸质申请补录' });
    if (res.status !== 201) throw new Error(`register ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    ids[key] = { id: res.body.id, trackingNumber: res.body.trackingNumber };
    return res.body.id as string;
  }

  async function ok(token: string, id: string, body: Record<string, unknown>) {
    const res = await sendEvent(sut, token, id, body);
    if (res.status !== 200) throw new Error(`${body.type as string}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }

  /** Accept, draft, (co-review), approve and deliver a reply of `type`, every step back-dated. */
  async function answer(id: string, type: keyof typeof REPLY_BLANK_EXAMPLES, on: { accept: string; deliver: string }, coReview = false) {
    await ok(officer, id, { type: 'ACCEPT', effectiveDate: on.accept });
    await ok(officer, id, { type: 'START_DRAFT', replyType: type, blanks: REPLY_BLANK_EXAMPLES[type], effectiveDate: on.accept });
    if (coReview) {
      const referred = await ok(officer, id, { type: 'REFER_TO_LEGAL', advisorIds: [advisorId], question: '请审核', effectiveDate: on.accept });
      await ok(legal, id, { type: 'SUBMIT_LEGAL_OPINION', referralId: referred.body.pendingReferrals[0], opinion: 'AGREE', text: '同意答复。', articles: ['第三十六条'], effectiveDate: on.deliver });
    }
    await ok(officer, id, { type: 'SUBMIT_FOR_APPROVAL', effectiveDate: on.deliver });
    await ok(head, id, { type: 'APPROVE_REPLY', effectiveDate: on.deliver });
    await ok(officer, id, { type: 'DELIVER_REPLY', method: 'ONLINE', effectiveDate: on.deliver });
  }

  const report = (token: string, query: string) => sut.http.get(`/api/v1/reports/annual?${query}`).set('Authorization', `Bearer ${token}`);
  const cellsOf = (body: { tableThree: { rows: { code: string; cells: Record<string, number> }[] } }): Table => Object.fromEntries(body.tableThree.rows.map((r) => [r.code, r.cells]));

  /** The expected table, by hand: only the non-zero cells are listed, every other cell is 0. */
  function expectTable(actual: Table, expected: Table) {
    for (const row of TABLE_THREE_ROWS) {
      for (const col of TABLE_THREE_COLUMNS) expect(`${row.code}/${col.code}=${actual[row.code][col.code]}`).toBe(`${row.code}/${col.code}=${expected[row.code]?.[col.code] ?? 0}`);
    }
  }

  const EXPECTED_2025: Table = {
    一: { NATURAL_PERSON: 3, COMMERCIAL_ENTERPRISE: 1, RESEARCH_INSTITUTION: 1, PUBLIC_WELFARE_ORGANISATION: 1, LEGAL_SERVICE_ORGANISATION: 1, OTHER: 1, TOTAL: 8 },
    二: { NATURAL_PERSON: 1, COMMERCIAL_ENTERPRISE: 1, TOTAL: 2 },
    '三(一)': { NATURAL_PERSON: 1, COMMERCIAL_ENTERPRISE: 1, TOTAL: 2 },
    '三(二)': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(四)1': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(五)3': { OTHER: 1, TOTAL: 1 },
    '三(六)1': { LEGAL_SERVICE_ORGANISATION: 1, TOTAL: 1 },
    '三(六)2': { RESEARCH_INSTITUTION: 1, TOTAL: 1 },
    '三(六)3': { PUBLIC_WELFARE_ORGANISATION: 1, TOTAL: 1 },
    '三(七)': { NATURAL_PERSON: 3, COMMERCIAL_ENTERPRISE: 1, RESEARCH_INSTITUTION: 1, PUBLIC_WELFARE_ORGANISATION: 1, LEGAL_SERVICE_ORGANISATION: 1, OTHER: 1, TOTAL: 8 },
    四: { NATURAL_PERSON: 1, COMMERCIAL_ENTERPRISE: 1, TOTAL: 2 },
  };

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-01-20T02:00:00Z' });
    [officer, head, legal, auditor, admin] = await Promise.all([OFFICER, HEAD, LEGAL, AUDITOR, ADMIN].map((e) => sut.tokenFor(e)));
    advisorId = (await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${legal}`)).body.id;
    const agencies = (await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${admin}`)).body as { id: string; code: string }[];
    land = agencies.find((a) => a.code === 'SLXZR')!.id;
    county = agencies.find((a) => a.code === 'SLX')!.id;
    housing = agencies.find((a) => a.code === 'SLXZJ')!.id;
    await sut.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'housing.officer@example.gov.cn', displayName: '住建承办', role: 'OFFICER', agencyId: housing, password: 'Other#20260101' });
    const housingOfficer = await sut.tokenFor('housing.officer@example.gov.cn', 'Other#20260101');

    // Carried over from 2024: A answered in January 2025, B still open at the end of 2025.
    await register(officer, 'A', 'NATURAL_PERSON', '2024-12-10');
    await register(officer, 'B', 'COMMERCIAL_ENTERPRISE', '2024-12-20');
    await ok(officer, ids.B.id, { type: 'ACCEPT', effectiveDate: '2024-12-23' });
    await answer(ids.A.id, 'DISCLOSE', { accept: '2024-12-11', deliver: '2025-01-08' });
    // 2025
    await answer(await register(officer, 'C', 'NATURAL_PERSON', '2025-03-03'), 'PARTIAL', { accept: '2025-03-04', deliver: '2025-03-20' }, true);
    // A correction and a fee notice that lapse (条例第三十条; 109号): recorded on their day, and the scheduler
    // applies the lapses when their periods run out, on the lapse dates.
    sut.clock.set('2025-04-02T02:00:00Z');
    await ok(officer, await register(officer, 'D', 'LEGAL_SERVICE_ORGANISATION', '2025-04-01'), { type: 'REQUEST_CORRECTION', items: ['请明确所需信息的名称'] });
    sut.clock.set('2025-05-08T02:00:00Z');
    await ok(officer, await register(officer, 'E', 'RESEARCH_INSTITUTION', '2025-05-06'), { type: 'ACCEPT', effectiveDate: '2025-05-07' });
    await ok(officer, ids.E.id, { type: 'SEND_FEE_NOTICE', basis: 'PER_PAGE', pages: 40 });
    sut.clock.set('2025-07-01T02:00:00Z');
    await sut.app.get(DeadlineSchedulerService).runOnce();
    sut.clock.set('2026-01-20T02:00:00Z');
    await ok(officer, await register(officer, 'F', 'PUBLIC_WELFARE_ORGANISATION', '2025-06-02'), { type: 'WITHDRAW', effectiveDate: '2025-06-10' });
    const g = await register(officer, 'G', 'NATURAL_PERSON', '2025-07-01');
    await answer(g, 'NOT_EXIST', { accept: '2025-07-02', deliver: '2025-07-15' }, true);
    const h = await register(officer, 'H', 'OTHER', '2025-08-01');
    await answer(h, 'PUBLICATION', { accept: '2025-08-04', deliver: '2025-08-05' });
    // 表四: G's reply goes to reconsideration (upheld in 2025), H's to court directly (still pending at the year's end).
    await ok(officer, g, { type: 'RECORD_REMEDY', kind: 'RECONSIDERATION', body: '示例县人民政府', appliedOn: '2025-08-20', copyReceivedOn: '2025-08-22', effectiveDate: '2025-08-22' });
    const proceedingId = (await sut.http.get(`/api/v1/cases/${g}/remedies`).set('Authorization', `Bearer ${officer}`)).body[0].id as string;
    await ok(officer, g, { type: 'RECORD_REMEDY', proceedingId, outcome: 'UPHELD', decidedOn: '2025-10-15', effectiveDate: '2025-10-15' });
    await ok(officer, h, { type: 'RECORD_REMEDY', kind: 'LITIGATION', body: '示例县人民法院', appliedOn: '2025-11-03', effectiveDate: '2025-11-03' });
    await answer(await register(officer, 'J', 'COMMERCIAL_ENTERPRISE', '2025-09-01'), 'ALREADY_PUBLIC', { accept: '2025-09-02', deliver: '2025-09-05' });
    // Received in December, answered in January: counted in 四 of 2025.
    await answer(await register(officer, 'I', 'NATURAL_PERSON', '2025-12-15'), 'DISCLOSE', { accept: '2025-12-16', deliver: '2026-01-12' });
    // 2026: in no 2025 row.
    await register(officer, 'K', 'NATURAL_PERSON', '2026-01-05');
    // Another agency of the county: only in the county's subtree.
    await register(housingOfficer, 'L', 'NATURAL_PERSON', '2025-10-10');
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should close the lapsed cases on the day their period ran out', async () => {
    const rows: { tracking_number: string; closing_type: string; closed_on: string }[] = await sut.dataSource.query(
      `SELECT tracking_number, closing_type, to_char(closed_on, 'YYYY-MM-DD') AS closed_on FROM case_file WHERE id = ANY($1) ORDER BY tracking_number`,
      [[ids.D.id, ids.E.id]],
    );
    expect(rows.map((r) => r.closing_type)).toEqual(['ABANDONED_NO_CORRECTION', 'ABANDONED_NO_FEE']);
    expect(rows.every((r) => r.closed_on >= '2025-04-02' && r.closed_on <= '2025-12-31')).toBe(true);
  });

  it('should give 2025 exactly as counted by hand, with every identity holding', async () => {
    const res = await report(head, `agencyId=${land}&year=2025`);
    expect(res.status).toBe(200);
    expectTable(cellsOf(res.body), EXPECTED_2025);
    expect(res.body.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(res.body.ok).toBe(true);
    expect(res.body.tableThree.columns.map((c: { label: string }) => c.label)).toEqual(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
    expect(res.body.tableThree.rows.find((r: { code: string }) => r.code === '三(六)1').item).toBe('1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请');
    // Table four: one reconsideration upheld, one direct lawsuit pending, none after reconsideration.
    expect(res.body.tableFour.groups.map((g: { cells: Record<string, number> }) => g.cells)).toEqual([
      { UPHELD: 1, CORRECTED: 0, OTHER: 0, PENDING: 0, TOTAL: 1 },
      { UPHELD: 0, CORRECTED: 0, OTHER: 0, PENDING: 1, TOTAL: 1 },
      { UPHELD: 0, CORRECTED: 0, OTHER: 0, PENDING: 0, TOTAL: 0 },
    ]);
  });

  it('should open every non-empty cell on exactly its cases, as JSON and as CSV', async () => {
    const table = cellsOf((await report(auditor, `agencyId=${land}&year=2025`)).body);
    for (const row of [...TABLE_THREE_ROWS.map((r) => r.code), '三(四)', '三(六)']) {
      for (const col of TABLE_THREE_COLUMNS) {
        const expected = table[row]?.[col.code] ?? (row === '三(四)' ? 1 * Number(col.code === 'NATURAL_PERSON' || col.code === 'TOTAL') : row === '三(六)' ? (col.code === 'TOTAL' ? 3 : ['RESEARCH_INSTITUTION', 'PUBLIC_WELFARE_ORGANISATION', 'LEGAL_SERVICE_ORGANISATION'].includes(col.code) ? 1 : 0) : 0);
        if (!expected) continue;
        const cell = await sut.http.get(`/api/v1/reports/annual/cells`).query({ agencyId: land, year: 2025, row, column: col.code }).set('Authorization', `Bearer ${auditor}`);
        expect(`${row}/${col.code}:${cell.status}:${cell.body.count}`).toBe(`${row}/${col.code}:200:${expected}`);
      }
    }
    const carried = await sut.http.get('/api/v1/reports/annual/cells').query({ agencyId: land, year: 2025, row: '四', column: 'TOTAL' }).set('Authorization', `Bearer ${head}`);
    expect(carried.body.cases.map((c: { trackingNumber: string }) => c.trackingNumber).sort()).toEqual([ids.B.trackingNumber, ids.I.trackingNumber].sort());
    const csv = await sut.http.get('/api/v1/reports/annual/cells').query({ agencyId: land, year: 2025, row: '三(六)', column: 'TOTAL' }).set('Authorization', `Bearer ${head}`).set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l.split(',')[4]).sort()).toEqual(['ABANDONED_NO_CORRECTION', 'ABANDONED_NO_FEE', 'WITHDRAWN']);
  });

  it('should sum a subtree over its agencies, checked against each agency\'s own table', async () => {
    const res = await report(auditor, `agencyId=${county}&year=2025&subtree=true`);
    expect(res.status).toBe(200);
    const t = cellsOf(res.body);
    expect(t['一'].TOTAL).toBe(9);
    expect(t['四'].TOTAL).toBe(3);
    expect(res.body.checks.filter((c: { code: string }) => c.code === 'SUBTREE_SUM')).toEqual([expect.objectContaining({ ok: true })]);
    expect(res.body.agencies.find((a: { id: string }) => a.id === housing)).toMatchObject({ received: 1, carriedOut: 1 });
    expect(res.body.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
  });

  it('should let office heads and auditors read their scope, admins all, and nobody else', async () => {
    const applicant = await sut.tokenFor(APPLICANT);
    for (const token of [officer, legal, applicant]) expect((await report(token, `agencyId=${land}&year=2025`)).status).toBe(403);
    expect((await sut.http.get('/api/v1/reports/annual/cells').query({ agencyId: land, year: 2025, row: '一', column: 'TOTAL' }).set('Authorization', `Bearer ${officer}`)).status).toBe(403);
    expect((await report(head, `agencyId=${housing}&year=2025`)).status).toBe(404);
    expect((await report(head, `agencyId=${county}&year=2025&subtree=true`)).status).toBe(404);
    expect((await report(admin, `agencyId=${county}&year=2025&subtree=true`)).status).toBe(200);
    expect((await report(head, `agencyId=${land}&year=1999`)).status).toBe(422);
    expect((await sut.http.get('/api/v1/reports/annual/cells').query({ agencyId: land, year: 2025, row: '九', column: 'TOTAL' }).set('Authorization', `Bearer ${head}`)).status).toBe(422);
  });

  it('should export CSV and XLSX in the official order carrying the same numbers, a PDF of the tables and a draft of the report', async () => {
    const json = await report(head, `agencyId=${land}&year=2025&final=true`);
    expect(json.status).toBe(200);
    const csv = await sut.http.get('/api/v1/reports/annual').query({ agencyId: land, year: 2025 }).set('Authorization', `Bearer ${head}`).set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[2]).toBe('项目,,,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计');
    expect(lines[3]).toBe('一、本年新收政府信息公开申请数量,,,3,1,1,1,1,1,8');
    expect(lines.find((l) => l.includes('2.重复申请'))).toBe('三、本年度办理结果,（五）不予处理,2.重复申请,0,0,0,0,0,0,0');

    const xlsx = await sut.http.get('/api/v1/reports/annual').query({ agencyId: land, year: 2025, format: 'xlsx' }).set('Authorization', `Bearer ${head}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const parsed = await readXlsxTableThree(xlsx.body as Buffer, TABLE_THREE_ROWS.map((r) => r.code));
    for (const row of json.body.tableThree.rows) expect(parsed[row.code]).toEqual(TABLE_THREE_COLUMNS.map((c) => row.cells[c.code]));

    const pdf = await sut.http.get('/api/v1/reports/annual').query({ agencyId: land, year: 2025, format: 'pdf' }).set('Authorization', `Bearer ${head}`).buffer(true);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pages = (await extractText(new Uint8Array(pdf.body), { mergePages: false })).text.map((p) => p.replace(/\s+/g, ''));
    expect(pages[0]).toContain('收到和处理政府信息公开申请情况');
    expect(pages[0]).toContain('属于四类过程性信息');
    expect(pages[1]).toContain('未经复议直接起诉');
    if (process.env.REPORT_PDF_OUT) {
      mkdirSync(process.env.REPORT_PDF_OUT, { recursive: true });
      writeFileSync(`${process.env.REPORT_PDF_OUT}/annual-report.pdf`, pdf.body);
    }

    const md = await sut.http.get('/api/v1/reports/annual').query({ agencyId: land, year: 2025, format: 'md' }).set('Authorization', `Bearer ${head}`);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    for (const h of ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']) expect(md.text).toContain(`## ${h}`);
    expect(md.text).toContain('| 一、本年新收政府信息公开申请数量 |  |  | 3 | 1 | 1 | 1 | 1 | 1 | 8 |');
    expect(md.text).toContain('共收到政府信息公开申请8件，上年结转2件');
    expect(md.text).toContain('【请填写：');
  });

  it('should give the operational statistics of the year as JSON and as SVG charts', async () => {
    const res = await sut.http.get('/api/v1/reports/statistics').query({ agencyId: land, from: '2025-01-01', to: '2025-12-31' }).set('Authorization', `Bearer ${head}`);
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.receivedByMonth).toHaveLength(12);
    expect(s.receivedByMonth.map((m: { total: number }) => m.total)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1]);
    expect(s.receivedByMonth[2].byChannel).toEqual({ counter: 1 });
    expect(s.openByStatus.map((o: { status: string; count: number }) => `${o.status}:${o.count}`).sort()).toEqual(['ACCEPTED:1', 'REGISTERED:1']);
    // Replies delivered in 2025 (A, C, G, H, J): 20, 13, 10, 2 and 4 working days from receipt; none late.
    expect(s.replyTime).toEqual({ replies: 5, averageWorkdays: 9.8, p90Workdays: 20, lateShare: 0 });
    expect(s.replyTypeMix).toHaveLength(8);
    expect(s.replyTypeMix.every((m: { count: number }) => m.count === 1)).toBe(true);
    expect(s.correctionRate).toBe(0.125);
    expect(s.extensionRate).toBe(0);
    expect(s.dueSoonAndOverdue).toEqual([expect.objectContaining({ officer: '王承办', overdue: 1, dueSoon: 0 })]);
    // 法律顾问会商: C referred 2025-03-04, opinion 03-20 (12 working days); G 07-02 → 07-15 (9).
    expect(s.legalReview).toEqual({ pending: 0, answered: 2, turnaround: { opinions: 2, averageWorkdays: 10.5, p90Workdays: 12 }, byAdvisor: [expect.objectContaining({ advisorId, pending: 0, answered: 2 })] });
    // The running totals the figures come from equal a recount from the cases after every event above.
    const totals = `SELECT agency_id, to_char(receipt_date, 'YYYY-MM-DD') r, to_char(closed_on, 'YYYY-MM-DD') c, channel, closing_type, overdue, cases, corrected, extended
                      FROM case_statistics WHERE cases <> 0 OR corrected <> 0 OR extended <> 0 ORDER BY 1, 2, 3, 4, 5, 6`;
    const live = await sut.dataSource.query(totals);
    expect(live.reduce((n: number, r: { cases: number }) => n + r.cases, 0)).toBeGreaterThan(10);
    await sut.dataSource.query('SELECT case_statistics_rebuild()');
    expect(await sut.dataSource.query(totals)).toEqual(live);
    for (const chart of ['received', 'open', 'reply-types']) {
      const svg = await sut.http.get(`/api/v1/reports/statistics/charts/${chart}`).query({ agencyId: land, from: '2025-01-01', to: '2025-12-31' }).set('Authorization', `Bearer ${head}`).buffer(true).parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
      expect(svg.status).toBe(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(svg.body).toMatch(/^<svg/);
      if (process.env.REPORT_PDF_OUT) writeFileSync(`${process.env.REPORT_PDF_OUT}/${chart}.svg`, svg.body as string);
    }
    const received = await sut.http.get('/api/v1/reports/statistics/charts/received').query({ agencyId: land, from: '2025-01-01', to: '2025-12-31' }).set('Authorization', `Bearer ${head}`).buffer(true);
    expect(received.text ?? received.body.toString()).toContain('2025-03');
    expect((await sut.http.get('/api/v1/reports/statistics/charts/pie').query({ agencyId: land, from: '2025-01-01', to: '2025-12-31' }).set('Authorization', `Bearer ${head}`)).status).toBe(422);
    expect((await sut.http.get('/api/v1/reports/statistics').query({ agencyId: land, from: '2025-01-01', to: '2025-12-31' }).set('Authorization', `Bearer ${officer}`)).status).toBe(403);
  });

  it('should answer 4xx, never 5xx, to mangled queries and bodies', async () => {
    const junk = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '2025', '-1', '1e9', '9999-99-99', '2025-02-30', 'true', '三(三)', '三(九)9', 'TOTAL', '%00', land, county));
    const params = fc.record({ agencyId: junk, year: junk, subtree: junk, row: junk, column: junk, format: junk, from: junk, to: junk }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(params, fc.constantFrom('/api/v1/reports/annual', '/api/v1/reports/annual/cells', '/api/v1/reports/statistics', '/api/v1/reports/statistics/charts/received'), async (query, path) => {
        const res = await sut.http.get(path).query({ agencyId: land, year: 2025, row: '一', column: 'TOTAL', from: '2025-01-01', to: '2025-12-31', ...query }).set('Authorization', `Bearer ${admin}`);
        expect(`${path} ${JSON.stringify(query)} → ${res.status}`).toMatch(/→ [234]\d\d$/);
      }),
      { numRuns: 60, seed: 20261206 },
    );
    await fc.assert(
      fc.asyncProperty(fc.record({ agencyId: junk, year: fc.oneof(junk, fc.integer()), subtree: fc.oneof(junk, fc.boolean()), explanation: fc.oneof(junk, fc.string({ maxLength: 3000 })) }, { requiredKeys: [] }), async (body) => {
        const res = await sut.http.post('/api/v1/reports/annual/publish').set('Authorization', `Bearer ${admin}`).send({ agencyId: housing, year: 2030, ...body });
        expect(`${JSON.stringify(body)} → ${res.status}`).toMatch(/→ [234]\d\d$/);
      }),
      { numRuns: 40, seed: 20261206 },
    );
  });

  it('should name the case when one closed without a reply type', async () => {
    await sut.dataSource.query(`UPDATE case_file SET closing_type = NULL WHERE id = $1`, [ids.H.id]);
    try {
      const res = await report(head, `agencyId=${land}&year=2025`);
      const failing = res.body.checks.filter((c: { ok: boolean }) => !c.ok);
      expect(failing.map((c: { code: string; column: string }) => `${c.code}/${c.column}`).sort()).toEqual(['RESULTS_SUM/OTHER', 'RESULTS_SUM/TOTAL']);
      expect(failing[0].cases).toEqual([{ id: ids.H.id, trackingNumber: ids.H.trackingNumber }]);
      expect(res.body.ok).toBe(false);
      expect((await sut.http.get('/api/v1/reports/annual').query({ agencyId: land, year: 2025, format: 'xlsx', final: true }).set('Authorization', `Bearer ${head}`)).status).toBe(409);
      const draft = await sut.http.get('/api/v1/reports/annual').query({ agencyId: land, year: 2025, format: 'csv' }).set('Authorization', `Bearer ${head}`);
      expect(draft.text.split('\r\n')[0]).toContain('未通过校验：不得作为正式数据发布');
      const refused = await sut.http.post('/api/v1/reports/annual/publish').set('Authorization', `Bearer ${head}`).send({ agencyId: land, year: 2025 });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('REPORT_CHECKS_FAILED');
    } finally {
      await sut.dataSource.query(`UPDATE case_file SET closing_type = 'PUBLICATION' WHERE id = $1`, [ids.H.id]);
    }
  });

  it('should freeze a published report, check next year\'s carry-over against it, and show later changes as reconciliation lines', async () => {
    const y2024 = await sut.http.post('/api/v1/reports/annual/publish').set('Authorization', `Bearer ${head}`).send({ agencyId: land, year: 2024 });
    expect(y2024.status).toBe(201);
    expect(cellsOf(y2024.body)['四']).toMatchObject({ NATURAL_PERSON: 1, COMMERCIAL_ENTERPRISE: 1, TOTAL: 2 });
    expect((await sut.http.post('/api/v1/reports/annual/publish').set('Authorization', `Bearer ${head}`).send({ agencyId: land, year: 2024 })).body.code).toBe('REPORT_ALREADY_PUBLISHED');
    expect((await sut.http.post('/api/v1/reports/annual/publish').set('Authorization', `Bearer ${auditor}`).send({ agencyId: land, year: 2025 })).status).toBe(403);

    const y2025 = await sut.http.post('/api/v1/reports/annual/publish').set('Authorization', `Bearer ${head}`).send({ agencyId: land, year: 2025 });
    expect(y2025.status).toBe(201);
    const carry = y2025.body.checks.filter((c: { code: string }) => c.code === 'CARRY_OVER');
    expect(carry).toHaveLength(7);
    expect(carry.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(y2025.body.published.reconciliation).toEqual([]);

    // A paper application of November 2025 found and registered late.
    await register(officer, 'M', 'NATURAL_PERSON', '2025-11-03');
    const after = await report(head, `agencyId=${land}&year=2025`);
    expectTable(cellsOf(after.body), { ...EXPECTED_2025, 一: { ...EXPECTED_2025['一'], NATURAL_PERSON: 4, TOTAL: 9 }, 四: { NATURAL_PERSON: 2, COMMERCIAL_ENTERPRISE: 1, TOTAL: 3 } });
    expect(after.body.published.reconciliation.map((l: { label: string }) => l.label)).toEqual([
      '“一、本年新收政府信息公开申请数量”行自然人列：已发布 3，现为 4',
      '“一、本年新收政府信息公开申请数量”行总计列：已发布 8，现为 9',
      '“四、结转下年度继续办理”行自然人列：已发布 1，现为 2',
      '“四、结转下年度继续办理”行总计列：已发布 2，现为 3',
    ]);
  });
});
