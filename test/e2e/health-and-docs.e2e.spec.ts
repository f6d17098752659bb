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
