import { Agent, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../setup/test-app.js';

describe('health and API docs', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ seed: false });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should answer liveness and readiness without login', async () => {
    expect((await sut.http.get('/health')).status).toBe(200);
    const ready = await sut.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.database.status).toBe('up');
    // No DATABASE_READ_URL: no second pool, nothing else pinged.
    expect(ready.body.info.databaseRead).toBeUndefined();
  });

  it('should keep an idle connection open longer than a proxy in front would, and say so', async () => {
    // A proxy reuses its idle connections for up to 60 s: closing one earlier resets a request sent on it.
    const server = sut.app.getHttpServer() as Server;
    expect(server.keepAliveTimeout).toBe(65_000);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const agent = new Agent({ keepAlive: true });
      const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) =>
        get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/health', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers));
        }).on('error', reject),
      );
      agent.destroy();
      expect(headers['connection']).toBe('keep-alive');
      expect(headers['keep-alive']).toBe('timeout=65, max=100');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('should end a keep-alive connection after 100 requests, saying so on the last answer, so the next one lands anew', async () => {
    // With several workers a new connection goes to the next worker in turn; a connection kept for ever would tie
    // its client's load to one of them.
    const server = sut.app.getHttpServer() as Server;
    expect(server.maxRequestsPerSocket).toBe(100);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const answers: { status?: number; connection?: string; port?: number }[] = [];
      for (let i = 0; i < 101; i++) {
        answers.push(
          await new Promise((resolve, reject) =>
            get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/health', agent }, (res) => {
              const port = res.socket.localPort;
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode, connection: res.headers['connection'], port }));
            }).on('error', reject),
          ),
        );
      }
      agent.destroy();
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(answers.slice(0, 99).every((a) => a.connection === 'keep-alive' && a.port === answers[0].port)).toBe(true);
      expect(answers[99].connection).toBe('close');
      expect(answers[99].port).toBe(answers[0].port);
      expect(answers[100]).toMatchObject({ connection: 'keep-alive' });
      expect(answers[100].port).not.toBe(answers[0].port);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('should publish OpenAPI listing the auth, me, users and agencies endpoints', async () => {
    const res = await sut.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/register', '/api/v1/me', '/api/v1/users', '/api/v1/users/{id}', '/api/v1/agencies', '/api/v1/agencies/{id}']),
    );
    expect(res.body.components.schemas.LoginDto.properties.email.example).toBeDefined();
  });

  it('should serve the API docs UI', async () => {
    const res = await sut.http.get('/api/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });
});
