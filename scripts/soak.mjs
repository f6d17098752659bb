#!/usr/bin/env node
// Sustained load: `npm run soak` (not in CI). Starts the built service (`dist/main.js`) on its embedded
// PostgreSQL in a fresh data directory, then drives a mixed workload at a fixed rate (open loop: requests start on
// schedule whether or not earlier ones have answered, so a slow server shows up as latency, not as a lower rate):
// applicants submitting and tracking, officers reading the queue, registering and acting on cases, heads approving
// replies (each approval renders the reply PDF), pages rendered. It prints p50/p95/p99 per operation, the error
// counts and the service's RSS over time, and checks the goals:
//   0 answers ≥ 500; p99 ≤ 200 ms for every operation; RSS after the run ≤ 1.2 × RSS after the first minute (the
//   lowest of the last minute against the lowest of the second: see below);
//   idle RSS (after boot, before load) ≤ 200 MB per service process.
// The service runs as it would on this 2-core machine: HTTP_WORKERS=2 (two processes share the port; one process
// keeps a core idle while its event loop queues requests). The rate ramps up linearly from a tenth over the first
// SOAK_RAMP_SECONDS (30), as a load balancer's slow start would bring a fresh instance in: a cold process pays for
// its first PDF (fonts), its first segmentation (jieba's dictionary) and its first page of each kind once, and at
// full rate those first costs queue everything behind them for seconds. The ramp's answers count in the figures.
// Settings: SOAK_SECONDS (600, ramp included), SOAK_RATE (requests/s, 50), SOAK_RAMP_SECONDS (30; 0 = full rate from
// the start), SOAK_SERVICE_ENV (settings for the service, e.g. `HTTP_WORKERS=1 PDF_RENDER_WORKERS=1`),
// SOAK_NODE_ARGS (extra flags for the service's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`),
// SOAK_HEAP_SNAPSHOTS (seconds into the load, e.g. `60,300`: a heap snapshot of the service at each, written to the
// working directory by v8.writeHeapSnapshot; compare two in Chrome DevTools → Memory → Comparison; with
// HTTP_WORKERS > 1 only the supervising process gets the signal, so take them with HTTP_WORKERS=1).
// Exit status 1 when a goal is missed.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const RATE = Number(process.env.SOAK_RATE ?? 50);
const RAMP = Number(process.env.SOAK_RAMP_SECONDS ?? 30);
const PASSWORD = 'Gongkai#2026';

const port = await new Promise((resolve) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => {
    const { port: p } = srv.address();
    srv.close(() => resolve(p));
  });
});
const dataDir = mkdtempSync(path.join(tmpdir(), 'gongkai-soak-'));
const base = `http://127.0.0.1:${port}`;
const nodeArgs = (process.env.SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean);
const snapshotAt = (process.env.SOAK_HEAP_SNAPSHOTS ?? '').split(',').filter(Boolean).map(Number);
const serviceEnv = Object.fromEntries((process.env.SOAK_SERVICE_ENV ?? '').split(' ').filter(Boolean).map((kv) => kv.split(/=(.*)/s, 2)));
if (snapshotAt.length) nodeArgs.push('--heapsnapshot-signal=SIGUSR2');
const child = spawn(process.execPath, [...nodeArgs, 'dist/main.js'], {
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    // The production default: every answered request writes its line to standard output, as it would to the
    // journal or a container's log. Only the warnings and errors among them are echoed here.
    LOG_LEVEL: 'info',
    JWT_SECRET: randomUUID() + randomUUID(),
    DB_SEED_DEMO: 'true',
    APPLICATION_RATE_LIMIT_PER_HOUR: '1000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    ACK_MAILS_PER_ADDRESS_PER_DAY: '1000',
    HTTP_WORKERS: '2',
    ...serviceEnv,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
// The banner ends with this line once every worker is up (with HTTP_WORKERS > 1, /health/ready answers as soon as
// the first one listens, while the others are still booting at their peak memory).
const STARTED_LINE = 'Press Ctrl-C to stop.';
let serviceStarted = false;
let partialLine = ''; // kept across chunks: a line may arrive split in two
child.stdout.on('data', (chunk) => {
  const lines = (partialLine + chunk.toString('utf8')).split('\n');
  partialLine = lines.pop();
  for (const line of lines) {
    if (line.includes(STARTED_LINE)) serviceStarted = true;
    if (isWarning(line)) process.stdout.write(`${line}\n`);
  }
});
/** A JSON log line at warn (40) or above, or any line that is not JSON (the banner, a crash's stack trace). */
function isWarning(line) {
  if (!line.trim()) return false;
  try {
    return !(JSON.parse(line).level < 40);
  } catch {
    return true;
  }
}
const stopChild = () => new Promise((resolve) => {
  if (child.exitCode !== null) return resolve();
  child.once('exit', resolve);
  child.kill('SIGTERM');
});
process.on('SIGINT', async () => {
  await stopChild();
  process.exit(130);
});

// The service's memory: its process and, with HTTP_WORKERS > 1, every worker it forked (the embedded PostgreSQL,
// also its child, is not the service's and is left out).
const serviceProcesses = () => {
  const pids = [child.pid];
  for (let i = 0; i < pids.length; i++) {
    const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    pids.push(...children.filter((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'node'));
  }
  return pids;
};
const processRssMb = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return 0; // ended meanwhile
  }
};
const rssMb = () => serviceProcesses().reduce((sum, pid) => sum + processRssMb(pid), 0);

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null; // a page, not JSON
  }
}

