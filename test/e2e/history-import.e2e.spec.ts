import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { addDays } from '../../src/modules/deadlines/domain/index.js';
import { CalendarService } from '../../src/modules/deadlines/calendar.service.js';
import { ImportsService } from '../../src/modules/imports/imports.service.js';
import { needsLegalOpinion } from '../../src/modules/cases/workflow/legal-review.policy.js';
import { REPLY_TYPES } from '../../src/modules/letters/reply-type.js';
import { MailDispatcher } from '../../src/modules/notifications/mail-dispatcher.service.js';
import { TABLE_THREE_COLUMNS, TABLE_THREE_ROWS } from '../../src/modules/reports/domain/table-three.js';
import { ADMIN, AUDITOR, HEAD, LEGAL, OFFICER } from '../setup/case-helpers.js';
import { type SmtpReceiver, startSmtpReceiver } from '../setup/smtp-receiver.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';
import { DEMO_PASSWORD } from '../../src/database/seed/demo-seed.js';

type Column = (typeof TABLE_THREE_COLUMNS)[number]['code'];
type Table = Record<string, Partial<Record<Column, number>>>;
type Ev = Record<string, unknown> & { type: string; date: string };
type Rec = Record<string, unknown> & { externalId: string; events: Ev[] };

/** A minimal PDF (what a scanned or exported original reply would be), base64 as the record carries it. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n').toString('base64');

function rec(externalId: string, category: string, receiptDate: string, events: Ev[], extra: Record<string, unknown> = {}): Rec {
  return {
    externalId,
    agency: 'SLXZR',
    channel: 'counter',
    receiptDate,
    // Every applicant left an e-mail address: in live mode the notices and the replies below would be mailed.
    applicant: { name: `申请人${externalId}`, category, email: `${externalId.toLowerCase()}@example.com` },
    request: { title: `某文件${externalId}`, description: `请求公开某文件（${externalId}）。` },
    events,
    ...extra,
  };
}

interface AnswerSteps {
  /** Before ACCEPT (correction: 条例第三十条). */
  preAccept?: Ev[];
  /** Between ACCEPT and the draft (fees, consultation, co-review, extension). */
  beforeDraft?: Ev[];
  /** After delivery (archiving, remedies). */
  after?: Ev[];
  method?: string;
}

/** A case answered with `replyType`: accepted the day after receipt, drafted, approved with its original 文号, delivered. */
function answered(externalId: string, category: string, r: string, replyType: string, steps: AnswerSteps = {}, extra: Record<string, unknown> = {}): Rec {
  return rec(
    externalId,
    category,
    r,
    [
      ...(steps.preAccept ?? []),
      { type: 'ACCEPT', date: addDays(r, 4) },
      ...(steps.beforeDraft ?? []),
      { type: 'START_DRAFT', date: addDays(r, 9), replyType, ...(replyType === 'DUPLICATE' ? { earlierTrackingNumber: 'YSQ-2025-0007' } : {}) },
      { type: 'SUBMIT_FOR_APPROVAL', date: addDays(r, 10) },
      { type: 'APPROVE_REPLY', date: addDays(r, 11), documentNumber: `示县自然资公开〔2025〕${externalId}号` },
      { type: 'DELIVER_REPLY', date: addDays(r, 12), method: steps.method ?? 'EMAIL' },
      ...(steps.after ?? []),
    ],
    extra,
  );
}

const CATEGORY_OF: Record<string, string> = { WITHHOLD_SECRET: 'RESEARCH_INSTITUTION', PETITION: 'PUBLIC_WELFARE_ORGANISATION', NOT_EXIST: 'LEGAL_SERVICE_ORGANISATION', OTHER: 'OTHER' };

