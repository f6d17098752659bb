import { startTestApp, type TestApp } from '../setup/test-app.js';

// The pages' HTTP behaviour without a browser: headers, cookies, limits, error pages (the flows are in test/browser).
describe('web pages over HTTP', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3', PUBLIC_URL: 'https://gongkai.example.gov.cn' } });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should serve pages in zh-CN with a strict CSP and HttpOnly, SameSite, Secure cookies under https', async () => {
    const res = await sut.http.get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="zh-CN"');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    const cookies = res.headers['set-cookie'] as unknown as string[];
    for (const name of ['gk_sid', '__Host-gk_csrf']) {
      const c = cookies.find((x) => x.startsWith(`${name}=`));
      expect(c).toMatch(/HttpOnly/);
      expect(c).toMatch(/SameSite=Lax/);
      expect(c).toMatch(/Secure/);
    }
  });

  it('should serve the assets with a content hash and a year of caching', async () => {
    const home = await sut.http.get('/');
    const href = /href="(\/assets\/app\.css\?v(?:=|&#x3D;)[0-9a-f]{12})"/.exec(home.text)![1]!.replace('&#x3D;', '=');
    const css = await sut.http.get(href);
    expect(css.status).toBe(200);
    expect(css.headers['cache-control']).toContain('max-age=31536000');
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('should show a Chinese error page with the correlation id for an unknown page, and JSON under /api', async () => {
    const page = await sut.http.get('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.text).toContain('找不到您要访问的页面');
    expect(page.text).toContain(`请求编号：<code>${page.headers['x-correlation-id']}</code>`);
    const api = await sut.http.get('/api/v1/no-such-route');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('should switch to 长辈版 with ?mode=elder and remember it', async () => {
    const first = await sut.http.get('/track?mode=elder');
    expect(first.text).toContain('class="elder"');
    const mode = (first.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('gk_mode='))!;
    expect(mode).toMatch(/^gk_mode=elder;.*Max-Age=31536000/);
    const next = await sut.http.get('/apply').set('Cookie', mode.split(';')[0]!);
    expect(next.text).toContain('class="elder"');
  });

  it('should limit tracking lookups per address and answer with the 429 page', async () => {
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 4; i++) {
      const res = await sut.http.post('/track').type('form').send({ trackingNumber: 'SLXZR-2026-000001', queryCode: 'AAAA-BBBB-CCCC' });
      statuses.push(res.status);
      last = res.text;
    }
    // Without a CSRF token the first three are refused as forged; the fourth is over the limit.
    expect(statuses).toEqual([403, 403, 403, 429]);
    expect(last).toContain('操作过于频繁');
  });
});
