import {
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  OPEN_CASE_STATUSES,
  PAUSED_STATUSES,
  TERMINAL_CASE_STATUSES,
  isOpenCaseStatus,
  isTerminalCaseStatus,
} from './case-status.js';

describe('case statuses', () => {
  it('should split every status into open or terminal, never both', () => {
    expect([...OPEN_CASE_STATUSES, ...TERMINAL_CASE_STATUSES].sort()).toEqual([...CASE_STATUSES].sort());
    expect(CASE_STATUSES.filter((status) => isOpenCaseStatus(status) && isTerminalCaseStatus(status))).toEqual([]);
  });

  it('should pause only open statuses', () => {
    expect(PAUSED_STATUSES.every(isOpenCaseStatus)).toBe(true);
  });

  // rules.md §2: the office owes an answer from submission, but no clock runs until the
  // receipt date is fixed, so there is nothing to pause.
  it('should count SUBMITTED as open but not paused', () => {
    expect(isOpenCaseStatus('SUBMITTED')).toBe(true);
    expect(PAUSED_STATUSES).not.toContain('SUBMITTED');
  });

  it('should keep the clock running during legal co-review (会商不停表)', () => {
    expect(PAUSED_STATUSES).not.toContain('LEGAL_REVIEW');
  });

  it('should label every status in Chinese', () => {
    expect(Object.keys(CASE_STATUS_LABELS).sort()).toEqual([...CASE_STATUSES].sort());
    expect(CASE_STATUS_LABELS.CONSULTING_THIRD_PARTY).toBe('征求意见中');
    expect(CASE_STATUS_LABELS.SUBMITTED).toBe('待确认收到');
  });
});