/** One case per reply type the statechart lets an office deliver (the two 逾期 types come from the lapse events). */
function replyTypeCases(): Rec[] {
  const types = REPLY_TYPES.filter((t) => t !== 'ABANDONED_NO_CORRECTION' && t !== 'ABANDONED_NO_FEE');
  return types.map((type, i) => {
    const r = addDays('2025-02-17', 7 * i);
    const id = `R${String(i + 1).padStart(2, '0')}`;
    const steps: AnswerSteps = {};
    switch (type) {
      case 'DISCLOSE':
        // 条例第三十三条第二款: one extension, by the office head, before the due date.
        steps.beforeDraft = [{ type: 'APPROVE_EXTENSION', date: addDays(r, 5), workdays: 15, grounds: '需调取历史档案' }];
        break;
      case 'PARTIAL':
        // 109号第五条: 120 pages, paid.
        steps.beforeDraft = [
          { type: 'SEND_FEE_NOTICE', date: addDays(r, 5), basis: 'PER_PAGE', pages: 120 },
          { type: 'RECEIVE_FEE_PAYMENT', date: addDays(r, 7) },
        ];
        steps.method = 'POST';
        break;
      case 'WITHHOLD_THIRD_PARTY':
        steps.beforeDraft = [
          { type: 'CONSULT_THIRD_PARTY', date: addDays(r, 5), party: 'THIRD_PARTY', partyName: '某房地产开发有限公司' },
          { type: 'RECEIVE_THIRD_PARTY_OPINION', date: addDays(r, 8), position: 'OBJECTION' },
        ];
        break;
      case 'UNCLEAR_AFTER_CORRECTION':
        steps.preAccept = [
          { type: 'REQUEST_CORRECTION', date: addDays(r, 1), items: ['请明确所需信息的名称'] },
          { type: 'RECEIVE_CORRECTION', date: addDays(r, 3) },
        ];
        break;
      case 'EXCESSIVE':
        steps.preAccept = [
          { type: 'REQUEST_CORRECTION', date: addDays(r, 1), purpose: 'REASONS' },
          { type: 'RECEIVE_CORRECTION', date: addDays(r, 3) },
        ];
        break;
      case 'WITHHOLD_PROCESS':
        // Archived, then a reconsideration upheld in 2025 (表四 行政复议 结果维持).
        steps.after = [
          { type: 'ARCHIVE', date: addDays(r, 20) },
          { type: 'RECORD_REMEDY', date: addDays(r, 61), kind: 'RECONSIDERATION', body: '示例县人民政府', appliedOn: addDays(r, 15), outcome: 'UPHELD', decidedOn: addDays(r, 60) },
        ];
        break;
      case 'PUBLICATION':
        // A lawsuit after reconsideration, still pending at the year's end.
        steps.after = [{ type: 'RECORD_REMEDY', date: '2025-10-10', kind: 'LITIGATION', body: '示例县人民法院', appliedOn: '2025-10-09', afterReconsideration: true }];
        break;
    }
    // 会商: withholding, partial disclosure, "does not exist", "not responsible" need a legal advisor's agreement.
    if (needsLegalOpinion(type)) {
      steps.beforeDraft = [
        ...(steps.beforeDraft ?? []),
        { type: 'REFER_TO_LEGAL', date: addDays(r, 8), advisors: [LEGAL], question: '拟作此答复，请审核。' },
        { type: 'SUBMIT_LEGAL_OPINION', date: addDays(r, 8), opinion: 'AGREE', text: '同意答复。' },
      ];
    }
    if (type === 'NOT_EXIST') {
      // A direct lawsuit, the reply revoked in November 2025 (表四 未经复议直接起诉 结果纠正).
      steps.after = [{ type: 'RECORD_REMEDY', date: '2025-11-21', kind: 'LITIGATION', body: '示例县人民法院', appliedOn: '2025-06-01', outcome: 'CORRECTED', correction: 'REVOKED', decidedOn: '2025-11-20' }];
    }
    return answered(id, CATEGORY_OF[type] ?? 'NATURAL_PERSON', r, type, steps, type === 'DISCLOSE' ? { trackingNumber: 'YSQ-2025-0007' } : {});
  });
}

/**
 * A year (2025) of one office's cases imported in one file on 2026-01-20: every reply type, corrections and fees
 * that lapse, a fee paid, an extension, a consultation, co-review, withdrawals, two cases carried over from 2024, one
 * received in December and answered in January, and three remedy proceedings — plus bad lines.
 */
