// CPU time of the processes in a measurement — the runner, the app's child process and the PostgreSQL server
// (postmaster and its children) — read from Linux /proc. On a machine with few cores, where the CPU goes says
// what a throughput figure means: a process at one full core is the bottleneck, CPU per request is the cost.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** USER_HZ: /proc reports CPU time in these ticks; 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;

export interface CpuSample {
  /** Seconds of CPU (user + system) so far. */
  runner: number;
  app: number;
  postgres: number;
}

/** Fields after the command name of /proc/<pid>/stat (the name may contain blanks): [0] = state (field 3). */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime (fields 14, 15), plus the reaped children's cutime + cstime (16, 17) when asked. */
function cpuSecondsOf(pid: number, withReapedChildren = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  const own = Number(f[11]) + Number(f[12]);
  return (withReapedChildren ? own + Number(f[13]) + Number(f[14]) : own) / TICKS_PER_SECOND;
}

function childrenOf(ppid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === ppid) pids.push(Number(entry));
  }
  return pids;
}

/** The first line of postmaster.pid, or null when there is none. */
function postmasterPid(pgDataDir: string): number | null {
  try {
    return Number(readFileSync(path.join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

export class CpuMeter {
  private readonly postmaster: number | null;

  /** `pgDataDir`: the cluster's data directory (its postmaster.pid names the server process). */
  constructor(
    private readonly appPid: number | undefined,
    pgDataDir: string,
  ) {
    const pid = postmasterPid(pgDataDir);
    this.postmaster = pid !== null && statFields(pid) ? pid : null;
  }

  /** Null where /proc is not readable (not Linux): the benchmark then reports without the CPU split. */
  get available(): boolean {
    return this.postmaster !== null && this.appPid !== undefined && statFields(this.appPid) !== null;
  }

  sample(): CpuSample {
    const runner = process.cpuUsage();
    const postgres =
      this.postmaster === null ? 0 : cpuSecondsOf(this.postmaster, true) + childrenOf(this.postmaster).reduce((s, pid) => s + cpuSecondsOf(pid), 0);
    return {
      runner: (runner.user + runner.system) / 1e6,
      // With BENCH_APP_WORKERS the app is this process and the workers it forked (children: no PostgreSQL among them).
      app: this.appPid === undefined ? 0 : cpuSecondsOf(this.appPid, true) + childrenOf(this.appPid).reduce((s, pid) => s + cpuSecondsOf(pid), 0),
      postgres,
    };
  }
}

/** CPU seconds used between two samples, per process group. */
export const cpuBetween = (a: CpuSample, b: CpuSample): CpuSample => ({ runner: b.runner - a.runner, app: b.app - a.app, postgres: b.postgres - a.postgres });
