// Measurement helpers shared by the benchmarks: throughput (ops/s, median of repeats), latency
// percentiles, a seeded PRNG for reproducible inputs, a CPU-profile summary and table output.
// Everything prints through process.stdout: the service's lint rules forbid console.
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';

/** One line of the summary table. `ratio` is always measured / baseline. */
export interface ResultRow {
  benchmark: string;
  measured: Metric;
  baseline?: Metric & { label: string };
  /** What the goal means, e.g. "≥ 20× naive", "p95 ≤ 20 ms"; undefined = informational. */
  goal?: { text: string; met: boolean };
}

export interface Metric {
  value: number;
  unit: 'ops/s' | 'ms' | 's' | 'KB';
}

export type Outcome = 'PASS' | 'MISS' | 'INFO' | 'CRASH';

export const outcomeOf = (row: ResultRow): Outcome => (row.goal ? (row.goal.met ? 'PASS' : 'MISS') : 'INFO');

export interface BenchContext {
  /** Progress output, prefixed with the benchmark's name. */
  log(message: string): void;
  /** Registers a cleanup step; the runner runs them in reverse order after the benchmark, whatever happened. */
  defer(cleanup: () => Promise<void> | void): void;
}

export interface Benchmark {
  name: string;
  description: string;
  /** The runner gives up (and cleans up) after this long. */
  timeoutMs: number;
  run(ctx: BenchContext): Promise<ResultRow[]>;
}

export const write = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};

// --- statistics --------------------------------------------------------------------------

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100) of already sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

// --- throughput --------------------------------------------------------------------------

/**
 * `batch(n)` performs n operations and returns something derived from their results, so the
 * optimiser cannot drop them. Write one batch function per measured subject: a loop shared by
 * two implementations would make its call site polymorphic and tax both.
 */
export type Batch = (n: number) => number;

export interface RateOptions {
  /** Minimum duration of one measurement. */
  minMs?: number;
  repeats?: number;
  warmupMs?: number;
}

export interface RateResult {
  /** Median of the repeats, operations per second. */
  opsPerSec: number;
  runs: number[];
}

let blackhole = 0;

/** Runs batches until at least `ms` have passed; returns ops/s. Batch size adapts to ~20 ms per call. */
function runFor(batch: Batch, ms: number): number {
  let size = 16;
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    const t0 = now;
    blackhole ^= batch(size) | 0;
    ops += size;
    now = performance.now();
    const took = now - t0;
    if (took < 10) size *= 2;
    else if (took > 40) size = Math.max(1, size >> 1);
  }
  return ops / ((now - start) / 1000);
}

/**
 * Warm-up, then `repeats` measurements of at least `minMs` each. Several subjects are measured in
 * rounds (A B A B …) so that drift (thermal, other load) hits them alike.
 */
export function measureRates(subjects: Record<string, Batch>, options: RateOptions = {}): Record<string, RateResult> {
  const { minMs = 1000, repeats = 5, warmupMs = 500 } = options;
  const names = Object.keys(subjects);
  for (const name of names) runFor(subjects[name], warmupMs);
  const runs: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < repeats; r++) {
    for (const name of names) runs[name].push(runFor(subjects[name], minMs));
  }
  if (blackhole === 0.5) write('(unreachable: keeps results alive)');
  return Object.fromEntries(names.map((n) => [n, { opsPerSec: median(runs[n]), runs: runs[n] }]));
}

// --- latency -----------------------------------------------------------------------------

