import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { TEST_ENV } from './test-env.js';

/** The real service (`node dist/main.js`) as a child process, for tests that kill it. */
export interface AppChild {
  child: ChildProcess;
  url: string;
  output(): string;
  /** kill -9: no shutdown hook runs, open transactions are cut off mid-way. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful); SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(process.env[TEST_ENV.tmpDir] ?? '/tmp', prefix));
}

/** What `dist/main.js` prints once its HTTP server is listening. */
const LISTENING = 'Gongkai 公开 is running at';

/**
 * Starts `dist/main.js` with `env` on a free port and waits (at most `timeoutMs`) until it says it is listening and
 * /health/ready says 200.
 *
 * The port is free when chosen but not reserved: while the service boots, another test worker's server (supertest
 * listens on an ephemeral port for each request) may take it. So readiness is only believed once *our* child has
 * printed that it listens (a 200 from someone else's server on that port proves nothing), and a child that lost the
 * port (EADDRINUSE) is started again on another one.
 */
export async function startAppChild(env: Record<string, string>, timeoutMs = 60_000): Promise<AppChild> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const started = await startOnce(env, deadline);
    if (started.ok) return started.handle;
    if (!(started.lostPort && attempt < 3)) throw new Error(started.reason);
  }
}

type StartResult = { ok: true; handle: AppChild } | { ok: false; lostPort: boolean; reason: string };

async function startOnce(env: Record<string, string>, deadline: number): Promise<StartResult> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'reliability-secret-reliability-secret-01',
    APPLICATION_RATE_LIMIT_PER_HOUR: '1000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    ATTACHMENT_UPLOAD_RATE_LIMIT_PER_MINUTE: '10000',
    ACK_MAILS_PER_ADDRESS_PER_DAY: '1000',
    ...env,
  };
  const child = spawn(process.execPath, ['dist/main.js'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let listening = false;
  const keep = (d: Buffer) => {
    out += d.toString();
    if (!listening && out.includes(LISTENING)) listening = true;
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle: AppChild = {
    child,
    url,
    output: () => out,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return { ok: false, lostPort: out.includes('EADDRINUSE'), reason: `service exited early:\n${out}` };
    }
    const ok =
      listening &&
      (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.status === 200,
        () => false,
      ));
    if (ok) return { ok: true, handle };
    await new Promise((r) => setTimeout(r, 200));
  }
  await handle.kill9();
  return { ok: false, lostPort: false, reason: `service not ready in time:\n${out}` };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `probe` every 200 ms until it gives a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
