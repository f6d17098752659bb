import { initialTransition, transition } from 'xstate';
import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType } from './case-event.js';
import type { CaseSnapshot } from './case-snapshot.js';
import { CaseStatus } from './case-status.js';
import { initialSubmittedSnapshot, restoreCaseSnapshot, statusOf } from './case-workflow.js';
import { CASE_MACHINE_VERSION, caseMachine as sut } from './case.machine.js';
import { caseEvent, DUE_DATE, RECEIPT_DATE, sampleEvent, SUBMITTED_ON, type CaseEventOverrides } from './testing/case-event.factory.js';

const DAY_2 = '2026-03-03';
const DAY_3 = '2026-03-04';

const start = (): CaseSnapshot => initialTransition(sut, { receiptDate: RECEIPT_DATE })[0];

// A web application submitted on SUBMITTED_ON whose receipt is not yet confirmed.
const startSubmitted = (): CaseSnapshot => restoreCaseSnapshot(initialSubmittedSnapshot(SUBMITTED_ON), CASE_MACHINE_VERSION);

const send = (snapshot: CaseSnapshot, event: CaseEvent): CaseSnapshot => {
  if (!snapshot.can(event)) {
    throw new Error(`${event.type} refused in ${statusOf(snapshot)}`);
  }
  return transition(sut, snapshot, event)[0];
};

const drive = (events: readonly CaseEvent[], from: CaseSnapshot = start()): CaseSnapshot => events.reduce(send, from);

const actionsOf = (snapshot: CaseSnapshot, event: CaseEvent): string[] => transition(sut, snapshot, event)[1].map((action) => action.type);

const on = (effectiveDate: string): CaseEventOverrides => ({ effectiveDate });

const dayBefore = (isoDate: string): string => {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
};

const accept = caseEvent('ACCEPT', {});
const consult = (consultationId: string, overrides: CaseEventOverrides = {}) =>
  caseEvent('CONSULT_THIRD_PARTY', { consultationId, party: 'THIRD_PARTY' }, overrides);
const referToLegal = (...referralIds: string[]) => caseEvent('REFER_TO_LEGAL', { referralIds });
const opinion = (referralId: string) => caseEvent('SUBMIT_LEGAL_OPINION', { referralId });
const startDraft = (replyType = 'DISCLOSE') => caseEvent('START_DRAFT', { replyType });
const extension = (overrides: CaseEventOverrides = {}, workdays = 20) => caseEvent('APPROVE_EXTENSION', { workdays }, { role: 'OFFICE_HEAD', ...overrides });
const toApproval = [accept, startDraft(), caseEvent('SUBMIT_FOR_APPROVAL', {})];
const toApproved = [...toApproval, caseEvent('APPROVE_REPLY', {}, { role: 'OFFICE_HEAD' })];
const toDelivered = [...toApproved, caseEvent('DELIVER_REPLY', {})];

const confirmReceipt = (receiptDate: string, overrides: CaseEventOverrides = {}) => caseEvent('CONFIRM_RECEIPT', { receiptDate }, overrides);

// One path into every status; ids 'c1' and 'r1' match the factory's sample events. Every
// path starts from a registered case except SUBMITTED's: no event leads into `submitted`.
const PATHS: Readonly<Record<CaseStatus, readonly CaseEvent[]>> = {
  SUBMITTED: [],
  REGISTERED: [],
  CORRECTION_PENDING: [caseEvent('REQUEST_CORRECTION', {})],
  ACCEPTED: [accept],
  CONSULTING_THIRD_PARTY: [accept, consult('c1')],
  AWAITING_FEE: [accept, caseEvent('SEND_FEE_NOTICE', {})],
  LEGAL_REVIEW: [accept, referToLegal('r1')],
  DRAFTING: [accept, startDraft()],
  AWAITING_APPROVAL: toApproval,
  APPROVED: toApproved,
  DELIVERED: toDelivered,
  ARCHIVED: [...toDelivered, caseEvent('ARCHIVE', {})],
  WITHDRAWN: [caseEvent('WITHDRAW', {})],
  CLOSED: [caseEvent('CLOSE', { closeReason: 'NOT_AN_APPLICATION' })],
};

const startOf = (status: CaseStatus): CaseSnapshot => (status === 'SUBMITTED' ? startSubmitted() : start());

const reach = (status: CaseStatus): CaseSnapshot => drive(PATHS[status], startOf(status));

