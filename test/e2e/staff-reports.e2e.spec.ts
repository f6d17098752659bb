import { ADMIN, APPLICANT, AUDITOR, HEAD, LEGAL, OFFICER, registerCase } from '../setup/case-helpers.js';
import { residentId } from '../setup/applications.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

// The staff report pages (年度报告、运行统计): who may open them, what they show, and publishing through a form.
describe('staff report pages', () => {
  let sut: TestApp;
  let land: string;
  let housing: string;
  let county: string;
  const cookie: Record<string, string> = {};
  let uncategorised: string;
  const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

  const page = (who: string | null, url: string) => {
    const req = sut.http.get(url).redirects(0);
    return who ? req.set('Cookie', `gk_access=${cookie[who]}`) : req;
  };

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-01-20T02:00:00Z' });
    for (const [who, email] of Object.entries({ applicant: APPLICANT, officer: OFFICER, head: HEAD, advisor: LEGAL, auditor: AUDITOR, admin: ADMIN })) cookie[who] = await sut.tokenFor(email);
    const agencies = (await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${cookie.admin}`)).body as { id: string; code: string }[];
    land = agencies.find((a) => a.code === 'SLXZR')!.id;
    housing = agencies.find((a) => a.code === 'SLXZJ')!.id;
    county = agencies.find((a) => a.code === 'SLX')!.id;
    // Two 2025 applications of the land bureau, still open at the end of the year; one recorded without an
    // applicant category, which the column check names.
    uncategorised = (await registerCase(sut, '2025-03-03')).trackingNumber;
    const applicant = { kind: 'NATURAL_PERSON', name: '张三', idType: 'RESIDENT_ID', idNumber: residentId(7), phone: '13800138000', category: 'NATURAL_PERSON' };
    const res = await sut.http
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${cookie.officer}`)
      .send({ channel: 'counter', counter: { submittedOn: '2025-11-12' }, applicant, request: { title: '某文件', description: '请求公开该文件。' }, receiptDateReason: '纸质申请补录', reason: '纸质申请补录' });
    expect(res.status).toBe(201);
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should let office heads, auditors and admins in, send the anonymous to the staff login and refuse everyone else', async () => {
    const urls = [
      '/staff/reports',
      `/staff/reports/annual?agencyId=${land}&year=2025`,
      `/staff/reports/annual/cell?agencyId=${land}&year=2025&row=${encodeURIComponent('一')}&column=TOTAL`,
      `/staff/reports/statistics?agencyId=${land}&from=2025-01-01&to=2025-12-31`,
    ];
    const expected: Record<string, number> = { anonymous: 303, applicant: 403, officer: 403, advisor: 403, head: 200, auditor: 200, admin: 200 };
    const seen: string[] = [];
    const want: string[] = [];
    for (const url of urls) {
      for (const [who, status] of Object.entries(expected)) {
        const res = await page(who === 'anonymous' ? null : who, url);
        seen.push(`${who} ${url} → ${res.status}`);
        want.push(`${who} ${url} → ${status}`);
        if (who === 'anonymous') expect(res.headers.location).toBe(`/staff/login?next=${encodeURIComponent(url)}`);
        if (status === 403) expect(res.text).toContain('仅供政府信息公开工作机构负责人、审计人员和系统管理员查看');
      }
    }
    expect(seen).toEqual(want);
    // Outside the caller's scope: 404 (the office head of the land bureau and another bureau or the county subtree).
    expect((await page('head', `/staff/reports/annual?agencyId=${housing}&year=2025`)).status).toBe(404);
    expect((await page('head', `/staff/reports/annual?agencyId=${county}&year=2025&subtree=true`)).status).toBe(404);
    expect((await page('head', `/staff/reports/statistics?agencyId=${housing}&from=2025-01-01&to=2025-12-31`)).status).toBe(404);
    expect((await page('auditor', `/staff/reports/annual?agencyId=${county}&year=2025&subtree=true`)).status).toBe(200);
    // The agency list offers only what the caller may read.
    const headIndex = (await page('head', '/staff/reports')).text;
    expect(headIndex).toContain('示例县自然资源局');
    expect(headIndex).not.toContain('示例县住房和城乡建设局');
    expect((await page('admin', '/staff/reports')).text).toContain('示例县住房和城乡建设局');
  });

  it('should print the official table with every non-empty number a link to its cases, and the checks', async () => {
    const res = await page('head', `/staff/reports/annual?agencyId=${land}&year=2025`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('收到和处理政府信息公开申请情况');
    expect(res.text).toContain('项校验未通过');
    expect(res.text).toContain(uncategorised);
    expect(res.text).toContain('未经复议直接起诉');
    for (const format of ['csv', 'xlsx', 'pdf', 'md']) expect(decode(res.text)).toContain(`/api/v1/reports/annual?agencyId=${land}&year=2025&format=${format}`);
    // 一 (received) and 四 (carried over): 2 cases each, one a natural person; links only on non-zero numbers.
    const links = [...decode(res.text).matchAll(/href="(\/staff\/reports\/annual\/cell\?[^"]+)"[^>]*>(\d+)</g)].map((m) => `${decodeURIComponent(m[1]!.split('&row=')[1]!)}=${m[2]}`);
    expect(links.sort()).toEqual(['一&column=NATURAL_PERSON=1', '一&column=TOTAL=2', '四&column=NATURAL_PERSON=1', '四&column=TOTAL=2'].sort());
    const cell = await page('auditor', `/staff/reports/annual/cell?agencyId=${land}&year=2025&row=${encodeURIComponent('四')}&column=TOTAL`);
    expect(cell.status).toBe(200);
    expect(cell.text).toContain('共 2 件');
    expect(cell.text.match(/SLXZR-2026-\d{6}/g)?.length).toBeGreaterThanOrEqual(2);
    // Nonsense in the query: a clear 4xx page, never a 500.
    expect((await page('head', `/staff/reports/annual?agencyId=${land}&year=1999`)).status).toBe(422);
    expect((await page('head', `/staff/reports/annual?agencyId=x&year=abc`)).status).toBe(422);
    expect((await page('head', `/staff/reports/annual/cell?agencyId=${land}&year=2025&row=X&column=Y`)).status).toBe(400);
    expect((await page('head', `/staff/reports/statistics?agencyId=${land}&from=2025-12-31&to=2025-01-01`)).status).toBe(422);
  });

  it('should show the statistics with their charts served by the app', async () => {
    const res = await page('auditor', `/staff/reports/statistics?agencyId=${land}&from=2025-01-01&to=2025-12-31`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('法律顾问会商');
    expect(res.text).toContain('按月收到申请');
    const charts = [...decode(res.text).matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);
    expect(charts).toHaveLength(3);
    for (const src of charts) {
      const svg = await sut.http.get(src).set('Cookie', `gk_access=${cookie.auditor}`).buffer(true);
      expect(`${src} ${svg.status} ${svg.headers['content-type']}`).toMatch(/ 200 image\/svg\+xml/);
    }
  });

  it('should publish through the form for the office head only, asking why while a check fails', async () => {
    const agent = (await import('supertest')).default.agent(sut.app.getHttpServer());
    const form = await agent.get(`/staff/reports/annual?agencyId=${land}&year=2025`).set('Cookie', `gk_access=${cookie.head}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const cookies = (form.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const post = (who: string, explanation = '') =>
      sut.http
        .post('/staff/reports/annual/publish')
        .redirects(0)
        .set('Cookie', `${cookies}; gk_access=${cookie[who]}`)
        .type('form')
        .send({ _csrf: csrf, agencyId: land, year: '2025', subtree: 'false', explanation });
    expect((await post('auditor')).status).toBe(403);
    const refused = await post('head');
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('有以下问题需要修改');
    expect(refused.text).toContain('校验未通过，发布前请在“说明”中写明未通过的原因');
    const done = await post('head', '一件纸质申请补录时未记录申请人类别，已核实为自然人。');
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/staff/reports/annual?agencyId=${land}&year=2025&published=1`);
    const after = await page('head', done.headers.location as string);
    expect(after.text).toContain('已发布');
    expect(after.text).not.toContain('发布2025年度数据');
    expect(after.text).toContain('已核实为自然人');
    const again = await post('head', '再次发布');
    expect(again.status).toBe(409);
    expect(again.text).toContain('已发布');
  });
});
