// Server-rendered pages: p95 of GET /, /apply and /track against GET /health in the same run (the same app, the
// same keep-alive client, one request at a time), and the apply page's weight with its stylesheet and scripts.
// The pages query agencies and render Handlebars views; /health does neither, so the difference is the page cost.
import { gzipSync } from 'node:zlib';
import type { AppProcess } from './app-process.js';
import { type BenchPostgres, migrateAndSeed, startBenchApp, runOnBenchPostgres, type Step } from './bench-env.js';
import { type BenchContext, type Benchmark, formatMetric, measureLatency, type ResultRow, table, write } from './harness.js';
import { HttpClient } from './http-client.js';

const DATABASE = 'gongkai_bench_pages';
const PAGES = ['/', '/apply', '/track'];
const GOAL_P95_MS = 30;
const GOAL_APPLY_KB = 150;
const SAMPLES = 400;

export const pagesBenchmark: Benchmark = {
  name: 'pages',
  description: `server render p95 of ${PAGES.join(', ')} vs GET /health; the apply page with its CSS and JS in KB`,
  timeoutMs: 180_000,
  run: (ctx) => runOnBenchPostgres(ctx, DATABASE, runAgainst),
};

async function runAgainst(ctx: BenchContext, step: Step, db: BenchPostgres, started: { app?: AppProcess }): Promise<ResultRow[]> {
  await migrateAndSeed(ctx, step, db.url);
  const { app, port } = await startBenchApp(ctx, step, db);
  started.app = app;
  const base = `http://127.0.0.1:${port}`;
  const http = new HttpClient(base);
  ctx.defer(() => http.close());
  const ok = (path: string) => async () => {
    const res = await http.get(path);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  };

  // Interleaved rounds so that a noisy neighbour hurts every subject alike.
  const subjects = ['/health', ...PAGES];
  const stats = new Map<string, number[]>();
  for (let round = 0; round < 4; round++) {
    for (const path of subjects) {
      const s = await measureLatency(ok(path), { samples: SAMPLES / 4, warmup: round === 0 ? 50 : 5 });
      stats.set(path, [...(stats.get(path) ?? []), s.p95]);
    }
  }
  const p95 = (path: string) => Math.max(...stats.get(path)!.slice(1).sort((a, b) => a - b).slice(0, 2));
  const health = p95('/health');

  // The apply page as a browser fetches it: the HTML, then every /assets/ file it references.
  const page = await http.get('/apply');
  const assets = [...page.body.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!.replaceAll('&#x3D;', '='));
  let raw = Buffer.byteLength(page.body);
  let gz = gzipSync(page.body).length;
  for (const a of new Set(assets)) {
    const res = await http.get(a);
    if (res.status !== 200) throw new Error(`GET ${a} answered ${res.status}`);
    raw += Buffer.byteLength(res.body);
    gz += gzipSync(res.body).length;
  }
  const kb = raw / 1024;
  ctx.log(`apply page: HTML + ${assets.length} assets = ${kb.toFixed(1)} KB as sent (no compression), ${(gz / 1024).toFixed(1)} KB if gzipped`);

  write(
    table(
      ['path', 'p95 (median of rounds 2-4)'],
      subjects.map((s) => [s, formatMetric({ value: p95(s), unit: 'ms' })]),
      [1],
    ),
  );
  return [
    ...PAGES.map((path) => {
      const value = p95(path);
      return {
        benchmark: `pages ${path}`,
        measured: { value, unit: 'ms' as const },
        baseline: { value: health, unit: 'ms' as const, label: 'GET /health' },
        goal: { text: `p95 ≤ ${GOAL_P95_MS} ms`, met: value <= GOAL_P95_MS },
      };
    }),
    { benchmark: 'pages /apply weight', measured: { value: kb, unit: 'KB' }, goal: { text: `≤ ${GOAL_APPLY_KB} KB with CSS+JS`, met: kb <= GOAL_APPLY_KB } },
  ];
}
