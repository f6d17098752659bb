import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/database/seed/demo-seed.js';
import { ADMIN, HEAD, LEGAL, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { useBrowserSuite } from '../setup/browser.js';
import type { TestApp } from '../setup/test-app.js';

// The legal advisor's and the admin's pages in a real browser: an opinion on a referred case (and a 404 for a case
// not referred), importing next year's calendar from an iCalendar file through its preview; axe-core on every
// page in both modes, screenshots at 390 and 1280 px for a person to look at.


// 2027 as a State Council notice might set it: 春节 Saturday 6 to Sunday 14 February with Sunday 31 January and
// Saturday 20 February worked, and so on. The provisional year has only 除夕 to the third day (5–8 February).
const HOLIDAYS_2027: [string, string, string][] = [
  ['元旦 休', '20270101', '20270104'],
  ['春节补班', '20270131', '20270201'],
  ['春节 休', '20270206', '20270215'],
  ['春节补班', '20270220', '20270221'],
  ['清明节 休', '20270403', '20270406'],
  ['劳动节补班', '20270425', '20270426'],
  ['劳动节 休', '20270501', '20270506'],
  ['劳动节补班', '20270508', '20270509'],
  ['端午节 休', '20270609', '20270610'],
  ['中秋节 休', '20270915', '20270916'],
  ['国庆节补班', '20270926', '20270927'],
  ['国庆节 休', '20271001', '20271008'],
  ['国庆节补班', '20271009', '20271010'],
];
const ICS_2027 = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//gongkai test//CN',
  ...HOLIDAYS_2027.flatMap(([summary, start, end], i) => ['BEGIN:VEVENT', `UID:2027-${i}`, `SUMMARY:${summary}`, `DTSTART;VALUE=DATE:${start}`, `DTEND;VALUE=DATE:${end}`, 'END:VEVENT']),
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('staff pages (legal advisor, admin) in the browser', () => {
  // Monday 2026-12-21, 10:00 in Beijing: 2027 is not imported yet.
  const ui = useBrowserSuite({ app: { now: '2026-12-21T02:00:00Z' }, shots: 'staff-' });
  const { axe, shoot } = ui;
  let sut: TestApp;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let referred: { id: string; trackingNumber: string };
  let other: { id: string };
  let extended: { id: string; trackingNumber: string };
  const visited: string[] = [];

  beforeAll(async () => {
    ({ sut, base, context, page } = ui);
    const officer = await sut.tokenFor(OFFICER);
    const head = await sut.tokenFor(HEAD);
    const advisor = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${await sut.tokenFor(LEGAL)}`);
    const today = '2026-12-21';
    referred = await registerCase(sut, today, { requestDescription: '青山镇2026年度土地征收成片开发方案的社会稳定风险评估报告' });
    other = await registerCase(sut, today, { requestDescription: '另一件未提请会商的申请' });
    extended = await registerCase(sut, today, { requestDescription: '示例县2020年以来的建设用地审批台账' });
    for (const c of [referred, other, extended]) expect((await sendEvent(sut, officer, c.id, { type: 'ACCEPT' })).status).toBe(200);
    expect((await sendEvent(sut, officer, referred.id, { type: 'REFER_TO_LEGAL', advisorIds: [advisor.body.id], question: '风险评估报告是否属于过程性信息，可否不予公开', difficult: true })).status).toBe(200);
    // Due 2027-01-19; extended by 20 working days it falls in February, across the provisional Spring Festival.
    expect((await sendEvent(sut, head, extended.id, { type: 'APPROVE_EXTENSION', workdays: 20, grounds: '需调取多年档案' })).status).toBe(200);
  }, 120_000);

  /** What a person sees on arrival: checked by axe, photographed, and remembered for the elder-mode round. */
  async function look(name: string, again = true): Promise<void> {
    await axe(name);
    await shoot(`${name}-standard`);
    const url = page.url().replace(base, '');
    if (again && !visited.some((v) => v.endsWith(`|${url}`))) visited.push(`${name}|${url}`);
  }

  async function logIn(email: string, next: string): Promise<void> {
    await context.clearCookies();
    await page.goto(`${base}${next}`);
    // Anonymous: to the log-in page, which leads back.
    expect(page.url()).toBe(`${base}/staff/login?next=${encodeURIComponent(next)}`);
    await page.fill('#f-email', email);
    await page.fill('#f-password', DEMO_PASSWORD);
    await page.click('main button[type=submit]');
    expect(page.url()).toBe(`${base}${next}`);
  }

  it('should let a legal advisor give an opinion on a referred case and not open another (404)', async () => {
    await logIn(LEGAL, '/staff/legal');
    const waiting = await page.textContent('#waiting + .table-scroll');
    expect(waiting).toContain(referred.trackingNumber);
    expect(waiting).toContain('2027年1月19日');
    expect(waiting).toContain('重大复杂疑难');
    await look('legal-home');

    await page.click(`a:text("${referred.trackingNumber}")`);
    expect(await page.textContent('h1')).toBe(`会商案件 ${referred.trackingNumber}`);
    expect(await page.textContent('main')).toContain('风险评估报告是否属于过程性信息');
    await page.click('main form button[type=submit]');
    // Nothing chosen: the API's messages in the summary, which takes the focus.
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('error-summary');
    await look('legal-case-errors', false);
    // The same answer in 长辈版 (a POST's answer cannot be revisited later).
    const caseUrl = page.url().replace(/\/opinion$/, '');
    await page.goto(`${caseUrl}?mode=elder`);
    await page.click('main form button[type=submit]');
    await axe('legal-case-errors (elder)');
    await shoot('legal-case-errors-elder');
    await page.goto(`${caseUrl}?mode=standard`);

    await page.check('#f-opinion-AGREE_WITH_CHANGES');
    await page.fill('#f-text', '属于过程性信息，可以不予公开；建议在答复中写明评估报告尚未作为决策依据。');
    await page.fill('#f-articles', '《政府信息公开条例》第十六条第二款\n《政府信息公开条例》第三十六条第（三）项');
    await page.click('main form button[type=submit]');
    expect(page.url()).toBe(`${base}/staff/legal/cases/${referred.id}?done=1`);
    expect(await page.textContent('[role=status]')).toContain('您的意见已提交');
    expect(await page.textContent('main')).toContain('您的意见');
    await look('legal-case-done');
    const [row] = await sut.dataSource.query(`SELECT opinion, articles FROM legal_referral WHERE case_id = $1`, [referred.id]);
    expect(row).toEqual({ opinion: 'AGREE_WITH_CHANGES', articles: ['《政府信息公开条例》第十六条第二款', '《政府信息公开条例》第三十六条第（三）项'] });
    const events = await sut.http.get(`/api/v1/cases/${referred.id}/events`).set('Authorization', `Bearer ${await sut.tokenFor(OFFICER)}`);
    expect(events.body.at(-1)).toMatchObject({ type: 'SUBMIT_LEGAL_OPINION', payload: { opinion: 'AGREE_WITH_CHANGES' } });

    await page.goto(`${base}/staff/legal`);
    expect(await page.textContent('#history + .table-scroll')).toContain('修改后同意');
    expect(await page.textContent('#waiting ~ p')).toContain('目前没有等待您提出意见的会商');

    const notReferred = await page.goto(`${base}/staff/legal/cases/${other.id}`);
    expect(notReferred?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('找不到您要访问的页面');
    const admin = await page.goto(`${base}/staff/admin`);
    expect(admin?.status()).toBe(403);
  }, 90_000);

  it('should let an admin import next year from an iCalendar file: preview with the moved due date, then apply', async () => {
    await logIn(ADMIN, '/staff/admin');
    const warnings = await page.textContent('main');
    expect(warnings).toContain('2027年的放假安排尚未导入');
    await look('admin-home');

    await page.click('.staff-subnav a:text("工作日历")');
    await page.click('a:text("2027年")');
    expect(await page.textContent('h1')).toBe('工作日历 2027年');
    expect(await page.textContent('main')).toContain('暂定');
    await look('admin-calendar-2027-provisional');

    const upload = async (): Promise<void> => {
      await page.fill('#f-year', '2027');
      await page.fill('#f-source', '国务院办公厅关于2027年部分节假日安排的通知');
      await page.setInputFiles('#f-file', { name: '2027年节假日.ics', mimeType: 'text/calendar', buffer: Buffer.from(ICS_2027) });
      await page.click('main form[enctype] button[type=submit]');
    };
    // The preview in 长辈版 first (an answer to a POST), then the real run in the standard mode.
    await page.goto(`${base}/staff/admin/calendar?year=2027&mode=elder`);
    await upload();
    await axe('admin-calendar-preview (elder)');
    await shoot('admin-calendar-preview-elder');
    await page.goto(`${base}/staff/admin/calendar?year=2027&mode=standard`);
    await upload();
    expect(await page.textContent('h1')).toBe('导入预览：2027年工作日历');
    const moves = (await page.textContent('#moves + .table-scroll'))!;
    expect(moves).toContain(extended.trackingNumber);
    expect(moves).toContain('2027年2月18日（暂定）');
    expect(moves).toContain('2027年2月20日');
    expect(await page.textContent('#changes + .table-scroll')).toContain('2027年1月31日');
    expect(await page.locator('.warning-text').count()).toBe(0);
    // Nothing is written before the admin confirms.
    const [{ n: before }] = await sut.dataSource.query(`SELECT count(*)::int AS n FROM calendar_version WHERE year = 2027`);
    expect(before).toBe(0);
    await axe('admin-calendar-preview');
    await shoot('admin-calendar-preview-standard');

    await page.click('button:text("确认导入")');
    expect(page.url()).toBe(`${base}/staff/admin/calendar?year=2027&imported=${await movedCount()}`);
    expect(await page.textContent('[role=status]')).toContain('2027年放假安排已导入');
    expect(await page.textContent('main')).not.toContain('⚠ 暂定');
    await look('admin-calendar-2027-imported');
    const c = await sut.http.get(`/api/v1/cases/${extended.id}`).set('Authorization', `Bearer ${await sut.tokenFor(OFFICER)}`);
    expect(c.body).toMatchObject({ dueDate: '2027-02-20', dueDateProvisional: false });
    const events = await sut.http.get(`/api/v1/cases/${extended.id}/events`).set('Authorization', `Bearer ${await sut.tokenFor(OFFICER)}`);
    expect(events.body.at(-1)).toMatchObject({ type: 'CALENDAR_CHANGED', payload: { previousDueDate: '2027-02-18', dueDate: '2027-02-20' } });
  }, 90_000);

  async function movedCount(): Promise<number> {
    const [{ n }] = await sut.dataSource.query(`SELECT cases_recomputed AS n FROM calendar_version WHERE year = 2027 ORDER BY id DESC LIMIT 1`);
    return n as number;
  }

  it('should show the agencies, users and letter previews, and every page again in 长辈版', async () => {
    // Chromium under a shared machine's load: two widths of some twenty pages in two modes, each checked by axe.
    for (const [name, link] of [
      ['admin-agencies', '机关设置'],
      ['admin-users', '用户管理'],
      ['admin-templates', '文书模板'],
    ] as const) {
      await page.goto(`${base}/staff/admin`);
      await page.click(`.staff-subnav a:text("${link}")`);
      await look(name);
    }
    await page.goto(`${base}/staff/admin/agencies`);
    await page.click('a:text("示例县自然资源局")');
    expect(await page.inputValue('#f-reconsiderationBody')).toBe('示例县人民政府');
    await look('admin-agency-edit');
    await page.goto(`${base}/staff/admin/users`);
    await page.click('a:text("王承办")');
    await look('admin-user-edit');
    await page.goto(`${base}/staff/admin/templates`);
    await page.click('a:text("不予公开（过程性信息）")');
    expect(await page.textContent('.letter')).toContain('示例县自然资源局');
    await look('admin-template-preview');

    // 长辈版: every page seen above, as the admin (the advisor's pages as the advisor).
    for (const entry of visited) {
      const [name, url] = entry.split('|') as [string, string];
      if (name.startsWith('legal-')) continue;
      await page.goto(`${base}${url}${url.includes('?') ? '&' : '?'}mode=elder`);
      expect(await page.getAttribute('html', 'class')).toBe('elder');
      await axe(`${name} (elder)`);
      await shoot(`${name}-elder`);
    }
    await context.clearCookies();
    await page.goto(`${base}/account/login?mode=elder`);
    await page.fill('#f-email', LEGAL);
    await page.fill('#f-password', DEMO_PASSWORD);
    await page.click('main button[type=submit]');
    for (const entry of visited.filter((v) => v.startsWith('legal-'))) {
      const [name, url] = entry.split('|') as [string, string];
      await page.goto(`${base}${url}`);
      expect(await page.getAttribute('html', 'class')).toBe('elder');
      await axe(`${name} (elder)`);
      await shoot(`${name}-elder`);
    }
  }, 180_000);
});
