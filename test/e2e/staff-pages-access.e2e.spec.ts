import { ACCESS_COOKIE } from '../../src/common/auth/auth.guard.js';
import { DEMO_PASSWORD } from '../../src/database/seed/demo-seed.js';
import { ADMIN, APPLICANT, AUDITOR, HEAD, LEGAL, OFFICER, registerCase } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

// Who may open which workbench page, without a browser: the sign-in redirect, 403 for roles a page is not for,
// 404 for a case outside the caller's reach, 200 otherwise; auditors read case pages without any form.
describe('staff pages: access by role', () => {
  let sut: TestApp;
  let caseId: string;
  const cookie: Record<string, string> = {};

  beforeAll(async () => {
    sut = await startTestApp();
    caseId = (await registerCase(sut, '2026-03-02')).id;
    for (const email of [OFFICER, HEAD, LEGAL, AUDITOR, APPLICANT, ADMIN]) cookie[email] = `${ACCESS_COOKIE}=${await sut.tokenFor(email)}`;
  });

  afterAll(async () => {
    await sut.close();
  });

  const get = (path: string, who?: string) => {
    const req = sut.http.get(path);
    return who ? req.set('Cookie', cookie[who]!) : req;
  };

  it('should send an anonymous visitor to the staff sign-in with a way back', async () => {
    for (const path of ['/staff', '/staff/notifications']) {
      const res = await get(path);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/staff/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('should refuse an applicant politely, on the pages and at the sign-in', async () => {
    const home = await get('/staff', APPLICANT);
    expect(home.status).toBe(403);
    expect(home.text).toContain('此页面供机关工作人员使用');
    const form = await sut.http.get('/staff/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const cookies = (form.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const login = await sut.http.post('/staff/login').set('Cookie', cookies).type('form').send({ _csrf: csrf, email: APPLICANT, password: DEMO_PASSWORD });
    expect(login.status).toBe(403);
    expect(login.text).toContain('此入口仅供机关工作人员使用');
    expect(String(login.headers['set-cookie'] ?? '')).not.toContain(`${ACCESS_COOKIE}=`);
  });

  it('should show the officer their workbench with the navigation and the unread count', async () => {
    const res = await get('/staff', OFFICER);
    expect(res.status).toBe(200);
    expect(res.text).toContain('政府信息公开工作台');
    expect(res.text).toContain('王承办（承办人');
    expect(res.text).toContain('未读提醒');
    expect(res.text).toContain('5个工作日内到期');
  });

  it('should show the office head the approvals and two charts', async () => {
    const res = await get('/staff', HEAD);
    expect(res.status).toBe(200);
    expect(res.text).toContain('待我审批');
    expect(res.text.match(/<img src="data:image\/svg\+xml;base64,/g)).toHaveLength(2);
  });
});
