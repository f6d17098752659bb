import type { CaseEvent } from './case-event.js';
import { CaseSnapshotError, type PersistedCaseSnapshot } from './case-snapshot.js';
import type { PersistedCaseSnapshotV0 } from './case-snapshot.migrations.js';
import { allowedEvents, applyCaseEvent, initialCaseSnapshot, restoreCaseSnapshot, statusOf, type CaseEventProbe } from './case-workflow.js';
import { CASE_MACHINE_VERSION } from './case.machine.js';
import { caseEvent, DUE_DATE, RECEIPT_DATE } from './testing/case-event.factory.js';

const viaJson = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

const applyAll = (events: readonly CaseEvent[]): PersistedCaseSnapshot =>
  events.reduce((snapshot, event) => {
    const result = applyCaseEvent(snapshot, event);
    if (!result.ok) throw new Error(`${event.type} refused`);
    return result.snapshot;
  }, initialCaseSnapshot(RECEIPT_DATE));

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

  describe('applyCaseEvent', () => {
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

    it('should answer NOT_ALLOWED for every event once archived', () => {
      const archived = applyAll([caseEvent('WITHDRAW', {}), caseEvent('ARCHIVE', {})]);
      expect(archived.status).toBe('done');
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
        caseEvent('SUBMIT_LEGAL_OPINION', { referralId: 'r1' }, { role: 'LEGAL_ADVISOR', effectiveDate: '2026-04-07' }),
        caseEvent('SUBMIT_LEGAL_OPINION', { referralId: 'r2' }, { role: 'LEGAL_ADVISOR', effectiveDate: '2026-04-08' }),
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
      expect(sut.status).toBe('done');
      expect(sut.context).toEqual({
        correctionRequested: true,
        extensionUsed: true,
        openConsultations: [],
        pendingReferrals: [],
        draftReplyType: 'PARTIAL',
        deferredUntil: null,
        overdue: false,
        closeReason: null,
        lastEffectiveDate: '2026-04-30',
      });
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
        lastEffectiveDate: '2025-05-06',
      });
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
      expect(allowedEvents(initialCaseSnapshot(RECEIPT_DATE), 'OFFICER', TODAY)).toEqual(['ACCEPT', 'REQUEST_CORRECTION', 'WITHDRAW', 'CLOSE']);
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
        'WITHDRAW',
        'CLOSE',
        'DEADLINE_WARNING',
        'DEADLINE_PASSED',
        'CALENDAR_CHANGED',
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
        'WITHDRAW',
        'CLOSE',
      ]);
    });

    it('should offer the legal opinion to the legal advisor only', () => {
      const referred = applyAll([caseEvent('ACCEPT', {}), caseEvent('REFER_TO_LEGAL', { referralIds: ['r1'] })]);
      expect(allowedEvents(referred, 'LEGAL_ADVISOR', TODAY)).toEqual(['SUBMIT_LEGAL_OPINION']);
      expect(allowedEvents(referred, 'OFFICER', TODAY)).not.toContain('SUBMIT_LEGAL_OPINION');
    });

    it('should list nothing for an archived case', () => {
      const archived = applyAll([caseEvent('WITHDRAW', {}), caseEvent('ARCHIVE', {})]);
      expect(allowedEvents(archived, undefined, TODAY)).toEqual([]);
    });

    it('should list nothing for a probe dated before the last event', () => {
      const accepted = applyAll([caseEvent('ACCEPT', {}, { effectiveDate: '2026-03-06' })]);
      expect(allowedEvents(accepted, 'OFFICER', TODAY)).toEqual([]);
    });
  });
});