// The people behind the load: each request comes from one of CLIENTS browsers, each with its own keep-alive
// connections, as an office's staff and the public would. One shared connection pool would send most requests down
// the connection opened first (the pool reuses its first free one), so with HTTP_WORKERS > 1 one worker would get
// most of the load: a shape no real crowd of users has.
const CLIENTS = 24;
const agents = Array.from({ length: CLIENTS }, () => new http.Agent({ keepAlive: true, maxSockets: 4 }));

function call(method, url, { body, token, headers = {} } = {}) {
  const started = performance.now();
  const payload = body ? JSON.stringify(body) : undefined;
  return new Promise((resolve) => {
    const req = http.request(
      `${base}${url}`,
      {
        method,
        agent: agents[Math.floor(Math.random() * CLIENTS)],
        timeout: 30_000,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: parseJson(Buffer.concat(chunks).toString('utf8')), ms: performance.now() - started }));
        res.on('error', () => resolve({ status: 0, body: null, ms: performance.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: null, ms: performance.now() - started }));
    req.end(payload);
  });
}

for (let i = 0; ; i++) {
  if (child.exitCode !== null) throw new Error('service exited during boot');
  const ok = serviceStarted && (await fetch(`${base}/health/ready`).then((r) => r.ok, () => false));
  if (ok) break;
  if (i > 600) throw new Error('service not ready in 120 s');
  await new Promise((r) => setTimeout(r, 200));
}
await new Promise((r) => setTimeout(r, 5000));
const idleProcesses = serviceProcesses().map(processRssMb);
const idleRss = idleProcesses.reduce((a, b) => a + b, 0);
const idleRssPerProcess = Math.max(...idleProcesses);
const login = async (email) => (await call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).body.accessToken;
const officer = await login('officer@demo.gongkai.local');
const head = await login('head@demo.gongkai.local');

