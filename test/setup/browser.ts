import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

// The browser tests' shared parts: Debian's chromium driven by playwright-core (no browser download), axe-core
// injected from the npm package, and the git-ignored folder the screenshots go to for a person to look at.

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SHOTS = path.join(process.cwd(), 'test/browser/screenshots');
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