const OPEN_EVERYWHERE: readonly CaseEventType[] = ['WITHDRAW', 'ASSIGN', 'CLOSE', 'DEADLINE_WARNING', 'DEADLINE_PASSED', 'CALENDAR_CHANGED', 'RECORD_DELIVERY_PROOF'];
const IN_EVERY_PROCESSING_STATE: readonly CaseEventType[] = [...OPEN_EVERYWHERE, 'APPROVE_EXTENSION', 'DEFER'];
const AFTER_THE_REPLY: readonly CaseEventType[] = ['ARCHIVE', 'CALENDAR_CHANGED', 'RECORD_DELIVERY_PROOF', 'RECORD_REMEDY', 'SET_LEGAL_HOLD'];

// The expected transition table: everything not listed must be refused.
const ALLOWED_BY_STATE: Readonly<Record<CaseStatus, readonly CaseEventType[]>> = {
  // No clock runs before the receipt date is fixed: no DEADLINE_PASSED, extension or deferral.
  SUBMITTED: ['CONFIRM_RECEIPT', 'WITHDRAW', 'ASSIGN', 'CLOSE', 'DEADLINE_WARNING', 'CALENDAR_CHANGED'],
  REGISTERED: [...OPEN_EVERYWHERE, 'ACCEPT', 'REQUEST_CORRECTION', 'APPROVE_EXTENSION'],
  CORRECTION_PENDING: [...OPEN_EVERYWHERE, 'RECEIVE_CORRECTION', 'CORRECTION_LAPSED'],
  ACCEPTED: [...IN_EVERY_PROCESSING_STATE, 'CONSULT_THIRD_PARTY', 'SEND_FEE_NOTICE', 'REFER_TO_LEGAL', 'START_DRAFT'],
  CONSULTING_THIRD_PARTY: [...IN_EVERY_PROCESSING_STATE, 'CONSULT_THIRD_PARTY', 'RECEIVE_THIRD_PARTY_OPINION', 'THIRD_PARTY_LAPSED'],
  AWAITING_FEE: [...IN_EVERY_PROCESSING_STATE, 'RECEIVE_FEE_PAYMENT', 'FEE_LAPSED'],
  LEGAL_REVIEW: [...IN_EVERY_PROCESSING_STATE, 'REFER_TO_LEGAL', 'SUBMIT_LEGAL_OPINION', 'START_DRAFT'],
  DRAFTING: [...IN_EVERY_PROCESSING_STATE, 'SUBMIT_FOR_APPROVAL', 'CONSULT_THIRD_PARTY', 'SEND_FEE_NOTICE', 'REFER_TO_LEGAL', 'START_DRAFT'],
  AWAITING_APPROVAL: [...IN_EVERY_PROCESSING_STATE, 'APPROVE_REPLY', 'RETURN_DRAFT', 'REFER_TO_LEGAL'],
  APPROVED: [...IN_EVERY_PROCESSING_STATE, 'DELIVER_REPLY'],
  DELIVERED: AFTER_THE_REPLY,
  // Sealed: only what may come after archiving (delivery proof, remedy proceedings, legal hold).
  ARCHIVED: ['RECORD_DELIVERY_PROOF', 'RECORD_REMEDY', 'SET_LEGAL_HOLD'],
  WITHDRAWN: AFTER_THE_REPLY,
  CLOSED: AFTER_THE_REPLY,
};

// 条例第四十四条: the disclosure office's decisions are recorded on a case whatever its state, sealed ones included.
const RECORDED_DECISIONS: readonly CaseEventType[] = ['DISCLOSURE_DECIDED', 'DISCLOSURE_SUGGESTION_REVIEWED'];
const ALLOWED = (status: CaseStatus): readonly CaseEventType[] => [...ALLOWED_BY_STATE[status], ...RECORDED_DECISIONS];

const TABLE = Object.values(CaseStatus).flatMap((status) => CASE_EVENT_TYPES.map((type) => ({ status, type, allowed: ALLOWED(status).includes(type) })));