export interface LatencyStats {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

export interface LatencyOptions {
  samples?: number;
  warmup?: number;
  /** Stop sampling after this long (once at least 30 samples are in); warm-up included. */
  budgetMs?: number;
}

/** Sequential calls: `warmup` unrecorded, then up to `samples` timed (milliseconds). */
export async function measureLatency(op: () => Promise<unknown>, options: LatencyOptions = {}): Promise<LatencyStats> {
  const { samples = 500, warmup = 50, budgetMs = Infinity } = options;
  const start = performance.now();
  for (let i = 0; i < warmup && performance.now() - start < budgetMs / 4; i++) await op();
  const times: number[] = [];
  while (times.length < samples && (times.length < 30 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    await op();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    samples: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    mean: times.reduce((s, t) => s + t, 0) / times.length,
    min: times[0],
    max: times[times.length - 1],
  };
}

// --- reproducible inputs -----------------------------------------------------------------

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- CPU profile ---------------------------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface HotSpot {
  name: string;
  selfPercent: number;
}

export interface Profile {
  /** Self time by function (name, file:line). */
  functions: HotSpot[];
  /** Self time by package: npm package, gongkai module folder, node core, or a V8 pseudo-frame. */
  packages: HotSpot[];
}

function packageOf(frame: ProfileNode['callFrame']): string {
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (npm) return npm[1];
  const own = /\/dist(?:-bench)?\/(?:src\/)?(.+)$/.exec(frame.url);
  if (own) return `gongkai ${own[1].split('/').slice(0, -1).join('/') || own[1]}`;
  if (frame.url.startsWith('node:')) return 'node core';
  return frame.url ? 'other' : frame.functionName || '(native)';
}

/**
 * Starts the V8 CPU profiler in this process (100 µs sampling); `stop()` returns where the CPU time
 * went, idle excluded. Everything in the process is included (e.g. an in-process client).
 */
export async function startProfiler(): Promise<{ stop(top?: number): Promise<Profile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop(top = 8) {
      try {
        const { profile: p } = await session.post('Profiler.stop');
        return summarise(p.nodes as ProfileNode[], p.samples ?? [], p.timeDeltas ?? [], top);
      } finally {
        await session.post('Profiler.disable').catch(() => undefined);
        session.disconnect();
      }
    },
  };
}

function summarise(profileNodes: ProfileNode[], samples: number[], deltas: number[], top: number): Profile {
  const nodes = new Map<number, ProfileNode>(profileNodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const frame = nodes.get(samples[i])?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const file = frame.url ? frame.url.replace(/^.*\/(dist-bench\/src|dist-bench|dist|node_modules)\//, '') : '';
    const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    const dt = Math.max(0, deltas[i] ?? 0);
    byFunction.set(name, (byFunction.get(name) ?? 0) + dt);
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + dt);
    total += dt;
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfPercent: (100 * us) / (total || 1) }));
  return { functions: rank(byFunction), packages: rank(byPackage) };
}

/** Runs `work` under the CPU profiler. */
export async function profile(work: () => Promise<unknown> | unknown, top = 8): Promise<Profile> {
  const profiler = await startProfiler();
  try {
    await work();
  } catch (e) {
    await profiler.stop(top).catch(() => undefined);
    throw e;
  }
  return profiler.stop(top);
}

/** Samples `batch` for `ms` under the profiler. */
export const profileBatch = (batch: Batch, ms = 1000, top = 8): Promise<Profile> => profile(() => runFor(batch, ms), top);

/** Indented two-column table of hot spots. */
export function hotSpotTable(title: string, spots: HotSpot[]): string {
  const body = table(['self %', title], spots.map((s) => [s.selfPercent.toFixed(1), s.name]), [0]);
  return body
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

// --- formatting ----------------------------------------------------------------------------

export function formatMetric(m: Metric): string {
  if (!Number.isFinite(m.value)) return 'n/a';
  switch (m.unit) {
    case 'ops/s':
      if (m.value >= 1e6) return `${(m.value / 1e6).toFixed(2)} M/s`;
      if (m.value >= 1e3) return `${(m.value / 1e3).toFixed(1)} k/s`;
      return `${m.value.toFixed(0)} /s`;
    case 'ms':
      return `${m.value < 10 ? m.value.toFixed(2) : m.value.toFixed(1)} ms`;
    case 's':
      return `${m.value.toFixed(1)} s`;
    case 'KB':
      return `${m.value.toFixed(1)} KB`;
  }
}

export const formatRatio = (r: number): string => (Number.isFinite(r) ? `${r >= 100 ? r.toFixed(0) : r.toFixed(2)}×` : 'n/a');

export const ratioOf = (row: ResultRow): number | undefined => (row.baseline ? row.measured.value / row.baseline.value : undefined);

/** Plain monospace table; CJK-free content, so string length is display width. */
export function table(headers: string[], rows: string[][], rightAligned: number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const formatInt = (n: number): string => n.toLocaleString('en-US');
