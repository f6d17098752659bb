import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/database/seed/demo-seed.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { readZip } from '../../scripts/verify-bundle.mjs';
import { AUDITOR, HEAD, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { useBrowserSuite } from '../setup/browser.js';
import type { TestApp } from '../setup/test-app.js';

// The auditor's pages in a real browser (Debian's chromium): search → case file (purpose first) → bundle download
// verified offline → bulk export with its progress page → ZIP download; axe-core on every page, normal and
// 长辈版, screenshots at 390 px and 1280 px for a person to look at.


describe('staff audit pages in the browser', () => {
  const ui = useBrowserSuite({ app: { now: '2026-03-09T02:00:00Z' }, shots: 'staff-audit-', acceptDownloads: true });
  const { axe, shoot } = ui;
  let sut: TestApp;
  let base: string;
  let page: Page;
  let downloads: string;
  let archivedId: string;

  beforeAll(async () => {
    ({ sut, base, page } = ui);
    const officer = await sut.tokenFor(OFFICER);
    const head = await sut.tokenFor(HEAD);
    for (let n = 0; n < 2; n++) {
      const c = await registerCase(sut, sut.clock.today(), { requestDescription: n === 0 ? '2025年度青山镇土地征收补偿方案' : '2025年度县道改建工程环境影响评价报告' });
      for (const [token, body] of [
        [officer, { type: 'ACCEPT' }],
        [officer, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE }],
        [officer, { type: 'SUBMIT_FOR_APPROVAL' }],
        [head, { type: 'APPROVE_REPLY' }],
        [officer, { type: 'DELIVER_REPLY', method: 'POST', waybillNumber: 'EA000000001CN' }],
        ...(n === 0
          ? ([
              [officer, { type: 'ARCHIVE' }],
              [officer, { type: 'RECORD_REMEDY', kind: 'RECONSIDERATION', body: '示例县人民政府', appliedOn: '2026-03-06', copyReceivedOn: '2026-03-09' }],
            ] as const)
          : []),
      ] as const) {
        const res = await sendEvent(sut, token, c.id, body);
        if (res.status !== 200) throw new Error(`${body.type}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      if (n === 0) archivedId = c.id;
    }
    downloads = mkdtempSync(path.join(tmpdir(), 'gk-downloads-'));
    // The staff session: the API's login sets the same access cookie the pages read.
    const login = await ui.context.request.post(`${base}/api/v1/auth/login`, { data: { email: AUDITOR, password: DEMO_PASSWORD } });
    expect(login.status()).toBe(200);
  }, 120_000);

  afterAll(() => {
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  /** The page now, and again in 长辈版 (then back): axe and screenshots of both. */
  async function check(name: string): Promise<void> {
    const withMode = (mode: string) => {
      const url = new URL(page.url());
      url.searchParams.set('mode', mode);
      return url.toString();
    };
    await axe(`${name} (standard)`);
    await shoot(`${name}-standard`);
    await page.goto(withMode('elder'));
    expect(await page.getAttribute('html', 'class')).toBe('elder');
    await axe(`${name} (elder)`);
    await shoot(`${name}-elder`);
    await page.goto(withMode('standard'));
  }

  /** Every form on the page as "method action". */
  const forms = () => page.$$eval('main form', (fs) => fs.map((f) => `${(f.getAttribute('method') ?? 'get').toLowerCase()} ${f.getAttribute('action')}`));

  it('should search, open a case file with a purpose, download its bundle and verify it offline', async () => {
    await page.goto(`${base}/staff/audit`);
    expect(await page.textContent('h1')).toBe('审计查阅');
    await check('search');

    await page.selectOption('#f-replyType', 'DISCLOSE');
    await page.fill('#f-q', '土地征收');
    await page.click('form[action="/staff/audit#results"] button[type=submit]');
    expect(page.url()).toContain('replyType=DISCLOSE');
    const rows = await page.$$eval('#results-section tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toHaveLength(1);
    // Read-only: the search (GET) and the export request are the only forms.
    expect(await forms()).toEqual(['get /staff/audit#results', 'post /staff/audit/exports']);
    await check('results');

    await page.click('#results-section tbody a');
    expect(await page.textContent('h1')).toBe('调阅案卷');
    expect(await forms()).toEqual([`get /staff/audit/cases/${archivedId}`]);
    await page.click('main button[type=submit]');
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.textContent('#error-summary')).toContain('请填写调阅用途');
    await check('purpose');
    await page.fill('#f-purpose', '年度政务公开工作检查');
    await page.click('main button[type=submit]');

    expect(await page.textContent('h1')).toMatch(/^案卷 SLXZR-2026-\d{6}$/);
    const main = (await page.textContent('main'))!;
    for (const text of ['✓ 办理记录完整', '已记入账本', '五项证据', '已封存', '行政复议', '示例县人民政府', '2026年3月23日']) expect(main).toContain(text);
    expect(await forms()).toEqual([]);
    await check('case-file');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=下载证据包（ZIP）')]);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const run = spawnSync(process.execPath, ['scripts/verify-bundle.mjs', file], { encoding: 'utf8' });
    expect(run.stdout).toContain('结论：真实性通过；完整性通过；可用性通过；安全性通过');
    expect(run.status).toBe(0);
    const [{ n }] = await sut.dataSource.query(`SELECT count(*)::int AS n FROM archive_access_log WHERE action IN ('CASE_FILE_VIEW', 'BUNDLE_EXPORT') AND purpose = '年度政务公开工作检查'`);
    expect(n).toBeGreaterThanOrEqual(2);
  });

  it('should export the search result in the background, show its progress and download the ZIP', async () => {
    await page.goto(`${base}/staff/audit?replyType=DISCLOSE`);
    expect(await page.$$eval('#results-section tbody tr', (trs) => trs.length)).toBe(2);
    await page.click('form[action="/staff/audit/exports"] button[type=submit]');
    expect(await page.textContent('#error-summary')).toContain('请填写调阅用途');
    await axe('export purpose missing');
    await page.fill('#f-purpose', '专项检查批量调卷');
    await page.click('form[action="/staff/audit/exports"] button[type=submit]');
    expect(page.url()).toMatch(/\/staff\/audit\/exports\/[0-9a-f-]{36}$/);
    expect(await page.textContent('[role=status]')).toMatch(/\d \/ 2 件案卷/);
    // The page reloads itself (Refresh header) until the ZIP is ready.
    await page.waitForSelector('text=下载导出文件（ZIP）', { timeout: 20_000 });
    expect(await page.textContent('h1')).toBe('导出完成');
    await check('export-done');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=下载导出文件（ZIP）')]);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const entries = readZip(readFileSync(file));
    expect([...entries.keys()].filter((k) => k.startsWith('bundles/'))).toHaveLength(2);
  });
});
