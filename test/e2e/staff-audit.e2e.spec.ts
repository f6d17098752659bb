import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AuthUser } from '../../src/common/auth/auth-user.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { ArchiveExportService } from '../../src/modules/archive/archive-export.service.js';
import { ArchivePagesService } from '../../src/modules/archive/archive-pages.service.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { createViewEngine } from '../../src/modules/web/web-setup.js';
import { readZip, verifyBundle } from '../../scripts/verify-bundle.mjs';
import { ADMIN, APPLICANT, AUDITOR, HEAD, LEGAL, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

/** The page's own content: the staff header (sign-out is a POST that changes no data) left out. */
const mainOf = (html: string): string => html.slice(html.indexOf('<main'));

// The auditor's pages and the bulk export: who may open them (everyone else is sent to log in, or refused), what
// an auditor sees of a case file and what it costs them (an access-log entry with their purpose), the export job
// from request to verified ZIP, its caps, its resumption after a stopped instance; the officer's remedy deadlines;
// the archive settings of the agencies API.

/** Page text with Handlebars' attribute escapes undone, to find URLs as the browser reads them. */
const decoded = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

describe('staff audit pages, bulk export, remedy deadlines, archive settings', () => {
  let sut: TestApp;
  const tokens: Record<string, string> = {};
  let archivedId: string;
  let openId: string;
  let exportsService: ArchiveExportService;
  let config: AppConfig;

  const page = (url: string, who?: string) => {
    const req = sut.http.get(url).redirects(0);
    return who ? req.set('Cookie', `gk_access=${tokens[who]}`) : req;
  };
  const accessLog = async (action: string) =>
    (await sut.dataSource.query(`SELECT user_id, role, case_id, action, purpose FROM archive_access_log WHERE action = $1 ORDER BY id`, [action])) as { case_id: string; purpose: string | null; role: string }[];

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-09T02:00:00Z' });
    for (const [k, email] of Object.entries({ officer: OFFICER, head: HEAD, advisor: LEGAL, auditor: AUDITOR, admin: ADMIN, applicant: APPLICANT })) tokens[k] = await sut.tokenFor(email);
    exportsService = sut.app.get(ArchiveExportService);
    config = sut.app.get<AppConfig>(APP_CONFIG);
    const delivered = async () => {
      const c = await registerCase(sut, sut.clock.today());
      for (const [who, body] of [
        ['officer', { type: 'ACCEPT' }],
        ['officer', { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE }],
        ['officer', { type: 'SUBMIT_FOR_APPROVAL' }],
        ['head', { type: 'APPROVE_REPLY' }],
        ['officer', { type: 'DELIVER_REPLY', method: 'POST', waybillNumber: 'EA000000001CN' }],
      ] as const) {
        const res = await sendEvent(sut, tokens[who]!, c.id, body);
        if (res.status !== 200) throw new Error(`${body.type}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return c.id;
    };
    archivedId = await delivered();
    openId = await delivered();
    // The county's retention set to 10 years through the API: the seal records it.
    const [{ id: slxzr }] = await sut.dataSource.query(`SELECT id FROM agency WHERE code = 'SLXZR'`);
    expect((await sut.http.patch(`/api/v1/agencies/${slxzr}`).set('Authorization', `Bearer ${tokens.admin}`).send({ settings: { retentionYears: 10 } })).status).toBe(200);
    for (const body of [{ type: 'ARCHIVE' }, { type: 'RECORD_REMEDY', kind: 'RECONSIDERATION', body: '示例县人民政府', appliedOn: '2026-03-06', copyReceivedOn: '2026-03-09' }, { type: 'SET_LEGAL_HOLD', hold: true, grounds: '行政复议尚未审结' }]) {
      expect((await sendEvent(sut, tokens.officer!, archivedId, body)).status).toBe(200);
    }
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should let only auditors and admins open the audit page; anonymous visitors go to the staff login', async () => {
    const anon = await page('/staff/audit?status=ARCHIVED');
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toBe(`/staff/login?next=${encodeURIComponent('/staff/audit?status=ARCHIVED')}`);
    for (const who of ['applicant', 'officer', 'head', 'advisor']) {
      const res = await page('/staff/audit', who);
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
      expect(res.text).toContain('此页面仅供审计人员查阅');
    }
    const auditor = await page('/staff/audit', 'auditor');
    expect(auditor.status).toBe(200);
    expect(auditor.text).toContain('检索案卷');
    expect(auditor.text).toContain('档案完整性巡检');
    // Admins: the integrity results, no case search (they have no case scope).
    const admin = await page('/staff/audit', 'admin');
    expect(admin.status).toBe(200);
    expect(admin.text).not.toContain('检索案卷');
    expect(admin.text).toContain('档案完整性巡检');
    for (const who of ['applicant', 'officer', 'head', 'advisor', 'admin']) {
      expect({ who, status: (await page(`/staff/audit/cases/${archivedId}?purpose=检查`, who)).status }).toEqual({ who, status: 403 });
    }
    expect((await page(`/staff/audit/cases/${archivedId}/bundle?purpose=检查`)).status).toBe(303);
  });

  it('should search with filters, page with a cursor and link the CSV; bad filters are shown, not a 500', async () => {
    const res = await page('/staff/audit?status=ARCHIVED&remedy=true', 'auditor');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`/staff/audit/cases/${archivedId}`);
    expect(res.text).not.toContain(`/staff/audit/cases/${openId}`);
    expect(decoded(res.text)).toContain('/api/v1/archive/search.csv?status=ARCHIVED&remedy=true');
    const byName = await page(`/staff/audit?applicantName=${encodeURIComponent('张三')}`, 'auditor');
    expect(byName.text).toContain(`/staff/audit/cases/${openId}`);
    const nobody = await page(`/staff/audit?applicantName=${encodeURIComponent('李四')}`, 'auditor');
    expect(nobody.text).toContain('没有符合条件的案卷');
    const bad = await page('/staff/audit?receivedFrom=2026-13-45', 'auditor');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('有以下问题需要修改');
    // The only forms of the page itself (the header's sign-out aside): GET searches, and the export request.
    const forms = [...mainOf(res.text).matchAll(/<form[^>]*method="(\w+)"[^>]*action="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(forms).toEqual(['get /staff/audit#results', 'post /staff/audit/exports']);
  });

  it('should ask for a purpose, then show the case file verified, and log the view with that purpose', async () => {
    const ask = await page(`/staff/audit/cases/${archivedId}`, 'auditor');
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('调阅案卷须说明用途');
    expect(ask.text).toMatch(/<form method="get"/);
    expect((await page(`/staff/audit/cases/${archivedId}?purpose=x`, 'auditor')).status).toBe(422);
    expect((await page('/staff/audit/cases/00000000-0000-4000-8000-000000000000?purpose=年度检查', 'auditor')).status).toBe(404);

    const res = await page(`/staff/audit/cases/${archivedId}?purpose=${encodeURIComponent('年度政务公开检查')}`, 'auditor');
    expect(res.status).toBe(200);
    for (const text of ['五项证据', '收到时间', '答复依据', '✓ 办理记录完整', '已记入账本', '已封存', '10年，至2036年12月31日', '已设置', '行政复议', '示例县人民政府', '归档封存', '下载证据包']) expect(res.text).toContain(text);
    expect(mainOf(res.text)).not.toMatch(/<form[^>]*method="post"/i);
    expect(await accessLog('CASE_FILE_VIEW')).toEqual([expect.objectContaining({ case_id: archivedId, purpose: '年度政务公开检查', role: 'AUDITOR' })]);

    // The issued reply opens as a PDF, logged too.
    const docLink = /href="(\/staff\/audit\/cases\/[^"]+\/documents\/[^"?]+\?purpose=[^"]+)"/.exec(decoded(res.text))![1]!;
    const pdf = await page(docLink, 'auditor').responseType('blob');
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await accessLog('DOCUMENT_OPEN')).length).toBe(1);

    // The bundle downloads from the page and verifies offline.
    const bundle = await page(`/staff/audit/cases/${archivedId}/bundle?purpose=${encodeURIComponent('年度政务公开检查')}`, 'auditor').responseType('blob');
    expect(bundle.status).toBe(200);
    const verdict = verifyBundle(bundle.body as Buffer);
    expect(verdict.checks.flatMap((c: { problems: unknown[] }) => c.problems)).toEqual([]);
  });

  it("should log an auditor's plain API read of a case file, but not the handling officer's", async () => {
    const before = (await accessLog('CASE_READ')).length;
    expect((await sut.http.get(`/api/v1/cases/${openId}`).set('Authorization', `Bearer ${tokens.officer}`)).status).toBe(200);
    expect((await accessLog('CASE_READ')).length).toBe(before);
    expect((await sut.http.get(`/api/v1/cases/${openId}?purpose=${encodeURIComponent('专项检查')}`).set('Authorization', `Bearer ${tokens.auditor}`)).status).toBe(200);
    expect((await sut.http.get(`/api/v1/cases/${openId}/events`).set('Authorization', `Bearer ${tokens.auditor}`)).status).toBe(200);
    expect((await accessLog('CASE_READ')).slice(before)).toEqual([expect.objectContaining({ case_id: openId, purpose: '专项检查' })]);
    expect((await accessLog('CASE_EVENTS_READ')).at(-1)).toMatchObject({ case_id: openId, purpose: null });
    // A refused read is no read.
    expect((await sut.http.get('/api/v1/cases/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${tokens.auditor}`)).status).toBe(404);
    expect((await accessLog('CASE_READ')).length).toBe(before + 1);
  });

  it('should allow the export API to auditors only, and let nobody else read a job', async () => {
    const body = { status: 'ARCHIVED', purpose: '年度检查' };
    expect((await sut.http.post('/api/v1/archive/exports').send(body)).status).toBe(401);
    for (const who of ['applicant', 'officer', 'head', 'advisor', 'admin']) {
      expect({ who, status: (await sut.http.post('/api/v1/archive/exports').set('Authorization', `Bearer ${tokens[who]}`).send(body)).status }).toEqual({ who, status: 403 });
    }
    const missing = await sut.http.post('/api/v1/archive/exports').set('Authorization', `Bearer ${tokens.auditor}`).send({ status: 'ARCHIVED' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0]).toMatchObject({ field: 'purpose' });
    const byId = await sut.http.post('/api/v1/archive/exports').set('Authorization', `Bearer ${tokens.auditor}`).send({ applicantIdType: 'RESIDENT_ID', applicantIdNumber: '110105194912310029', purpose: '年度检查' });
    expect(byId.status).toBe(422); // nobody with that number: nothing exported, nothing stored
    const empty = await sut.http.post('/api/v1/archive/exports').set('Authorization', `Bearer ${tokens.auditor}`).send({ status: 'WITHDRAWN', purpose: '年度检查' });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0]).toMatchObject({ field: 'query', code: 'NO_CASES' });
    const created = await sut.http.post('/api/v1/archive/exports').set('Authorization', `Bearer ${tokens.auditor}`).send(body);
    expect(created.status).toBe(202);
    await exportsService.idle();
    for (const who of ['officer', 'admin']) expect((await sut.http.get(`/api/v1/archive/exports/${created.body.id}`).set('Authorization', `Bearer ${tokens[who]}`)).status).toBe(403);
    expect((await sut.http.get(`/api/v1/archive/exports/${created.body.id}`).set('Authorization', `Bearer ${tokens.auditor}`)).body).toMatchObject({ status: 'DONE', total: 1, done: 1, percent: 100 });
  });

  it('should export the search result as a ZIP of verifiable bundles, each logged with the purpose', async () => {
    const before = (await accessLog('BUNDLE_EXPORT')).length;
    const created = await sut.http.post('/api/v1/archive/exports').set('Authorization', `Bearer ${tokens.auditor}`).send({ replyType: 'DISCLOSE', purpose: '专项检查批量调卷' });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ total: 2, purpose: '专项检查批量调卷' });
    await exportsService.idle();
    const status = await sut.http.get(`/api/v1/archive/exports/${created.body.id}`).set('Authorization', `Bearer ${tokens.auditor}`);
    expect(status.body).toMatchObject({ status: 'DONE', statusLabel: '已完成', done: 2, total: 2, downloadUrl: `/api/v1/archive/exports/${created.body.id}/download` });
    const zip = await sut.http.get(status.body.downloadUrl).set('Authorization', `Bearer ${tokens.auditor}`).responseType('blob');
    expect(zip.status).toBe(200);
    const entries = readZip(zip.body as Buffer);
    const bundles = [...entries.keys()].filter((k) => k.startsWith('bundles/'));
    expect(bundles).toHaveLength(2);
    expect(JSON.parse(entries.get('export.json')!.toString('utf8'))).toMatchObject({ purpose: '专项检查批量调卷', cases: 2 });
    for (const name of bundles) expect(verifyBundle(entries.get(name)!).checks.flatMap((c: { problems: unknown[] }) => c.problems)).toEqual([]);
    expect((await accessLog('BUNDLE_EXPORT')).slice(before)).toEqual([expect.objectContaining({ purpose: '专项检查批量调卷' }), expect.objectContaining({ purpose: '专项检查批量调卷' })]);
  });

  it('should export from the command line with a progress bar, the ZIP streamed into a file of verifiable bundles', async () => {
    await sut.app.listen(0, '127.0.0.1');
    const { port } = sut.app.getHttpServer().address() as AddressInfo;
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'archive-export-cli-')), 'export.zip');
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['scripts/archive-export.mjs', ...args], { env: { ...process.env, GONGKAI_URL: `http://127.0.0.1:${port}`, GONGKAI_TOKEN: tokens.auditor } }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    const ok = await run('--replyType', 'DISCLOSE', '--purpose', '命令行批量调卷', '--out', out);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`已完成：2 件案卷的证据包已写入 ${out}`);
    // cli-progress writes to stderr; without a terminal it prints its state as plain lines.
    expect(ok.stderr).toMatch(/导出 \[.*\] 100% \| 2\/2 件案卷/);
    const bundles = [...readZip(readFileSync(out)).entries()].filter(([name]) => name.startsWith('bundles/'));
    expect(bundles).toHaveLength(2);
    for (const [, bundle] of bundles) expect(verifyBundle(bundle).checks.flatMap((c: { problems: unknown[] }) => c.problems)).toEqual([]);
    // A filter the search does not know, and a missing purpose: the service's field errors, exit 2, no file.
    const bad = await run('--colour', 'red', '--purpose', '检查', '--out', `${out}.bad`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('colour');
    expect((await run('--status', 'ARCHIVED', '--out', out)).code).toBe(2);
  });

  it('should refuse an export over the case cap, and fail one over the byte cap with a message', async () => {
    const { exportMaxCases, exportMaxBytes } = config.archive;
    try {
      config.archive.exportMaxCases = 1;
      const res = await sut.http.post('/api/v1/archive/exports').set('Authorization', `Bearer ${tokens.auditor}`).send({ replyType: 'DISCLOSE', purpose: '专项检查' });
      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toMatchObject({ field: 'query', code: 'TOO_MANY_CASES', message: '一次最多导出1件案卷，请缩小检索范围后再导出' });
      config.archive.exportMaxCases = exportMaxCases;
      config.archive.exportMaxBytes = 2048;
      const job = await sut.http.post('/api/v1/archive/exports').set('Authorization', `Bearer ${tokens.auditor}`).send({ replyType: 'DISCLOSE', purpose: '专项检查' });
      expect(job.status).toBe(202);
      await exportsService.idle();
      const status = await sut.http.get(`/api/v1/archive/exports/${job.body.id}`).set('Authorization', `Bearer ${tokens.auditor}`);
      expect(status.body).toMatchObject({ status: 'FAILED', downloadUrl: null });
      expect(status.body.error).toContain('请缩小检索范围后分批导出');
      expect((await sut.http.get(`/api/v1/archive/exports/${job.body.id}/download`).set('Authorization', `Bearer ${tokens.auditor}`)).status).toBe(409);
    } finally {
      config.archive.exportMaxCases = exportMaxCases;
      config.archive.exportMaxBytes = exportMaxBytes;
    }
  });

  it('should resume a job whose instance stopped mid-way (lease lapsed) and finish it', async () => {
    const [{ id: auditorId }] = await sut.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [AUDITOR]);
    const [{ id }] = await sut.dataSource.query(
      `INSERT INTO archive_export_job (id, requested_by, requested_role, query, purpose, case_ids, status, done, lease_until)
       VALUES (gen_random_uuid(), $1, 'AUDITOR', '{}', '续传检查', $2, 'RUNNING', 0, now() - interval '1 minute') RETURNING id`,
      [auditorId, JSON.stringify([archivedId, openId])],
    );
    exportsService.kick();
    await exportsService.idle();
    const status = await sut.http.get(`/api/v1/archive/exports/${id}`).set('Authorization', `Bearer ${tokens.auditor}`);
    expect(status.body).toMatchObject({ status: 'DONE', done: 2, total: 2 });
  });

  it('should show the export progress page and download from it; the page refreshes itself while running', async () => {
    const res = await sut.http
      .post('/staff/audit/exports')
      .set('Cookie', `gk_access=${tokens.auditor}`)
      .type('form')
      .send({ status: 'ARCHIVED', purpose: '页面导出' })
      .redirects(0);
    // Without the CSRF token the page form is refused (no state changes from another site).
    expect(res.status).toBe(403);
    const [{ id: auditorId }] = await sut.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [AUDITOR]);
    const [{ id }] = await sut.dataSource.query(
      `INSERT INTO archive_export_job (id, requested_by, requested_role, query, purpose, case_ids, status) VALUES (gen_random_uuid(), $1, 'AUDITOR', '{}', '页面导出', $2, 'QUEUED') RETURNING id`,
      [auditorId, JSON.stringify([archivedId])],
    );
    expect((await page(`/staff/audit/exports/${id}`, 'officer')).status).toBe(403);
    // Queued: the page says so and reloads itself (Refresh header, no script); looking at it starts the worker.
    const queued = await page(`/staff/audit/exports/${id}`, 'auditor');
    expect(queued.headers.refresh).toBe('3');
    expect(queued.text).toContain('0 / 1');
    await exportsService.idle();
    const done = await page(`/staff/audit/exports/${id}`, 'auditor');
    expect(done.status).toBe(200);
    expect(done.headers.refresh).toBeUndefined();
    expect(done.text).toContain(`/staff/audit/exports/${id}/download`);
    const zip = await page(`/staff/audit/exports/${id}/download`, 'auditor').responseType('blob');
    expect(zip.status).toBe(200);
    expect([...readZip(zip.body as Buffer).keys()]).toContain('export.json');
  });

  it('should give the officer home the open remedy proceedings with their evidence deadline (partial renders it)', async () => {
    const [officer] = await sut.dataSource.query(`SELECT id, role, agency_id AS "agencyId", email, display_name AS "displayName" FROM app_user WHERE email = $1`, [OFFICER]);
    const rows = await sut.app.get(ArchivePagesService).remedyDeadlines(officer as AuthUser);
    // 行政复议法第四十八条: 10 working days after the copy was received on Monday 2026-03-09.
    expect(rows).toEqual([expect.objectContaining({ caseId: archivedId, kindLabel: '行政复议', body: '示例县人民政府', evidenceDueOn: '2026-03-23', urgent: false, overdue: false })]);
    const views = path.join(config.documents.templatesDir, 'views');
    const dir = mkdtempSync(path.join(tmpdir(), 'gk-partial-'));
    const file = path.join(dir, 'home.hbs');
    writeFileSync(file, '{{> remedy-deadlines}}');
    const html = await new Promise<string>((resolve, reject) => createViewEngine(views, new Map())(file, { title: 't', remedyDeadlines: rows }, (e, out) => (e ? reject(e) : resolve(out!))));
    expect(html).toContain('复议和诉讼：证据提交期限');
    expect(html).toContain('2026年3月23日前');
    sut.clock.set('2026-03-24T02:00:00Z');
    const late = await sut.app.get(ArchivePagesService).remedyDeadlines(officer as AuthUser);
    expect(late[0]).toMatchObject({ overdue: true });
    sut.clock.set('2026-03-09T02:00:00Z');
  });

  it('should take autoArchiveDays and retentionYears through the agencies API, with Chinese messages', async () => {
    const [{ id }] = await sut.dataSource.query(`SELECT id FROM agency WHERE code = 'SLXZJ'`);
    const patch = (settings: Record<string, unknown>) => sut.http.patch(`/api/v1/agencies/${id}`).set('Authorization', `Bearer ${tokens.admin}`).send({ settings });
    const bad = await patch({ autoArchiveDays: 0, retentionYears: 5 });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'settings.autoArchiveDays', message: '自动归档天数应为1至365天' }),
        expect.objectContaining({ field: 'settings.retentionYears', message: '保管期限不得少于10年' }),
      ]),
    );
    expect((await patch({ autoArchiveDays: '30' })).status).toBe(422);
    const ok = await patch({ autoArchiveDays: 30, retentionYears: 30 });
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toMatchObject({ autoArchiveDays: 30, retentionYears: 30 });
    expect((await sut.http.patch(`/api/v1/agencies/${id}`).set('Authorization', `Bearer ${tokens.auditor}`).send({ settings: { retentionYears: 10 } })).status).toBe(403);
  });
});
