/**
 * Black-box helpers for the statutory-clock acceptance suite (clock-acceptance.e2e.spec.ts).
 * Only the public HTTP API is used: no import from src/modules/deadlines or src/modules/cases.
 */
import type { Response } from 'supertest';
import type { TestApp } from '../setup/test-app.js';
import { backDatedReason } from '../setup/case-helpers.js';

export const OFFICER = 'officer@demo.gongkai.local';
export const HEAD = 'head@demo.gongkai.local';

export type Channel = 'counter' | 'fax' | 'web' | 'letter_registered' | 'letter_ordinary';

export interface Clock {
  state: string;
  baseDate?: string;
  dueDate: string | null;
  totalWorkdays?: number;
  correctionNoticeDeadline?: string;
  correctionWindowEnds?: string;
  thirdPartyDeadline?: string;
  feeDeadline?: string;
  deferredUntil?: string;
  extension: { workdays: number; approvedOn: string } | null;
  pauses: { reason: string; from: string; to: string | null; excludedWorkdays: number; consultationId?: string }[];
  provisional: boolean;
  provisionalYears?: number[];
  warnings?: { code: string; date: string }[];
  deadlines?: { kind: string; date: string; rule: string; consultationId?: string; metOn?: string; missed?: boolean; settledOn?: string }[];
  explanation?: { code: string; text: string; rule?: string; from?: string; to?: string; workdays?: number }[];
}

export interface CaseBody {
  id: string;
  trackingNumber: string;
  status: string;
  receiptDate: string;
  dueDate: string | null;
  dueDateProvisional?: boolean;
  clock: Clock;
  openConsultations: string[];
  version: number;
}

/** Thin client over /api/v1 for one running app; `today` is the fixed clock's Beijing date. */
export class ClockApi {
  private n = 0;

  constructor(
    private readonly sut: TestApp,
    readonly today: string,
  ) {}

  async token(email = OFFICER): Promise<string> {
    return this.sut.tokenFor(email);
  }

  async register(receiptDate: string, channel: Channel = 'counter'): Promise<CaseBody> {
    const res = await this.registerRaw(receiptDate, channel);
    if (res.status !== 201) throw new Error(`register ${receiptDate} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CaseBody;
  }

  async registerRaw(receiptDate: string, channel: Channel = 'counter'): Promise<Response> {
    this.n += 1;
    return this.sut.http
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${await this.token()}`)
      .send({
        channel,
        receiptDate,
        applicantName: `验收申请人${this.n}`,
        requestDescription: `时限验收测试申请 #${this.n}（收件日 ${receiptDate}）`,
        ...backDatedReason(this.sut, receiptDate),
      });
  }

  /** Sends an event; a back-dated one carries a reason unless `withReason` is false. */
  async eventRaw(
    id: string,
    type: string,
    effectiveDate: string,
    payload: Record<string, unknown> = {},
    opts: { as?: string; withReason?: boolean } = {},
  ): Promise<Response> {
    const body: Record<string, unknown> = { type, effectiveDate, ...payload };
    if (opts.withReason ?? true) body.reason = `验收测试补录：${type} 实际发生于 ${effectiveDate}`;
    return this.sut.http
      .post(`/api/v1/cases/${id}/events`)
      .set('Authorization', `Bearer ${await this.token(opts.as ?? OFFICER)}`)
      .send(body);
  }

  async event(id: string, type: string, effectiveDate: string, payload: Record<string, unknown> = {}, as?: string): Promise<CaseBody> {
    const res = await this.eventRaw(id, type, effectiveDate, payload, { as });
    if (res.status !== 200 && res.status !== 201) {
      throw new Error(`${type}@${effectiveDate} on ${id} → ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body as CaseBody;
  }

  accept(id: string, date: string) {
    return this.event(id, 'ACCEPT', date);
  }

  /** CONSULT_THIRD_PARTY and returns the new consultation id (the one that was not open before). */
  async consult(id: string, date: string, party: 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY' = 'THIRD_PARTY'): Promise<{ c: CaseBody; consultationId: string }> {
    const before = (await this.get(id)).openConsultations ?? [];
    const c = await this.event(id, 'CONSULT_THIRD_PARTY', date, { party, partyName: party === 'THIRD_PARTY' ? '某某房地产开发有限公司' : '示例县财政局' });
    const fresh = c.openConsultations.filter((x) => !before.includes(x));
    if (fresh.length !== 1) throw new Error(`expected one new consultation, got ${JSON.stringify(c.openConsultations)}`);
    return { c, consultationId: fresh[0] };
  }

  opinion(id: string, date: string, consultationId: string) {
    return this.event(id, 'RECEIVE_THIRD_PARTY_OPINION', date, { consultationId, position: 'CONSENT' });
  }

  async get(id: string): Promise<CaseBody> {
    const res = await this.sut.http.get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${await this.token()}`);
    if (res.status !== 200) throw new Error(`GET case ${id} → ${res.status}`);
    return res.body as CaseBody;
  }

  async clock(id: string): Promise<Clock> {
    const res = await this.sut.http.get(`/api/v1/cases/${id}/clock`).set('Authorization', `Bearer ${await this.token()}`);
    if (res.status !== 200) throw new Error(`GET clock ${id} → ${res.status}`);
    return res.body as Clock;
  }
}
