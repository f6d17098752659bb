// The app under test, in its own process (forked by queue.bench.ts): the server gets its own event
// loop as in production, and a crash or process.exit() inside Nest cannot take the runner (and the
// cleanup of its PostgreSQL) down with it. Configuration comes from the environment, as for main.ts.
//
// IPC protocol (parent → child): { type: 'profile-start' | 'profile-stop' | 'close' } | { type: 'hold-mail', hold }
//                (child → parent): { type: 'listening', port } | { type: 'profile-started' }
//                                  | { type: 'profile', profile } | { type: 'mail-held', hold } | { type: 'closed' }
//                                  | { type: 'error', message }
// BENCH_APP_WORKERS > 1: this process forks that many workers (node:cluster; each runs createApp and they share one
// port, as main.ts with HTTP_WORKERS) and relays: hold-mail and close go to every worker, a profile is taken of
// the first worker only.
// hold-mail: while held, MailDispatcher.kick() (called after every commit that enqueued mail) does nothing, so
// the outbox fills but nothing is sent; releasing restores it and kicks once. Lets a benchmark measure a use case
// without the background dispatch it triggers.
import 'reflect-metadata';
import cluster, { type Worker } from 'node:cluster';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/bootstrap.js';
import { loadAppConfig } from '../src/config/app-config.js';
import { MailDispatcher } from '../src/modules/notifications/mail-dispatcher.service.js';
import { type Profile, startProfiler } from './harness.js';

export type AppServerRequest = { type: 'profile-start' } | { type: 'profile-stop' } | { type: 'close' } | { type: 'hold-mail'; hold: boolean };
export type AppServerMessage =
  | { type: 'listening'; port: number }
  | { type: 'profile-started' }
  | { type: 'profile'; profile: Profile }
  | { type: 'mail-held'; hold: boolean }
  | { type: 'closed' }
  | { type: 'error'; message: string };

const send = (message: AppServerMessage) => process.send?.(message);

async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const databaseUrl = config.database.url;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const app: INestApplication = await createApp({ config, databaseUrl });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };

  const dispatcher = app.get(MailDispatcher);
  const kick = dispatcher.kick.bind(dispatcher);
  let profiler: Awaited<ReturnType<typeof startProfiler>> | null = null;
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    send({ type: 'closed' });
    process.exit(0);
  };
  process.on('disconnect', () => void close());
  process.on('message', (message: AppServerRequest) => {
    void (async () => {
      try {
        if (message.type === 'profile-start') {
          profiler = await startProfiler();
          send({ type: 'profile-started' });
        } else if (message.type === 'profile-stop' && profiler) {
          const profile = await profiler.stop(12);
          profiler = null;
          send({ type: 'profile', profile });
        } else if (message.type === 'hold-mail') {
          dispatcher.kick = message.hold ? () => undefined : kick;
          if (!message.hold) kick();
          send({ type: 'mail-held', hold: message.hold });
        } else if (message.type === 'close') {
          await close();
        }
      } catch (e) {
        send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
  send({ type: 'listening', port: address.port });
}

/** The supervising side of BENCH_APP_WORKERS: the workers run main() and talk to this process, which talks to the runner. */
async function supervise(count: number): Promise<void> {
  const workers: Worker[] = [];
  const replies = (worker: Worker, type: AppServerMessage['type']) =>
    new Promise<AppServerMessage>((resolve, reject) => {
      const onMessage = (m: AppServerMessage) => {
        if (m.type === 'error') reject(new Error(m.message));
        else if (m.type === type) {
          worker.off('message', onMessage);
          resolve(m);
        }
      };
      worker.on('message', onMessage);
    });
  let port = 0;
  let closing = false;
  for (let i = 0; i < count; i++) {
    const worker = cluster.fork();
    worker.on('exit', (code) => {
      if (!closing) send({ type: 'error', message: `bench app worker exited (code ${code})` });
    });
    workers.push(worker);
    port = ((await replies(worker, 'listening')) as Extract<AppServerMessage, { type: 'listening' }>).port;
  }
  process.on('message', (message: AppServerRequest) => {
    void (async () => {
      try {
        if (message.type === 'hold-mail') {
          await Promise.all(workers.map((w) => (w.send(message), replies(w, 'mail-held'))));
          send({ type: 'mail-held', hold: message.hold });
        } else if (message.type === 'profile-start') {
          workers[0].send(message);
          send(await replies(workers[0], 'profile-started'));
        } else if (message.type === 'profile-stop') {
          workers[0].send(message);
          send(await replies(workers[0], 'profile'));
        } else if (message.type === 'close') {
          closing = true;
          await Promise.all(workers.map((w) => (w.send(message), replies(w, 'closed'))));
          send({ type: 'closed' });
          process.exit(0);
        }
      } catch (e) {
        send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
  process.on('disconnect', () => workers.forEach((w) => w.kill()));
  send({ type: 'listening', port });
}

const workerCount = Number(process.env.BENCH_APP_WORKERS ?? 1);
(cluster.isPrimary && workerCount > 1 ? supervise(workerCount) : main()).catch((e: unknown) => {
  process.stderr.write(`bench app server failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
