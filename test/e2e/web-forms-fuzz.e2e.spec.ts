import fc from 'fast-check';
import request from 'supertest';
import { startTestApp, type TestApp } from '../setup/test-app.js';

// Non-negotiable 4 for the pages: a person (or a robot) may type anything into any field, drop fields, repeat them
// or add others; every answer is a page (2xx, a 303 redirect, or a 4xx page), never a 500. The forms and their
// field names are read from the rendered pages themselves, so a new field or a new form is fuzzed without a change
// here. FUZZ_SEED replays a failure; FUZZ_RUNS raises the depth (`npm run fuzz:deep`).
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

interface PageForm {
  /** The page the form was read from. */
  page: string;
  action: string;
  multipart: boolean;
  fields: string[];
}

/** Every `<form method="post">` of a page, with the names of its controls (the CSRF token excepted). */
function formsOf(page: string, html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1]!;
    if (!/method="post"/i.test(attrs)) continue;
    const action = /action="([^"]+)"/.exec(attrs)?.[1]?.replace(/&amp;/g, '&') ?? page;
    const names = [...m[2]!.matchAll(/\bname="([^"]+)"/g)].map((n) => n[1]!).filter((n) => n !== '_csrf');
    forms.push({ page, action, multipart: /multipart\/form-data/.test(attrs), fields: [...new Set(names)] });
  }
  return forms;
}

/** What people and robots type: ordinary Chinese, blanks, control and bidi characters, markup, very long text. */
const typed: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '张三', '2026-02-30', '9999-99-99', '-1', '1e309', 'NaN', 'true', '[]', '{}', '<script>alert(1)</script>', '\u202e', '\u0000', '../../etc/passwd', '１２３'),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.integer({ min: 1, max: 40 }).map((n) => '申'.repeat(n * 500)),
);

describe('web forms: fuzzed input never gets a 500', () => {
  let sut: TestApp;
  let agent: ReturnType<typeof request.agent>;
  let csrf = '';
  const forms: PageForm[] = [];

  beforeAll(async () => {
    sut = await startTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '10000', APPLICATION_RATE_LIMIT_PER_HOUR: '10000', AUTH_FAILURE_DELAY_MS: '0' } });
    agent = request.agent(sut.app.getHttpServer());
    for (const page of ['/apply', '/track', '/account/login', '/account/register', '/account/password-reset', '/account/password-reset/confirm?token=x']) {
      const res = await agent.get(page);
      expect(res.status).toBe(200);
      csrf = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1] ?? csrf;
      forms.push(...formsOf(page, res.text));
    }
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('reads the forms of the public pages', () => {
    expect(csrf).not.toBe('');
    expect(forms.map((f) => f.action)).toEqual(expect.arrayContaining(['/apply', '/track', '/account/login', '/account/register', '/account/password-reset']));
    expect(forms.find((f) => f.action === '/apply')!.fields.length).toBeGreaterThan(8);
  });

  it('answers every fuzzed post of every form with a page, never a 5xx', async () => {
    const failures: string[] = [];
    for (const form of forms) {
      const body = fc.record({
        values: fc.record(Object.fromEntries(form.fields.map((f) => [f, typed])), { requiredKeys: [] }),
        extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), typed, { maxKeys: 3 }),
      });
      const details = await fc.check(
        fc.asyncProperty(body, async ({ values, extra }) => {
          const fields: Record<string, string> = { ...extra, ...values, _csrf: csrf };
          let req = agent.post(form.action);
          if (form.multipart) {
            for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
          } else req = req.type('form').send(fields);
          const res = await req;
          if (res.status >= 500) throw new Error(`POST ${form.action} → ${res.status} for ${JSON.stringify(fields).slice(0, 300)}`);
          if (res.status !== 303 && !String(res.headers['content-type']).startsWith('text/html')) {
            throw new Error(`POST ${form.action} → ${res.status} ${String(res.headers['content-type'])}: not a page`);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      if (details.failed) failures.push(String(details.errorInstance ?? '').split('\n')[0]!);
    }
    expect(failures).toEqual([]);
  }, 60_000 + RUNS * 3_000);
});
