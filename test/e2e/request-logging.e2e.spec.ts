import { PinoLogger } from 'nestjs-pino';
import { symbols } from 'pino';
import { startTestApp, type TestApp } from '../setup/test-app.js';

interface RequestLine {
  msg: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
}

/** The request log: one line per answered request, with its correlation id (pino-http, mounted app-wide). */
describe('request logging', () => {
  let sut: TestApp;
  const lines: RequestLine[] = [];

  beforeAll(async () => {
    sut = await startTestApp({ seed: false, env: { LOG_LEVEL: 'info' } });
    // The lines the service would write to its standard output, kept here instead.
    const stream = (PinoLogger.root as unknown as Record<symbol, { write(line: string): boolean }>)[symbols.streamSym];
    stream.write = (line: string) => {
      lines.push(JSON.parse(line) as RequestLine);
      return true;
    };
  });

  afterAll(async () => {
    await sut.close();
  });

  const logged = (correlationId: string) => lines.filter((l) => l.req?.id === correlationId);

  it.each([
    ['an API route', '/api/v1/applications/agencies', 200],
    ['a page', '/apply', 200],
    ['a page below a page path', '/track/status', 303],
    ['the publication search page', '/publications', 200],
    ['an unknown API path', '/api/v1/nothing-here', 404],
    ['an unknown page path', '/nothing-here', 404],
  ])('should log %s once, with its answer and correlation id', async (_what, url, status) => {
    const res = await sut.http.get(url);
    expect(res.status).toBe(status);
    const id = res.headers['x-correlation-id'];
    expect(id).toBeTruthy();
    const mine = logged(id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ msg: 'request completed', req: { method: 'GET', url }, res: { statusCode: status } });
    // Nothing of the headers: they carry the session cookie and bearer tokens.
    expect(Object.keys(mine[0].req!).sort()).toEqual(['id', 'method', 'url']);
    expect(Object.keys(mine[0].res!)).toEqual(['statusCode']);
  });

  it('should mask ID and phone numbers in a logged URL', async () => {
    const res = await sut.http.get('/api/v1/nothing-here?id=110105194912310021&phone=13812345678');
    expect(logged(res.headers['x-correlation-id'])[0].req!.url).toBe('/api/v1/nothing-here?id=110105********0021&phone=138****5678');
  });

  it('should not log the health checks', async () => {
    const res = await sut.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(logged(res.headers['x-correlation-id'])).toHaveLength(0);
  });

  it('should mount the request logger once for the whole app, not again for each route', () => {
    // Express matches a request against every layer before its route: a logger mounted again per page route made
    // each API request walk a few hundred layers (and logged each page twice).
    const express = sut.app.getHttpAdapter().getInstance() as unknown as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
    const layers = express.router.stack;
    const everyMethod = layers.filter((l) => l.route && Object.keys(l.route.methods).length > 1).map((l) => l.route!.path);
    expect(everyMethod).toEqual(['{/*splat}', '{/*splat}']);
  });
});
