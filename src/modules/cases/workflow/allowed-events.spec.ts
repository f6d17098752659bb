import { applyCaseEvent, allowedEvents, initialCaseSnapshot, initialSubmittedSnapshot } from './case-workflow.js';
import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType } from './case-event.js';
import { canRoleSend } from './event-permissions.js';
import type { Role } from './roles.js';
import { ACTOR_ID, caseEvent, DUE_DATE, RECEIPT_DATE, sampleEvent, SUBMITTED_ON } from './testing/case-event.factory.js';

// The day every probe and command is sent: after every event of the paths below.
const TODAY = '2026-03-10';
const ROLES: readonly Role[] = ['OFFICER', 'OFFICE_HEAD', 'LEGAL_ADVISOR', 'APPLICANT', 'AUDITOR', 'ADMIN', 'SYSTEM'];

const head = { role: 'OFFICE_HEAD' } as const;
const advisor = { role: 'LEGAL_ADVISOR' } as const;
const accept = caseEvent('ACCEPT', {});
const draft = (replyType: string) => caseEvent('START_DRAFT', { replyType });
const refer = (difficult = false) => caseEvent('REFER_TO_LEGAL', { referralIds: ['r1'], difficult });
const opinion = (answer: 'AGREE' | 'AGREE_WITH_CHANGES' | 'DISAGREE') => caseEvent('SUBMIT_LEGAL_OPINION', { referralId: 'r1', opinion: answer }, advisor);
const submit = caseEvent('SUBMIT_FOR_APPROVAL', {});
const approve = caseEvent('APPROVE_REPLY', {}, head);
const delivered = [accept, draft('DISCLOSE'), submit, approve, caseEvent('DELIVER_REPLY', {})];

/**
 * One path into every reachable state, and into the co-review variants of awaiting approval (a reply type that
 * needs an agreeing opinion, with none, with one, with a disagreement; a case flagged 重大复杂疑难).
 */
const STATES: Readonly<Record<string, { submitted?: true; path: readonly CaseEvent[] }>> = {
  SUBMITTED: { submitted: true, path: [] },
  REGISTERED: { path: [] },
  CORRECTION_PENDING: { path: [caseEvent('REQUEST_CORRECTION', {})] },
  ACCEPTED: { path: [accept] },
  CONSULTING_THIRD_PARTY: { path: [accept, caseEvent('CONSULT_THIRD_PARTY', { consultationId: 'c1', party: 'THIRD_PARTY' })] },
  AWAITING_FEE: { path: [accept, caseEvent('SEND_FEE_NOTICE', {})] },
  LEGAL_REVIEW: { path: [accept, refer()] },
  DRAFTING: { path: [accept, draft('DISCLOSE')] },
  'AWAITING_APPROVAL (DISCLOSE)': { path: [accept, draft('DISCLOSE'), submit] },
  'AWAITING_APPROVAL (PARTIAL, no opinion)': { path: [accept, draft('PARTIAL'), submit] },
  'AWAITING_APPROVAL (PARTIAL, agreed)': { path: [accept, draft('PARTIAL'), refer(), opinion('AGREE_WITH_CHANGES'), submit] },
  'AWAITING_APPROVAL (PARTIAL, disagreed)': { path: [accept, draft('PARTIAL'), refer(), opinion('DISAGREE'), submit] },
  'AWAITING_APPROVAL (NOT_EXIST, no opinion)': { path: [accept, draft('NOT_EXIST'), submit] },
  'AWAITING_APPROVAL (DISCLOSE, difficult, disagreed)': { path: [accept, draft('DISCLOSE'), refer(true), opinion('DISAGREE'), submit] },
  'AWAITING_APPROVAL (DISCLOSE, difficult, agreed)': { path: [accept, draft('DISCLOSE'), refer(true), opinion('AGREE'), submit] },
  APPROVED: { path: [accept, draft('DISCLOSE'), submit, approve] },
  DELIVERED: { path: delivered },
  ARCHIVED: { path: [...delivered, caseEvent('ARCHIVE', {})] },
  WITHDRAWN: { path: [caseEvent('WITHDRAW', {})] },
  CLOSED: { path: [caseEvent('CLOSE', { closeReason: 'NOT_AN_APPLICATION' })] },
};

