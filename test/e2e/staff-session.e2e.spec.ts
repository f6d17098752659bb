import request from 'supertest';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const OFFICER = 'officer@demo.gongkai.local';
const PASSWORD = 'Gongkai#2026';

/** `name=value` of a cookie the response sets (undefined when it sets none by that name). */
const cookieOf = (res: request.Response, name: string): string | undefined =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

/**
 * The workbench keeps a staff member signed in past the access token's few minutes: the sign-in leaves a rotating
 * refresh token in an HttpOnly cookie scoped to /staff, and a page request without a live access token renews the
 * pair. A refresh token works once; replaying a spent one ends the user's sessions.
 */
describe('staff session renewal', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(async () => {
    await sut?.close();
  });

  async function signIn(): Promise<request.Response> {
    const agent = request.agent(sut.app.getHttpServer());
    const form = await agent.get('/staff/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    return agent.post('/staff/login').type('form').send({ email: OFFICER, password: PASSWORD, _csrf: csrf });
  }

  it('sets an HttpOnly refresh cookie scoped to /staff at sign-in, and renews the session from it', async () => {
    const login = await signIn();
    expect(login.status).toBe(303);
    const header = ((login.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('gk_staff_refresh='))!;
    expect(header).toMatch(/Path=\/staff/);
    expect(header).toMatch(/HttpOnly/);
    const refresh = cookieOf(login, 'gk_staff_refresh')!;

    // The access token has run out (no access cookie left): the page still opens, with a renewed pair.
    const page = await sut.http.get('/staff').set('Cookie', refresh);
    expect(page.status).toBe(200);
    expect(page.text).toContain('王承办');
    expect(cookieOf(page, 'gk_access')).toBeDefined();
    const renewed = cookieOf(page, 'gk_staff_refresh')!;
    expect(renewed).not.toBe(refresh);

    // The renewed refresh token works in turn.
    const again = await sut.http.get('/staff/cases').set('Cookie', renewed);
    expect(again.status).toBe(200);
  });

  it('treats a replayed refresh cookie as theft: sign-in page, and the sessions it belonged to end', async () => {
    const login = await signIn();
    const first = cookieOf(login, 'gk_staff_refresh')!;
    const renewed = cookieOf(await sut.http.get('/staff').set('Cookie', first), 'gk_staff_refresh')!;

    const replay = await sut.http.get('/staff').set('Cookie', first);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toMatch(/^\/staff\/login/);
    // The replay revoked the user's refresh tokens: the newer one no longer signs anyone in either.
    const after = await sut.http.get('/staff').set('Cookie', renewed);
    expect(after.status).toBe(303);
  });

  it('ends the refresh token at sign-out', async () => {
    const login = await signIn();
    const access = cookieOf(login, 'gk_access')!;
    const refresh = cookieOf(login, 'gk_staff_refresh')!;
    const page = await sut.http.get('/staff').set('Cookie', `${access}; ${refresh}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const cookies = [access, refresh, cookieOf(page, 'gk_sid'), cookieOf(page, 'gk_csrf')].filter(Boolean).join('; ');
    const out = await sut.http.post('/staff/logout').set('Cookie', cookies).type('form').send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect((await sut.http.get('/staff').set('Cookie', refresh)).status).toBe(303);
  });
});
