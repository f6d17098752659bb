import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

// The browser tests' shared parts: Debian's chromium driven by playwright-core (no browser download), axe-core
// injected from the npm package, and the git-ignored folder the screenshots go to for a person to look at.
// Screenshots are taken when asked for (`npm run screenshots`, i.e. SCREENSHOTS=1): nobody looks at the ones a CI
// run would take, and encoding the full-page PNGs took about a quarter of the browser tests' time.

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SHOTS = path.join(process.cwd(), 'test/browser/screenshots');
const TAKE_SCREENSHOTS = process.env.SCREENSHOTS === '1';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** One headless chromium per test file, with its own throwaway profile, in Chinese. */
export function launchChromium(profile: string, options: { acceptDownloads?: boolean } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    ...options,
  });
}

/** axe-core's serious and critical findings on the page as it stands (WCAG 2.2 AA and best practice). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({ target: n.target })) })))`,
  )) as Violation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Serves the test app's HTTP server on a free loopback port and returns its base URL. */
export async function listenOnLoopback(server: import('node:http').Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
}

/**
 * Collects script errors of the page into `sink` (each test expects it empty afterwards). Ignored: failed loads
 * (a 404 page is a page) and the eval refused by the CSP, which is the policy working.
 */
export function watchPageErrors(page: Page, sink: string[]): void {
  page.on('pageerror', (e) => sink.push(String(e)));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' && !text.startsWith('Failed to load resource') && !(text.startsWith('EvalError') && text.includes("'unsafe-eval'"))) sink.push(text);
  });
}

export interface BrowserSuiteOptions {
  /** The app's options; a function where they are known only in an earlier beforeAll (an SMTP receiver's URL). */
  app?: TestAppOptions | (() => TestAppOptions);
  /** What the screenshots' file names start with, e.g. `staff-audit-`. */
  shots?: string;
  acceptDownloads?: boolean;
}

/** The handles of a browser test file, set once its beforeAll has run. */
export interface BrowserSuite {
  sut: TestApp;
  /** The app's base URL on loopback. */
  base: string;
  context: BrowserContext;
  page: Page;
  /** Script errors of the page since the last test (each test expects none). */
  pageErrors: string[];
  /** Expects axe-core to find nothing serious or critical on the page as it stands, naming the page on failure. */
  axe(label: string): Promise<void>;
  /** With SCREENSHOTS=1: full-page screenshots of what is on screen now at 390 and 1280 px (no reload), then the width it had. */
  shoot(name: string): Promise<void>;
}

/**
 * One browser test file's lifecycle: the test app on its own database served on loopback, one headless chromium
 * with a throwaway profile and its first page watched for script errors (checked after each test), everything
 * closed and removed afterwards. Call it at the top of the describe block: its hooks run before the file's own, so
 * a file's beforeAll finds the handles set (and may add data, cookies or listeners before its first test).
 */
export function useBrowserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let profile: string | undefined;
  const suite: BrowserSuite = {
    sut: undefined as unknown as TestApp,
    base: '',
    context: undefined as unknown as BrowserContext,
    page: undefined as unknown as Page,
    pageErrors: [],
    async axe(label) {
      expect({ page: label, serious: await seriousViolations(suite.page) }).toEqual({ page: label, serious: [] });
    },
    async shoot(name) {
      if (!TAKE_SCREENSHOTS) return;
      const { page } = suite;
      const size = page.viewportSize() ?? { width: 1280, height: 900 };
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: path.join(SHOTS, `${options.shots ?? ''}${name}-${width}.png`), fullPage: true });
      }
      await page.setViewportSize(size);
    },
  };

  beforeAll(async () => {
    suite.sut = await startTestApp(typeof options.app === 'function' ? options.app() : options.app);
    suite.base = await listenOnLoopback(suite.sut.app.getHttpServer());
    profile = mkdtempSync(path.join(tmpdir(), 'gk-chromium-'));
    if (TAKE_SCREENSHOTS) mkdirSync(SHOTS, { recursive: true });
    suite.context = await launchChromium(profile, { acceptDownloads: options.acceptDownloads });
    suite.page = suite.context.pages()[0] ?? (await suite.context.newPage());
    watchPageErrors(suite.page, suite.pageErrors);
  }, 120_000);

  afterAll(async () => {
    await suite.context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await suite.sut?.close();
  });

  afterEach(() => {
    expect(suite.pageErrors.splice(0)).toEqual([]);
  });

  return suite;
}