const reach = ({ submitted, path }: { submitted?: true; path: readonly CaseEvent[] }): unknown =>
  path.reduce<unknown>((snapshot, event) => {
    const result = applyCaseEvent(snapshot, event);
    if (!result.ok) throw new Error(`${event.type} refused on the way`);
    return result.snapshot;
  }, submitted ? initialSubmittedSnapshot(SUBMITTED_ON) : initialCaseSnapshot(RECEIPT_DATE));

/** What the command pipeline answers: 403 before the statechart (role), then 409 if the statechart refuses. */
const send = (snapshot: unknown, type: CaseEventType, role: Role): 'OK' | 403 | 409 => {
  if (!canRoleSend(role, type)) return 403;
  const event = { ...sampleEvent(type, { role, effectiveDate: TODAY, dueDate: DUE_DATE, actorId: ACTOR_ID }), ...(type === 'SUBMIT_LEGAL_OPINION' ? { opinion: 'AGREE' as const } : {}) };
  return applyCaseEvent(snapshot, event).ok ? 'OK' : 409;
};

describe('allowed events against the commands they offer', () => {
  describe.each(Object.entries(STATES))('%s', (_name, state) => {
    const snapshot = reach(state);
    it.each(ROLES)('should offer %s exactly the events that succeed, and refuse the others with 403 or 409', (role) => {
      const offered = allowedEvents(snapshot, role, { effectiveDate: TODAY, dueDate: DUE_DATE, actorId: ACTOR_ID });
      const outcomes = Object.fromEntries(CASE_EVENT_TYPES.map((type) => [type, send(snapshot, type, role)]));
      expect(Object.keys(outcomes).filter((type) => outcomes[type] === 'OK')).toEqual(offered);
    });
  });

  it('should name the co-review rule when the statechart refuses an approval for want of an agreeing opinion', () => {
    expect(applyCaseEvent(reach(STATES['AWAITING_APPROVAL (PARTIAL, no opinion)']), approve)).toMatchObject({ ok: false, legalReview: 'REPLY_TYPE_NEEDS_AGREEMENT' });
    expect(applyCaseEvent(reach(STATES['AWAITING_APPROVAL (PARTIAL, disagreed)']), approve)).toMatchObject({ ok: false, legalReview: 'OPINION_DISAGREES' });
    expect(applyCaseEvent(reach(STATES['AWAITING_APPROVAL (DISCLOSE, difficult, disagreed)']), approve)).toMatchObject({ ok: false, legalReview: 'OPINION_DISAGREES' });
    // Not an approval the co-review policy stops: a plain refusal (an officer cannot approve; nor once approved).
    expect(applyCaseEvent(reach(STATES['AWAITING_APPROVAL (PARTIAL, no opinion)']), caseEvent('APPROVE_REPLY', {}, { role: 'OFFICER' }))).toEqual({ ok: false, reason: 'NOT_ALLOWED' });
    expect(applyCaseEvent(reach(STATES.APPROVED), approve)).toEqual({ ok: false, reason: 'NOT_ALLOWED' });
  });

  it('should offer the office head the approval of a withholding reply once an advisor agreed, and not before', () => {
    const offeredToHead = (name: string) => allowedEvents(reach(STATES[name]), 'OFFICE_HEAD', { effectiveDate: TODAY, dueDate: DUE_DATE, actorId: ACTOR_ID });
    expect(offeredToHead('AWAITING_APPROVAL (PARTIAL, no opinion)')).not.toContain('APPROVE_REPLY');
    expect(offeredToHead('AWAITING_APPROVAL (NOT_EXIST, no opinion)')).not.toContain('APPROVE_REPLY');
    expect(offeredToHead('AWAITING_APPROVAL (PARTIAL, agreed)')).toContain('APPROVE_REPLY');
    expect(offeredToHead('AWAITING_APPROVAL (DISCLOSE, difficult, agreed)')).toContain('APPROVE_REPLY');
    expect(offeredToHead('AWAITING_APPROVAL (DISCLOSE)')).toContain('APPROVE_REPLY');
  });
});
