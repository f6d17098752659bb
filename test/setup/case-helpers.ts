import type { TestApp } from './test-app.js';

export const OFFICER = 'officer@demo.gongkai.local';
export const HEAD = 'head@demo.gongkai.local';
export const LEGAL = 'legal@demo.gongkai.local';
export const AUDITOR = 'auditor@demo.gongkai.local';
export const APPLICANT = 'applicant@demo.gongkai.local';
export const ADMIN = 'admin@demo.gongkai.local';

export interface CaseBody {
  id: string;
  trackingNumber: string;
  status: string;
  dueDate: string | null;
  version: number;
  openConsultations: string[];
  pendingReferrals: string[];
  allowedEvents: string[];
  /** Given once, on registration. */
  queryCode?: string;
  clock: Record<string, unknown> & { explanation?: { code: string; text: string }[] };
}

/** Registers a case as the demo officer (agency SLXZR). */
export async function registerCase(app: TestApp, receiptDate: string, extra: Record<string, unknown> = {}): Promise<CaseBody> {
  const token = await app.tokenFor(OFFICER);
  const res = await app.http
    .post('/api/v1/cases')
    .set('Authorization', `Bearer ${token}`)
    .send({
      channel: 'counter',
      receiptDate,
      applicantName: '张三',
      requestDescription: '2025年度某镇土地征收补偿方案',
      ...backDatedReason(app, receiptDate),
      ...extra,
    });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CaseBody;
}

/** 补录: a registration whose receipt date precedes today carries a reason, like any back-dated event. */
export function backDatedReason(app: TestApp, receiptDate: string | undefined): { reason?: string } {
  return receiptDate && receiptDate < app.clock.today() ? { reason: '纸质申请补录' } : {};
}

/** Sends an event; back-dated events get a reason automatically unless the test gives one. */
export function sendEvent(app: TestApp, token: string, caseId: string, body: Record<string, unknown>) {
  const today = app.clock.today();
  const withReason = body.effectiveDate && (body.effectiveDate as string) < today && !('reason' in body) ? { reason: '纸质材料补录', ...body } : body;
  return app.http.post(`/api/v1/cases/${caseId}/events`).set('Authorization', `Bearer ${token}`).send(withReason);
}

/** A case's id from its tracking number, looked up as staff do (`GET /api/v1/cases?trackingNumber=`), by the demo officer unless a token is given. */
export async function caseIdByTrackingNumber(app: TestApp, trackingNumber: string, token?: string): Promise<string> {
  const res = await app.http.get('/api/v1/cases').query({ trackingNumber }).set('Authorization', `Bearer ${token ?? (await app.tokenFor(OFFICER))}`);
  if (res.status !== 200 || res.body.items.length !== 1) throw new Error(`lookup of ${trackingNumber} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items[0].id as string;
}
