import type { Page } from 'playwright-core';
import { residentId } from '../setup/applications.js';
import { HEAD, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { useBrowserSuite } from '../setup/browser.js';
import type { TestApp } from '../setup/test-app.js';

// The staff report pages in a real browser: the annual report → a cell → its cases, and the statistics with their
// charts, as the office head, in the standard and the 长辈版 mode, axe-core on every page, screenshots at 390 and
// 1280 px for a person to look at.


describe('staff report pages in the browser', () => {
  // Tuesday 2026-01-20: the 2025 report is due by 31 January.
  const ui = useBrowserSuite({ app: { now: '2026-01-20T02:00:00Z' }, shots: 'staff-reports-' });
  const { axe, shoot } = ui;
  let sut: TestApp;
  let base: string;
  let page: Page;
  let land: string;

  beforeAll(async () => {
    ({ sut, base, page } = ui);
    const [officer, head] = await Promise.all([sut.tokenFor(OFFICER), sut.tokenFor(HEAD)]);
    land = ((await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${head}`)).body as { id: string; code: string }[]).find((a) => a.code === 'SLXZR')!.id;
    // Four 2025 applications: two answered, one withdrawn, one recorded without its applicant category (open).
    const categories = ['NATURAL_PERSON', 'COMMERCIAL_ENTERPRISE', 'NATURAL_PERSON'];
    for (const [i, category] of categories.entries()) {
      const applicant =
        category === 'NATURAL_PERSON'
          ? { kind: 'NATURAL_PERSON', name: `申请人${i}`, idType: 'RESIDENT_ID', idNumber: residentId(i + 1), phone: '13800138000', category }
          : { kind: 'ORGANISATION', name: `某公司${i}`, organisation: { creditCode: '91350100M000100Y43', legalRepresentative: '王五', contactPerson: '赵六' }, phone: '13800138000', category };
      const res = await sut.http
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${officer}`)
        .send({ channel: 'counter', counter: { submittedOn: `2025-0${i + 3}-03` }, applicant, request: { title: `某文件${i}`, description: '请求公开该文件。' }, receiptDateReason: '纸质申请补录', reason: '纸质申请补录' });
      expect(res.status).toBe(201);
      if (i === 2) expect((await sendEvent(sut, officer, res.body.id, { type: 'WITHDRAW', effectiveDate: '2025-05-10' })).status).toBe(200);
      else {
        expect((await sendEvent(sut, officer, res.body.id, { type: 'ACCEPT', effectiveDate: `2025-0${i + 3}-04` })).status).toBe(200);
      }
    }
    await registerCase(sut, '2025-09-01');
    // Signed in as the office head: the same access cookie the login sets.
    await ui.context.addCookies([{ name: 'gk_access', value: head, url: base, httpOnly: true, sameSite: 'Strict' }]);
  }, 120_000);

  it('should lead from the report to a cell to its cases, and show the statistics with their charts, in both modes', async () => {
    for (const mode of ['standard', 'elder']) {
      await page.goto(`${base}/staff/reports?mode=${mode}`);
      expect(await page.getAttribute('html', 'class')).toBe(mode);
      await axe(`index (${mode})`);
      await shoot(`index-${mode}`);
      await page.selectOption('#f-agencyId', land);
      await page.fill('#f-year', '2025');
      await page.click('main button[type=submit]');
      expect(await page.textContent('h1')).toContain('示例县自然资源局2025年度政府信息公开工作年度报告');
      // The failing column check names the case recorded without a category.
      expect(await page.textContent('.check-failed')).toContain('校验未通过');
      expect(await page.locator('ul.failed-checks a').count()).toBeGreaterThan(0);
      // The passing checks fold away; all of them are one click away.
      expect(await page.isVisible('details.all-checks li')).toBe(false);
      await page.click('details.all-checks summary');
      expect(await page.locator('details.all-checks li').count()).toBeGreaterThan(30);
      await axe(`annual (${mode})`);
      await page.click('details.all-checks summary');
      await shoot(`annual-${mode}`);
      // 一、本年新收 … 总计 = 4: open it.
      const total = page.locator(`a[href*="row=%E4%B8%80&"][href$="column=TOTAL"]`);
      expect(await total.textContent()).toBe('4');
      await total.click();
      expect(await page.textContent('caption')).toContain('共 4 件');
      expect(await page.locator('tbody tr').count()).toBe(4);
      await axe(`cell (${mode})`);
      await shoot(`cell-${mode}`);

      await page.goto(`${base}/staff/reports/statistics?agencyId=${land}&from=2025-01-01&to=2025-12-31`);
      const images = page.locator('figure.chart img');
      expect(await images.count()).toBe(3);
      await page.waitForFunction(`Array.from(document.querySelectorAll('figure.chart img')).every((i) => i.complete && i.naturalWidth > 0)`);
      expect(await page.textContent('main')).toContain('法律顾问会商');
      await axe(`statistics (${mode})`);
      await shoot(`statistics-${mode}`);
    }
    await page.goto(`${base}/staff/reports?mode=standard`);
  }, 90_000);
});