describe('history import (历史导入)', () => {
  let sut: TestApp;
  let smtp: SmtpReceiver;
  let admin: string;
  let head: string;
  let land: string;
  let file: string;
  let dueAfterReceipt: string;
  const lineOf = new Map<string, number>();

  const CARRIED_IN: Rec[] = [
    // Received in December 2024, answered in January 2025 with its original PDF: 二 and 三(一).
    rec('C01', 'NATURAL_PERSON', '2024-12-16', [
      { type: 'ACCEPT', date: '2024-12-17' },
      { type: 'START_DRAFT', date: '2025-01-06', replyType: 'DISCLOSE' },
      { type: 'SUBMIT_FOR_APPROVAL', date: '2025-01-07' },
      { type: 'APPROVE_REPLY', date: '2025-01-08', documentNumber: '示县自然资公开〔2025〕1号', pdfBase64: PDF },
      { type: 'DELIVER_REPLY', date: '2025-01-09', method: 'POST', waybillNumber: 'EA123456789CN' },
    ]),
    // Withdrawn in January 2025: 二 and 三(六)3.
    rec('C02', 'COMMERCIAL_ENTERPRISE', '2024-12-20', [{ type: 'WITHDRAW', date: '2025-01-10' }]),
    // Answered in 2024: in no 2025 row.
    answered('C03', 'NATURAL_PERSON', '2024-11-04', 'DISCLOSE'),
  ];
  const OTHERS: Rec[] = [
    // 条例第三十条: the correction window runs out unanswered: 三(六)1.
    rec('L01', 'NATURAL_PERSON', '2025-03-03', [
      { type: 'REQUEST_CORRECTION', date: '2025-03-04', items: ['请提供身份证明'] },
      { type: 'CORRECTION_LAPSED', date: '2025-04-30' },
    ]),
    // 109号: the fee notice lapses unpaid: 三(六)2.
    rec('L02', 'COMMERCIAL_ENTERPRISE', '2025-05-05', [
      { type: 'ACCEPT', date: '2025-05-06' },
      { type: 'SEND_FEE_NOTICE', date: '2025-05-07', basis: 'PER_PAGE', pages: 200 },
      { type: 'FEE_LAPSED', date: '2025-07-01' },
    ]),
    rec('W01', 'NATURAL_PERSON', '2025-06-02', [
      { type: 'ACCEPT', date: '2025-06-03' },
      { type: 'WITHDRAW', date: '2025-06-05', note: '申请人电话撤回' },
    ]),
    // Received in December, answered in January: 一 and 四 of 2025, 二 and 三(一) of 2026.
    rec('D01', 'NATURAL_PERSON', '2025-12-15', [
      { type: 'ACCEPT', date: '2025-12-16' },
      { type: 'START_DRAFT', date: '2026-01-05', replyType: 'DISCLOSE' },
      { type: 'SUBMIT_FOR_APPROVAL', date: '2026-01-06' },
      { type: 'APPROVE_REPLY', date: '2026-01-07', documentNumber: '示县自然资公开〔2026〕2号' },
      { type: 'DELIVER_REPLY', date: '2026-01-12', method: 'EMAIL' },
    ]),
    // Still open: 四 of 2025.
    rec('O01', 'NATURAL_PERSON', '2025-12-22', [{ type: 'ACCEPT', date: '2025-12-23' }]),
  ];

  /** The 2025 table, by hand (cases above): only non-zero cells listed. */
  const EXPECTED_2025: Table = {
    // 23 reply-type cases (19 自然人 + one each of four other columns) + L01, W01, D01, O01 (自然人) + L02 (商业企业).
    一: { NATURAL_PERSON: 23, COMMERCIAL_ENTERPRISE: 1, RESEARCH_INSTITUTION: 1, PUBLIC_WELFARE_ORGANISATION: 1, LEGAL_SERVICE_ORGANISATION: 1, OTHER: 1, TOTAL: 28 },
    // C01, C02.
    二: { NATURAL_PERSON: 1, COMMERCIAL_ENTERPRISE: 1, TOTAL: 2 },
    // DISCLOSE, ALREADY_PUBLIC, C01.
    '三(一)': { NATURAL_PERSON: 3, TOTAL: 3 },
    '三(二)': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(三)1': { RESEARCH_INSTITUTION: 1, TOTAL: 1 },
    '三(三)2': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(三)3': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(三)4': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(三)5': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(三)6': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(三)7': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(三)8': { NATURAL_PERSON: 1, TOTAL: 1 },
    // NOT_EXIST (法律服务机构), NOT_RESPONSIBLE.
    '三(四)1': { NATURAL_PERSON: 1, LEGAL_SERVICE_ORGANISATION: 1, TOTAL: 2 },
    '三(四)2': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(四)3': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(五)1': { PUBLIC_WELFARE_ORGANISATION: 1, TOTAL: 1 },
    '三(五)2': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(五)3': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(五)4': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(五)5': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(六)1': { NATURAL_PERSON: 1, TOTAL: 1 },
    '三(六)2': { COMMERCIAL_ENTERPRISE: 1, TOTAL: 1 },
    // SPECIAL_LAW, the WITHDRAWN reply, W01 (自然人); C02 (商业企业); the OTHER reply (其他).
    '三(六)3': { NATURAL_PERSON: 3, COMMERCIAL_ENTERPRISE: 1, OTHER: 1, TOTAL: 5 },
    '三(七)': { NATURAL_PERSON: 22, COMMERCIAL_ENTERPRISE: 2, RESEARCH_INSTITUTION: 1, PUBLIC_WELFARE_ORGANISATION: 1, LEGAL_SERVICE_ORGANISATION: 1, OTHER: 1, TOTAL: 28 },
    // D01, O01.
    四: { NATURAL_PERSON: 2, TOTAL: 2 },
  };
  // Group subtotals the table also carries.
  Object.assign(EXPECTED_2025, {
    '三(三)': { NATURAL_PERSON: 7, RESEARCH_INSTITUTION: 1, TOTAL: 8 },
    '三(四)': { NATURAL_PERSON: 3, LEGAL_SERVICE_ORGANISATION: 1, TOTAL: 4 },
    '三(五)': { NATURAL_PERSON: 4, PUBLIC_WELFARE_ORGANISATION: 1, TOTAL: 5 },
    '三(六)': { NATURAL_PERSON: 4, COMMERCIAL_ENTERPRISE: 2, OTHER: 1, TOTAL: 7 },
  });

  const report = (year: number) => sut.http.get(`/api/v1/reports/annual?agencyId=${land}&year=${year}`).set('Authorization', `Bearer ${head}`);
  const cellsOf = (body: { tableThree: { rows: { code: string; cells: Record<string, number> }[] } }): Table => Object.fromEntries(body.tableThree.rows.map((r) => [r.code, r.cells]));

  async function runImport(content: string) {
    const res = await sut.http.post('/api/v1/imports?filename=2025.jsonl').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/x-ndjson').send(content);
    expect(res.status).toBe(202);
    await sut.app.get(ImportsService).idle();
    const job = await sut.http.get(`/api/v1/imports/${res.body.id}`).set('Authorization', `Bearer ${admin}`);
    expect(job.status).toBe(200);
    return job.body as { status: string; total: number; processed: number; created: number; unchanged: number; failed: number; errors: { line: number; externalId: string | null; field: string; code: string; message: string }[]; results: { line: number; externalId: string; outcome: string; trackingNumber: string }[] };
  }

  async function snapshot(): Promise<unknown> {
    return sut.dataSource.query(`
      SELECT (SELECT count(*) FROM case_file)::int AS cases, (SELECT count(*) FROM case_event)::int AS events, (SELECT count(*) FROM attachment)::int AS attachments,
             (SELECT count(*) FROM remedy_proceeding)::int AS remedies, (SELECT count(*) FROM issued_document)::int AS documents,
             (SELECT count(*) FROM outbox_message)::int AS mails, (SELECT count(*) FROM notification)::int AS notices,
             (SELECT string_agg(id || ':' || version || ':' || last_event_hash, ',' ORDER BY id) FROM case_file) AS heads`);
  }

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    sut = await startTestApp({ now: '2026-01-20T02:00:00Z', env: { SMTP_URL: smtp.url } });
    [admin, head] = await Promise.all([ADMIN, HEAD].map((e) => sut.tokenFor(e)));
    [{ id: land }] = await sut.dataSource.query(`SELECT id FROM agency WHERE code = 'SLXZR'`);
    // The due date the clock gives a case received on 2024-12-16 (20 working days, 条例第三十三条), stated in C01's record.
    dueAfterReceipt = (await sut.app.get(CalendarService).current()).addWorkdays('2024-12-16', 20);
    CARRIED_IN[0]!.events[0]!.dueDate = dueAfterReceipt;
    const good = [...CARRIED_IN, ...replyTypeCases(), ...OTHERS];
    const bad: string[] = [
      // Class-validator paths: a category that is none of 表三's columns, a date that is no date.
      JSON.stringify(rec('B01', 'CITIZEN', '2025-04-01', [{ type: 'ACCEPT', date: '2025-04-02' }, { type: 'WITHDRAW', date: '2025-02-30' }])),
      // 条例第三十条: the lapse is dated before the correction window ran out; the correction request before it is fine.
      JSON.stringify(rec('B02', 'NATURAL_PERSON', '2025-04-07', [{ type: 'REQUEST_CORRECTION', date: '2025-04-08', items: ['请明确'] }, { type: 'CORRECTION_LAPSED', date: '2025-04-10' }])),
      // A due date the clock does not give.
      JSON.stringify(rec('B03', 'NATURAL_PERSON', '2024-12-16', [{ type: 'ACCEPT', date: '2024-12-17', dueDate: addDays(dueAfterReceipt, 1) }])),
      '{"externalId": "B04", "agency": "SLXZR",',
      // Before the working calendar: no working day can be counted (条例第三十三条).
      JSON.stringify(rec('B05', 'NATURAL_PERSON', '1999-03-01', [])),
    ];
    const lines: string[] = [];
    for (const r of good) {
      lines.push(JSON.stringify(r));
      lineOf.set(r.externalId, lines.length);
    }
    // A blank line, then the bad ones: line numbers count every line of the file.
    lines.push('');
    for (const [i, b] of bad.entries()) {
      lines.push(b);
      lineOf.set(`B0${i + 1}`, lines.length);
    }
    file = `${lines.join('\n')}\n`;
  }, 180_000);

  afterAll(async () => {
    await sut?.close();
    await smtp?.close();
  });

  let first: Awaited<ReturnType<typeof runImport>>;

  it('should import every good line and report every bad one with its line number and field, storing nothing of it', async () => {
    first = await runImport(file);
    expect(first.errors.filter((e) => !e.externalId?.startsWith('B') && e.externalId !== null)).toEqual([]);
    expect(first).toMatchObject({ status: 'DONE', total: 36, processed: 36, created: 31, unchanged: 0, failed: 5 });
    const errors = first.errors.map((e) => `${e.line} ${e.field} ${e.code}`);
    expect(errors).toEqual([
      `${lineOf.get('B01')} applicant.category INVALID_ENUM`,
      `${lineOf.get('B01')} events.1.date INVALID_DATE`,
      `${lineOf.get('B02')} events.1.type CORRECTION_PERIOD_NOT_OVER`,
      `${lineOf.get('B03')} events.0.dueDate DUE_DATE_MISMATCH`,
      `${lineOf.get('B04')}  INVALID_JSON`,
      `${lineOf.get('B05')} receiptDate DATE_OUTSIDE_CALENDAR`,
    ]);
    expect(first.errors.find((e) => e.code === 'DUE_DATE_MISMATCH')!.message).toContain(dueAfterReceipt);
    // Nothing of a bad line is stored: no case, no event, no external id (B02's correction request was valid).
    const stored = await sut.dataSource.query(`SELECT count(*)::int AS n FROM case_file WHERE applicant_name LIKE '申请人B0%'`);
    expect(stored[0].n).toBe(0);
    expect((await sut.dataSource.query(`SELECT count(*)::int AS n FROM imported_case WHERE external_id LIKE 'B0%'`))[0].n).toBe(0);
    expect(first.results.map((r) => r.line)).toEqual([...lineOf.entries()].filter(([k]) => !k.startsWith('B')).map(([, v]) => v));
  });

  it('should give 表三 and 表四 of 2025 exactly as counted by hand, with every identity holding', async () => {
    const res = await report(2025);
    expect(res.status).toBe(200);
    const actual = cellsOf(res.body);
    for (const row of [...TABLE_THREE_ROWS.map((r) => r.code), '三(三)', '三(四)', '三(五)', '三(六)']) {
      for (const col of TABLE_THREE_COLUMNS) {
        if (!actual[row]) continue;
        expect(`${row}/${col.code}=${actual[row][col.code]}`).toBe(`${row}/${col.code}=${EXPECTED_2025[row]?.[col.code] ?? 0}`);
      }
    }
    expect(res.body.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(res.body.ok).toBe(true);
    expect(res.body.tableFour.groups.map((g: { cells: Record<string, number> }) => g.cells)).toEqual([
      { UPHELD: 1, CORRECTED: 0, OTHER: 0, PENDING: 0, TOTAL: 1 },
      { UPHELD: 0, CORRECTED: 1, OTHER: 0, PENDING: 0, TOTAL: 1 },
      { UPHELD: 0, CORRECTED: 0, OTHER: 0, PENDING: 1, TOTAL: 1 },
    ]);
    // 2026 so far: D01 and O01 carried in, D01 answered in January, O01 still open.
    const next = cellsOf((await report(2026)).body);
    expect([next['二'].TOTAL, next['三(一)'].TOTAL]).toEqual([2, 1]);
  });

  it('should send no mail, give no notice and number no document, and mark the cases 历史导入', async () => {
    await sut.app.get(MailDispatcher).dispatchDue();
    expect(smtp.mails).toEqual([]);
    const [counts] = await sut.dataSource.query(`SELECT (SELECT count(*) FROM outbox_message)::int AS mails, (SELECT count(*) FROM notification)::int AS notices, (SELECT count(*) FROM issued_document)::int AS documents`);
    expect(counts).toEqual({ mails: 0, notices: 0, documents: 0 });
    const officer = await sut.tokenFor(OFFICER);
    const c01 = first.results.find((r) => r.externalId === 'C01')!;
    const [{ id }] = await sut.dataSource.query(`SELECT id FROM case_file WHERE tracking_number = $1`, [c01.trackingNumber]);
    expect(c01.trackingNumber).toBe('SLXZR-2024-000001');
    const dto = await sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${officer}`);
    expect(dto.body).toMatchObject({ status: 'DELIVERED', imported: { externalId: 'C01', line: lineOf.get('C01') } });
    const events = (await sut.http.get(`/api/v1/cases/${id}/events`).set('Authorization', `Bearer ${officer}`)).body as { type: string; payload: Record<string, unknown> }[];
    expect(events.map((e) => e.type)).toEqual(['REGISTERED', 'ACCEPT', 'START_DRAFT', 'SUBMIT_FOR_APPROVAL', 'APPROVE_REPLY', 'DELIVER_REPLY']);
    expect(events[4]!.payload).toMatchObject({ originalDocumentNumber: '示县自然资公开〔2025〕1号', originalPdf: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const attachments = await sut.http.get(`/api/v1/cases/${id}/attachments`).set('Authorization', `Bearer ${officer}`);
    expect(attachments.body).toHaveLength(1);
    // The original tracking number is kept; the DUPLICATE reply found the earlier case by it.
    const [dup] = await sut.dataSource.query(`SELECT e.payload FROM case_event e JOIN case_file c ON c.id = e.case_id WHERE c.applicant_name = '申请人R17' AND e.type = 'START_DRAFT'`);
    expect(dup.payload.earlierCaseId).toEqual(expect.any(String));
    const page = await sut.http.get(`/staff/cases/${id}`).set('Cookie', `gk_access=${officer}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('历史导入（外部编号 C01');
    expect(page.text).toContain('示县自然资公开〔2025〕1号');
  });

  it('should change nothing when the same file is imported again, and say so per line', async () => {
    const before = await snapshot();
    const again = await runImport(file);
    expect(again).toMatchObject({ status: 'DONE', created: 0, unchanged: 31, failed: 5 });
    expect(again.results.every((r) => r.outcome === 'UNCHANGED')).toBe(true);
    expect(await snapshot()).toEqual(before);
    // The same external id with another content is refused, not applied.
    const changed = JSON.parse(file.split('\n')[lineOf.get('W01')! - 1]!) as Rec;
    changed.events = changed.events.slice(0, 1);
    const third = await runImport(`${JSON.stringify(changed)}\n`);
    expect(third.errors.map((e) => `${e.line} ${e.field} ${e.code}`)).toEqual(['1 externalId ALREADY_IMPORTED']);
    expect(await snapshot()).toEqual(before);
  });

  it('should refuse the import API to officers and auditors (403), and to nobody signed in (401)', async () => {
    for (const email of [OFFICER, AUDITOR, HEAD]) {
      const token = await sut.tokenFor(email);
      const post = await sut.http.post('/api/v1/imports').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/x-ndjson').send(file);
      expect(`${email} ${post.status}`).toBe(`${email} 403`);
      expect((await sut.http.get('/api/v1/imports').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    }
    expect((await sut.http.post('/api/v1/imports').set('Content-Type', 'application/x-ndjson').send(file)).status).toBe(401);
    // A JSON body is not an import file.
    expect((await sut.http.post('/api/v1/imports').set('Authorization', `Bearer ${admin}`).send({ lines: [] })).status).toBe(415);
  });

  it('should take the example file of the README through the admin page: upload, progress, result', async () => {
    const login = await sut.http.get('/account/login');
    const jar = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1]!;
    const cookie = `${jar}; gk_access=${admin}`;
    const home = await sut.http.get('/staff/admin/imports').set('Cookie', cookie);
    expect(home.status).toBe(200);
    expect(home.text).toContain('enctype="multipart/form-data"');
    const example = readFileSync('docs/import-example.jsonl');
    const posted = await sut.http.post('/staff/admin/imports').set('Cookie', cookie).field('_csrf', csrf).attach('file', example, 'import-example.jsonl').redirects(0);
    expect(posted.status).toBe(303);
    const url = posted.headers.location as string;
    expect(url).toMatch(/^\/staff\/admin\/imports\/[0-9a-f-]{36}$/);
    // While a job runs its page reloads itself (here one held by another instance: its lease has not run out).
    const [{ id: adminId }] = await sut.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [ADMIN]);
    const [{ id: running }] = await sut.dataSource.query(
      `INSERT INTO import_job (id, requested_by, filename, content, status, total, processed, lease_until) VALUES (gen_random_uuid(), $1, 'other.jsonl', '{}', 'RUNNING', 10, 4, '2099-01-01') RETURNING id`,
      [adminId],
    );
    const during = await sut.http.get(`/staff/admin/imports/${running}`).set('Cookie', cookie);
    expect(during.status).toBe(200);
    expect(during.headers.refresh).toBe('2');
    expect(during.text).toContain('已处理 4 / 10 行（40%）');
    // Once done it does not.
    await sut.app.get(ImportsService).idle();
    const done = await sut.http.get(url).set('Cookie', cookie);
    expect(done.headers.refresh).toBeUndefined();
    expect(done.text).toContain('导入完成');
    expect(done.text).toMatch(/新导入 3 件，未改变 0 件，有错误 0 行/);
    // A file with a bad line shows it, with its line and field.
    const badFile = Buffer.from(`${readFileSync('docs/import-example.jsonl', 'utf8').split('\n')[0]}\n{"externalId":"X-1","agency":"SLXZR"}\n`);
    const again = await sut.http.post('/staff/admin/imports').set('Cookie', cookie).field('_csrf', csrf).attach('file', badFile, 'bad.jsonl').redirects(0);
    await sut.app.get(ImportsService).idle();
    const shown = await sut.http.get(again.headers.location as string).set('Cookie', cookie);
    expect(shown.text).toContain('未改变 1 件，有错误 1 行');
    expect(shown.text).toMatch(/第2行<\/td>\s*<td data-label="外部编号">X-1<\/td>\s*<td data-label="字段"><code>channel<\/code>/);
    // Officers do not get the page.
    const officerCookie = `${jar}; gk_access=${await sut.tokenFor(OFFICER)}`;
    expect((await sut.http.get('/staff/admin/imports').set('Cookie', officerCookie)).status).toBe(403);
  });

  it('should run from the command line against the running service, with its progress and the lines not imported', async () => {
    await sut.app.listen(0, '127.0.0.1');
    const { port } = sut.app.getHttpServer().address() as AddressInfo;
    const dir = mkdtempSync(path.join(tmpdir(), 'import-cli-'));
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, `${readFileSync('docs/import-example.jsonl', 'utf8').split('\n')[1]}\n{"externalId":"X-2","agency":"SLXZR"}\n`);
    const env = { ...process.env, GONGKAI_URL: `http://127.0.0.1:${port}`, GONGKAI_EMAIL: ADMIN, GONGKAI_PASSWORD: DEMO_PASSWORD };
    const run = (file: string) =>
      promisify(execFile)(process.execPath, ['scripts/import-cases.mjs', file], { env }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    // The example was imported through the page above: every line is unchanged.
    const ok = await run('docs/import-example.jsonl');
    expect(ok.stdout).toContain('已完成：共 3 行，新导入 0 件，未改变 3 件，有错误 0 行');
    // The progress bar (cli-progress) goes to stderr; without a terminal it prints its state as plain lines.
    expect(ok.stderr).toMatch(/导入 \[.*\] 100% \| 3\/3 行 \| 新导入 0 未改变 3 错误 0/);
    expect(ok.code).toBe(0);
    const failed = await run(bad);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('第2行（X-2） channel：');
  });
});
