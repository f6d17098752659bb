import { ACCESS_COOKIE } from '../../src/common/auth/auth.guard.js';
import { DEMO_PASSWORD } from '../../src/database/seed/demo-seed.js';
import { ADMIN, APPLICANT, AUDITOR, HEAD, LEGAL, OFFICER, registerCase } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

// Who may open which workbench page, without a browser: the sign-in redirect for nobody, 403 for roles a page is
// not for, 404 for a case outside the caller's reach, 200 otherwise; auditors read case pages without any form.
describe('staff pages: access by role', () => {
  let sut: TestApp;
  let caseId: string;
  const OTHER = 'other.officer@demo.gongkai.local';
  const cookie: Record<string, string> = {};

  beforeAll(async () => {
    sut = await startTestApp();
    caseId = (await registerCase(sut, '2026-03-02')).id;
    const admin = await sut.tokenFor(ADMIN);
    const agencies = (await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${admin}`)).body as { id: string; code: string }[];
    const other = agencies.find((a) => a.code === 'SLXZJ')!;
    const created = await sut.http.post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send({ email: OTHER, displayName: '住建承办', role: 'OFFICER', agencyId: other.id, password: DEMO_PASSWORD });
    expect(created.status).toBe(201);
    for (const email of [OFFICER, HEAD, LEGAL, AUDITOR, APPLICANT, ADMIN, OTHER]) cookie[email] = `${ACCESS_COOKIE}=${await sut.tokenFor(email)}`;
  });

  afterAll(async () => {
    await sut.close();
  });

  const get = (path: string, who?: string) => {
    const req = sut.http.get(path);
    return who ? req.set('Cookie', cookie[who]!) : req;
  };

  it('should answer each page for each role as the matrix says', async () => {
    const pages = ['/staff', '/staff/cases', `/staff/cases/${caseId}`, '/staff/notifications', '/staff/register', `/staff/cases/${caseId}/draft`];
    // anonymous, applicant, officer of another agency, advisor (nothing referred), auditor, head, officer, admin
    const expected: Record<string, (number | string)[]> = {
      '/staff': [303, 403, 200, 200, 200, 200, 200, 200],
      '/staff/cases': [303, 403, 200, 403, 200, 200, 200, 403],
      [`/staff/cases/${caseId}`]: [303, 403, 404, 404, 200, 200, 200, 403],
      '/staff/notifications': [303, 403, 200, 200, 200, 200, 200, 200],
      '/staff/register': [303, 403, 200, 403, 403, 200, 200, 403],
      [`/staff/cases/${caseId}/draft`]: [303, 403, 404, 403, 403, 200, 200, 403],
    };
    const who = [undefined, APPLICANT, OTHER, LEGAL, AUDITOR, HEAD, OFFICER, ADMIN];
    const actual: Record<string, number[]> = {};
    for (const path of pages) {
      actual[path] = [];
      for (const w of who) actual[path].push((await get(path, w)).status);
    }
    expect(actual).toEqual(expected);
    const anonymous = await get(`/staff/cases/${caseId}`);
    expect(anonymous.headers.location).toBe(`/staff/login?next=${encodeURIComponent(`/staff/cases/${caseId}`)}`);
  });

  it('should refuse an applicant politely, on the pages and at the sign-in', async () => {
    const home = await get('/staff', APPLICANT);
    expect(home.text).toContain('此页面供机关工作人员使用');
    const form = await sut.http.get('/staff/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const cookies = (form.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const login = await sut.http.post('/staff/login').set('Cookie', cookies).type('form').send({ _csrf: csrf, email: APPLICANT, password: DEMO_PASSWORD });
    expect(login.status).toBe(403);
    expect(login.text).toContain('此入口仅供机关工作人员使用');
    expect(String(login.headers['set-cookie'] ?? '')).not.toContain(`${ACCESS_COOKIE}=`);
    const staff = await sut.http.post('/staff/login').set('Cookie', cookies).type('form').send({ _csrf: csrf, email: OFFICER, password: DEMO_PASSWORD, next: '/staff/cases' });
    expect([staff.status, staff.headers.location]).toEqual([303, '/staff/cases']);
  });

  it('should show the officer the case with exactly its allowed actions, and the auditor the same case with no form', async () => {
    const officer = await get(`/staff/cases/${caseId}`, OFFICER);
    const actions = [...officer.text.matchAll(/action="\/staff\/cases\/[^/]+\/events\/([A-Z_]+)"/g)].map((m) => m[1]);
    const api = await sut.http.get(`/api/v1/cases/${caseId}`).set('Authorization', `Bearer ${await sut.tokenFor(OFFICER)}`);
    expect(actions.sort()).toEqual((api.body.allowedEvents as string[]).filter((t) => !['START_DRAFT', 'ASSIGN'].includes(t)).sort());
    expect(actions).toContain('REQUEST_CORRECTION');
    const auditor = await get(`/staff/cases/${caseId}`, AUDITOR);
    expect(auditor.text).toContain(api.body.trackingNumber);
    expect(auditor.text).not.toMatch(/<form[^>]+method="post"[^>]+\/staff\/cases/);
    expect(auditor.text).toContain('只读查看');
  });

  it('should show the office head the approvals and two charts, the officer their due-soon list', async () => {
    const head = await get('/staff', HEAD);
    expect(head.text).toContain('待我审批');
    expect(head.text.match(/<img src="data:image\/svg\+xml;base64,/g)).toHaveLength(2);
    const officer = await get('/staff', OFFICER);
    expect(officer.text).toContain('王承办（承办人');
    expect(officer.text).toContain('5个工作日内到期');
  });

  it('should show the advisor, the auditor and the admin their own section on the home page', async () => {
    // A referral to the demo advisor, and a locked-out account, so that the sections have something to show.
    const officer = await sut.tokenFor(OFFICER);
    const advisorId = (await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${await sut.tokenFor(LEGAL)}`)).body.id as string;
    const referred = await registerCase(sut, '2026-03-02');
    for (const body of [{ type: 'ACCEPT' }, { type: 'REFER_TO_LEGAL', advisorIds: [advisorId], question: '是否属于过程性信息？' }]) {
      const res = await sut.http.post(`/api/v1/cases/${referred.id}/events`).set('Authorization', `Bearer ${officer}`).send(body);
      expect([body.type, res.status]).toEqual([body.type, 200]);
    }
    await sut.dataSource.query(`UPDATE app_user SET locked_until = now() + interval '1 day', failed_login_count = 5 WHERE email = $1`, [OTHER]);

    const advisor = await get('/staff', LEGAL);
    expect(advisor.status).toBe(200);
    expect(advisor.text).toContain('待提出意见的会商（1件）');
    expect(advisor.text).toContain(`href="/staff/legal/cases/${referred.id}">${referred.trackingNumber}</a>`);
    expect(advisor.text).toContain('是否属于过程性信息');
    // The case's reply deadline, as the referral list of /staff/legal shows it.
    const [y, m, d] = referred.dueDate!.split('-').map(Number);
    expect(advisor.text).toContain(`<td>${y}年${m}月${d}日</td>`);

    const auditor = await get('/staff', AUDITOR);
    expect(auditor.status).toBe(200);
    expect(auditor.text).toMatch(/<form method="get" action="\/staff\/audit#results"[^>]*>[\s\S]*?name="q"/);
    expect(auditor.text).toContain('档案完整性巡检');
    expect(auditor.text).not.toContain('待提出意见的会商');

    const admin = await get('/staff', ADMIN);
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('工作日历');
    expect(admin.text).toMatch(/被锁定的账号（[1-9]\d*个）/);
    expect(admin.text).toContain('住建承办');
    expect(admin.text).not.toContain('档案完整性巡检');
  });
});
