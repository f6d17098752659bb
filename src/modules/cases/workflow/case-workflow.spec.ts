import { NO_LEGAL_REVIEW } from './legal-review.policy.js';
import type { CaseEvent } from './case-event.js';
import { CaseSnapshotError, type PersistedCaseSnapshot } from './case-snapshot.js';
import { migrateCaseSnapshot, type PersistedCaseSnapshotV0 } from './case-snapshot.migrations.js';
import {
  allowedEvents,
  applyCaseEvent,
  initialCaseSnapshot,
  initialSubmittedSnapshot,
  restoreCaseSnapshot,
  statusOf,
  type CaseEventProbe,
} from './case-workflow.js';
import { CASE_MACHINE_VERSION } from './case.machine.js';
import { caseEvent, DUE_DATE, RECEIPT_DATE, SUBMITTED_ON } from './testing/case-event.factory.js';

const viaJson = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

const applyAll = (events: readonly CaseEvent[], from: PersistedCaseSnapshot = initialCaseSnapshot(RECEIPT_DATE)): PersistedCaseSnapshot =>
  events.reduce((snapshot, event) => {
    const result = applyCaseEvent(snapshot, event);
    if (!result.ok) throw new Error(`${event.type} refused`);
    return result.snapshot;
  }, from);

const confirmReceipt = (receiptDate: string, overrides: { effectiveDate?: string } = {}) => caseEvent('CONFIRM_RECEIPT', { receiptDate }, overrides);

const TODAY: CaseEventProbe = { effectiveDate: '2026-03-05', dueDate: DUE_DATE };

const V0_CONSULTING: PersistedCaseSnapshotV0 = {
  status: 'active',
  value: 'consulting',
  context: {
    correctionRequested: true,
    extended: true,
    consultations: ['c7'],
    referrals: [],
    replyType: 'PARTIAL',
    overdue: false,
    lastEffectiveDate: '2025-05-06',
  },
};

// Version 1 snapshots exactly as `workflow_snapshot` stored them before version 2 (written
// by the v1 code: a fresh case, and one accepted on 03-03 and consulting since 03-04).
const V1_REGISTERED: unknown = {
  status: 'active',
  value: 'registered',
  historyValue: {},
  context: {
    correctionRequested: false,
    extensionUsed: false,
    openConsultations: [],
    pendingReferrals: [],
    draftReplyType: null,
    deferredUntil: null,
    overdue: false,
    closeReason: null,
    lastEffectiveDate: '2026-03-02',
  },
  children: {},
};

const V1_CONSULTING: unknown = {
  status: 'active',
  value: { processing: 'consultingThirdParty' },
  historyValue: {},
  context: {
    correctionRequested: false,
    extensionUsed: false,
    openConsultations: ['c1'],
    pendingReferrals: [],
    draftReplyType: null,
    deferredUntil: null,
    overdue: false,
    closeReason: null,
    lastEffectiveDate: '2026-03-04',
  },
  children: {},
};

