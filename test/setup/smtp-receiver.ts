import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The SMTP envelope (MAIL FROM / RCPT TO), as the server saw it. */
  envelope: { from: string | null; to: string[] };
  /** The user name the client logged in with, if it did. */
  user: string | null;
  raw: Buffer;
  parsed: ParsedMail;
}

export type RejectStage = 'RCPT' | 'DATA';

export interface SmtpReceiver {
  /** `smtp://127.0.0.1:<port>`, with `user:pass@` when credentials were given. */
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Resolves with the mails once at least `count` have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** The next `times` transactions fail at `stage` with this reply (e.g. 451 transient, 550 permanent). */
  reject(stage: RejectStage, options: { times?: number; responseCode: number; message?: string }): void;
  /** The next `times` messages are received in full (and counted in `mails`), then the connection is dropped without the 250 reply. */
  dropAfterData(times?: number): void;
  /** Forgets received mails and planned rejections. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 and a random port that accepts every sender, recipient and message (no TLS;
 * login optional, checked only when credentials are given) and parses each message with mailparser, so tests
 * read the mail a person would get.
 */
export async function startSmtpReceiver(options: { user?: string; pass?: string; port?: number } = {}): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  let drops = 0;
  const waiters = new Set<() => void>();
  const planned: { stage: RejectStage; responseCode: number; message: string }[] = [];

  const takeRejection = (stage: RejectStage): Error | null => {
    const i = planned.findIndex((p) => p.stage === stage);
    if (i < 0) return null;
    const [p] = planned.splice(i, 1);
    return Object.assign(new Error(p.message), { responseCode: p.responseCode });
  };

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      // Logging in is optional; when the receiver was given credentials, a login must match them exactly.
      if (options.user !== undefined && (auth.username !== options.user || auth.password !== (options.pass ?? ''))) {
        return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      }
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onRcptTo(_address, _session, callback) {
      callback(takeRejection('RCPT'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const rejection = takeRejection('DATA');
        if (rejection) return callback(rejection);
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const from = session.envelope.mailFrom;
            mails.push({
              envelope: { from: from ? from.address : null, to: session.envelope.rcptTo.map((r) => r.address) },
              user: typeof session.user === 'string' ? session.user : null,
              raw,
              parsed,
            });
            for (const wake of waiters) wake();
            if (drops > 0) {
              drops--;
              // The message is here, but the sender never hears so: it must assume it was not delivered.
              const connections = (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
              for (const c of connections) if (c.id === session.id) c._socket.destroy();
              return;
            }
            callback(null, 'Ok: queued');
          },
          (e: Error) => callback(e),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = options.user ? `${encodeURIComponent(options.user)}:${encodeURIComponent(options.pass ?? '')}@` : '';

  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    port,
    mails,
    waitFor(count, timeoutMs = 5000) {
      if (mails.length >= count) return Promise.resolve([...mails]);
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (mails.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve([...mails]);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`expected ${count} mails within ${timeoutMs} ms, got ${mails.length}`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    reject(stage, { times = 1, responseCode, message = 'rejected by the test receiver' }) {
      for (let i = 0; i < times; i++) planned.push({ stage, responseCode, message });
    },
    dropAfterData(times = 1) {
      drops += times;
    },
    reset() {
      mails.length = 0;
      planned.length = 0;
      drops = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