const BLANKS = { provisionForm: 'ELECTRONIC', description: '《青山镇2025年度土地征收补偿安置方案》电子文本，随本答复书一并发送至您预留的电子邮箱。' };
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const lookups = []; // tracking numbers and codes of web applications
const steps = new Map([['ACCEPTED', []], ['REGISTERED', []], ['DRAFTING', []], ['AWAITING_APPROVAL', []]]);
let n = 0;
const residentId = (k) => {
  const first17 = `110105198001${String(1 + (k % 28)).padStart(2, '0')}${String(k % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
};

const OPS = {
  async submit() {
    const k = ++n;
    const r = await call('POST', '/api/v1/applications', {
      headers: { 'idempotency-key': randomUUID() },
      body: {
        agencyCode: 'SLXZR',
        applicant: { kind: 'NATURAL_PERSON', name: '张三', idType: 'RESIDENT_ID', idNumber: residentId(k), phone: '13800138000', email: `soak${k}@example.com`, category: 'NATURAL_PERSON' },
        request: { title: '2025年某镇土地征收补偿安置方案', description: `请求公开该方案全文及附件（第${k}号）。` },
        delivery: { form: 'ELECTRONIC', method: 'EMAIL', email: `soak${k}@example.com` },
      },
    });
    if (r.status === 201) lookups.push({ trackingNumber: r.body.trackingNumber, queryCode: r.body.queryCode });
    return r;
  },
  async track() {
    const l = lookups[Math.floor(Math.random() * lookups.length)];
    if (!l) return OPS.submit();
    return call('POST', '/api/v1/applications/status', { body: l });
  },
  queue: () => call('GET', '/api/v1/cases?limit=20', { token: officer }),
  async register() {
    const r = await call('POST', '/api/v1/cases', { token: officer, body: { channel: 'counter', receiptDate: today, applicantName: '李四', requestDescription: `2026年度某镇土地征收补偿方案（柜台${++n}）` } });
    if (r.status === 201) steps.get('REGISTERED').push(r.body.id);
    return r;
  },
  async act() {
    const from = ['DRAFTING', 'ACCEPTED', 'REGISTERED'].find((s) => steps.get(s).length > 0);
    if (!from) return OPS.register();
    const id = steps.get(from).shift();
    const body = from === 'REGISTERED' ? { type: 'ACCEPT' } : from === 'ACCEPTED' ? { type: 'START_DRAFT', replyType: 'DISCLOSE', blanks: BLANKS } : { type: 'SUBMIT_FOR_APPROVAL' };
    const r = await call('POST', `/api/v1/cases/${id}/events`, { token: officer, body });
    const next = { REGISTERED: 'ACCEPTED', ACCEPTED: 'DRAFTING', DRAFTING: 'AWAITING_APPROVAL' }[from];
    if (r.status === 200) steps.get(next).push(id);
    return r;
  },
  async approve() {
    const id = steps.get('AWAITING_APPROVAL').shift();
    if (!id) return OPS.act();
    return call('POST', `/api/v1/cases/${id}/events`, { token: head, body: { type: 'APPROVE_REPLY' } });
  },
  page: () => call('GET', ['/', '/apply', '/track'][Math.floor(Math.random() * 3)]),
};
const MIX = [['submit', 20], ['track', 20], ['queue', 20], ['register', 5], ['act', 15], ['approve', 5], ['page', 15]];
const total = MIX.reduce((s, [, w]) => s + w, 0);
const pick = () => {
  let x = Math.random() * total;
  for (const [op, w] of MIX) if ((x -= w) < 0) return op;
  return 'page';
};

// How the machine itself runs, beside the load. A virtual machine's cores slow down when its neighbours on the host
// are busy, and the guest does not see it as steal time: a fixed loop that takes 1.1 s of CPU on a quiet host took
// up to 2 s of CPU on a busy one. Its disk is shared: a write that must reach it (an fsync) waits for everything
// queued before it. And the whole machine may stop for a moment (the host runs something else, the kernel reclaims
// memory) without either showing it. Two small processes watch for each:
// - once a second, one does a fixed piece of work (JSON and a hash, as a request would) and reports the CPU time it
//   took (its own waits for a core do not count; the host's slowness does, and some of the load's own, the two cores
//   sharing caches), then rewrites 4 kB of a file beside the service's data and fsyncs it, as a commit or a stored
//   PDF does, and reports how long that took;
// - the other, at the highest priority (nice -20 when the soak may set it), wakes every 10 ms and reports the latest
//   it woke each second. No process of the load can keep it from a core, so a late wake-up is a stall of the machine.
// Each 10-s line prints the window's median CPU time, its slowest fsync and its longest stall, and the summary sets
// the windows with slow answers against them. Together they cost about 1 % of one core and a few writes a second.
const HOST_PROBE = `
import { createHash } from 'node:crypto';
import { fsyncSync, openSync, writeSync } from 'node:fs';
const fd = openSync(process.env.PROBE_FILE, 'w');
const block = Buffer.alloc(4096, 1);
const work = () => { let n = 0; for (let i = 0; i < 8000; i++) n += JSON.stringify({ i, s: 'x' + i }).length; return createHash('sha256').update(Buffer.alloc(256 * 1024, n)).digest(); };
work();
setInterval(() => {
  const start = process.cpuUsage(); work(); const u = process.cpuUsage(start);
  const t = performance.now(); writeSync(fd, block, 0, block.length, 0); fsyncSync(fd); const sync = performance.now() - t;
  process.stdout.write('cpu ' + (u.user + u.system) / 1000 + ' sync ' + sync + '\\n');
}, 1000);
`;
const STALL_PROBE = `
import { setPriority } from 'node:os';
try { setPriority(-20); } catch { process.stdout.write('unprioritised\\n'); }
let last = performance.now();
let worst = 0;
setInterval(() => { const now = performance.now(); worst = Math.max(worst, now - last - 10); last = now; }, 10);
setInterval(() => { process.stdout.write('stall ' + worst + '\\n'); worst = 0; }, 1000);
`;
const hostProbe = (() => {
  const samples = { cpu: [], sync: [], stall: [] };
  let unprioritised = false;
  const probes = [HOST_PROBE, STALL_PROBE].map((code) => {
    const probe = spawn(process.execPath, ['--input-type=module', '-e', code], {
      env: { PATH: process.env.PATH, PROBE_FILE: path.join(dataDir, 'host-probe') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let partial = '';
    probe.stdout.on('data', (chunk) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        if (line === 'unprioritised') unprioritised = true;
        const words = line.split(' ');
        for (let k = 0; k + 1 < words.length; k += 2) samples[words[k]]?.push(Number(words[k + 1]));
      }
    });
    return probe;
  });
  const stop = () => probes.forEach((p) => p.kill());
  process.on('exit', stop);
  return {
    /**
     * Since the last call: the median CPU time (ms) of the piece of work, the slowest fsync and the longest stall
     * (ms); null without a sample.
     */
    window() {
      const result = samples.cpu.length
        ? { cpu: pct(samples.cpu, 0.5), sync: Math.max(...samples.sync), stall: samples.stall.length ? Math.max(...samples.stall) : null }
        : null;
      for (const list of Object.values(samples)) list.length = 0;
      return result;
    },
    /** Whether the stall probe could not take the highest priority (its stalls then include waits for a core). */
    get unprioritised() {
      return unprioritised;
    },
    stop,
  };
})();

const pct = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const samples = new Map(); // op → latencies
const errors = new Map(); // `${op} ${status}` → count
const rss = [];
const started = performance.now();
const inflight = new Set();
let sent = 0;
let due = started; // when the next request is to start
console.log(
  `soak: ${SECONDS} s at ${RATE} requests/s (ramp ${RAMP} s) against ${base}; idle RSS ${idleProcesses.map((mb) => mb.toFixed(0)).join(' + ')} = ${idleRss.toFixed(0)} MB`,
);
let window = []; // latencies of the last 10 s, all operations: shows whether slow answers cluster in time
const windows = []; // per 10 s: the p99 of every answer and the host probe's median (see below)
const rssTimer = setInterval(() => {
  const t = Math.round((performance.now() - started) / 1000);
  const mb = rssMb();
  rss.push({ t, mb });
  const [p50, p99] = window.length ? [pct(window, 0.5), pct(window, 0.99)] : [0, 0];
  const host = hostProbe.window();
  windows.push({ t, p99, host });
  window = [];
  console.log(
    `  t=${String(t).padStart(4)} s  RSS ${mb.toFixed(0)} MB  sent ${sent}  in flight ${inflight.size}  last 10 s: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms  host ${host ? `${host.cpu.toFixed(1)} ms, fsync ≤ ${host.sync.toFixed(0)} ms, stall ≤ ${host.stall?.toFixed(0) ?? '-'} ms` : '-'}`,
  );
}, 10_000);
// Each snapshot stops the service for a few seconds: the latencies of a run that takes them are not the goal's.
const snapshotTimers = snapshotAt.map((s) =>
  setTimeout(() => {
    console.log(`  t=${String(s).padStart(4)} s  heap snapshot (Heap.*.heapsnapshot in ${process.cwd()})`);
    child.kill('SIGUSR2');
  }, s * 1000),
);
while (performance.now() - started < SECONDS * 1000) {
  const elapsed = (due - started) / 1000;
  due += 1000 / (elapsed < RAMP ? RATE * (0.1 + (0.9 * elapsed) / RAMP) : RATE);
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const op = pick();
  sent++;
  const p = OPS[op]().then((r) => {
    if (!samples.has(op)) samples.set(op, []);
    samples.get(op).push(r.ms);
    window.push(r.ms);
    if (r.status >= 400 || r.status === 0) errors.set(`${op} ${r.status}`, (errors.get(`${op} ${r.status}`) ?? 0) + 1);
  });
  inflight.add(p);
  void p.finally(() => inflight.delete(p));
}
await Promise.all(inflight);
clearInterval(rssTimer);
hostProbe.stop();
snapshotTimers.forEach(clearTimeout);
const endRss = rssMb();
await stopChild();
rmSync(dataDir, { recursive: true, force: true });

console.log('\noperation      count    p50 ms   p95 ms   p99 ms');
let p99ok = true;
for (const [op, xs] of samples) {
  const p99 = pct(xs, 0.99);
  if (p99 > 200) p99ok = false;
  console.log(`${op.padEnd(12)} ${String(xs.length).padStart(7)} ${pct(xs, 0.5).toFixed(1).padStart(9)} ${pct(xs, 0.95).toFixed(1).padStart(8)} ${p99.toFixed(1).padStart(8)}`);
}
// The slow windows against the machine in them: the fastest window's median CPU time is the machine at its quietest.
const probed = windows.filter((w) => w.host !== null);
if (probed.length) {
  const quiet = Math.min(...probed.map((w) => w.host.cpu));
  const slow = probed.filter((w) => w.p99 > 200);
  const ratio = (cpu) => `${(cpu / quiet).toFixed(2)}×`;
  const syncs = probed.map((w) => w.host.sync);
  const stalls = probed.map((w) => w.host.stall ?? 0);
  console.log(
    `\nhost probe: CPU ${quiet.toFixed(1)} ms at its fastest, median window ${ratio(pct(probed.map((w) => w.host.cpu), 0.5))}; ` +
      `slowest fsync per window: median ${pct(syncs, 0.5).toFixed(0)} ms, worst ${Math.max(...syncs).toFixed(0)} ms; ` +
      `longest stall per window: median ${pct(stalls, 0.5).toFixed(0)} ms, worst ${Math.max(...stalls).toFixed(0)} ms` +
      (hostProbe.unprioritised ? ' (the stall probe ran at normal priority: its stalls include waits for a core)' : ''),
  );
  console.log(
    slow.length
      ? `windows with a p99 over 200 ms: ${slow.map((w) => `t=${w.t} s (p99 ${w.p99.toFixed(0)} ms; CPU ${ratio(w.host.cpu)}, fsync ≤ ${w.host.sync.toFixed(0)} ms, stall ≤ ${w.host.stall?.toFixed(0) ?? '-'} ms)`).join(', ')}`
      : 'no window had a p99 over 200 ms',
  );
}
const fivexx = [...errors].filter(([k]) => /\s(5\d\d|0)$/.test(k)).reduce((s, [, c]) => s + c, 0);
console.log('\nanswers ≥ 400:', errors.size ? Object.fromEntries(errors) : 'none');
const minuteRss = rss.find((r) => r.t >= 60)?.mb ?? rss[0]?.mb ?? endRss;
// A collected heap's RSS is a sawtooth (it grows until a full collection, then drops by a few hundred MB across the
// workers), so one sample at the end says as much about where the collector's cycle stands as about a leak. A leak
// raises the floor: the lowest RSS of the last minute against the lowest of the second minute (both printed, and
// the single samples too).
const floorOf = (from, to) => Math.min(...rss.filter((r) => r.t >= from && r.t < to).map((r) => r.mb), Infinity);
const lastT = rss.at(-1)?.t ?? 0;
const [earlyFloor, lateFloor] = [floorOf(60, 120), floorOf(lastT - 50, lastT + 1)];
const goals = [
  ['no 5xx (or no answer)', fivexx === 0, `${fivexx}`],
  ['p99 ≤ 200 ms for every operation', p99ok, ''],
  [
    'RSS floor of the last minute ≤ 1.2 × floor of the second minute',
    Number.isFinite(earlyFloor) ? lateFloor <= 1.2 * earlyFloor : endRss <= 1.2 * minuteRss,
    `${lateFloor.toFixed(0)} MB vs ${earlyFloor.toFixed(0)} MB (single samples: ${endRss.toFixed(0)} MB at the end, ${minuteRss.toFixed(0)} MB at 1 min)`,
  ],
  [
    'idle RSS ≤ 200 MB per service process',
    idleRssPerProcess <= 200,
    `largest ${idleRssPerProcess.toFixed(0)} MB (${idleProcesses.length} processes, ${idleRss.toFixed(0)} MB in all)`,
  ],
];
console.log('');
for (const [name, ok, detail] of goals) console.log(`${ok ? 'PASS' : 'MISS'}  ${name}  ${detail}`);
process.exit(goals.every(([, ok]) => ok) ? 0 : 1);
