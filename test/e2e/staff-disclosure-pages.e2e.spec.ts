import type { Response } from 'supertest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { webApplication } from '../setup/applications.js';
import { ADMIN, APPLICANT, AUDITOR, HEAD, LEGAL, OFFICER, sendEvent } from '../setup/case-helpers.js';
import { REPLY_BLANK_EXAMPLES } from '../../src/modules/letters/reply-blank-examples.js';
import { DEMO_PASSWORD } from '../../src/database/seed/demo-seed.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

// The staff pages of proactive disclosure over HTTP: who may see and change what (the access matrix), the forms'
// round trips with the API's rules, the self-check exports, and a form kept through a login after the session ran out.

const ZERO = '00000000-0000-4000-8000-000000000000';

/** A browser-like client: keeps the page cookies, reads the CSRF token from the last page. */
class PageClient {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(
    private readonly sut: TestApp,
    access?: string,
  ) {
    if (access) this.cookies.set('gk_access', access);
  }

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): Response {
    for (const c of (res.headers['set-cookie'] as unknown as string[] | undefined) ?? []) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/Expires=Thu, 01 Jan 1970/.test(c) || value === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '');
    if (m) this.csrf = m[1]!;
    return res;
  }

  async get(url: string): Promise<Response> {
    return this.keep(await this.sut.http.get(url).set('Cookie', this.header()).redirects(0));
  }

  async post(url: string, form: Record<string, string | string[]>): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries({ _csrf: this.csrf, ...form })) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.keep(await this.sut.http.post(url).set('Cookie', this.header()).type('form').send(body.toString()).redirects(0));
  }
}

