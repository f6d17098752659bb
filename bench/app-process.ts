// Parent side of app-server.ts: forks the app, waits for its port, relays profile requests, and
// turns an unexpected exit of the child into an error instead of a hang.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AppServerMessage, AppServerRequest } from './app-server.js';
import type { Profile } from './harness.js';

const START_TIMEOUT_MS = 60_000;

export class AppProcess {
  private readonly output: string[] = [];
  private exited: string | null = null;
  private closing = false;
  private waiters: { type: AppServerMessage['type']; resolve: (m: AppServerMessage) => void; reject: (e: Error) => void }[] = [];

  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (this.output.length > 60) this.output.splice(0, this.output.length - 60);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (message: AppServerMessage) => {
      if (message.type === 'error') return this.failAll(new Error(`app process: ${message.message}`));
      const i = this.waiters.findIndex((w) => w.type === message.type);
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(message);
    });
    child.on('exit', (code, signal) => {
      this.exited = `exited (code ${code}, signal ${signal})`;
      this.failAll(new Error(`app process ${this.exited}; last output:\n    ${this.output.slice(-20).join('\n    ')}`));
    });
  }

  /** Why the process ended unexpectedly (with its last output), or null while it runs or after close(). */
  get crashReport(): string | null {
    return this.exited && !this.closing ? `app process ${this.exited}; last output:\n    ${this.output.slice(-20).join('\n    ')}` : null;
  }

  /** Starts dist-bench/bench/app-server.js with exactly `env` (plus PATH) and resolves once it listens. */
  static async start(env: Record<string, string>): Promise<{ app: AppProcess; port: number }> {
    const child = fork(fileURLToPath(new URL('./app-server.js', import.meta.url)), [], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      execArgv: ['--enable-source-maps'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const app = new AppProcess(child);
    try {
      const message = await app.next('listening', START_TIMEOUT_MS);
      return { app, port: (message as Extract<AppServerMessage, { type: 'listening' }>).port };
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
  }

  /** The child's process id (for CPU accounting). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Holds (or releases) the mail dispatcher's kick(): see app-server.ts. */
  async holdMail(hold: boolean): Promise<void> {
    this.send({ type: 'hold-mail', hold });
    await this.next('mail-held');
  }

  async profile(work: () => Promise<void>): Promise<Profile> {
    this.send({ type: 'profile-start' });
    await this.next('profile-started');
    await work();
    this.send({ type: 'profile-stop' });
    return ((await this.next('profile')) as Extract<AppServerMessage, { type: 'profile' }>).profile;
  }

  /** Graceful close (Nest shutdown, pool closed); killed if it takes longer than 10 s. */
  async close(): Promise<void> {
    if (this.exited) return;
    this.closing = true;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private send(request: AppServerRequest): void {
    if (this.exited) throw new Error(`app process ${this.exited}`);
    this.child.send(request);
  }

  private next(type: AppServerMessage['type'], timeoutMs = 30_000): Promise<AppServerMessage> {
    if (this.exited) return Promise.reject(new Error(`app process ${this.exited}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`app process: no '${type}' within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  private failAll(error: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(error);
  }
}