describe('caseMachine', () => {
  describe('reachability', () => {
    it.each(Object.values(CaseStatus))('should reach %s', (status) => {
      expect(statusOf(reach(status))).toBe(status);
    });

    it.each([
      ['REGISTERED', confirmReceipt(RECEIPT_DATE)],
      ['WITHDRAWN', caseEvent('WITHDRAW', {})],
      ['CLOSED', caseEvent('CLOSE', { closeReason: 'NOT_AN_APPLICATION' })],
    ] as const)('should reach %s from SUBMITTED', (status, event) => {
      expect(statusOf(drive([event], startSubmitted()))).toBe(status);
    });

    // `submitted` is a starting state only: once the receipt date is fixed it stays fixed.
    it.each(Object.values(CaseStatus).filter((status) => status !== 'SUBMITTED'))('should never go back to SUBMITTED from %s', (status) => {
      const snapshot = reach(status);
      const targets = CASE_EVENT_TYPES.map((type) => sampleEvent(type))
        .filter((event) => snapshot.can(event))
        .map((event) => statusOf(transition(sut, snapshot, event)[0]));
      expect(targets).not.toContain('SUBMITTED');
    });

    it('should stay archived (sealed, not final: remedy records and delivery proof still come in)', () => {
      const archived = drive(PATHS.ARCHIVED);
      expect(statusOf(archived)).toBe('ARCHIVED');
      expect(statusOf(drive([caseEvent('RECORD_REMEDY', {})], archived))).toBe('ARCHIVED');
    });

    it.each(['WITHDRAWN', 'CLOSED'] as const)('should archive a %s case', (status) => {
      expect(statusOf(drive([caseEvent('ARCHIVE', {})], drive(PATHS[status])))).toBe('ARCHIVED');
    });
  });

  describe('transition table', () => {
    // A decision on proactive disclosure changes nothing about the case: same state, same context but the date
    // watermark, only written to the log.
    it.each(Object.values(CaseStatus).flatMap((status) => RECORDED_DECISIONS.map((type) => ({ status, type }))))('should record $type in $status and change nothing else', ({ status, type }) => {
      const before = reach(status);
      const [after, actions] = transition(sut, before, sampleEvent(type));
      expect(statusOf(after)).toBe(status);
      expect({ ...after.context, lastEffectiveDate: null }).toEqual({ ...before.context, lastEffectiveDate: null });
      expect(actions.map((a) => a.type)).toEqual(['recordEvent']);
    });

    it.each(TABLE.filter((row) => row.allowed))('should admit $type in $status', ({ status, type }) => {
      expect(reach(status).can(sampleEvent(type))).toBe(true);
    });

    it.each(TABLE.filter((row) => !row.allowed))('should refuse $type in $status', ({ status, type }) => {
      const snapshot = reach(status);
      const event = sampleEvent(type);
      expect(snapshot.can(event)).toBe(false);
      expect(transition(sut, snapshot, event)[0]).toBe(snapshot);
    });

    // Events apply in date order: the same table, one day too early.
    it.each(TABLE.filter((row) => row.allowed))('should refuse $type in $status dated before the previous event', ({ status, type }) => {
      const snapshot = drive(
        PATHS[status].map((event) => ({ ...event, effectiveDate: DAY_3 })),
        startOf(status),
      );
      const tooEarly = dayBefore(snapshot.context.lastEffectiveDate);
      expect(snapshot.can(sampleEvent(type, on(tooEarly)))).toBe(false);
    });
  });

  describe('dates in order', () => {
    it('should admit an event on the same day as the previous one', () => {
      const sut2 = drive([{ ...accept, effectiveDate: DAY_2 }]);
      expect(sut2.can(startDraft())).toBe(false);
      expect(sut2.can({ ...startDraft(), effectiveDate: DAY_2 })).toBe(true);
    });

    it('should refuse an event dated before the receipt date', () => {
      expect(start().can(caseEvent('ACCEPT', {}, on('2026-03-01')))).toBe(false);
    });

    it.each(['2026-02-30', '2026-3-5', '20260305', ''])('should refuse the malformed effective date %j', (effectiveDate) => {
      expect(start().can(caseEvent('ACCEPT', {}, on(effectiveDate)))).toBe(false);
    });

    it('should move lastEffectiveDate forward with every admitted event', () => {
      const snapshot = drive([caseEvent('ACCEPT', {}, on(DAY_3))]);
      expect(snapshot.context.lastEffectiveDate).toBe(DAY_3);
    });
  });

  describe('intake before the receipt date is fixed (条例第三十一条)', () => {
    it('should start with the submission date as the last effective date', () => {
      const snapshot = startSubmitted();
      expect(statusOf(snapshot)).toBe('SUBMITTED');
      expect(snapshot.status).toBe('active');
      expect(snapshot.context.lastEffectiveDate).toBe(SUBMITTED_ON);
    });

    it('should register the case on confirmation and tell the applicant', () => {
      const snapshot = startSubmitted();
      const event = confirmReceipt(RECEIPT_DATE);
      expect(actionsOf(snapshot, event)).toEqual(['recordEvent', 'issueReceipt']);
      const next = send(snapshot, event);
      expect(statusOf(next)).toBe('REGISTERED');
      expect(next.context).toEqual({ ...snapshot.context, lastEffectiveDate: RECEIPT_DATE });
    });

    it('should admit a receipt date on the submission day (same-day confirmation)', () => {
      expect(startSubmitted().can(confirmReceipt(SUBMITTED_ON, on(SUBMITTED_ON)))).toBe(true);
    });

    // An ordinary letter confirmed by telephone on Monday and recorded on Wednesday: the
    // receipt date is Monday, the event (and the date watermark) Wednesday.
    it('should admit a receipt date before the day the confirmation is recorded', () => {
      const next = send(startSubmitted(), confirmReceipt(RECEIPT_DATE, on(DAY_3)));
      expect(statusOf(next)).toBe('REGISTERED');
      expect(next.context.lastEffectiveDate).toBe(DAY_3);
    });

    it('should refuse a receipt date after the effective date', () => {
      expect(startSubmitted().can(confirmReceipt(DAY_2, on(RECEIPT_DATE)))).toBe(false);
    });

    it('should refuse a receipt date before the submission', () => {
      expect(startSubmitted().can(confirmReceipt(dayBefore(SUBMITTED_ON)))).toBe(false);
    });

    it('should refuse a receipt date before an event already recorded', () => {
      const warned = drive([sampleEvent('DEADLINE_WARNING', on(RECEIPT_DATE))], startSubmitted());
      expect(warned.can(confirmReceipt(dayBefore(RECEIPT_DATE), on(DAY_2)))).toBe(false);
      expect(warned.can(confirmReceipt(RECEIPT_DATE, on(DAY_2)))).toBe(true);
    });

    it.each(['2026-02-30', '2026-3-2', '20260302', '2026-03-02T00:00:00Z', ''])('should refuse the malformed receipt date %j', (receiptDate) => {
      expect(startSubmitted().can(confirmReceipt(receiptDate))).toBe(false);
    });

    it.each(['ACCEPT', 'REQUEST_CORRECTION', 'APPROVE_EXTENSION', 'DEFER', 'DEADLINE_PASSED'] as const)(
      'should refuse %s until receipt is confirmed',
      (type) => {
        expect(startSubmitted().can(sampleEvent(type))).toBe(false);
      },
    );

    it('should run the ordinary flow once confirmed', () => {
      const snapshot = drive(
        [confirmReceipt(RECEIPT_DATE), caseEvent('REQUEST_CORRECTION', {}), caseEvent('RECEIVE_CORRECTION', {}, on(DAY_2)), caseEvent('ACCEPT', {}, on(DAY_3))],
        startSubmitted(),
      );
      expect(statusOf(snapshot)).toBe('ACCEPTED');
      expect(snapshot.context.correctionRequested).toBe(true);
    });

    it('should close a submission that is not an application', () => {
      const snapshot = drive([caseEvent('CLOSE', { closeReason: 'NOT_AN_APPLICATION' })], startSubmitted());
      expect(statusOf(snapshot)).toBe('CLOSED');
      expect(snapshot.context.closeReason).toBe('NOT_AN_APPLICATION');
    });

    it.each(['ABANDONED_NO_CORRECTION', 'ABANDONED_NO_FEE'] as const)('should refuse a manual CLOSE as %s', (closeReason) => {
      expect(startSubmitted().can(caseEvent('CLOSE', { closeReason }))).toBe(false);
    });

    it('should archive a submission withdrawn before confirmation', () => {
      const snapshot = drive([caseEvent('WITHDRAW', {}), caseEvent('ARCHIVE', {})], startSubmitted());
      expect(statusOf(snapshot)).toBe('ARCHIVED');
    });

    it('should only notify on DEADLINE_WARNING (a reminder to confirm)', () => {
      const snapshot = startSubmitted();
      const event = sampleEvent('DEADLINE_WARNING');
      expect(actionsOf(snapshot, event)).toEqual(['recordEvent', 'notifyAssignee']);
      expect(statusOf(send(snapshot, event))).toBe('SUBMITTED');
    });
  });

  describe('correction (补正, 条例第三十条)', () => {
    it('should issue the correction notice and mark the correction requested', () => {
      const snapshot = start();
      const event = caseEvent('REQUEST_CORRECTION', {});
      expect(actionsOf(snapshot, event)).toEqual(['recordEvent', 'issueCorrectionNotice']);
      expect(send(snapshot, event).context.correctionRequested).toBe(true);
    });

    it('should go back to review when the correction arrives', () => {
      const snapshot = drive([...PATHS.CORRECTION_PENDING, caseEvent('RECEIVE_CORRECTION', {})]);
      expect(statusOf(snapshot)).toBe('REGISTERED');
    });

    it('should refuse a second REQUEST_CORRECTION after the corrected application returns', () => {
      const snapshot = drive([...PATHS.CORRECTION_PENDING, caseEvent('RECEIVE_CORRECTION', {})]);
      expect(snapshot.can(caseEvent('REQUEST_CORRECTION', {}))).toBe(false);
      expect(snapshot.can(accept)).toBe(true);
    });

    it('should close as ABANDONED_NO_CORRECTION when the correction lapses', () => {
      const snapshot = drive([...PATHS.CORRECTION_PENDING, caseEvent('CORRECTION_LAPSED', {}, { role: 'SYSTEM' })]);
      expect(statusOf(snapshot)).toBe('CLOSED');
      expect(snapshot.context.closeReason).toBe('ABANDONED_NO_CORRECTION');
    });
  });

  describe('extension (延期, 条例第三十三条第二款)', () => {
    it('should admit an extension on the due date and issue the notice', () => {
      const snapshot = drive(PATHS.ACCEPTED);
      const event = extension(on(DUE_DATE));
      expect(actionsOf(snapshot, event)).toEqual(['recordEvent', 'issueExtensionNotice']);
      expect(send(snapshot, event).context.extensionUsed).toBe(true);
    });

    it('should refuse a second APPROVE_EXTENSION', () => {
      const snapshot = drive([...PATHS.ACCEPTED, extension()]);
      expect(snapshot.can(extension({}, 5))).toBe(false);
    });

    it('should refuse APPROVE_EXTENSION after the due date', () => {
      expect(drive(PATHS.ACCEPTED).can(extension(on('2026-03-31')))).toBe(false);
    });

    it('should refuse APPROVE_EXTENSION without a running due date', () => {
      expect(drive(PATHS.ACCEPTED).can(extension({ dueDate: null }))).toBe(false);
    });

    it.each(['OFFICER', 'LEGAL_ADVISOR', 'ADMIN', 'SYSTEM'] as const)('should refuse APPROVE_EXTENSION from %s', (role) => {
      expect(drive(PATHS.ACCEPTED).can(extension({ role }))).toBe(false);
    });

    it.each([1, 20])('should admit an extension of %i working days', (workdays) => {
      expect(drive(PATHS.ACCEPTED).can(extension({}, workdays))).toBe(true);
    });

    it.each([0, 21, 1.5, -5])('should refuse an extension of %d working days', (workdays) => {
      expect(drive(PATHS.ACCEPTED).can(extension({}, workdays))).toBe(false);
    });

    it('should keep the substate when extending during a consultation', () => {
      const snapshot = drive([...PATHS.CONSULTING_THIRD_PARTY, extension()]);
      expect(statusOf(snapshot)).toBe('CONSULTING_THIRD_PARTY');
    });
  });

  describe('third-party consultation (征求第三方意见)', () => {
    it('should issue the letter and the exclusion notice on the first consultation only', () => {
      const accepted = drive(PATHS.ACCEPTED);
      expect(actionsOf(accepted, consult('c1'))).toEqual(['recordEvent', 'issueConsultationLetter', 'issueExclusionNotice']);
      const consulting = send(accepted, consult('c1'));
      expect(actionsOf(consulting, consult('c2'))).toEqual(['recordEvent', 'issueConsultationLetter']);
    });

    it('should wait for every open consultation before going back to accepted', () => {
      const both = drive([...PATHS.ACCEPTED, consult('c1'), caseEvent('CONSULT_THIRD_PARTY', { consultationId: 'c2', party: 'CO_PRODUCING_AGENCY' })]);
      expect(both.context.openConsultations).toEqual(['c1', 'c2']);

      const one = send(both, caseEvent('RECEIVE_THIRD_PARTY_OPINION', { consultationId: 'c1' }));
      expect(statusOf(one)).toBe('CONSULTING_THIRD_PARTY');
      expect(one.context.openConsultations).toEqual(['c2']);

      const none = send(one, caseEvent('THIRD_PARTY_LAPSED', { consultationId: 'c2' }, { role: 'SYSTEM' }));
      expect(statusOf(none)).toBe('ACCEPTED');
      expect(none.context.openConsultations).toEqual([]);
    });

    it('should go back to drafting when a draft exists', () => {
      const snapshot = drive([...PATHS.DRAFTING, consult('c1'), caseEvent('RECEIVE_THIRD_PARTY_OPINION', { consultationId: 'c1' })]);
      expect(statusOf(snapshot)).toBe('DRAFTING');
    });

    it('should refuse an unknown consultation id', () => {
      const snapshot = drive(PATHS.CONSULTING_THIRD_PARTY);
      expect(snapshot.can(caseEvent('RECEIVE_THIRD_PARTY_OPINION', { consultationId: 'c9' }))).toBe(false);
      expect(snapshot.can(caseEvent('THIRD_PARTY_LAPSED', { consultationId: 'c9' }))).toBe(false);
    });

    it('should refuse an opinion for a consultation already answered', () => {
      const snapshot = drive([...PATHS.CONSULTING_THIRD_PARTY, consult('c2'), caseEvent('RECEIVE_THIRD_PARTY_OPINION', { consultationId: 'c1' })]);
      expect(snapshot.can(caseEvent('THIRD_PARTY_LAPSED', { consultationId: 'c1' }))).toBe(false);
    });

    it('should refuse a consultation id that is already open', () => {
      expect(drive(PATHS.CONSULTING_THIRD_PARTY).can(consult('c1'))).toBe(false);
    });

    it('should refuse an empty consultation id', () => {
      expect(drive(PATHS.ACCEPTED).can(consult(''))).toBe(false);
    });
  });

  describe('fee (信息处理费)', () => {
    it('should go back to accepted when paid', () => {
      const snapshot = drive([...PATHS.AWAITING_FEE, caseEvent('RECEIVE_FEE_PAYMENT', {})]);
      expect(statusOf(snapshot)).toBe('ACCEPTED');
    });

    it('should go back to drafting when paid and a draft exists', () => {
      const snapshot = drive([...PATHS.DRAFTING, caseEvent('SEND_FEE_NOTICE', {}), caseEvent('RECEIVE_FEE_PAYMENT', {})]);
      expect(statusOf(snapshot)).toBe('DRAFTING');
    });

    it('should close as ABANDONED_NO_FEE when the payment period lapses', () => {
      const snapshot = drive([...PATHS.AWAITING_FEE, caseEvent('FEE_LAPSED', {}, { role: 'SYSTEM' })]);
      expect(statusOf(snapshot)).toBe('CLOSED');
      expect(snapshot.context.closeReason).toBe('ABANDONED_NO_FEE');
    });
  });

  describe('legal co-review (会商)', () => {
    it('should wait for both advisors before leaving legal review', () => {
      const referred = drive([...PATHS.ACCEPTED, referToLegal('r1', 'r2')]);
      expect(referred.context.pendingReferrals).toEqual(['r1', 'r2']);

      const first = send(referred, opinion('r2'));
      expect(statusOf(first)).toBe('LEGAL_REVIEW');
      expect(first.context.pendingReferrals).toEqual(['r1']);

      expect(statusOf(send(first, opinion('r1')))).toBe('ACCEPTED');
    });

    it('should let the officer draft while the clock keeps running, then go to drafting', () => {
      const drafting = drive([...PATHS.ACCEPTED, referToLegal('r1', 'r2'), startDraft('WITHHOLD_THIRD_PARTY'), opinion('r1')]);
      expect(statusOf(drafting)).toBe('LEGAL_REVIEW');
      expect(drafting.can(caseEvent('SUBMIT_FOR_APPROVAL', {}))).toBe(false);

      const done = send(drafting, opinion('r2'));
      expect(statusOf(done)).toBe('DRAFTING');
      expect(done.context.draftReplyType).toBe('WITHHOLD_THIRD_PARTY');
    });

    it('should add a further advisor during the review', () => {
      const snapshot = drive([...PATHS.LEGAL_REVIEW, referToLegal('r2')]);
      expect(snapshot.context.pendingReferrals).toEqual(['r1', 'r2']);
    });

    it('should send a draft under approval back to drafting after the opinion', () => {
      const snapshot = drive([...PATHS.AWAITING_APPROVAL, referToLegal('r1'), opinion('r1')]);
      expect(statusOf(snapshot)).toBe('DRAFTING');
    });

    it('should refuse an opinion already submitted', () => {
      const snapshot = drive([...PATHS.ACCEPTED, referToLegal('r1', 'r2'), opinion('r1')]);
      expect(snapshot.can(opinion('r1'))).toBe(false);
    });

    it.each([
      ['no advisor', []],
      ['the same advisor twice', ['r2', 'r2']],
      ['an empty id', ['']],
    ])('should refuse a referral with %s', (_title, referralIds) => {
      expect(drive(PATHS.ACCEPTED).can(referToLegal(...referralIds))).toBe(false);
    });

    it('should refuse a referral id already pending', () => {
      expect(drive(PATHS.LEGAL_REVIEW).can(referToLegal('r1'))).toBe(false);
    });

    it('should notify the advisors', () => {
      expect(actionsOf(drive(PATHS.ACCEPTED), referToLegal('r1'))).toEqual(['recordEvent', 'notifyLegalAdvisors']);
    });
  });

  describe('drafting and approval', () => {
    it('should replace the reply type when the draft is restarted', () => {
      const snapshot = drive([...PATHS.DRAFTING, startDraft('NOT_EXIST')]);
      expect(statusOf(snapshot)).toBe('DRAFTING');
      expect(snapshot.context.draftReplyType).toBe('NOT_EXIST');
    });

    it('should refuse START_DRAFT without a reply type', () => {
      expect(drive(PATHS.ACCEPTED).can(startDraft('  '))).toBe(false);
    });

    it('should refuse APPROVE_REPLY from an officer', () => {
      expect(drive(PATHS.AWAITING_APPROVAL).can(caseEvent('APPROVE_REPLY', {}, { role: 'OFFICER' }))).toBe(false);
    });

    it('should issue the reply when the office head approves it', () => {
      const event = caseEvent('APPROVE_REPLY', {}, { role: 'OFFICE_HEAD' });
      expect(actionsOf(drive(PATHS.AWAITING_APPROVAL), event)).toEqual(['recordEvent', 'issueReply']);
    });

    it('should return a draft to drafting', () => {
      const snapshot = drive([...PATHS.AWAITING_APPROVAL, caseEvent('RETURN_DRAFT', {})]);
      expect(statusOf(snapshot)).toBe('DRAFTING');
    });
  });

  describe('deferral (条例第三十五条)', () => {
    it('should record the later reply date and issue the notice', () => {
      const event = caseEvent('DEFER', { until: '2026-05-29' });
      const snapshot = drive(PATHS.ACCEPTED);
      expect(actionsOf(snapshot, event)).toEqual(['recordEvent', 'issueDeferralNotice']);
      expect(send(snapshot, event).context.deferredUntil).toBe('2026-05-29');
    });

    it.each([RECEIPT_DATE, '2026-03-01', 'soon'])('should refuse a deferral until %s', (until) => {
      expect(drive(PATHS.ACCEPTED).can(caseEvent('DEFER', { until }))).toBe(false);
    });
  });

  describe('ending a case', () => {
    it.each(['ABANDONED_NO_CORRECTION', 'ABANDONED_NO_FEE'] as const)('should refuse a manual CLOSE as %s', (closeReason) => {
      expect(drive(PATHS.AWAITING_FEE).can(caseEvent('CLOSE', { closeReason }))).toBe(false);
    });

    it('should record the manual close reason', () => {
      const snapshot = drive([...PATHS.DRAFTING, caseEvent('CLOSE', { closeReason: 'TRANSFERRED' })]);
      expect(statusOf(snapshot)).toBe('CLOSED');
      expect(snapshot.context.closeReason).toBe('TRANSFERRED');
    });

    it('should withdraw from the middle of a legal review', () => {
      expect(statusOf(drive([...PATHS.LEGAL_REVIEW, caseEvent('WITHDRAW', {})]))).toBe('WITHDRAWN');
    });

    it('should archive the evidence', () => {
      expect(actionsOf(drive(PATHS.DELIVERED), caseEvent('ARCHIVE', {}))).toEqual(['recordEvent', 'archiveEvidence']);
    });
  });

  describe('scheduler events', () => {
    it('should only notify on DEADLINE_WARNING', () => {
      const snapshot = drive(PATHS.DRAFTING);
      const event = sampleEvent('DEADLINE_WARNING');
      const next = send(snapshot, event);
      expect(actionsOf(snapshot, event)).toEqual(['recordEvent', 'notifyAssignee']);
      expect(next.value).toEqual(snapshot.value);
      expect(next.context).toEqual(snapshot.context);
    });

    it('should mark the case overdue and escalate on DEADLINE_PASSED', () => {
      const snapshot = drive(PATHS.AWAITING_APPROVAL);
      const event = sampleEvent('DEADLINE_PASSED');
      expect(actionsOf(snapshot, event)).toEqual(['recordEvent', 'notifyAssignee', 'notifyOfficeHead']);
      const next = send(snapshot, event);
      expect(next.context.overdue).toBe(true);
      expect(statusOf(next)).toBe('AWAITING_APPROVAL');
    });

    it('should keep a case overdue after delivery', () => {
      const snapshot = drive([...PATHS.APPROVED, sampleEvent('DEADLINE_PASSED'), caseEvent('DELIVER_REPLY', {})]);
      expect(snapshot.context.overdue).toBe(true);
    });

    it('should record a calendar change on a delivered case without changing it', () => {
      const snapshot = drive(PATHS.DELIVERED);
      const next = send(snapshot, sampleEvent('CALENDAR_CHANGED'));
      expect(statusOf(next)).toBe('DELIVERED');
      expect(actionsOf(snapshot, sampleEvent('CALENDAR_CHANGED'))).toEqual(['recordEvent']);
    });
  });

  describe('reply types that rely on an earlier step (the context carries the history)', () => {
    const draft = (replyType: string, extra: Record<string, unknown> = {}) => caseEvent('START_DRAFT', { replyType, ...extra });
    const accepted = (before: readonly CaseEvent[] = []) => drive([...before, caseEvent('ACCEPT', {})]);

    it.each(['ABANDONED_NO_CORRECTION', 'ABANDONED_NO_FEE', 'UNCLEAR_AFTER_CORRECTION', 'EXCESSIVE', 'DUPLICATE'])('should refuse %s on a case without the step it states', (type) => {
      expect(accepted().can(draft(type))).toBe(false);
      expect(accepted().can(draft('DISCLOSE'))).toBe(true);
    });

    it('should admit UNCLEAR_AFTER_CORRECTION once a correction was asked for and received, not after a request for reasons', () => {
      const corrected = [caseEvent('REQUEST_CORRECTION', {}), caseEvent('RECEIVE_CORRECTION', {})];
      expect(accepted(corrected).can(draft('UNCLEAR_AFTER_CORRECTION'))).toBe(true);
      const reasons = [caseEvent('REQUEST_CORRECTION', { purpose: 'REASONS' }), caseEvent('RECEIVE_CORRECTION', {})];
      expect(accepted(reasons).can(draft('UNCLEAR_AFTER_CORRECTION'))).toBe(false);
    });

    it('should admit EXCESSIVE once reasons were requested (条例第三十五条)', () => {
      const reasons = [caseEvent('REQUEST_CORRECTION', { purpose: 'REASONS' }), caseEvent('RECEIVE_CORRECTION', {})];
      expect(accepted(reasons).can(draft('EXCESSIVE'))).toBe(true);
    });

    it('should admit DUPLICATE only with the earlier case found', () => {
      expect(accepted().can(draft('DUPLICATE', { earlierCaseId: null }))).toBe(false);
      expect(accepted().can(draft('DUPLICATE', { earlierCaseId: 'case-0' }))).toBe(true);
    });

    it('should remember a lapse in the context', () => {
      expect(drive([caseEvent('REQUEST_CORRECTION', {}), caseEvent('CORRECTION_LAPSED', {})]).context.correctionLapsed).toBe(true);
      expect(drive([caseEvent('ACCEPT', {}), caseEvent('SEND_FEE_NOTICE', {}), caseEvent('FEE_LAPSED', {})]).context.feeLapsed).toBe(true);
    });
  });

  describe('ASSIGN (分办)', () => {
    it('should let the office head assign anyone and an officer only take the case', () => {
      const snapshot = drive([caseEvent('ACCEPT', {})]);
      expect(snapshot.can(caseEvent('ASSIGN', { assigneeId: 'someone' }, { role: 'OFFICE_HEAD', actorId: 'head' }))).toBe(true);
      expect(snapshot.can(caseEvent('ASSIGN', { assigneeId: 'officer-1' }, { role: 'OFFICER', actorId: 'officer-1' }))).toBe(true);
      expect(snapshot.can(caseEvent('ASSIGN', { assigneeId: 'someone' }, { role: 'OFFICER', actorId: 'officer-1' }))).toBe(false);
    });
  });
});
