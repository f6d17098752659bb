import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { residentId } from '../setup/applications.js';
import { OFFICER, sendEvent } from '../setup/case-helpers.js';
import { useBrowserSuite } from '../setup/browser.js';
import type { TestApp } from '../setup/test-app.js';

// The public portal in a real browser (Debian's chromium): applying, tracking, answering a correction, accounts,
// keyboard only and in 长辈版, with axe-core on every page and screenshots of every page for a person to look at.

const WRONG_ID = '110105194912310020';
const VALID_CREDIT_CODE = '91350100M000100Y43';
// A tiny, well-formed PDF for the uploads.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('public portal in the browser', () => {
  // Monday 2026-03-09, 10:00 in Beijing. CSP violations and script errors show up as console errors (checked after
  // each test by the suite).
  const ui = useBrowserSuite({ app: { now: '2026-03-09T02:00:00Z' } });
  const { axe, shoot } = ui;
  let sut: TestApp;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  const foreignRequests: string[] = [];

  beforeAll(() => {
    ({ sut, base, context, page } = ui);
    context.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('about:')) foreignRequests.push(r.url());
    });
  });

  afterEach(() => {
    expect(foreignRequests).toEqual([]);
  });

  const activeId = () => page.evaluate('document.activeElement ? document.activeElement.id : ""') as Promise<string>;

  async function countCases(title: string): Promise<number> {
    const [{ n }] = await sut.dataSource.query(`SELECT count(*)::int AS n FROM case_file WHERE request_title = $1`, [title]);
    return n as number;
  }

  async function fillNaturalPerson(title: string, idNumber: string): Promise<void> {
    await page.selectOption('#f-agencyCode', 'SLXZR');
    await page.check('#f-applicant-kind');
    await page.fill('#f-applicant-name', '张三');
    await page.selectOption('#f-applicant-idType', 'RESIDENT_ID');
    await page.fill('#f-applicant-idNumber', idNumber);
    await page.fill('#f-applicant-phone', '13800138000');
    await page.fill('#f-applicant-email', 'zhang.san@example.com');
    await page.fill('#f-request-title', title);
    await page.fill('#f-request-description', '请求公开该方案全文及附件。');
    await page.fill('#f-delivery-email', 'zhang.san@example.com');
  }

  it('should render every public page in both modes with no serious accessibility problem, a strict CSP and zh-CN', async () => {
    for (const mode of ['standard', 'elder']) {
      for (const [name, url] of [
        ['home', '/'],
        ['apply', '/apply'],
        ['track', '/track'],
        ['login', '/account/login'],
        ['register', '/account/register'],
        ['accessibility', '/accessibility'],
        ['not-found', '/no-such-page'],
      ] as const) {
        const res = await page.goto(`${base}${url}${url.includes('?') ? '&' : '?'}mode=${mode}`);
        expect(res?.status()).toBe(name === 'not-found' ? 404 : 200);
        expect({ name, lang: await page.getAttribute('html', 'lang'), mode: await page.getAttribute('html', 'class') }).toEqual({ name, lang: 'zh-CN', mode });
        const csp = res?.headers()['content-security-policy'] ?? '';
        expect(csp).toContain("script-src 'self'");
        expect(csp).toMatch(/style-src 'self'(;|$)/);
        await axe(`${name} (${mode})`);
        await shoot(`${name}-${mode}`);
      }
    }
    // The 404 page is friendly and carries the correlation id; the API keeps its JSON.
    await page.goto(`${base}/no-such-page`);
    expect(await page.textContent('h1')).toBe('找不到您要访问的页面');
    expect(await page.textContent('.correlation')).toMatch(/请求编号：\S+/);
    const api = await sut.http.get('/api/v1/no-such-route');
    expect(api.body.code).toBe('ROUTE_NOT_FOUND');
    // Back to the standard mode for the next tests.
    await page.goto(`${base}/?mode=standard`);
    expect(await page.textContent('main')).toContain('示例县自然资源局一楼办事大厅');
  });

  it('should refuse a form posted without its CSRF token', async () => {
    const res = await sut.http.post('/track').type('form').send({ trackingNumber: 'SLXZR-2026-000001', queryCode: 'AAAA-BBBB-CCCC' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('页面已过期');
  });

  it('should apply as a natural person: a wrong ID number first, then check the answers, change one and submit', async () => {
    await page.goto(`${base}/apply`);
    await fillNaturalPerson('第一份申请镇土地征收方案', WRONG_ID);
    // The live check speaks as the person leaves the field.
    await page.focus('#f-applicant-phone');
    expect(await page.textContent('#f-applicant-idNumber-live')).toBe('证件号码校验位不正确，请核对后重新填写');
    await page.click('button[type=submit]');
    // Server side: the API's message, in the summary (focused, linking to the field) and beside the field.
    expect(page.url()).toBe(`${base}/apply`);
    expect(await page.title()).toMatch(/^错误：/);
    expect(await activeId()).toBe('error-summary');
    expect(await page.textContent('#error-summary')).toContain('证件号码：证件号码校验位不正确，请核对后重新填写');
    expect(await page.textContent('#f-applicant-idNumber-error')).toContain('证件号码校验位不正确，请核对后重新填写');
    expect(await page.inputValue('#f-request-title')).toBe('第一份申请镇土地征收方案');
    await axe('apply with errors');
    await shoot('apply-errors-standard');
    await page.click('#error-summary a[href="#f-applicant-idNumber"]');
    expect(await activeId()).toBe('f-applicant-idNumber');

    await page.fill('#f-applicant-idNumber', residentId(41));
    await page.click('button[type=submit]');
    expect(await page.textContent('h1')).toBe('核对申请信息');
    expect(await page.textContent('main')).toContain(residentId(41));
    await axe('check your answers');
    await shoot('apply-review-standard');

    // 修改 goes back to the field with everything kept.
    await page.click('button[value="request.title"]');
    expect(await page.inputValue('#f-request-title')).toBe('第一份申请镇土地征收方案');
    expect(await page.inputValue('#f-applicant-idNumber')).toBe(residentId(41));
    await page.fill('#f-request-title', '第一份申请镇土地征收补偿安置方案');
    await page.click('button[type=submit]');
    expect(await page.textContent('main')).toContain('第一份申请镇土地征收补偿安置方案');
    await page.click('button[data-prevent-double-submit]');

    expect(page.url()).toBe(`${base}/apply/done`);
    const trackingNumber = (await page.textContent('#tracking-number'))!.trim();
    const queryCode = (await page.textContent('#query-code'))!.trim();
    expect(trackingNumber).toMatch(/^SLXZR-2026-\d{6}$/);
    expect(queryCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(await page.textContent('main')).toContain('请保存好查询码，只显示这一次');
    expect(await page.textContent('main')).toContain('收到申请之日以机关确认收到之日为准');
    await axe('confirmation');
    await shoot('apply-done-standard');
    expect(await countCases('第一份申请镇土地征收补偿安置方案')).toBe(1);
    const [row] = await sut.dataSource.query(`SELECT applicant_category FROM case_file WHERE tracking_number = $1`, [trackingNumber]);
    expect(row.applicant_category).toBe('NATURAL_PERSON');

    // Shown once: a refresh no longer shows the code.
    await page.reload();
    expect(await page.textContent('h1')).toBe('回执已显示过');
    expect(await page.textContent('main')).not.toContain(queryCode);
  });

  it('should file once however often the final submit is sent (double click, two requests with the same form)', async () => {
    await page.goto(`${base}/apply`);
    await fillNaturalPerson('第二份申请重复提交', residentId(42));
    await page.click('button[type=submit]');
    expect(await page.textContent('h1')).toBe('核对申请信息');
    // Two posts of the same rendered form (as a double click without scripts, or a refresh, would send).
    const statuses = (await page.evaluate(`(() => {
      const form = document.querySelector('form.review-form');
      const body = () => new URLSearchParams(new FormData(form));
      return Promise.all([1, 2].map(() => fetch(form.action, { method: 'POST', body: body(), redirect: 'manual' }).then(r => r.type === 'opaqueredirect' ? 303 : r.status)));
    })()`)) as number[];
    expect(statuses).toEqual([303, 303]);
    // And a real double click on the button.
    await page.dblclick('button[data-prevent-double-submit]');
    await page.waitForURL(`${base}/apply/done`);
    expect(await countCases('第二份申请重复提交')).toBe(1);
  });

  it('should apply as an organisation through an agent, with the power of attorney uploaded (wrong type refused first)', async () => {
    await page.goto(`${base}/apply?agency=SLXZJ`);
    await page.check('#f-applicant-kind-ORGANISATION');
    // With scripts on, only the organisation's fields are shown.
    expect(await page.isVisible('#f-applicant-idNumber')).toBe(false);
    await page.fill('#f-applicant-name', '示例律师事务所');
    await page.fill('#f-applicant-organisation-creditCode', VALID_CREDIT_CODE);
    await page.selectOption('#f-applicant-category', 'LEGAL_SERVICE_ORGANISATION');
    await page.fill('#f-applicant-organisation-legalRepresentative', '王五');
    await page.fill('#f-applicant-organisation-contactPerson', '赵六');
    await page.fill('#f-applicant-phone', '010-12345678');
    await page.check('#f-hasAgent-yes');
    await page.fill('#f-agent-name', '钱七');
    await page.selectOption('#f-agent-idType', 'RESIDENT_ID');
    await page.fill('#f-agent-idNumber', residentId(43));
    await page.fill('#f-agent-phone', '13900139000');
    await page.fill('#f-request-title', '第三份申请建设工程规划许可');
    await page.fill('#f-request-description', '请求公开某小区建设工程规划许可证及附图。');
    await page.check('#f-delivery-form-PAPER');
    await page.check('#f-delivery-method-POST');
    await page.fill('#f-delivery-address', '示例县人民路2号');
    await page.fill('#f-delivery-postalCode', '100000');

    await page.setInputFiles('#f-upload-powerOfAttorney', { name: '委托书.txt', mimeType: 'text/plain', buffer: Buffer.from('not a pdf') });
    await page.locator('[data-upload-field="upload.powerOfAttorney"] .upload-status', { hasText: '上传失败' }).waitFor();
    expect(await page.textContent('[data-upload-field="upload.powerOfAttorney"] .upload-status')).toContain('仅支持PDF、JPEG、PNG、TIFF格式的文件');
    await page.setInputFiles('#f-upload-powerOfAttorney', { name: '授权委托书.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('[data-upload-field="upload.powerOfAttorney"] .upload-status', { hasText: '已上传' }).waitFor();
    await page.click('button[type=submit]');

    expect(await page.textContent('h1')).toBe('核对申请信息');
    const review = (await page.textContent('main'))!;
    for (const text of ['示例县住房和城乡建设局', '法律服务机构', '钱七', '授权委托书.pdf', '示例县人民路2号']) expect(review).toContain(text);
    await page.click('button[data-prevent-double-submit]');
    expect(page.url()).toBe(`${base}/apply/done`);
    const tracking = (await page.textContent('#tracking-number'))!.trim();
    expect(tracking).toMatch(/^SLXZJ-2026-/);
    const [row] = await sut.dataSource.query(`SELECT id FROM case_file WHERE tracking_number = $1`, [tracking]);
    const files = await sut.dataSource.query(`SELECT purpose, filename FROM attachment WHERE case_id = $1`, [row.id]);
    expect(files).toEqual([{ purpose: 'POWER_OF_ATTORNEY', filename: '授权委托书.pdf' }]);
  });

  it('should track with the code, show the due date explained, and take the answer to a correction notice', async () => {
    await page.goto(`${base}/apply`);
    await fillNaturalPerson('第四份申请补正', residentId(44));
    await page.click('button[type=submit]');
    await page.click('button[data-prevent-double-submit]');
    const trackingNumber = (await page.textContent('#tracking-number'))!.trim();
    const queryCode = (await page.textContent('#query-code'))!.trim();

    // A wrong code says nothing about whether the number exists.
    await page.goto(`${base}/track`);
    await page.fill('#f-trackingNumber', trackingNumber);
    await page.fill('#f-queryCode', 'AAAA-BBBB-CCCC');
    await page.click('button[type=submit]');
    expect(await page.textContent('#error-summary')).toContain('申请编号或查询码不正确');
    const wrongNumber = await page.textContent('main');
    expect(page.url()).toBe(`${base}/track`);
    expect(page.url()).not.toContain(queryCode);

    // The office confirms receipt and asks for a correction (its side through the API).
    const officer = await sut.tokenFor(OFFICER);
    const [row] = await sut.dataSource.query(`SELECT id FROM case_file WHERE tracking_number = $1`, [trackingNumber]);
    expect((await sendEvent(sut, officer, row.id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-09' })).status).toBe(200);
    expect((await sendEvent(sut, officer, row.id, { type: 'REQUEST_CORRECTION', items: ['请明确所申请信息的文号或制作时间'] })).status).toBe(200);

    await page.fill('#f-trackingNumber', trackingNumber);
    await page.fill('#f-queryCode', queryCode);
    await page.click('button[type=submit]');
    expect(page.url()).toBe(`${base}/track/status`);
    expect(wrongNumber).toBeTruthy();
    const status = (await page.textContent('main'))!;
    expect(status).toContain('收到申请之日为2026年3月9日');
    expect(status).toContain('已告知补正申请');
    expect(status).toMatch(/请在\d{4}年\d+月\d+日之前提交/);
    await axe('status with correction');
    await shoot('track-status-standard');

    // The notices addressed to the applicant download as the archived PDFs (credentials stay in the sealed cookie).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/track/documents/"] >> text=补正告知书')]);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.url()).not.toContain(queryCode);

    await page.fill('#f-summary', '所申请信息的文号为示政发〔2025〕3号。');
    await page.setInputFiles('#f-files', { name: '补正说明.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.click('text=提交补正材料 >> nth=-1');
    expect(page.url()).toBe(`${base}/track/status?done=correction`);
    expect(await page.textContent('main')).toContain('收到补正材料，答复期限重新计算');
    const events = await sut.dataSource.query(`SELECT type, payload FROM case_event WHERE case_id = $1 AND type = 'RECEIVE_CORRECTION'`, [row.id]);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ summary: '所申请信息的文号为示政发〔2025〕3号。', attachments: [expect.objectContaining({ filename: '补正说明.pdf' })] });
    await shoot('track-status-after-correction-standard');

    await page.click('text=撤回申请 >> nth=-1');
    expect(await page.textContent('h1')).toBe('撤回申请');
    await axe('withdraw confirmation');
    await shoot('track-withdraw-standard');

    await page.click('text=确认撤回申请');
    expect(page.url()).toBe(`${base}/track/status?done=withdraw`);
    expect(await page.textContent('main')).toContain('申请已撤回');
    const [withdrawn] = await sut.dataSource.query(`SELECT status FROM case_file WHERE id = $1`, [row.id]);
    expect(withdrawn.status).toBe('WITHDRAWN');
  });

  /** Presses Tab until the element with this id has focus (keyboard only: no clicks). */
  async function tabTo(id: string, max = 80): Promise<void> {
    for (let i = 0; i < max; i++) {
      if ((await activeId()) === id) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`could not reach #${id} with the Tab key`);
  }

  async function applyByKeyboard(title: string, n: number, shotsSuffix: string): Promise<void> {
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('跳到正文');
    await tabTo('f-agencyCode');
    await page.keyboard.press('ArrowDown'); // the first agency
    await tabTo('f-applicant-kind'); // 公民 is chosen already
    await tabTo('f-applicant-name');
    await page.keyboard.type('李四');
    await tabTo('f-applicant-idNumber');
    await page.keyboard.type(WRONG_ID);
    await tabTo('f-applicant-phone');
    await page.keyboard.type('13800138000');
    await tabTo('f-request-title');
    await page.keyboard.type(title);
    await tabTo('f-request-description');
    await page.keyboard.type('请求公开全文。');
    await tabTo('f-delivery-email');
    await page.keyboard.type('li.si@example.com');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#error-summary');
    expect(await activeId()).toBe('error-summary');
    await shoot(`apply-errors-${shotsSuffix}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // the first link of the summary
    expect(await activeId()).toBe('f-applicant-idNumber');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(residentId(n));
    await page.keyboard.press('Enter');
    await page.waitForSelector('.review-form');
    await shoot(`apply-review-${shotsSuffix}`);
    await tabTo('', 0).catch(() => undefined);
    // The last button of the page is 提交申请.
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement.textContent')) === '提交申请') break;
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/apply/done`);
    expect(await page.textContent('#tracking-number')).toMatch(/^SLX[A-Z]*-2026-\d{6}$/);
    await shoot(`apply-done-${shotsSuffix}`);
  }

  it('should let a person apply with the keyboard alone', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/apply?mode=standard`);
    await applyByKeyboard('第五份申请键盘', 45, 'keyboard-standard');
    expect(await countCases('第五份申请键盘')).toBe(1);
  });

  it('should do the same in 长辈版 on a 390 px phone, with big text and big targets', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/apply?mode=elder`);
    expect(await page.getAttribute('html', 'class')).toBe('elder');
    const metrics = (await page.evaluate(`(() => {
      const body = getComputedStyle(document.body);
      const button = document.querySelector('.apply-form button[type=submit]').getBoundingClientRect();
      const input = document.getElementById('f-applicant-name').getBoundingClientRect();
      return { font: parseFloat(body.fontSize), line: parseFloat(body.lineHeight) / parseFloat(body.fontSize), button: button.height, input: input.height, scrollWidth: document.documentElement.scrollWidth };
    })()`)) as { font: number; line: number; button: number; input: number; scrollWidth: number };
    expect(metrics.font).toBeGreaterThanOrEqual(24); // 18 pt
    expect(metrics.line).toBeGreaterThanOrEqual(1.5);
    expect(metrics.button).toBeGreaterThanOrEqual(60);
    expect(metrics.input).toBeGreaterThanOrEqual(60);
    expect(metrics.scrollWidth).toBeLessThanOrEqual(390);
    await axe('apply (elder, 390)');
    await applyByKeyboard('第六份申请长辈版', 46, 'keyboard-elder');
    await axe('confirmation (elder)');
    // The mode stays on for the next page.
    await page.goto(`${base}/track`);
    expect(await page.getAttribute('html', 'class')).toBe('elder');
    await page.goto(`${base}/?mode=standard`);
  });

  it('should register, list my applications, log out and log in again', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/account/register`);
    await page.fill('#f-displayName', '周八');
    await page.fill('#f-email', 'zhou.ba@example.com');
    await page.fill('#f-password', 'short');
    await page.click('button[type=submit]');
    expect(await page.textContent('#error-summary')).toContain('密码至少10位，且需包含字母和数字');
    expect(await page.inputValue('#f-email')).toBe('zhou.ba@example.com');
    await page.fill('#f-password', 'Zhou#Ba20260309');
    await page.click('button[type=submit]');
    // Registration answers alike for new and taken addresses: the applicant then logs in.
    expect(page.url()).toBe(`${base}/account/login?registered=1`);
    expect(await page.textContent('[role=status]')).toContain('注册信息已提交');
    await page.fill('#f-email', 'zhou.ba@example.com');
    await page.fill('#f-password', 'Zhou#Ba20260309');
    await page.click('button[type=submit]');
    expect(page.url()).toBe(`${base}/account`);
    expect(await page.textContent('main')).toContain('您还没有以本账号提交过申请');

    await page.goto(`${base}/apply`);
    await fillNaturalPerson('第七份申请登录后', residentId(47));
    await page.click('button[type=submit]');
    await page.click('button[data-prevent-double-submit]');
    const mine = (await page.textContent('#tracking-number'))!.trim();
    await page.goto(`${base}/account`);
    expect(await page.textContent('table')).toContain(mine);
    await axe('my applications');
    await shoot('account-standard');

    await page.click('text=退出登录');
    await page.goto(`${base}/account`);
    expect(page.url()).toBe(`${base}/account/login?next=/account`);
    await page.fill('#f-email', 'zhou.ba@example.com');
    await page.fill('#f-password', 'wrong-password-1');
    await page.click('button[type=submit]');
    expect(await page.textContent('#error-summary')).toContain('账号或密码错误');
    await page.fill('#f-password', 'Zhou#Ba20260309');
    await page.click('button[type=submit]');
    expect(page.url()).toBe(`${base}/account`);
    expect(await page.textContent('table')).toContain(mine);
  });
});
