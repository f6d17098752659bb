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
      expect(headers['keep-alive']).toBe('timeout=65');
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