describe('case workflow', () => {
  describe('initialCaseSnapshot', () => {
    it('should start registered with the receipt date as the last effective date', () => {
      const sut = initialCaseSnapshot(RECEIPT_DATE);
      expect(statusOf(sut)).toBe('REGISTERED');
      expect(sut.context.lastEffectiveDate).toBe(RECEIPT_DATE);
    });

    it('should be plain JSON', () => {
      const sut = initialCaseSnapshot(RECEIPT_DATE);
      expect(viaJson(sut)).toEqual(sut);
    });

    it('should refuse a receipt date that is not YYYY-MM-DD', () => {
      expect(() => initialCaseSnapshot('2026/03/02')).toThrow(RangeError);
    });
  });

  describe('initialSubmittedSnapshot', () => {
    it('should start submitted with the submission date as the last effective date', () => {
      const sut = initialSubmittedSnapshot(SUBMITTED_ON);
      expect(statusOf(sut)).toBe('SUBMITTED');
      expect(sut.context.lastEffectiveDate).toBe(SUBMITTED_ON);
    });

    it('should differ from a registered case only in its state', () => {
      expect(initialSubmittedSnapshot(SUBMITTED_ON)).toEqual({ ...initialCaseSnapshot(SUBMITTED_ON), value: 'submitted' });
    });

    it('should be plain JSON that restores as SUBMITTED', () => {
      const sut = initialSubmittedSnapshot(SUBMITTED_ON);
      expect(viaJson(sut)).toEqual(sut);
      expect(statusOf(restoreCaseSnapshot(viaJson(sut), CASE_MACHINE_VERSION))).toBe('SUBMITTED');
    });

    it.each(['2026/02/28', '2026-02-30', ''])('should refuse the submission date %j', (submittedOn) => {
      expect(() => initialSubmittedSnapshot(submittedOn)).toThrow(RangeError);
    });
  });

  describe('applyCaseEvent', () => {
    it('should register a submitted case when receipt is confirmed', () => {
      const result = applyCaseEvent(initialSubmittedSnapshot(SUBMITTED_ON), confirmReceipt(RECEIPT_DATE));
      expect(result).toMatchObject({
        ok: true,
        status: 'REGISTERED',
        version: CASE_MACHINE_VERSION,
        actions: ['recordEvent', 'issueReceipt'],
      });
    });

    it.each([
      ['after the effective date', confirmReceipt('2026-03-03', { effectiveDate: RECEIPT_DATE })],
      ['before the submission', confirmReceipt('2026-02-27')],
      ['malformed', confirmReceipt('2026-02-30')],
    ])('should answer NOT_ALLOWED for a receipt date %s', (_title, event) => {
      expect(applyCaseEvent(initialSubmittedSnapshot(SUBMITTED_ON), event)).toEqual({ ok: false, reason: 'NOT_ALLOWED' });
    });

    it('should answer NOT_ALLOWED for a second confirmation', () => {
      const registered = applyAll([confirmReceipt(RECEIPT_DATE)], initialSubmittedSnapshot(SUBMITTED_ON));
      expect(applyCaseEvent(registered, confirmReceipt(RECEIPT_DATE))).toEqual({ ok: false, reason: 'NOT_ALLOWED' });
    });

    it('should return the new snapshot, status, version and side effects', () => {
      const result = applyCaseEvent(initialCaseSnapshot(RECEIPT_DATE), caseEvent('REQUEST_CORRECTION', {}));
      expect(result).toMatchObject({
        ok: true,
        status: 'CORRECTION_PENDING',
        version: CASE_MACHINE_VERSION,
        actions: ['recordEvent', 'issueCorrectionNotice'],
      });
    });

    it('should answer NOT_ALLOWED for an event the state does not take', () => {
      const result = applyCaseEvent(initialCaseSnapshot(RECEIPT_DATE), caseEvent('DELIVER_REPLY', {}));
      expect(result).toEqual({ ok: false, reason: 'NOT_ALLOWED' });
    });

    it('should answer NOT_ALLOWED once archived for anything but delivery proof, remedy records and legal hold', () => {
      const archived = applyAll([caseEvent('WITHDRAW', {}), caseEvent('ARCHIVE', {})]);
      expect(applyCaseEvent(archived, caseEvent('CALENDAR_CHANGED', {}, { role: 'SYSTEM' }))).toEqual({
        ok: false,
        reason: 'NOT_ALLOWED',
      });
    });

    it('should not modify the snapshot it was given', () => {
      const sut = initialCaseSnapshot(RECEIPT_DATE);
      const before = structuredClone(sut);
      applyCaseEvent(sut, caseEvent('ACCEPT', {}, { effectiveDate: '2026-03-04' }));
      expect(sut).toEqual(before);
    });

    it('should carry a whole case through JSON at every step', () => {
      const events: CaseEvent[] = [
        caseEvent('REQUEST_CORRECTION', {}),
        caseEvent('RECEIVE_CORRECTION', {}, { role: 'APPLICANT', effectiveDate: '2026-03-09' }),
        caseEvent('ACCEPT', {}, { effectiveDate: '2026-03-10' }),
        caseEvent('CONSULT_THIRD_PARTY', { consultationId: 'c1', party: 'THIRD_PARTY' }, { effectiveDate: '2026-03-11' }),
        caseEvent('CONSULT_THIRD_PARTY', { consultationId: 'c2', party: 'CO_PRODUCING_AGENCY' }, { effectiveDate: '2026-03-12' }),
        caseEvent('RECEIVE_THIRD_PARTY_OPINION', { consultationId: 'c1' }, { effectiveDate: '2026-03-20' }),
        caseEvent('THIRD_PARTY_LAPSED', { consultationId: 'c2' }, { role: 'SYSTEM', effectiveDate: '2026-04-02' }),
        caseEvent('REFER_TO_LEGAL', { referralIds: ['r1', 'r2'] }, { effectiveDate: '2026-04-03' }),
        caseEvent('START_DRAFT', { replyType: 'PARTIAL' }, { effectiveDate: '2026-04-03' }),
        caseEvent('SUBMIT_LEGAL_OPINION', { referralId: 'r1', opinion: 'AGREE' }, { role: 'LEGAL_ADVISOR', effectiveDate: '2026-04-07' }),
        caseEvent('SUBMIT_LEGAL_OPINION', { referralId: 'r2', opinion: 'AGREE_WITH_CHANGES' }, { role: 'LEGAL_ADVISOR', effectiveDate: '2026-04-08' }),
        caseEvent('APPROVE_EXTENSION', { workdays: 10 }, { role: 'OFFICE_HEAD', effectiveDate: '2026-04-08', dueDate: '2026-04-20' }),
        caseEvent('SUBMIT_FOR_APPROVAL', {}, { effectiveDate: '2026-04-09' }),
        caseEvent('RETURN_DRAFT', {}, { role: 'OFFICE_HEAD', effectiveDate: '2026-04-10' }),
        caseEvent('SUBMIT_FOR_APPROVAL', {}, { effectiveDate: '2026-04-13' }),
        caseEvent('APPROVE_REPLY', {}, { role: 'OFFICE_HEAD', effectiveDate: '2026-04-14' }),
        caseEvent('DELIVER_REPLY', {}, { effectiveDate: '2026-04-15' }),
        caseEvent('ARCHIVE', {}, { effectiveDate: '2026-04-30' }),
      ];
      const stored = events.reduce<unknown>(
        (snapshot, event) => {
          const result = applyCaseEvent(snapshot, event);
          if (!result.ok) throw new Error(`${event.type} refused`);
          return viaJson(result.snapshot);
        },
        viaJson(initialCaseSnapshot(RECEIPT_DATE)),
      );

      const sut = restoreCaseSnapshot(stored, CASE_MACHINE_VERSION);
      expect(statusOf(sut)).toBe('ARCHIVED');
      expect(sut.context).toEqual({
        correctionRequested: true,
        extensionUsed: true,
        openConsultations: [],
        pendingReferrals: [],
        draftReplyType: 'PARTIAL',
        deferredUntil: null,
        overdue: false,
        closeReason: null,
        reasonsRequested: false,
        correctionReceived: true,
        correctionLapsed: false,
        feeLapsed: false,
        legalReviewDifficult: false,
        legalOpinionAgreed: true,
        legalOpinionDisagreed: false,
        lastEffectiveDate: '2026-04-30',
      });
    });
  });

  describe('web intake (条例第三十一条)', () => {
    // Submitted on Saturday 02-28, auto-confirmation off: the office confirms on Monday 03-02.
    it('should carry a web application from submission to acceptance through JSON', () => {
      const events: CaseEvent[] = [
        caseEvent('DEADLINE_WARNING', { warning: 'CONFIRM_RECEIPT_DUE' }, { role: 'SYSTEM', effectiveDate: '2026-03-02' }),
        confirmReceipt('2026-03-02', { effectiveDate: '2026-03-02' }),
        caseEvent('ACCEPT', {}, { effectiveDate: '2026-03-03' }),
      ];
      const statuses: string[] = [];
      const stored = events.reduce<unknown>(
        (snapshot, event) => {
          const result = applyCaseEvent(snapshot, event);
          if (!result.ok) throw new Error(`${event.type} refused`);
          statuses.push(result.status);
          return viaJson(result.snapshot);
        },
        viaJson(initialSubmittedSnapshot(SUBMITTED_ON)),
      );

      expect(statuses).toEqual(['SUBMITTED', 'REGISTERED', 'ACCEPTED']);
      expect(restoreCaseSnapshot(stored, CASE_MACHINE_VERSION).context.lastEffectiveDate).toBe('2026-03-03');
    });
  });

  describe('restoreCaseSnapshot', () => {
    it('should restore a snapshot that went through JSON with its guards intact', () => {
      const stored = viaJson(applyAll([caseEvent('ACCEPT', {}), caseEvent('APPROVE_EXTENSION', { workdays: 5 }, { role: 'OFFICE_HEAD' })]));
      const sut = restoreCaseSnapshot(stored, CASE_MACHINE_VERSION);
      expect(statusOf(sut)).toBe('ACCEPTED');
      expect(sut.can(caseEvent('APPROVE_EXTENSION', { workdays: 5 }, { role: 'OFFICE_HEAD' }))).toBe(false);
    });

    it.each([
      ['an unknown state', { value: 'consulting' }],
      ['a partial state', { value: 'processing' }],
      ['an unknown substate', { value: { processing: 'reviewing' } }],
      ['two states at once', { value: { processing: 'accepted', other: 'x' } }],
    ])('should reject %s', (_title, patch) => {
      const stored = { ...initialCaseSnapshot(RECEIPT_DATE), ...patch };
      expect(() => restoreCaseSnapshot(stored, CASE_MACHINE_VERSION)).toThrow(CaseSnapshotError);
    });

    it('should reject a context of the wrong shape', () => {
      const initial = initialCaseSnapshot(RECEIPT_DATE);
      const stored = { ...initial, context: { ...initial.context, openConsultations: 'c1' } };
      expect(() => restoreCaseSnapshot(stored, CASE_MACHINE_VERSION)).toThrow(/openConsultations/);
    });

    it.each([-1, CASE_MACHINE_VERSION + 1, 0.5])('should reject version %d', (version) => {
      expect(() => restoreCaseSnapshot(initialCaseSnapshot(RECEIPT_DATE), version)).toThrow(CaseSnapshotError);
    });
  });

  describe('version 1 snapshots', () => {
    it('should be read by machine version 4', () => {
      expect(CASE_MACHINE_VERSION).toBe(4);
    });

    it('should migrate a v1 snapshot keeping its state, and add the history facts as not known', () => {
      const v1 = V1_CONSULTING as { context: Record<string, unknown> };
      expect(migrateCaseSnapshot(viaJson(V1_CONSULTING), 1)).toEqual({
        ...v1,
        context: { ...v1.context, reasonsRequested: false, correctionReceived: false, correctionLapsed: false, feeLapsed: false, ...NO_LEGAL_REVIEW },
      });
    });

    it('should know a v2 lapse from the close reason it left', () => {
      const v2 = V1_CONSULTING as { context: Record<string, unknown> };
      const closed = { ...v2, value: 'closed', context: { ...v2.context, openConsultations: [], closeReason: 'ABANDONED_NO_FEE' } };
      expect(restoreCaseSnapshot(viaJson(closed), 2).context).toMatchObject({ feeLapsed: true, correctionLapsed: false });
    });

    it('should load a v1 consulting snapshot with its context', () => {
      const sut = restoreCaseSnapshot(viaJson(V1_CONSULTING), 1);
      expect(statusOf(sut)).toBe('CONSULTING_THIRD_PARTY');
      expect(sut.context.openConsultations).toEqual(['c1']);
      expect(sut.context.lastEffectiveDate).toBe('2026-03-04');
    });

    it('should advance a v1 snapshot and write version 2', () => {
      const result = applyCaseEvent(
        viaJson(V1_CONSULTING),
        caseEvent('RECEIVE_THIRD_PARTY_OPINION', { consultationId: 'c1' }, { effectiveDate: '2026-03-10' }),
        1,
      );
      expect(result).toMatchObject({ ok: true, status: 'ACCEPTED', version: 4 });
      if (!result.ok) return;
      const next = applyCaseEvent(
        viaJson(result.snapshot),
        caseEvent('START_DRAFT', { replyType: 'DISCLOSE' }, { effectiveDate: '2026-03-11' }),
        result.version,
      );
      expect(next).toMatchObject({ ok: true, status: 'DRAFTING', version: 4 });
    });

    it('should keep a v1 registered case registered: receipt stays as it was fixed', () => {
      expect(applyCaseEvent(viaJson(V1_REGISTERED), confirmReceipt(RECEIPT_DATE), 1)).toEqual({ ok: false, reason: 'NOT_ALLOWED' });
      expect(applyCaseEvent(viaJson(V1_REGISTERED), caseEvent('ACCEPT', {}), 1)).toMatchObject({ ok: true, status: 'ACCEPTED', version: 4 });
    });

    it('should offer a v1 registered case the same events as before', () => {
      expect(allowedEvents(viaJson(V1_REGISTERED), 'OFFICER', TODAY, 1)).toEqual(['ACCEPT', 'REQUEST_CORRECTION', 'RECORD_DELIVERY_PROOF', 'WITHDRAW', 'CLOSE', 'ASSIGN']);
    });

    it('should reject a v1 snapshot in the state v1 did not have', () => {
      const stored = { ...(V1_REGISTERED as PersistedCaseSnapshot), value: 'submitted' };
      expect(() => restoreCaseSnapshot(stored, 1)).toThrow(CaseSnapshotError);
      expect(statusOf(restoreCaseSnapshot(stored, 2))).toBe('SUBMITTED');
    });
  });

  describe('version 0 snapshots', () => {
    it('should load a v0 consulting snapshot as CONSULTING_THIRD_PARTY', () => {
      const sut = restoreCaseSnapshot(viaJson(V0_CONSULTING), 0);
      expect(statusOf(sut)).toBe('CONSULTING_THIRD_PARTY');
      expect(sut.context).toEqual({
        correctionRequested: true,
        extensionUsed: true,
        openConsultations: ['c7'],
        pendingReferrals: [],
        draftReplyType: 'PARTIAL',
        deferredUntil: null,
        overdue: false,
        closeReason: null,
        reasonsRequested: false,
        correctionReceived: false,
        correctionLapsed: false,
        feeLapsed: false,
        ...NO_LEGAL_REVIEW,
        lastEffectiveDate: '2025-05-06',
      });
    });

    it('should migrate v0 through v1 to the current version', () => {
      const v1 = migrateCaseSnapshot(viaJson(V0_CONSULTING), 0);
      expect(migrateCaseSnapshot(viaJson(V0_CONSULTING), 0)).toEqual(migrateCaseSnapshot(v1, 1));
    });

    it('should apply an event to a v0 snapshot and write the current version', () => {
      const result = applyCaseEvent(
        viaJson(V0_CONSULTING),
        caseEvent('RECEIVE_THIRD_PARTY_OPINION', { consultationId: 'c7' }, { effectiveDate: '2025-05-20' }),
        0,
      );
      expect(result).toMatchObject({ ok: true, status: 'DRAFTING', version: CASE_MACHINE_VERSION });
    });

    it.each([
      ['registered', 'REGISTERED'],
      ['correction', 'CORRECTION_PENDING'],
      ['accepted', 'ACCEPTED'],
      ['consulting', 'CONSULTING_THIRD_PARTY'],
      ['fee', 'AWAITING_FEE'],
      ['legal', 'LEGAL_REVIEW'],
      ['drafting', 'DRAFTING'],
      ['approval', 'AWAITING_APPROVAL'],
      ['approved', 'APPROVED'],
      ['delivered', 'DELIVERED'],
      ['archived', 'ARCHIVED'],
      ['withdrawn', 'WITHDRAWN'],
      ['closed', 'CLOSED'],
    ] as const)('should map the v0 state %s to %s', (value, status) => {
      expect(statusOf(restoreCaseSnapshot({ ...V0_CONSULTING, value }, 0))).toBe(status);
    });

    it('should reject a v0 snapshot with an unknown state', () => {
      expect(() => restoreCaseSnapshot({ ...V0_CONSULTING, value: 'reviewing' }, 0)).toThrow(CaseSnapshotError);
    });
  });

  describe('allowedEvents', () => {
    it('should list what an officer may do with a new application', () => {
      expect(allowedEvents(initialCaseSnapshot(RECEIPT_DATE), 'OFFICER', TODAY)).toEqual(['ACCEPT', 'REQUEST_CORRECTION', 'RECORD_DELIVERY_PROOF', 'WITHDRAW', 'CLOSE', 'ASSIGN']);
    });

    it('should add the extension for the office head', () => {
      expect(allowedEvents(initialCaseSnapshot(RECEIPT_DATE), 'OFFICE_HEAD', TODAY)).toContain('APPROVE_EXTENSION');
    });

    it('should drop the extension once the due date has passed', () => {
      const lateProbe = { effectiveDate: '2026-03-31', dueDate: DUE_DATE };
      expect(allowedEvents(initialCaseSnapshot(RECEIPT_DATE), 'OFFICE_HEAD', lateProbe)).not.toContain('APPROVE_EXTENSION');
    });

    it('should list every sender when no role is given', () => {
      expect(allowedEvents(initialCaseSnapshot(RECEIPT_DATE), undefined, TODAY)).toEqual([
        'ACCEPT',
        'REQUEST_CORRECTION',
        'APPROVE_EXTENSION',
        'RECORD_DELIVERY_PROOF',
        'WITHDRAW',
        'CLOSE',
        'DEADLINE_WARNING',
        'DEADLINE_PASSED',
        'CALENDAR_CHANGED',
        'ASSIGN',
      ]);
    });

    it.each(['ADMIN', 'AUDITOR'] as const)('should list nothing for %s', (role) => {
      expect(allowedEvents(initialCaseSnapshot(RECEIPT_DATE), role, TODAY)).toEqual([]);
    });

    it('should offer answering an open consultation', () => {
      const consulting = applyAll([caseEvent('ACCEPT', {}), caseEvent('CONSULT_THIRD_PARTY', { consultationId: 'c1', party: 'THIRD_PARTY' })]);
      expect(allowedEvents(consulting, 'OFFICER', TODAY)).toEqual([
        'CONSULT_THIRD_PARTY',
        'RECEIVE_THIRD_PARTY_OPINION',
        'THIRD_PARTY_LAPSED',
        'DEFER',
        'RECORD_DELIVERY_PROOF',
        'WITHDRAW',
        'CLOSE',
        'ASSIGN',
      ]);
    });

    it('should offer the legal opinion to the legal advisor only', () => {
      const referred = applyAll([caseEvent('ACCEPT', {}), caseEvent('REFER_TO_LEGAL', { referralIds: ['r1'] })]);
      expect(allowedEvents(referred, 'LEGAL_ADVISOR', TODAY)).toEqual(['SUBMIT_LEGAL_OPINION']);
      expect(allowedEvents(referred, 'OFFICER', TODAY)).not.toContain('SUBMIT_LEGAL_OPINION');
    });

    it('should list only delivery proof, remedy records and legal hold for an archived (sealed) case', () => {
      const archived = applyAll([caseEvent('WITHDRAW', {}), caseEvent('ARCHIVE', {})]);
      expect(allowedEvents(archived, undefined, TODAY)).toEqual(['RECORD_DELIVERY_PROOF', 'RECORD_REMEDY', 'SET_LEGAL_HOLD']);
    });

    describe('for a submitted case', () => {
      const submitted = (): PersistedCaseSnapshot => initialSubmittedSnapshot(SUBMITTED_ON);

      it('should offer an officer confirmation, withdrawal and closing', () => {
        expect(allowedEvents(submitted(), 'OFFICER', TODAY)).toEqual(['CONFIRM_RECEIPT', 'WITHDRAW', 'CLOSE', 'ASSIGN']);
      });

      it('should offer the system the auto-confirmation and its reports', () => {
        expect(allowedEvents(submitted(), 'SYSTEM', TODAY)).toEqual(['CONFIRM_RECEIPT', 'DEADLINE_WARNING', 'CALENDAR_CHANGED']);
      });

      it('should list every sender when no role is given', () => {
        expect(allowedEvents(submitted(), undefined, TODAY)).toEqual(['CONFIRM_RECEIPT', 'WITHDRAW', 'CLOSE', 'DEADLINE_WARNING', 'CALENDAR_CHANGED', 'ASSIGN']);
      });

      it('should offer confirmation on the submission day itself', () => {
        expect(allowedEvents(submitted(), 'OFFICE_HEAD', { effectiveDate: SUBMITTED_ON, dueDate: null })).toContain('CONFIRM_RECEIPT');
      });

      it('should offer the applicant withdrawal only', () => {
        expect(allowedEvents(submitted(), 'APPLICANT', TODAY)).toEqual(['WITHDRAW']);
      });

      it('should list nothing for LEGAL_ADVISOR', () => {
        expect(allowedEvents(submitted(), 'LEGAL_ADVISOR', TODAY)).toEqual([]);
      });

      it('should list nothing for a probe dated before the submission', () => {
        expect(allowedEvents(submitted(), undefined, { effectiveDate: '2026-02-27', dueDate: null })).toEqual([]);
      });
    });

    it('should list nothing for a probe dated before the last event', () => {
      const accepted = applyAll([caseEvent('ACCEPT', {}, { effectiveDate: '2026-03-06' })]);
      expect(allowedEvents(accepted, 'OFFICER', TODAY)).toEqual([]);
    });
  });
});
