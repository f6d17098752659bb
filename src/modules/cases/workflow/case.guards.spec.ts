import { closeReasonOf, isIsoDate as sut } from './case.guards.js';
import { caseEvent } from './testing/case-event.factory.js';

describe('case guards', () => {
  describe('isIsoDate', () => {
    it.each(['2026-03-02', '2024-02-29', '2026-12-31'])('should accept %s', (value) => {
      expect(sut(value)).toBe(true);
    });

    it.each(['2026-02-29', '2026-13-01', '2026-3-2', '2026-03-02T00:00:00Z', ''])('should reject %j', (value) => {
      expect(sut(value)).toBe(false);
    });
  });

  describe('closeReasonOf', () => {
    it('should take the reason of a manual close from its payload', () => {
      expect(closeReasonOf(caseEvent('CLOSE', { closeReason: 'TRANSFERRED' }))).toBe('TRANSFERRED');
    });

    it('should derive the abandonment reason from the lapse', () => {
      expect(closeReasonOf(caseEvent('CORRECTION_LAPSED', {}))).toBe('ABANDONED_NO_CORRECTION');
      expect(closeReasonOf(caseEvent('FEE_LAPSED', {}))).toBe('ABANDONED_NO_FEE');
    });

    it('should throw for an event that does not close a case', () => {
      expect(() => closeReasonOf(caseEvent('ACCEPT', {}))).toThrow(/does not close/);
    });
  });
});
