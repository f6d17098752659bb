// A minimal keep-alive HTTP client for latency measurements: cheaper and more predictable than fetch, and the
// same for every endpoint, /health included. One socket (sequential requests) unless told otherwise.
import http from 'node:http';
import { createServer } from 'node:net';

export interface HttpResponse {
  status: number;
  body: string;
}

export class HttpClient {
  private readonly agent: http.Agent;

  /** `maxSockets` bounds the requests in flight; more wait in the agent's queue. */
  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
    private readonly maxSockets = 1,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  withHeaders(headers: Record<string, string>): HttpClient {
    return new HttpClient(this.baseUrl, { ...this.headers, ...headers }, this.maxSockets);
  }

  get(path: string): Promise<HttpResponse> {
    return this.request('GET', path);
  }

  post(path: string, json: unknown): Promise<HttpResponse> {
    return this.request('POST', path, JSON.stringify(json));
  }

  /** POST of an already serialised JSON body. */
  postJson(path: string, body: string): Promise<HttpResponse> {
    return this.request('POST', path, body);
  }

  close(): void {
    this.agent.destroy();
  }

  private request(method: string, path: string, body?: string): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...this.headers, accept: 'application/json' };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request(new URL(path, this.baseUrl), { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** A port nobody listens on right now (loopback). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
