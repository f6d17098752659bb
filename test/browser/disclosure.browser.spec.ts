import type { BrowserContext, Page } from 'playwright-core';
import { residentId } from '../setup/applications.js';
import { OFFICER } from '../setup/case-helpers.js';
import { useBrowserSuite } from '../setup/browser.js';
import type { TestApp } from '../setup/test-app.js';

// Proactive disclosure in a real browser: an officer publishes a group of requests from the staff pages, then a
// member of the public finds it with the home page's search, and the apply form says it may already be public
// (while typing, and on the check-your-answers step). axe-core on every page, screenshots at 390 and 1280 px.


describe('proactive disclosure in the browser', () => {
  const ui = useBrowserSuite({ app: { now: '2026-03-10T02:00:00Z' }, shots: 'disclosure-' });
  const { axe, shoot } = ui;
  let sut: TestApp;
  let base: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ sut, base, context, page } = ui);
    const officer = await sut.tokenFor(OFFICER);
    for (const [date, name, title] of [
      ['2026-01-06', '郑甲', '后营村2025年征地补偿方案'],
      ['2026-01-20', '王乙', '后营村2025年度土地征收补偿标准'],
      ['2026-02-11', '冯丙', '后营村2025年拆迁补偿安置方案'],
    ]) {
      const res = await sut.http
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${officer}`)
        .send({ channel: 'counter', receiptDate: date, reason: '纸质申请补录', applicantName: name, request: { title, description: `请公开${title}。` } });
      expect(res.status).toBe(201);
    }
    await sut.http.post('/api/v1/disclosure/backfill').set('Authorization', `Bearer ${officer}`).expect(200);
  }, 120_000);

  /** The page in both modes: axe and screenshots in each, back to the standard mode at the end. */
  async function bothModes(url: string, name: string): Promise<void> {
    for (const mode of ['elder', 'standard']) {
      await page.goto(`${base}${url}${url.includes('?') ? '&' : '?'}mode=${mode}`);
      expect(await page.getAttribute('html', 'class')).toBe(mode);
      await axe(`${name} (${mode})`);
      await shoot(`${name}-${mode}`);
    }
  }

  it('should take an officer from the worklist to a published group', async () => {
    // The staff login page belongs to the staff foundation; the access cookie is the one the login sets.
    await page.goto(`${base}/staff/disclosure`);
    expect(new URL(page.url()).pathname).toBe('/staff/login');
    await context.addCookies([{ name: 'gk_access', value: await sut.tokenFor(OFFICER), url: base, httpOnly: true, sameSite: 'Strict' }]);

    await bothModes('/staff/disclosure', 'worklist');
    expect(await page.textContent('main')).toContain('后营村2025年征地补偿方案');
    await page.click('a:has-text("后营村2025年征地补偿方案")');
    expect(await page.textContent('#distinct-applicants')).toContain('3人');
    const groupUrl = new URL(page.url()).pathname;
    await bothModes(groupUrl, 'group');

    // The publication fields show only for 决定主动公开 (all of them without script).
    expect(await page.isVisible('#f-publication-location')).toBe(false);
    await page.check('#f-kind');
    expect(await page.isVisible('#f-publication-location')).toBe(true);
    await page.fill('#f-publication-title', '后营村2025年征地补偿安置方案');
    await page.click('button:has-text("记录决定")');
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.textContent('#error-summary')).toContain('公开途径');
    await axe('group with errors');
    await shoot('group-errors');
    await page.selectOption('#f-publication-channel', 'WEBSITE');
    await page.fill('#f-publication-location', '示例县人民政府网站·政府信息公开·征地信息');
    await page.fill('#f-publication-url', 'https://www.slx.gov.cn/zdxx/houying.html');
    await page.fill('#f-publication-publishedOn', '2026-03-10');
    await page.click('button:has-text("记录决定")');
    expect(await page.textContent('.panel-confirm')).toContain('决定已记录');
    expect(await page.textContent('#group-decision')).toContain('决定主动公开');
    expect(await page.textContent('main')).toContain('条例第二十六条');
    await axe('group decided');
    await shoot('group-decided');

    await bothModes('/staff/disclosure/self-check/2026', 'self-check');
    await context.clearCookies();
  });

  it('should find the publication from the home page, and tell an applicant it may already be public', async () => {
    await page.goto(`${base}/`);
    await page.fill('#f-q', '后营村2025年征地补偿方案');
    await page.click('form[role=search] button');
    expect(new URL(page.url()).pathname).toBe('/publications');
    expect(await page.textContent('.result-list h3')).toBe('后营村2025年征地补偿安置方案');
    expect(await page.textContent('.result-list')).toContain('2026年3月10日');
    await bothModes(`/publications?q=${encodeURIComponent('后营村2025年征地补偿方案')}`, 'publications');
    await bothModes('/', 'home');

    await page.goto(`${base}/apply`);
    await page.selectOption('#f-agencyCode', 'SLXZR');
    await page.check('#f-applicant-kind');
    await page.fill('#f-applicant-name', '张三');
    await page.fill('#f-applicant-idNumber', residentId(77));
    await page.fill('#f-applicant-phone', '13800138000');
    await page.fill('#f-applicant-email', 'zhang.san@example.com');
    await page.fill('#f-delivery-email', 'zhang.san@example.com');
    await page.fill('#f-request-description', '请公开该方案全文。');
    // While typing: the hint appears under the name of the information.
    await page.type('#f-request-title', '后营村2025年征地补偿方案', { delay: 10 });
    await page.waitForSelector('#publication-hint:not([hidden])', { timeout: 10_000 });
    expect(await page.textContent('#publication-hint')).toContain('后营村2025年征地补偿安置方案');
    await axe('apply with hint');
    await shoot('apply-hint');
    // Without script too: the check-your-answers step says the same.
    await page.click('button[type=submit]');
    expect(await page.textContent('h1')).toBe('核对申请信息');
    expect(await page.textContent('#already-public')).toContain('示例县人民政府网站·政府信息公开·征地信息');
    await axe('apply review with hint');
    await shoot('apply-review-hint');
  });
});
