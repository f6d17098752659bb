import { ADMIN, APPLICANT, AUDITOR, HEAD, LEGAL, OFFICER, registerCase, sendEvent } from '../setup/case-helpers.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

// Who may open the legal advisor's and the admin's pages, and what a POST by the wrong role does (nothing).

type Who = 'anonymous' | 'applicant' | 'officer' | 'head' | 'advisor' | 'auditor' | 'admin';
const EMAIL: Record<Exclude<Who, 'anonymous'>, string> = { applicant: APPLICANT, officer: OFFICER, head: HEAD, advisor: LEGAL, auditor: AUDITOR, admin: ADMIN };
const EVERYONE: Who[] = ['anonymous', 'applicant', 'officer', 'head', 'advisor', 'auditor', 'admin'];

interface Session {
  cookie: string;
  csrf: string;
}

describe('staff pages: legal advisor and admin, access matrix', () => {
  let sut: TestApp;
  const sessions = new Map<Who, Session>();
  let referredCase: string;
  let otherCase: string;
  let referralId: string;
  let landAgency: string;
  let officerId: string;

  beforeAll(async () => {
    sut = await startTestApp();
    for (const who of EVERYONE) {
      // A page visit gives the session and CSRF cookies and the form token; staff log in with the API's access cookie.
      const page = await sut.http.get('/account/login');
      const jar = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const access = who === 'anonymous' ? '' : `; gk_access=${await sut.tokenFor(EMAIL[who])}`;
      sessions.set(who, { cookie: jar + access, csrf });
    }
    const officer = await sut.tokenFor(OFFICER);
    const advisor = await sut.http.get('/api/v1/me').set('Authorization', `Bearer ${await sut.tokenFor(LEGAL)}`);
    const a = await registerCase(sut, '2026-03-02', { requestDescription: '会商案件：2025年度土地征收评估报告', delivery: { form: 'ELECTRONIC', method: 'EMAIL', email: 'zhang.contact@example.com' } });
    const b = await registerCase(sut, '2026-03-02', { requestDescription: '未会商案件：某镇规划图' });
    for (const c of [a, b]) expect((await sendEvent(sut, officer, c.id, { type: 'ACCEPT' })).status).toBe(200);
    expect((await sendEvent(sut, officer, a.id, { type: 'REFER_TO_LEGAL', advisorIds: [advisor.body.id], question: '评估报告是否属于过程性信息' })).status).toBe(200);
    referredCase = a.id;
    otherCase = b.id;
    [{ id: referralId }] = await sut.dataSource.query(`SELECT id FROM legal_referral WHERE case_id = $1`, [a.id]);
    [{ id: landAgency }] = await sut.dataSource.query(`SELECT id FROM agency WHERE code = 'SLXZR'`);
    [{ id: officerId }] = await sut.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [OFFICER]);
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
  });

  const get = (who: Who, url: string) => sut.http.get(url).set('Cookie', sessions.get(who)!.cookie).redirects(0);
  const post = (who: Who, url: string, form: Record<string, string>) =>
    sut.http.post(url).set('Cookie', sessions.get(who)!.cookie).type('form').send({ _csrf: sessions.get(who)!.csrf, ...form }).redirects(0);

  function expectAnswer(res: { status: number; headers: Record<string, string>; text: string }, expected: 'redirect' | 200 | 403 | 404, url: string, next = url): void {
    if (expected === 'redirect') {
      expect({ url, status: res.status }).toEqual({ url, status: 303 });
      expect(res.headers.location).toBe(`/staff/login?next=${encodeURIComponent(next)}`);
      return;
    }
    expect({ url, status: res.status }).toEqual({ url, status: expected });
    if (expected === 403) expect(res.text).toContain('无法访问此页面');
    if (expected === 404) expect(res.text).toContain('找不到您要访问的页面');
  }

  it('should show each page only to its role: log-in for anonymous visitors, 403 for other roles', async () => {
    const legalPages = ['/staff/legal', `/staff/legal/cases/${referredCase}`];
    const adminPages = [
      '/staff/admin',
      '/staff/admin/agencies',
      '/staff/admin/agencies/new',
      `/staff/admin/agencies/${landAgency}`,
      '/staff/admin/users',
      '/staff/admin/users/new',
      `/staff/admin/users/${officerId}`,
      '/staff/admin/calendar',
      '/staff/admin/calendar?year=2027',
      '/staff/admin/templates',
      '/staff/admin/templates/NOT_EXIST',
      '/staff/admin/templates/RECEIPT/pdf',
      '/staff/admin/imports',
    ];
    for (const who of EVERYONE) {
      for (const url of legalPages) expectAnswer(await get(who, url), who === 'anonymous' ? 'redirect' : who === 'advisor' ? 200 : 403, url);
      for (const url of adminPages) expectAnswer(await get(who, url), who === 'anonymous' ? 'redirect' : who === 'admin' ? 200 : 403, url);
    }
  });

  it('should answer 404 for a case not referred to the advisor, an unknown one, and unknown records or letters', async () => {
    expectAnswer(await get('advisor', `/staff/legal/cases/${otherCase}`), 404, 'other case');
    expectAnswer(await get('advisor', '/staff/legal/cases/00000000-0000-4000-8000-000000000000'), 404, 'unknown case');
    expectAnswer(await get('advisor', '/staff/legal/cases/not-a-uuid'), 404, 'malformed id');
    expectAnswer(await post('advisor', `/staff/legal/cases/${otherCase}/opinion`, { referralId, opinion: 'AGREE', text: '同意' }), 404, 'opinion on other case');
    expectAnswer(await get('admin', '/staff/admin/users/00000000-0000-4000-8000-000000000000'), 404, 'unknown user');
    expectAnswer(await get('admin', '/staff/admin/agencies/not-a-uuid'), 404, 'malformed agency');
    expectAnswer(await get('admin', '/staff/admin/templates/NO_SUCH_LETTER'), 404, 'unknown letter');
    expectAnswer(await get('admin', '/staff/admin/calendar?year=1999'), 404, 'year outside the calendar');
  });

  it('should show the advisor the question and the case without contact details, waiting referrals with their deadline', async () => {
    const home = await get('advisor', '/staff/legal');
    expect(home.text).toContain('评估报告是否属于过程性信息');
    expect(home.text).toContain('2026年3月30日');
    expect(home.text).not.toContain('未会商案件');
    const page = await get('advisor', `/staff/legal/cases/${referredCase}`);
    expect(page.text).toContain('会商案件');
    expect(page.text).toContain('联系方式不向法律顾问提供');
    expect(page.text).not.toContain('zhang.contact@example.com');
    // The officer's view carries it, so its absence here is the redaction, not a missing fact.
    const officerView = await sut.http.get(`/api/v1/cases/${referredCase}`).set('Authorization', `Bearer ${await sut.tokenFor(OFFICER)}`);
    expect(JSON.stringify(officerView.body)).toContain('zhang.contact@example.com');
  });

  it('should change nothing when the wrong role posts to a staff page', async () => {
    const counts = async () => {
      const [row] = await sut.dataSource.query(
        `SELECT (SELECT count(*)::int FROM app_user) AS users, (SELECT name FROM agency WHERE id = $1) AS agency, (SELECT password_hash FROM app_user WHERE id = $2) AS hash,
                (SELECT count(*)::int FROM calendar_version) AS versions, (SELECT opinion FROM legal_referral WHERE id = $3) AS opinion, (SELECT count(*)::int FROM case_event WHERE case_id = $4) AS events`,
        [landAgency, officerId, referralId, referredCase],
      );
      return row as Record<string, unknown>;
    };
    const before = await counts();
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:春节 休\r\nDTSTART;VALUE=DATE:20270206\r\nDTEND;VALUE=DATE:20270215\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const posts: [string, Record<string, string>, Who[]][] = [
      ['/staff/admin/users', { displayName: '冒名', email: 'intruder@example.gov.cn', role: 'ADMIN', password: 'Intruder#2026x' }, ['admin']],
      [`/staff/admin/agencies/${landAgency}`, { name: '被篡改的机关', type: 'GOVERNMENT_DEPARTMENT', documentPrefix: 'X', reconsiderationBody: 'X', competentCourt: 'X' }, ['admin']],
      [`/staff/admin/users/${officerId}/password`, { newPassword: 'Intruder#2026x' }, ['admin']],
      [`/staff/admin/users/${officerId}/unlock`, {}, ['admin']],
      ['/staff/admin/calendar/apply', { year: '2027', source: '伪造', format: 'ics', content: ics }, ['admin']],
      [`/staff/legal/cases/${referredCase}/opinion`, { referralId, opinion: 'AGREE', text: '同意' }, ['advisor']],
    ];
    for (const [url, form, allowed] of posts) {
      for (const who of EVERYONE.filter((w) => !allowed.includes(w))) {
        // A form posted without a session leads to the log-in, then back to the section's home.
        expectAnswer(await post(who, url, form), who === 'anonymous' ? 'redirect' : 403, `${who} POST ${url}`, url.startsWith('/staff/legal') ? '/staff/legal' : '/staff/admin');
      }
    }
    // The import preview is multipart: refused the same way.
    for (const who of ['officer', 'auditor', 'advisor'] as Who[]) {
      const res = await sut.http
        .post('/staff/admin/calendar/preview')
        .set('Cookie', sessions.get(who)!.cookie)
        .field('_csrf', sessions.get(who)!.csrf)
        .field('year', '2027')
        .field('source', '伪造')
        .attach('file', Buffer.from(ics), 'x.ics');
      expect(res.status).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });

  it('should refuse a forged form (no CSRF token) even from the admin', async () => {
    const res = await sut.http.post('/staff/admin/users').set('Cookie', sessions.get('admin')!.cookie).type('form').send({ displayName: '无令牌', email: 'nocsrf@example.gov.cn', role: 'OFFICER', agencyId: landAgency, password: 'NoToken#2026x' });
    expect(res.status).toBe(403);
    const [{ n }] = await sut.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'nocsrf@example.gov.cn'`);
    expect(n).toBe(0);
  });

  it('should let the admin create a user and change an agency, with the API rules and messages on errors', async () => {
    const bad = await post('admin', '/staff/admin/users', { displayName: '周承办', email: 'zhou@example.gov.cn', role: 'OFFICER', password: 'Zhou#Passw0rd1' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('有以下问题需要修改');
    expect(bad.text).toContain('该角色必须指定所属机关');
    const created = await post('admin', '/staff/admin/users', { displayName: '周承办', email: 'zhou@example.gov.cn', role: 'OFFICER', agencyId: landAgency, password: 'Zhou#Passw0rd1' });
    expect(created.status).toBe(303);
    const login = await sut.http.post('/api/v1/auth/login').send({ email: 'zhou@example.gov.cn', password: 'Zhou#Passw0rd1' });
    expect(login.status).toBe(200);

    const form = { name: '示例县自然资源局', type: 'GOVERNMENT_DEPARTMENT', documentPrefix: '示县自然资公开', reconsiderationBody: '示例县人民政府', competentCourt: '示例县人民法院', parentId: '' };
    const badPattern = await post('admin', `/staff/admin/agencies/${landAgency}`, { ...form, 'settings.documentNumberPattern': '{year}{seq}' });
    expect(badPattern.status).toBe(422);
    expect(badPattern.text).toContain('文号格式须依次包含{prefix}、{year}、{seq}');
    const saved = await post('admin', `/staff/admin/agencies/${landAgency}`, { ...form, 'settings.documentNumberPattern': '{prefix}〔{year}〕第{seq}号', 'settings.correctionWindowWorkdays': '10', 'settings.feeNoticePausesClock': 'true' });
    expect(saved.status).toBe(303);
    const agency = await sut.http.get(`/api/v1/agencies/${landAgency}`).set('Authorization', `Bearer ${await sut.tokenFor(ADMIN)}`);
    expect(agency.body.settings).toMatchObject({ documentNumberPattern: '{prefix}〔{year}〕第{seq}号', correctionWindowWorkdays: 10 });
  });
  it('should show locked-out accounts on the admin home and unlock them there', async () => {
    await sut.dataSource.query(`UPDATE app_user SET locked_until = now() + interval '1 day', failed_login_count = 5 WHERE id = $1`, [officerId]);
    const home = await get('admin', '/staff/admin');
    expect(home.text).toContain('被锁定的账号');
    expect(home.text).toContain('王承办');
    const unlocked = await post('admin', `/staff/admin/users/${officerId}/unlock`, { from: 'home' });
    expect(unlocked.status).toBe(303);
    expect(unlocked.headers.location).toBe('/staff/admin?unlocked=1');
    const [row] = await sut.dataSource.query(`SELECT locked_until FROM app_user WHERE id = $1`, [officerId]);
    expect(row.locked_until).toBeNull();
    expect((await get('admin', '/staff/admin')).text).toContain('目前没有被锁定的账号');
  });

  it('should answer a bad calendar file with the reason on the form (422), and import a JSON file after its preview', async () => {
    const upload = (content: string | null, name = 'days.json', year = '2027') => {
      const req = sut.http
        .post('/staff/admin/calendar/preview')
        .set('Cookie', sessions.get('admin')!.cookie)
        .field('_csrf', sessions.get('admin')!.csrf)
        .field('year', year)
        .field('source', '国务院办公厅通知');
      return content === null ? req : req.attach('file', Buffer.from(content), name);
    };
    const none = await upload(null);
    expect(none.status).toBe(422);
    expect(none.text).toContain('请选择要导入的 iCalendar（.ics）或 JSON 文件');
    const notJson = await upload('{ not json');
    expect(notJson.status).toBe(422);
    expect(notJson.text).toContain('文件不是有效的 JSON');
    const outside = await upload(JSON.stringify([{ date: '2028-01-01', kind: 'DAY_OFF', name: '元旦' }]));
    expect(outside.status).toBe(422);
    expect(outside.text).toContain('第1项：日期不属于2027年');
    const badIcs = await upload('BEGIN:VCALENDAR\r\nEND', 'x.ics');
    expect(badIcs.status).toBe(422);
    expect(badIcs.text).toContain('有以下问题需要修改');

    const days = [{ date: '2027-01-01', kind: 'DAY_OFF', name: '元旦' }, { date: '2027-02-05', kind: 'DAY_OFF', name: '春节' }];
    const preview = await upload(JSON.stringify({ days }));
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('导入预览：2027年工作日历');
    // Festivals of the provisional year that the file leaves out are named.
    expect(preview.text).toContain('文件中没有以下节日');
    const [{ n: before }] = await sut.dataSource.query(`SELECT count(*)::int AS n FROM calendar_version WHERE year = 2027`);
    expect(before).toBe(0);
    const content = /name="content" value="([^"]*)"/.exec(preview.text)![1]!.replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(JSON.parse(content)).toEqual({ days });
    const applied = await post('admin', '/staff/admin/calendar/apply', { year: '2027', source: '国务院办公厅通知', format: 'json', content });
    expect(applied.status).toBe(303);
    expect(applied.headers.location).toMatch(/^\/staff\/admin\/calendar\?year=2027&imported=\d+$/);
    const version = await sut.http.get('/api/v1/calendar/2027').set('Authorization', `Bearer ${await sut.tokenFor(ADMIN)}`);
    expect(version.body).toMatchObject({ provisional: false, source: '国务院办公厅通知' });
    expect(version.body.days).toEqual(days);
  });
});
