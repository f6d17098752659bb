import { CASE_EVENT_TYPES } from './case-event.js';
import { EVENT_ROLES, canRoleSend as sut } from './event-permissions.js';

describe('event permissions', () => {
  it.each(['ADMIN', 'AUDITOR'] as const)('should let %s send no case event', (role) => {
    expect(CASE_EVENT_TYPES.filter((type) => sut(role, type))).toEqual([]);
  });

  it('should reserve the extension and the reply sign-off to the office head', () => {
    expect(CASE_EVENT_TYPES.filter((type) => sut('OFFICE_HEAD', type) && !sut('OFFICER', type))).toEqual(['APPROVE_EXTENSION', 'APPROVE_REPLY']);
  });

  it('should let the applicant send only the correction and the withdrawal of their application', () => {
    expect(CASE_EVENT_TYPES.filter((type) => sut('APPLICANT', type))).toEqual(['RECEIVE_CORRECTION', 'WITHDRAW']);
  });

  it('should let the legal advisor send only the opinion', () => {
    expect(CASE_EVENT_TYPES.filter((type) => sut('LEGAL_ADVISOR', type))).toEqual(['SUBMIT_LEGAL_OPINION']);
  });

  it('should let the scheduler send the auto-confirmation, lapses, deadlines and calendar changes', () => {
    expect(CASE_EVENT_TYPES.filter((type) => sut('SYSTEM', type))).toEqual([
      'CONFIRM_RECEIPT',
      'CORRECTION_LAPSED',
      'THIRD_PARTY_LAPSED',
      'FEE_LAPSED',
      'DEADLINE_WARNING',
      'DEADLINE_PASSED',
      'CALENDAR_CHANGED',
    ]);
  });

  it('should keep deadline and calendar events for the scheduler alone', () => {
    expect(EVENT_ROLES.DEADLINE_WARNING).toEqual(['SYSTEM']);
    expect(EVENT_ROLES.DEADLINE_PASSED).toEqual(['SYSTEM']);
    expect(EVENT_ROLES.CALENDAR_CHANGED).toEqual(['SYSTEM']);
  });

  // rules.md §2: the office confirms receipt; web submissions may be auto-confirmed.
  it('should let staff and the system confirm receipt', () => {
    expect(EVENT_ROLES.CONFIRM_RECEIPT).toEqual(['SYSTEM', 'OFFICER', 'OFFICE_HEAD']);
  });

  it('should let an officer record a lapse the scheduler missed', () => {
    expect(sut('OFFICER', 'FEE_LAPSED')).toBe(true);
  });
});
