import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/database/seed/demo-seed.js';
import { PendingReceipts } from '../../src/modules/intake/pending-receipts.js';
import { MailDispatcher } from '../../src/modules/notifications/mail-dispatcher.service.js';
import { HEAD, LEGAL, OFFICER, sendEvent } from '../setup/case-helpers.js';
import { startSmtpReceiver, type SmtpReceiver } from '../setup/smtp-receiver.js';
import { useBrowserSuite } from '../setup/browser.js';
import type { TestApp } from '../setup/test-app.js';

// The officer's and office head's workbench in a real browser: register a counter application, correction,
// acceptance, a NOT_EXIST reply drafted with its preview, returned by the head, fixed, approved, delivered by e-mail
// to a real SMTP receiver; the main path by keyboard; axe-core on every page; screenshots in both modes and widths.


describe('staff workbench in the browser', () => {
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
  });
  // Monday 2026-03-09, 10:00 in Beijing.
  const ui = useBrowserSuite({ app: () => ({ now: '2026-03-09T02:00:00Z', env: { SMTP_URL: smtp.url } }), shots: 'staff-' });
  const { axe, shoot } = ui;
  let sut: TestApp;
  let base: string;
  let page: Page;
  let caseId = '';
  let trackingNumber = '';

  beforeAll(() => {
    ({ sut, base, page } = ui);
  });

  afterAll(async () => {
    await smtp?.close();
  });

  /** axe, then both widths of what is on screen now; for GET pages also the elder mode (reloaded, then back). */
  async function look(name: string, opts: { elder?: boolean } = {}): Promise<void> {
    await axe(name);
    await shoot(`${name}-standard`);
    if (opts.elder) {
      const url = page.url().split('#')[0]!;
      await page.goto(`${url}${url.includes('?') ? '&' : '?'}mode=elder`);
      await axe(`${name} (elder)`);
      await shoot(`${name}-elder`);
      await page.goto(`${url}${url.includes('?') ? '&' : '?'}mode=standard`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function login(email: string): Promise<void> {
    await page.goto(`${base}/staff/login`);
    await page.fill('#f-email', email);
    await page.fill('#f-password', DEMO_PASSWORD);
    await page.click('main button[type=submit]');
    expect(page.url()).toBe(`${base}/staff`);
  }

  async function logout(): Promise<void> {
    await page.click('.staff-user button[type=submit]');
    expect(page.url()).toBe(`${base}/staff/login`);
  }

  /** Opens an action of the case page (each is folded under its name). */
  async function openAction(type: string): Promise<void> {
    if ((await page.getAttribute(`#action-${type}`, 'open')) === null) await page.click(`#action-${type} > summary`);
  }

  const activeId = () => page.evaluate('document.activeElement ? document.activeElement.id : ""') as Promise<string>;
  const activeText = () => page.evaluate('document.activeElement ? document.activeElement.textContent.trim() : ""') as Promise<string>;

  /** Tabs forward until the focused element matches (keyboard only), at most `max` presses. */
  async function tabTo(matches: () => Promise<boolean>, max = 80): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await matches()) return;
    }
    throw new Error('focus never reached the element');
  }

  it('should sign the officer in, show the workbench and register a counter application with its receipt date reviewed', async () => {
    await page.goto(`${base}/staff/login`);
    await look('login', { elder: true });
    await login(OFFICER);
    expect(await page.textContent('.staff-user')).toContain('王承办');
    await look('home-officer', { elder: true });

    await page.goto(`${base}/staff/register`);
    await look('register', { elder: true });
    await page.check('#f-channel');
    await page.fill('#f-counter-submittedOn', '2026-03-09');
    await page.fill('#f-applicantName', '张三');
    await page.fill('#f-requestDescription', '青山镇2025年度土地征收补偿安置方案');
    await page.click('main form button[type=submit]');
    expect(await page.textContent('h1')).toBe('核对登记信息');
    expect(await page.textContent('main')).toContain('收到申请之日：2026年3月9日');
    expect(await page.textContent('main')).toContain('第三十一条第（一）项');
    await look('register-review');
    await page.click('button[value=save]');
    expect(await page.textContent('h1')).toBe('申请已登记');
    trackingNumber = (await page.textContent('.panel-confirm strong'))!.trim();
    expect(trackingNumber).toMatch(/^SLXZR-2026-\d{6}$/);
    const receipt = await page.getAttribute('a.button', 'href');
    const pdf = await page.request.get(`${base}${receipt}`);
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    await look('register-done');
    await page.click('text=打开案件');
    caseId = page.url().split('/').pop()!.split('?')[0]!;
  });

  it('should reach the case from the queue and request a correction by keyboard, keeping the input through a concurrent change', async () => {
    await page.goto(`${base}/staff/cases`);
    await look('queue', { elder: true });
    await page.focus('body');
    expect(trackingNumber).not.toBe('');
    await tabTo(async () => (await activeText()) === trackingNumber);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/staff/cases/${caseId}`);
    await look('case-registered', { elder: true });
    // The correction form: opened, reached and filled with the keyboard.
    await tabTo(async () => (await activeText()) === '告知补正', 200);
    await page.keyboard.press('Enter');
    await tabTo(async () => (await activeId()) === 'f-REQUEST_CORRECTION-items');
    await page.keyboard.type('请明确所申请信息的名称或文号');
    // Meanwhile someone else changes the case (the head assigns it again): the submission meets a 409.
    const head = await sut.tokenFor(HEAD);
    const me = (await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${await sut.tokenFor(OFFICER)}`)).body as { id: string };
    expect((await sendEvent(sut, head, caseId, { type: 'ASSIGN', assigneeId: me.id })).status).toBe(200);
    await tabTo(async () => (await activeText()) === '发出补正告知');
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    expect(await page.textContent('#error-summary')).toContain('此案件已被他人更改，请刷新后重试');
    expect(await page.inputValue('#f-REQUEST_CORRECTION-items')).toBe('请明确所申请信息的名称或文号');
    await look('case-conflict');
    await page.click('#form-REQUEST_CORRECTION button[type=submit]');
    expect(await page.textContent('main')).toContain('已记录');
    expect(await page.textContent('h1')).toContain('待补正');
    await openAction('RECEIVE_CORRECTION');
    await page.fill('#f-RECEIVE_CORRECTION-summary', '申请人补充了方案名称');
    await page.click('#form-RECEIVE_CORRECTION button[type=submit]');
    expect(await page.textContent('h1')).toContain('待受理审查');
    await openAction('ACCEPT');
    await page.click('#form-ACCEPT button[type=submit]');
    expect(await page.textContent('h1')).toContain('已受理');
    expect(await page.textContent('.timeline')).toContain('告知补正');
    await look('case-accepted', { elder: true });
  });

  it('should draft a NOT_EXIST reply with the preview, be returned by the head, fix it and have it approved', async () => {
    // 本机关不掌握 needs the legal advisor's agreement before approval: referred from the case page, answered by the
    // advisor (whose own pages are elsewhere) through the API.
    await page.goto(`${base}/staff/cases/${caseId}`);
    await openAction('REFER_TO_LEGAL');
    await page.check('#f-REFER_TO_LEGAL-advisorIds');
    await page.fill('#f-REFER_TO_LEGAL-question', '检索范围是否足以认定本机关不掌握该信息？');
    await page.click('#form-REFER_TO_LEGAL button[type=submit]');
    expect(await page.textContent('main')).toContain('已记录');
    const referralId = ((await sut.http.get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${await sut.tokenFor(LEGAL)}`)).body as { pendingReferrals: string[] }).pendingReferrals[0];
    expect((await sendEvent(sut, await sut.tokenFor(LEGAL), caseId, { type: 'SUBMIT_LEGAL_OPINION', referralId, opinion: 'AGREE', text: '检索范围和方式充分，同意答复。' })).status).toBe(200);
    await page.goto(`${base}/staff/cases/${caseId}/draft`);
    await page.check('#f-replyType-NOT_EXIST');
    await page.click('text=选择此类型');
    await page.fill('#f-blank-searchScope', '本机关文书档案系统（2015年至今）');
    await page.fill('#f-blank-searchMethod', '以“青山镇”“征收”为关键词检索。');
    await page.click('#draft-form button[type=submit]');
    expect(await page.textContent('main')).toContain('答复稿已保存');
    const preview = await page.request.get(`${base}/api/v1/cases/${caseId}/draft/preview`);
    expect([preview.status(), preview.headers()['content-type']]).toEqual([200, 'application/pdf']);
    expect(await page.locator('iframe.preview-frame').count()).toBe(1);
    await look('draft');
    await page.click('#form-SUBMIT_FOR_APPROVAL button[type=submit]');
    await logout();

    await login(HEAD);
    expect(await page.textContent('#s-approvals')).toContain('待我审批（1件）');
    await look('home-head', { elder: true });
    await page.goto(`${base}/staff/cases/${caseId}/draft`);
    await look('approval', { elder: true });
    await page.fill('#f-RETURN_DRAFT-comments', '请写明纸质档案的检索过程');
    await page.click('#form-RETURN_DRAFT button[type=submit]');
    await logout();

    await login(OFFICER);
    await page.goto(`${base}/staff/cases/${caseId}/draft`);
    expect(await page.textContent('.panel-warning')).toContain('请写明纸质档案的检索过程');
    expect(await page.inputValue('#f-blank-searchScope')).toBe('本机关文书档案系统（2015年至今）');
    await page.fill('#f-blank-searchMethod', '以“青山镇”“征收”为关键词检索电子档案，并逐卷核查纸质档案。');
    await page.click('#draft-form button[type=submit]');
    await page.click('#form-SUBMIT_FOR_APPROVAL button[type=submit]');
    await logout();

    await login(HEAD);
    await page.goto(`${base}/staff/cases/${caseId}/draft`);
    expect(await page.textContent('main')).toContain('检索范围和方式充分');
    // Irreversible: refused without the confirmation, then recorded with it.
    await page.click('#form-APPROVE_REPLY button[type=submit]');
    expect(await page.textContent('#error-summary')).toContain('请勾选确认后再提交');
    await page.check('#f-APPROVE_REPLY-confirmed');
    await page.click('#form-APPROVE_REPLY button[type=submit]');
    expect(await page.textContent('main')).not.toContain('有以下问题需要修改');
    expect(await page.textContent('h1')).toContain('已审批待送达');
    await logout();
  });

  it('should deliver the issued reply by e-mail, and the mail arrives with the PDF', async () => {
    await login(OFFICER);
    await page.goto(`${base}/staff/cases/${caseId}`);
    expect(await page.textContent('main')).toContain('答复书');
    const docHref = await page.getAttribute('#h-docs + ul a', 'href');
    expect((await page.request.get(`${base}${docHref}`)).headers()['content-type']).toBe('application/pdf');
    await openAction('DELIVER_REPLY');
    await page.check('#f-DELIVER_REPLY-method');
    await page.fill('#f-DELIVER_REPLY-email', 'zhang.san@example.com');
    await page.check('#f-DELIVER_REPLY-confirmed');
    await page.click('#form-DELIVER_REPLY button[type=submit]');
    expect(await page.textContent('h1')).toContain('已送达');
    await look('case-delivered');
    await sut.app.get(MailDispatcher).idle();
    const mails = await smtp.waitFor(1, 20_000);
    const reply = mails.find((m) => m.envelope.to.includes('zhang.san@example.com') && m.parsed.attachments.some((a) => a.contentType === 'application/pdf'));
    expect(reply?.parsed.subject).toBeTruthy();
  });

  it('should tell the officer when the receipt could not be issued with the registration (the sweep issues it), in both modes', async () => {
    /** Registers a counter application from the form, the receipt's issue failing if `failing`; stays on the confirmation. */
    const register = async (mode: 'standard' | 'elder', failing: boolean, description: string) => {
      if (failing) jest.spyOn(sut.app.get(PendingReceipts), 'issue').mockRejectedValueOnce(new Error('storage unavailable'));
      await page.goto(`${base}/staff/register?mode=${mode}`);
      await page.check('#f-channel');
      await page.fill('#f-counter-submittedOn', '2026-03-09');
      await page.fill('#f-applicantName', '李四');
      await page.fill('#f-requestDescription', description);
      await page.click('main form button[type=submit]');
      await page.click('button[value=save]');
      expect(await page.textContent('h1')).toBe('申请已登记');
    };
    await register('elder', false, '青山镇2025年度农村公路养护资金分配方案');
    expect(await page.locator('a.button').textContent()).toBe('打印接收回执（PDF）');
    await axe('register-done (elder)');
    await shoot('register-done-elder');

    for (const mode of ['elder', 'standard'] as const) {
      await register(mode, true, `青山镇2025年度农村饮水工程维修资金安排（${mode}）`);
      expect(await page.textContent('main')).toContain('接收回执正在生成，请稍后在案件页面打印。');
      expect(await page.locator('a.button').count()).toBe(0);
      await axe(`register-done-pending (${mode})`);
      await shoot(`register-done-pending-${mode}`);
    }
  });
});