describe('staff pages of proactive disclosure', () => {
  let sut: TestApp;
  const as: Record<string, PageClient> = {};
  let groupId: string;
  let foreignGroupId: string;
  let suggestionId: string;
  let landId: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-10T02:00:00Z' });
    const officer = await sut.tokenFor(OFFICER);
    const admin = await sut.tokenFor(ADMIN);
    for (const [who, email] of [['officer', OFFICER], ['head', HEAD], ['auditor', AUDITOR], ['legal', LEGAL], ['applicant', APPLICANT], ['admin', ADMIN]] as const) {
      as[who] = new PageClient(sut, await sut.tokenFor(email));
    }
    as.anonymous = new PageClient(sut);
    // An officer of another agency (示例县住房和城乡建设局) with its own group.
    const agencies = await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${admin}`);
    const housing = agencies.body.find((x: { code: string }) => x.code === 'SLXZJ');
    await sut.http.post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send({ email: 'zj.officer@example.gov.cn', displayName: '住建承办', role: 'OFFICER', agencyId: housing.id, password: 'Other#20260101' });
    const housingOfficer = await sut.tokenFor('zj.officer@example.gov.cn', 'Other#20260101');
    as.foreign = new PageClient(sut, housingOfficer);

    const register = (date: string, name: string, title: string, token = officer) =>
      sut.http
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${token}`)
        .send({ channel: 'counter', receiptDate: date, reason: '纸质申请补录', applicantName: name, request: { title, description: `请公开${title}。` } })
        .then((r) => {
          if (r.status !== 201) throw new Error(JSON.stringify(r.body));
          return r.body as { id: string };
        });
    await register('2026-01-06', '郑甲', '后营村2025年征地补偿方案');
    await register('2026-01-20', '王乙', '后营村2025年度土地征收补偿标准');
    await register('2026-02-11', '冯丙', '后营村2025年拆迁补偿安置方案');
    await register('2026-02-12', '陈丁', '后营村2024年征地补偿方案');
    await register('2026-01-08', '甲', '东湖小区2025年改造方案', housingOfficer);
    await register('2026-01-09', '乙', '东湖小区2025年改造方案全文', housingOfficer);
    await sut.http.post('/api/v1/disclosure/backfill').set('Authorization', `Bearer ${officer}`).expect(200);
    await sut.http.post('/api/v1/disclosure/backfill').set('Authorization', `Bearer ${housingOfficer}`).expect(200);
    groupId = ((await sut.http.get('/api/v1/disclosure/worklist').set('Authorization', `Bearer ${officer}`)).body as { id: string; label: string }[]).find((g) => g.label.includes('后营村'))!.id;
    foreignGroupId = ((await sut.http.get('/api/v1/disclosure/groups').set('Authorization', `Bearer ${housingOfficer}`)).body as { id: string }[])[0]!.id;
    const [c] = await sut.dataSource.query<{ id: string; agency_id: string }[]>("SELECT id, agency_id FROM case_file WHERE request_title = '后营村2025年征地补偿方案'");
    const [s] = await sut.dataSource.query<{ id: string }[]>("INSERT INTO disclosure_suggestion (case_id, agency_id, reason) VALUES ($1, $2, '涉及全村村民利益') RETURNING id", [c!.id, c!.agency_id]);
    suggestionId = s!.id;
    landId = c!.agency_id;
    sut.clock.set('2026-11-02T02:00:00Z');
  });

  afterAll(async () => {
    await sut.close();
  });

  // Who sees what: 200 for officers and heads of the agency and for the auditor above it; 303 to the login for
  // nobody; 403 for roles without these pages; 404 for another agency's group.
  const READ = (id: () => string) => [
    ['worklist', () => '/staff/disclosure'],
    ['all groups', () => '/staff/disclosure?all=1'],
    ['group', () => `/staff/disclosure/groups/${id()}`],
    ['self-check', () => `/staff/disclosure/self-check/2026?agencyId=${landId}`],
    ['self-check CSV', () => `/staff/disclosure/self-check/2026/export.csv?agencyId=${landId}`],
  ] as const;
  const EXPECTED: Record<string, number> = { officer: 200, head: 200, auditor: 200, anonymous: 303, legal: 403, applicant: 403, admin: 403 };

  it('should let officers, heads and auditors read the pages, send nobody else further than the login or a 403', async () => {
    const seen: string[] = [];
    const want: string[] = [];
    for (const [who, status] of Object.entries(EXPECTED)) {
      for (const [name, url] of READ(() => groupId)) {
        const res = await as[who]!.get(url());
        seen.push(`${who} ${name} ${res.status}`);
        want.push(`${who} ${name} ${status}`);
        if (status === 303) expect(res.headers.location).toBe(`/staff/login?next=${url().split('?')[0]}`);
      }
    }
    for (const who of ['officer', 'head', 'auditor']) {
      const res = await as[who]!.get(`/staff/disclosure/groups/${foreignGroupId}`);
      seen.push(`${who} foreign group ${res.status}`);
      want.push(`${who} foreign group ${who === 'auditor' ? 200 : 404}`);
    }
    seen.push(`foreign own group ${(await as.foreign!.get(`/staff/disclosure/groups/${foreignGroupId}`)).status}`, `foreign our group ${(await as.foreign!.get(`/staff/disclosure/groups/${groupId}`)).status}`);
    want.push('foreign own group 200', 'foreign our group 404');
    seen.push(`officer unknown group ${(await as.officer!.get(`/staff/disclosure/groups/${ZERO}`)).status}`, `officer bad id ${(await as.officer!.get('/staff/disclosure/groups/abc')).status}`, `officer bad year ${(await as.officer!.get('/staff/disclosure/self-check/19999')).status}`);
    want.push('officer unknown group 404', 'officer bad id 404', 'officer bad year 404');
    seen.push(`auditor suggestions ${(await as.auditor!.get('/staff/disclosure/suggestions')).status}`, `head suggestions ${(await as.head!.get('/staff/disclosure/suggestions')).status}`);
    want.push('auditor suggestions 403', 'head suggestions 200');
    seen.push(`foreign our self-check ${(await as.foreign!.get(`/staff/disclosure/self-check/2026?agencyId=${landId}`)).status}`);
    want.push('foreign our self-check 404');
    expect(seen).toEqual(want);
  });

  it('should show the group with match reasons, members, distinct applicants and reply state; the forms only to those who may act', async () => {
    const page = await as.officer!.get(`/staff/disclosure/groups/${groupId}`);
    expect(page.text).toContain('后营村2025年征地补偿方案');
    expect(page.text).toMatch(/id="distinct-applicants">3人（阈值3人，<strong>已达到<\/strong>/);
    expect(page.text).toContain('为什么认为是相同信息');
    expect(page.text).toContain('尚未答复');
    expect(page.text).not.toContain('后营村2024年征地补偿方案</td>');
    // 条例第二十六条: 20 working days from today (2026-11-02) is 2026-11-30.
    expect(page.text).toContain('今天决定的，应在<span id="publish-by">2026年11月30日</span>前公开');
    for (const form of ['decision', 'split', 'remove-member']) expect(page.text).toContain(`/staff/disclosure/groups/${groupId}/${form}`);
    const audited = await as.auditor!.get(`/staff/disclosure/groups/${groupId}`);
    expect(audited.status).toBe(200);
    expect(audited.text).not.toContain('<form method="post" action="/staff/disclosure/groups/');
    // An auditor's post is refused and changes nothing.
    await as.auditor!.get('/staff/disclosure');
    const refused = await as.auditor!.post(`/staff/disclosure/groups/${groupId}/decision`, { kind: 'NOT_PUBLISH', reason: 'ALREADY_PUBLIC' });
    expect(refused.status).toBe(403);
    const foreign = await as.foreign!.post(`/staff/disclosure/groups/${groupId}/decision`, { kind: 'NOT_PUBLISH', reason: 'ALREADY_PUBLIC' });
    expect([foreign.status, foreign.text]).toEqual([404, expect.stringContaining('找不到')]);
    const [{ decision }] = await sut.dataSource.query('SELECT decision FROM disclosure_cluster WHERE id = $1', [groupId]);
    expect(decision).toBeNull();
  });

  it('should show the API’s messages beside the fields, then record the decision on the group and each member case', async () => {
    await as.officer!.get(`/staff/disclosure/groups/${groupId}`);
    const bad = await as.officer!.post(`/staff/disclosure/groups/${groupId}/decision`, { kind: 'PUBLISH', 'publication.title': '后营村2025年征地补偿安置方案', 'publication.location': '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('<title>错误：');
    expect(bad.text).toContain('有以下问题需要修改');
    expect(bad.text).toMatch(/href="#f-publication-channel">公开途径：/);
    expect(bad.text).toContain('value="后营村2025年征地补偿安置方案"');

    const ok = await as.officer!.post(`/staff/disclosure/groups/${groupId}/decision`, {
      kind: 'PUBLISH',
      'publication.title': '后营村2025年征地补偿安置方案',
      'publication.channel': 'WEBSITE',
      'publication.location': '示例县人民政府网站·征地信息',
      reason: 'OTHER',
    });
    expect([ok.status, ok.headers.location]).toEqual([303, `/staff/disclosure/groups/${groupId}?done=decision`]);
    const after = await as.officer!.get(ok.headers.location as string);
    expect(after.text).toContain('决定主动公开（2026年11月30日前公开）');
    expect(after.text).toContain('2026年11月30日前（条例第二十六条');
    const [pub] = await sut.dataSource.query<{ id: string }[]>('SELECT id FROM publication WHERE cluster_id = $1', [groupId]);
    const future = await as.officer!.post(`/staff/disclosure/publications/${pub!.id}/published`, { groupId, publishedOn: '2026-12-01' });
    expect([future.status, future.text]).toEqual([422, expect.stringContaining('公开日期不能晚于今天')]);
    const published = await as.officer!.post(`/staff/disclosure/publications/${pub!.id}/published`, { groupId, publishedOn: '2026-11-02', url: 'https://www.slx.gov.cn/zdxx/houying.html' });
    expect(published.status).toBe(303);

    // Each member case shows the decision and the publication in its disclosure timeline.
    const members = await sut.dataSource.query<{ case_id: string }[]>('SELECT case_id FROM request_fingerprint WHERE cluster_id = $1', [groupId]);
    expect(members).toHaveLength(3);
    const officer = await sut.tokenFor(OFFICER);
    for (const m of members) {
      const view = await sut.http.get(`/api/v1/cases/${m.case_id}/disclosure`).set('Authorization', `Bearer ${officer}`);
      expect(view.body.timeline.map((e: { label: string; text: string }) => `${e.label} ${e.text}`)).toEqual(
        expect.arrayContaining(['决定主动公开该信息 应于2026-11-30前公开（条例第二十六条）', '该信息已主动公开 2026-11-02公开，https://www.slx.gov.cn/zdxx/houying.html']),
      );
    }
    // The public search page finds it, without script and without login.
    const search = await as.anonymous!.get(`/publications?q=${encodeURIComponent('后营村2025年征地补偿方案')}`);
    expect(search.status).toBe(200);
    expect(search.text).toContain('后营村2025年征地补偿安置方案');
    expect(search.text).toContain('2026年11月2日');
    const none = await as.anonymous!.get(`/publications?q=${encodeURIComponent('后营村2019年征地补偿方案')}`);
    expect(none.text).toContain('没有找到');
  });

  it('should keep a form posted after the session ran out, and give it back after logging in (never the password)', async () => {
    const expired = new PageClient(sut, 'not.a.valid.token');
    await expired.get('/track');
    const url = `/staff/disclosure/suggestions/${suggestionId}`;
    const posted = await expired.post(`${url}/review`, { accept: 'false', reason: '仅涉及个别农户，已向申请人公开', password: 'Secret#1234' });
    expect([posted.status, posted.headers.location]).toEqual([303, `/staff/login?next=${url}`]);
    const stash = expired.cookies.get('gk_stash')!;
    expect(stash).toBeDefined();
    expect(decodeURIComponent(stash)).not.toContain('仅涉及');
    // Logging in again (the applicant login page serves staff too) and following `next`.
    await expired.get('/account/login');
    const login = await expired.post('/account/login', { email: HEAD, password: DEMO_PASSWORD, next: url });
    expect(login.status).toBe(303);
    const back = await expired.get(login.headers.location as string);
    expect(back.status).toBe(200);
    expect(back.text).toContain('登录前填写的内容已恢复');
    expect(back.text).toContain('仅涉及个别农户，已向申请人公开');
    expect(back.text).toMatch(/value="false" checked/);
    expect(back.text).not.toContain('Secret#1234');
    // Once only.
    expect((await expired.get(url)).text).not.toContain('仅涉及个别农户');
    const [{ status }] = await sut.dataSource.query('SELECT status FROM disclosure_suggestion WHERE id = $1', [suggestionId]);
    expect(status).toBe('PENDING');
    const reviewed = await expired.post(`${url}/review`, { accept: 'false', reason: '仅涉及个别农户，已向申请人公开' });
    expect([reviewed.status, reviewed.headers.location]).toEqual([303, '/staff/disclosure/suggestions?done=review']);
  });

  it('should list the self-check with its conclusions and export it as CSV and as a PDF a person can read', async () => {
    const page = await as.head!.get('/staff/disclosure/self-check/2026');
    expect(page.status).toBe(200);
    expect(page.text).toContain('2026年度自查清单');
    const key = /name="key" value="(group:[0-9a-f-]+)"/.exec(page.text)![1]!;
    const noNote = await as.head!.post('/staff/disclosure/self-check/2026/conclusions', { key, conclusion: 'STILL_WITHHELD' });
    expect([noNote.status, noNote.text]).toEqual([422, expect.stringContaining('仍不予公开的，须写明理由')]);
    const ok = await as.head!.post('/staff/disclosure/self-check/2026/conclusions', { key, conclusion: 'ALREADY_PUBLIC', note: '已于11月2日公开' });
    expect(ok.status).toBe(303);
    const choice = await as.auditor!.get('/staff/disclosure/self-check/2026');
    expect(choice.text).toContain(`href="/staff/disclosure/self-check/2026?agencyId=${landId}"`);
    const audited = await as.auditor!.get(`/staff/disclosure/self-check/2026?agencyId=${landId}`);
    expect(audited.text).toContain('<strong>已主动公开</strong>：已于11月2日公开');
    expect(audited.text).not.toContain('name="conclusion"');

    const csv = await as.auditor!.get(`/staff/disclosure/self-check/2026/export.csv?agencyId=${landId}`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain('申请较集中');
    const pdf = await sut.http.get('/staff/disclosure/self-check/2026/export.pdf').set('Cookie', `gk_access=${await sut.tokenFor(HEAD)}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(path.join(tmpdir(), 'self-check-'));
    try {
      writeFileSync(path.join(dir, 'a.pdf'), pdf.body as Buffer);
      execFileSync('pdftotext', ['-layout', path.join(dir, 'a.pdf'), path.join(dir, 'a.txt')]);
      const text = readFileSync(path.join(dir, 'a.txt'), 'utf8');
      expect(text).toContain('2026年度政府信息公开自查清单');
      expect(text).toContain('申请较集中');
      expect(text).toContain('已主动公开：已于11月2日公开');
      expect(text).toMatch(/第\s*1\s*页\s*共\s*1\s*页/);
      if (process.env.GONGKAI_KEEP_PDF) writeFileSync(process.env.GONGKAI_KEEP_PDF, pdf.body as Buffer);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should let the applicant suggest proactive disclosure on the track page once answered, and show the outcome', async () => {
    sut.clock.set('2026-03-10T02:00:00Z');
    try {
      const submitted = await sut.http.post('/api/v1/applications').send(webApplication({ request: { title: '南关社区2025年老旧小区改造方案', description: '请公开南关社区2025年老旧小区改造方案。' } }, 903));
      expect(submitted.status).toBe(201);
      const applicant = new PageClient(sut);
      await applicant.get('/track');
      expect((await applicant.post('/track', { trackingNumber: submitted.body.trackingNumber, queryCode: submitted.body.queryCode })).status).toBe(303);
      expect((await applicant.get('/track/status')).text).not.toContain('建议主动公开');

      const [row] = await sut.dataSource.query<{ id: string }[]>('SELECT id FROM case_file WHERE tracking_number = $1', [submitted.body.trackingNumber]);
      const officer = await sut.tokenFor(OFFICER);
      const head = await sut.tokenFor(HEAD);
      await sendEvent(sut, officer, row!.id, { type: 'CONFIRM_RECEIPT', receiptDate: '2026-03-10' });
      await sendEvent(sut, officer, row!.id, { type: 'ACCEPT' });
      await sendEvent(sut, officer, row!.id, { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: REPLY_BLANK_EXAMPLES.DISCLOSE });
      await sendEvent(sut, officer, row!.id, { type: 'SUBMIT_FOR_APPROVAL' });
      expect((await sendEvent(sut, head, row!.id, { type: 'APPROVE_REPLY' })).status).toBe(200);
      expect((await sendEvent(sut, officer, row!.id, { type: 'DELIVER_REPLY', method: 'EMAIL' })).status).toBe(200);

      const status = await applicant.get('/track/status');
      expect(status.text).toContain('建议主动公开');
      const empty = await applicant.post('/track/suggest', { suggestReason: '' });
      expect(empty.status).toBe(422);
      expect(empty.text).toContain('href="#f-suggestReason"');
      // The tracking cookie ran out while typing: the text comes back after the next lookup.
      const track = applicant.cookies.get('gk_track')!;
      applicant.cookies.delete('gk_track');
      const lost = await applicant.post('/track/suggest', { suggestReason: '涉及全社区居民，需要公众广泛知晓' });
      expect([lost.status, lost.headers.location]).toEqual([303, '/track?next=/track/status']);
      applicant.cookies.set('gk_track', track);
      expect((await applicant.get('/track/status')).text).toMatch(/查询前填写的内容已恢复[\s\S]*>涉及全社区居民，需要公众广泛知晓<\/textarea>/);
      const sent = await applicant.post('/track/suggest', { suggestReason: '涉及全社区居民，需要公众广泛知晓' });
      expect([sent.status, sent.headers.location]).toEqual([303, '/track/status?done=suggest']);
      expect((await applicant.get('/track/status?done=suggest')).text).toMatch(/建议已提交[\s\S]*涉及全社区居民，需要公众广泛知晓[\s\S]*机关正在审核/);

      const [s] = await sut.dataSource.query<{ id: string }[]>('SELECT id FROM disclosure_suggestion WHERE case_id = $1', [row!.id]);
      await as.head!.get(`/staff/disclosure/suggestions/${s!.id}`);
      const accepted = await as.head!.post(`/staff/disclosure/suggestions/${s!.id}/review`, {
        accept: 'true',
        'publication.title': '南关社区2025年老旧小区改造方案',
        'publication.channel': 'WEBSITE',
        'publication.location': '示例县人民政府网站·政府信息公开·城市建设',
      });
      expect(accepted.status).toBe(303);
      const answered = (await applicant.get('/track/status')).text;
      expect(answered).toMatch(/已采纳：“南关社区2025年老旧小区改造方案”将于2026年4月8日前公开（政府网站：示例县人民政府网站·政府信息公开·城市建设）/);
      // The answer is a dated milestone of the application too (条例第四十四条第二款).
      expect(answered).toMatch(/<td><time datetime="2026-03-10">[^<]+<\/time><\/td><td>您关于主动公开的建议已审核：采纳<\/td>/);
    } finally {
      sut.clock.set('2026-11-02T02:00:00Z');
    }
  });

  it('should answer bad page input with 4xx, never 5xx', async () => {
    await as.officer!.get('/staff/disclosure');
    const posts: [string, Record<string, string | string[]>][] = [
      [`/staff/disclosure/groups/${groupId}/decision`, { kind: 'MAYBE' }],
      [`/staff/disclosure/groups/${groupId}/decision`, {}],
      [`/staff/disclosure/groups/${groupId}/split`, { caseIds: ['x', 'y'] }],
      [`/staff/disclosure/groups/${groupId}/split`, {}],
      [`/staff/disclosure/groups/${groupId}/remove-member`, { caseId: ZERO, removeReason: 'x' }],
      [`/staff/disclosure/groups/${groupId}/merge`, { otherGroupId: groupId }],
      [`/staff/disclosure/groups/${ZERO}/merge`, { otherGroupId: groupId }],
      [`/staff/disclosure/publications/${ZERO}/published`, { publishedOn: 'yesterday' }],
      [`/staff/disclosure/suggestions/${ZERO}/review`, { accept: 'maybe' }],
      ['/staff/disclosure/self-check/2026/conclusions', { key: 'nope', conclusion: 'PUBLISH' }],
      ['/staff/disclosure/self-check/2026/conclusions', { key: ['a', 'b'], conclusion: 'X' }],
    ];
    const statuses: string[] = [];
    for (const [url, form] of posts) statuses.push(`${url} ${(await as.officer!.post(url, form)).status}`);
    expect(statuses.filter((s) => !/ 4\d\d$/.test(s))).toEqual([]);
  });
});
