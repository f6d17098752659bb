import { startTestApp, type TestApp } from '../setup/test-app.js';

type Who = 'anonymous' | 'APPLICANT' | 'OFFICER' | 'OFFICE_HEAD' | 'LEGAL_ADVISOR' | 'AUDITOR' | 'ADMIN';

const LOGINS: Record<Exclude<Who, 'anonymous'>, string> = {
  APPLICANT: 'applicant@demo.gongkai.local',
  OFFICER: 'officer@demo.gongkai.local',
  OFFICE_HEAD: 'head@demo.gongkai.local',
  LEGAL_ADVISOR: 'legal@demo.gongkai.local',
  AUDITOR: 'auditor@demo.gongkai.local',
  ADMIN: 'admin@demo.gongkai.local',
};

interface Endpoint {
  name: string;
  method: 'get' | 'post' | 'patch';
  path: (ids: Ids) => string;
  body?: (n: number) => object;
  /** Roles allowed through; every other role gets 403, anonymous 401. */
  allowed: Who[];
}

interface Ids {
  agencyId: string;
  userId: string;
}

const ENDPOINTS: Endpoint[] = [
  { name: 'GET /agencies', method: 'get', path: () => '/api/v1/agencies', allowed: ['OFFICER', 'OFFICE_HEAD', 'AUDITOR', 'ADMIN'] },
  { name: 'GET /agencies/:id', method: 'get', path: (i) => `/api/v1/agencies/${i.agencyId}`, allowed: ['OFFICER', 'OFFICE_HEAD', 'AUDITOR', 'ADMIN'] },
  {
    name: 'POST /agencies',
    method: 'post',
    path: () => '/api/v1/agencies',
    body: (n) => ({ name: `测试局${n}`, code: `TST${n}`, documentPrefix: '测公开', type: 'GOVERNMENT_DEPARTMENT', reconsiderationBody: '示例县人民政府', competentCourt: '示例县人民法院' }),
    allowed: ['ADMIN'],
  },
  { name: 'PATCH /agencies/:id', method: 'patch', path: (i) => `/api/v1/agencies/${i.agencyId}`, body: () => ({ phone: '0000-1234567' }), allowed: ['ADMIN'] },
  { name: 'GET /users', method: 'get', path: () => '/api/v1/users', allowed: ['ADMIN'] },
  { name: 'GET /users/:id', method: 'get', path: (i) => `/api/v1/users/${i.userId}`, allowed: ['ADMIN'] },
  {
    name: 'POST /users',
    method: 'post',
    path: () => '/api/v1/users',
    body: (n) => ({ email: `staff${n}@example.gov.cn`, displayName: '新同事', role: 'AUDITOR', password: 'Staff#20260101' }),
    allowed: ['ADMIN'],
  },
  { name: 'PATCH /users/:id', method: 'patch', path: (i) => `/api/v1/users/${i.userId}`, body: () => ({ displayName: '改名' }), allowed: ['ADMIN'] },
  { name: 'POST /users/:id/unlock', method: 'post', path: (i) => `/api/v1/users/${i.userId}/unlock`, allowed: ['ADMIN'] },
  { name: 'POST /users/:id/password', method: 'post', path: (i) => `/api/v1/users/${i.userId}/password`, body: () => ({ password: 'Reset#20260101' }), allowed: ['ADMIN'] },
  { name: 'GET /mail/failed', method: 'get', path: () => '/api/v1/mail/failed', allowed: ['ADMIN'] },
];

const WHO: Who[] = ['anonymous', 'APPLICANT', 'OFFICER', 'OFFICE_HEAD', 'LEGAL_ADVISOR', 'AUDITOR', 'ADMIN'];

describe('least privilege: role × admin endpoint', () => {
  let sut: TestApp;
  let ids: Ids;
  const tokens = new Map<Who, string>();
  let counter = 0;

  beforeAll(async () => {
    sut = await startTestApp();
    for (const [who, email] of Object.entries(LOGINS)) tokens.set(who as Who, await sut.tokenFor(email));
    const admin = tokens.get('ADMIN')!;
    const agencies = await sut.http.get('/api/v1/agencies').set('Authorization', `Bearer ${admin}`);
    // A user of its own as the target: a password reset ends the target's sessions, which must not be a caller's.
    const target = await sut.http.post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send({ email: 'matrix.target@example.gov.cn', displayName: '目标用户', role: 'AUDITOR', password: 'Target#20260101' });
    ids = { agencyId: agencies.body.find((a: { code: string }) => a.code === 'SLXZJ').id, userId: target.body.id };
  });

  afterAll(async () => {
    await sut.close();
  });

  const cases = ENDPOINTS.flatMap((e) => WHO.map((who) => [e.name, who, e] as const));

  it.each(cases)('%s as %s', async (_name, who, endpoint) => {
    const n = ++counter;
    let req = sut.http[endpoint.method](endpoint.path(ids));
    const token = tokens.get(who);
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    const res = await (endpoint.body ? req.send(endpoint.body(n)) : req);
    if (who === 'anonymous') expect(res.status).toBe(401);
    else if (endpoint.allowed.includes(who)) expect([200, 201]).toContain(res.status);
    else {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });
});
