import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { TEST_ENV } from '../setup/test-env.js';

/**
 * The README's first command, for real: `node dist/main.js` with DATABASE_URL unset starts its own
 * PostgreSQL, migrates, seeds, serves, and on Ctrl-C (SIGINT) leaves no PostgreSQL behind.
 */
describe('service boot on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(process.env[TEST_ENV.tmpDir] ?? '/tmp', 'boot-'));
  chmodSync(dataDir, 0o755);

  const postgresProcesses = () => {
    try {
      return execFileSync('pgrep', ['-f', `postgres -D ${dataDir}`], { encoding: 'utf8' }).trim();
    } catch {
      return ''; // pgrep exits 1 when nothing matches
    }
  };

  async function boot(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['dist/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`service exited early:\n${out}`);
      const ok = await fetch(`${url}/health/ready`).then((r) => r.status === 200, () => false);
      if (ok) return { child, url, output: () => out };
      await new Promise((r) => setTimeout(r, 250));
    }
    child.kill('SIGKILL');
    throw new Error(`not ready within two minutes:\n${out}`);
  }

  async function interrupt(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    return exited;
  }

  it('should become ready, print where things are, and stop its PostgreSQL on SIGINT', async () => {
    const { child, url, output } = await boot();
    expect(output()).toContain(`${url}/api/docs`);
    expect(output()).toContain('officer@demo.gongkai.local');
    const docs = (await (await fetch(`${url}/api/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/me', '/api/v1/users', '/api/v1/agencies']));
    expect(postgresProcesses()).not.toBe('');

    expect(await interrupt(child)).toBe(0);
    expect(postgresProcesses()).toBe('');
  }, 150_000);

  it('should keep its data across restarts and not seed twice', async () => {
    const { child, url } = await boot();
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.gongkai.local', password: 'Gongkai#2026' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const agencies = (await (await fetch(`${url}/api/v1/agencies`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as unknown[];
    expect(agencies).toHaveLength(5);
    expect(await interrupt(child)).toBe(0);
    expect(postgresProcesses()).toBe('');
  }, 150_000);

  it('should refuse to start on a bad setting, naming the variable', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, ['dist/main.js'], { env: { ...process.env, DATA_DIR: dataDir, PORT: 'eighty' }, stdio: 'pipe' });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      expect(err.status).toBe(78);
      stderr = err.stderr.toString();
    }
    expect(stderr).toContain('PORT="eighty"');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
