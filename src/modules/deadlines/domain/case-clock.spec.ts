import { buildAnnouncedYears } from './calendar-seed.js';
import {
  CLOCK_AFFECTING_EVENTS,
  ClockRuleError,
  computeClock,
  validateClockEvent,
  type ClockEvent,
  type ClockInput,
  type ClockSettings,
} from './case-clock.js';
import { WorkingCalendar } from './working-calendar.js';

// Expected dates are counted by hand from the official arrangements (see the holiday
// tables in case-clock.holidays.spec.ts); the statute as read in domain/README.md is the oracle for the behaviour.

const calendar = WorkingCalendar.fromYears(buildAnnouncedYears(2020, 2026), { fromYear: 2020, toYear: 2030 });

// 2026-03-02 (Mon): plain due date 2026-03-30 — no holiday until 清明 04-04..06.
const RECEIPT = '2026-03-02';

function clockOf(events: ClockEvent[], today: string, settings?: Partial<ClockSettings>, receiptDate = RECEIPT) {
  return computeClock({ receiptDate, events, today, ...(settings ? { settings } : {}) }, calendar);
}

function ev(type: string, effectiveDate: string, payload?: ClockEvent['payload']): ClockEvent {
  return payload ? { type, effectiveDate, payload } : { type, effectiveDate };
}

function ruleErrorOf(run: () => unknown): ClockRuleError {
  try {
    run();
  } catch (error) {
    if (error instanceof ClockRuleError) return error;
    throw error;
  }
  throw new Error('expected a ClockRuleError');
}

describe('computeClock: plain period', () => {
  it('should run 20 working days after the receipt date, which itself never counts', () => {
    const sut = clockOf([], '2026-03-10');
    expect(sut).toMatchObject({
      state: 'running',
      baseDate: RECEIPT,
      dueDate: '2026-03-30',
      totalWorkdays: 20,
      workdaysUsed: 6, // 03-03..06, 03-09, 03-10
      workdaysRemaining: 14,
      pauses: [],
      extension: null,
      correctionNoticeDeadline: '2026-03-11',
      provisional: false,
    });
  });

  it('should say in Chinese which day is the receipt date and which rule applies', () => {
    const sut = clockOf([], '2026-03-10');
    expect(sut.explanation[0]).toEqual({
      code: 'RECEIPT',
      text: '收到申请之日为2026-03-02（不计入期限），自次日起计算20个工作日',
      rule: '《政府信息公开条例》第三十三条第二款',
      from: RECEIPT,
      workdays: 20,
    });
    expect(sut.explanation.map((l) => l.code)).toEqual(['RECEIPT', 'CORRECTION_NOTICE_DEADLINE', 'COUNTED', 'DUE_DATE']);
    expect(sut.explanation.find((l) => l.code === 'COUNTED')?.text).toBe('2026-03-03至2026-03-30计入20个工作日');
  });

  it('should schedule the warnings: correction notice on the 5th working day, reply due in 5 and 2, overdue', () => {
    expect(clockOf([], '2026-03-03').warnings).toEqual([
      { code: 'CORRECTION_NOTICE_DUE', date: '2026-03-09' },
      { code: 'REPLY_DUE_IN_5', date: '2026-03-23' },
      { code: 'REPLY_DUE_IN_2', date: '2026-03-26' },
      { code: 'OVERDUE', date: '2026-03-31' },
    ]);
  });

  it('should be overdue the day after the due date', () => {
    expect(clockOf([], '2026-03-30').state).toBe('running');
    const sut = clockOf([], '2026-03-31');
    expect(sut).toMatchObject({ state: 'overdue', workdaysUsed: 20, workdaysRemaining: 0 });
    expect(sut.explanation.at(-1)).toMatchObject({ code: 'OVERDUE', text: '截至2026-03-31已超过答复期限2026-03-30' });
  });

  it('should ignore events that do not affect the clock, and say that legal co-review does not stop it', () => {
    const sut = clockOf(
      [ev('ACCEPT', '2026-03-03'), ev('REFER_TO_LEGAL', '2026-03-10'), ev('SUBMIT_LEGAL_OPINION', '2026-03-20'), ev('START_DRAFT', '2026-03-21')],
      '2026-03-21',
    );
    expect(sut.dueDate).toBe('2026-03-30');
    expect(sut.pauses).toEqual([]);
    expect(sut.explanation.find((l) => l.code === 'LEGAL_REVIEW_NOT_PAUSED')).toMatchObject({
      from: '2026-03-10',
      text: expect.stringContaining('会商期间照常计入答复期限'),
    });
  });

  it('should export exactly the workflow events that move the clock', () => {
    expect([...CLOCK_AFFECTING_EVENTS].sort()).toEqual(
      [
        'REQUEST_CORRECTION', 'RECEIVE_CORRECTION', 'CORRECTION_LAPSED', 'CONSULT_THIRD_PARTY',
        'RECEIVE_THIRD_PARTY_OPINION', 'THIRD_PARTY_LAPSED', 'SEND_FEE_NOTICE', 'RECEIVE_FEE_PAYMENT',
        'FEE_LAPSED', 'APPROVE_EXTENSION', 'DEFER', 'DELIVER_REPLY', 'WITHDRAW', 'CLOSE', 'ARCHIVE',
      ].sort(),
    );
  });
});

describe('computeClock: correction (补正, 条例第三十条)', () => {
  // 2025-01-20 (Mon): notice deadline = 7th working day = 02-05, counting the make-up Sunday 01-26.
  const receiptDate = '2025-01-20';

  it('should warn on the 5th working day, which is the make-up Sunday 2025-01-26', () => {
    const sut = clockOf([], '2025-01-21', undefined, receiptDate);
    expect(sut.correctionNoticeDeadline).toBe('2025-02-05');
    expect(sut.warnings[0]).toEqual({ code: 'CORRECTION_NOTICE_DUE', date: '2025-01-26' });
  });

  it('should pause with no due date while waiting, the window running 15 working days across Spring Festival', () => {
    const sut = clockOf([ev('REQUEST_CORRECTION', '2025-01-24')], '2025-02-06', undefined, receiptDate);
    expect(sut).toMatchObject({
      state: 'paused',
      dueDate: null,
      correctionWindowEnds: '2025-02-20',
      workdaysUsed: 0,
      workdaysRemaining: 20,
      pauses: [{ reason: 'CORRECTION', from: '2025-01-24', to: null, excludedWorkdays: 4 }],
      warnings: [],
    });
    expect(sut.correctionNoticeDeadline).toBeUndefined();
    expect(sut.explanation.find((l) => l.code === 'CORRECTION_REQUESTED')?.rule).toBe('《政府信息公开条例》第三十条');
  });

  it('should restart a full 20 working days from the corrected application, counting the make-up Saturday 2025-02-08', () => {
    const sut = clockOf([ev('REQUEST_CORRECTION', '2025-01-24'), ev('RECEIVE_CORRECTION', '2025-02-07')], '2025-02-10', undefined, receiptDate);
    expect(sut).toMatchObject({
      state: 'running',
      baseDate: '2025-02-07',
      dueDate: '2025-03-06',
      workdaysUsed: 2, // 02-08 (Sat, make-up) and 02-10
      pauses: [{ reason: 'CORRECTION', from: '2025-01-24', to: '2025-02-07', excludedWorkdays: 5 }],
    });
    expect(sut.explanation.find((l) => l.code === 'CORRECTION_RECEIVED')?.text).toContain('重新计算20个工作日');
  });

  it('should restart from a correction received on a holiday (除夕 2026-02-16) as from the next working day', () => {
    const sut = clockOf([ev('REQUEST_CORRECTION', '2026-02-09'), ev('RECEIVE_CORRECTION', '2026-02-16')], '2026-02-24', undefined, '2026-02-05');
    expect(sut.dueDate).toBe('2026-03-20');
  });

  it('should stop the clock when the correction window lapses', () => {
    const sut = clockOf([ev('REQUEST_CORRECTION', '2025-01-24'), ev('CORRECTION_LAPSED', '2025-02-21')], '2025-02-24', undefined, receiptDate);
    expect(sut).toMatchObject({ state: 'stopped', stoppedOn: '2025-02-21', dueDate: null, warnings: [] });
    expect(sut.late).toBeUndefined();
  });

  it('should record a correction notice sent after the 7th working day as late, and still restart', () => {
    const sut = clockOf([ev('REQUEST_CORRECTION', '2025-02-06'), ev('RECEIVE_CORRECTION', '2025-02-10')], '2025-02-10', undefined, receiptDate);
    expect(sut.explanation.find((l) => l.code === 'CORRECTION_NOTICE_LATE')).toMatchObject({ from: '2025-02-06', to: '2025-02-05' });
    expect(sut.baseDate).toBe('2025-02-10');
  });

  it.each([
    ['a second correction request (一次性告知)', [ev('REQUEST_CORRECTION', '2026-03-03'), ev('RECEIVE_CORRECTION', '2026-03-05'), ev('REQUEST_CORRECTION', '2026-03-06')], 'CORRECTION_ALREADY_REQUESTED'],
    ['a correction received without a request', [ev('RECEIVE_CORRECTION', '2026-03-05')], 'NO_CORRECTION_PENDING'],
    ['a consultation while waiting for the correction', [ev('REQUEST_CORRECTION', '2026-03-03'), ev('CONSULT_THIRD_PARTY', '2026-03-04', { consultationId: 'c1' })], 'CORRECTION_PENDING'],
  ])('should reject %s', (_label, events, code) => {
    expect(ruleErrorOf(() => clockOf(events, '2026-03-10')).code).toBe(code);
  });
});

describe('computeClock: third-party and co-producing agency consultation (条例第三十二、三十三、三十四条)', () => {
  it('should pause with no due date while a consultation is open and report its 15-working-day deadline', () => {
    const sut = clockOf([ev('CONSULT_THIRD_PARTY', '2026-03-05', { consultationId: 'c1' })], '2026-03-11');
    expect(sut).toMatchObject({
      state: 'paused',
      dueDate: null,
      workdaysUsed: 3, // 03-03..05: the day the letter goes out still counts
      workdaysRemaining: 17,
      thirdPartyDeadline: '2026-03-26',
      pauses: [{ reason: 'THIRD_PARTY', from: '2026-03-05', to: null, excludedWorkdays: 4, consultationId: 'c1' }],
    });
    expect(sut.warnings).toEqual([
      { code: 'CORRECTION_NOTICE_DUE', date: '2026-03-09' }, // no correction requested (yet)
      { code: 'THIRD_PARTY_ENDING', date: '2026-03-26' },
    ]);
    expect(sut.explanation.find((l) => l.code === 'CONSULTATION_SENT')?.rule).toBe('《政府信息公开条例》第三十二条、第三十三条第三款');
  });

  it('should resume with the remaining working days after the opinion arrives, across Spring Festival 2026', () => {
    // receipt 02-02; letter 02-10 (6 used); opinion 03-03; (02-10, 03-03] holds 11 working days
    // including the make-up Saturdays 02-14 and 02-28; 14 remain: 03-04 .. 03-23.
    const sut = clockOf(
      [ev('CONSULT_THIRD_PARTY', '2026-02-10', { consultationId: 'c1' }), ev('RECEIVE_THIRD_PARTY_OPINION', '2026-03-03', { consultationId: 'c1' })],
      '2026-03-04',
      undefined,
      '2026-02-02',
    );
    expect(sut).toMatchObject({
      state: 'running',
      dueDate: '2026-03-23',
      workdaysUsed: 7,
      pauses: [{ reason: 'THIRD_PARTY', from: '2026-02-10', to: '2026-03-03', excludedWorkdays: 11 }],
    });
    expect(sut.explanation.find((l) => l.code === 'EXCLUDED_TOTAL')?.workdays).toBe(11);
  });

  it('should end the pause when the 15 working days run out, even if the opinion comes later (provisional 2027)', () => {
    // receipt 2026-12-01; letter 12-15 (10 used); the third party's 15 working days end 2027-01-06
    // (12-16..12-31 = 12, 2027-01-01 is a statutory day off, 01-04..01-06 = 15). The opinion comes late,
    // on 01-12, so only (12-15, 01-06] is excluded; 10 remain: 01-07, 01-08, 01-11..01-15, 01-18..01-20.
    const events = [ev('CONSULT_THIRD_PARTY', '2026-12-15', { consultationId: 'c1' }), ev('RECEIVE_THIRD_PARTY_OPINION', '2027-01-12', { consultationId: 'c1' })];
    const sut = clockOf(events, '2027-01-13', undefined, '2026-12-01');
    expect(calendar.isWorkday('2027-01-01')).toBe(false);
    expect(sut).toMatchObject({ dueDate: '2027-01-20', provisional: true, provisionalYears: [2027] });
    expect(sut.pauses[0]).toMatchObject({ to: '2027-01-06', excludedWorkdays: 15 });
    expect(sut.explanation.some((l) => l.code === 'CONSULTATION_OPINION_LATE')).toBe(true);
    expect(sut.explanation.some((l) => l.code === 'PROVISIONAL_CALENDAR' && l.text.includes('2027年'))).toBe(true);
  });

  it('should exclude the union of two overlapping consultations, not their sum', () => {
    // third party (03-05, 03-12] and co-producing agency (03-10, 03-18]: union (03-05, 03-18] = 9
    // working days (the sum would be 5 + 6 = 11); 3 used, 17 remain after 03-18: .. 04-13.
    const events = [
      ev('CONSULT_THIRD_PARTY', '2026-03-05', { consultationId: 'tp' }),
      ev('CONSULT_THIRD_PARTY', '2026-03-10', { consultationId: 'agency', party: 'CO_PRODUCING_AGENCY' }),
      ev('RECEIVE_THIRD_PARTY_OPINION', '2026-03-12', { consultationId: 'tp' }),
      ev('RECEIVE_THIRD_PARTY_OPINION', '2026-03-18', { consultationId: 'agency' }),
    ];
    const sut = clockOf(events, '2026-03-19');
    expect(sut.dueDate).toBe('2026-04-13');
    expect(sut.pauses.map((p) => [p.reason, p.excludedWorkdays])).toEqual([
      ['THIRD_PARTY', 5],
      ['CO_PRODUCING_AGENCY', 6],
    ]);
    const union = sut.explanation.find((l) => l.code === 'EXCLUDED_TOTAL');
    expect(union?.workdays).toBe(9);
    expect(union?.text).toContain('重叠的部分只计算一次');
  });

  it('should stay paused while one of two consultations is open and report the earliest deadline', () => {
    const events = [
      ev('CONSULT_THIRD_PARTY', '2026-03-05', { consultationId: 'tp' }),
      ev('CONSULT_THIRD_PARTY', '2026-03-10', { consultationId: 'agency', party: 'CO_PRODUCING_AGENCY' }),
      ev('RECEIVE_THIRD_PARTY_OPINION', '2026-03-12', { consultationId: 'tp' }),
    ];
    const sut = clockOf(events, '2026-03-13');
    expect(sut).toMatchObject({ state: 'paused', dueDate: null, thirdPartyDeadline: '2026-03-31' });
    const both = clockOf(events.slice(0, 2), '2026-03-11');
    expect(both.thirdPartyDeadline).toBe('2026-03-26');
    expect(both.warnings.filter((w) => w.code === 'THIRD_PARTY_ENDING').map((w) => w.date)).toEqual(['2026-03-26', '2026-03-31']);
  });

  it('should end a lapsed consultation on the lapse date; a co-producing agency\'s silence is consent (条例第三十四条)', () => {
    const events = [
      ev('CONSULT_THIRD_PARTY', '2026-03-10', { consultationId: 'agency', party: 'CO_PRODUCING_AGENCY' }),
      ev('THIRD_PARTY_LAPSED', '2026-03-31', { consultationId: 'agency' }),
    ];
    // 6 used (03-03..06, 03-09, 03-10); 14 remain after 03-31: 04-01..03, 04-07..10, 04-13..17, 04-20, 04-21
    const sut = clockOf(events, '2026-04-01');
    expect(sut.dueDate).toBe('2026-04-21');
    const line = sut.explanation.find((l) => l.code === 'CONSULTATION_LAPSED');
    expect(line?.text).toContain('视为同意公开');
    expect(line?.rule).toBe('《政府信息公开条例》第三十四条、第三十三条第三款');
  });

  it('should not treat a third party\'s silence as consent (条例第三十二条)', () => {
    const events = [ev('CONSULT_THIRD_PARTY', '2026-03-10', { consultationId: 'tp' }), ev('THIRD_PARTY_LAPSED', '2026-03-31', { consultationId: 'tp' })];
    expect(clockOf(events, '2026-04-01').explanation.find((l) => l.code === 'CONSULTATION_LAPSED')?.text).toContain('不视为同意');
  });

  it('should leave the due date alone when the letter goes out on the due date itself: nothing was left to suspend', () => {
    const events = [ev('CONSULT_THIRD_PARTY', '2026-03-30', { consultationId: 'c1' }), ev('RECEIVE_THIRD_PARTY_OPINION', '2026-04-10', { consultationId: 'c1' })];
    const sut = clockOf(events, '2026-04-10');
    expect(sut).toMatchObject({ state: 'overdue', dueDate: '2026-03-30' });
    expect(sut.pauses[0].excludedWorkdays).toBe(0);
    expect(sut.explanation.some((l) => l.code === 'PAUSE_AFTER_DUE_DATE')).toBe(true);
  });

  it.each([
    ['an opinion for an unknown consultation', [ev('RECEIVE_THIRD_PARTY_OPINION', '2026-03-05', { consultationId: 'nope' })], 'UNKNOWN_CONSULTATION'],
    ['a consultation id used twice', [ev('CONSULT_THIRD_PARTY', '2026-03-05', { consultationId: 'c1' }), ev('CONSULT_THIRD_PARTY', '2026-03-06', { consultationId: 'c1' })], 'CONSULTATION_ID_IN_USE'],
    ['a consultation without an id', [ev('CONSULT_THIRD_PARTY', '2026-03-05')], 'INVALID_PAYLOAD'],
  ])('should reject %s', (_label, events, code) => {
    expect(ruleErrorOf(() => clockOf(events, '2026-03-10')).code).toBe(code);
  });
});

describe('computeClock: information processing fee (国办函〔2020〕109号)', () => {
  const feeEvents = [ev('SEND_FEE_NOTICE', '2026-03-09'), ev('RECEIVE_FEE_PAYMENT', '2026-03-16')];

  it('should give the applicant 20 working days to pay and pause the clock meanwhile (default setting)', () => {
    const sut = clockOf(feeEvents.slice(0, 1), '2026-03-10');
    expect(sut).toMatchObject({ state: 'paused', dueDate: null, feeDeadline: '2026-04-07' });
    expect(sut.warnings).toContainEqual({ code: 'FEE_DEADLINE_ENDING', date: '2026-04-07' });
  });

  it('should exclude (notice, payment] when feeNoticePausesClock is on', () => {
    // 5 used by 03-09; (03-09, 03-16] = 5 working days; 15 remain after 03-16: .. 04-07
    const sut = clockOf(feeEvents, '2026-03-17');
    expect(sut).toMatchObject({ dueDate: '2026-04-07', pauses: [{ reason: 'FEE', from: '2026-03-09', to: '2026-03-16', excludedWorkdays: 5 }] });
    expect(sut.explanation.find((l) => l.code === 'FEE_PAID')?.rule).toBe('国办函〔2020〕109号');
  });

  it('should keep counting through the fee period when feeNoticePausesClock is off', () => {
    const sut = clockOf(feeEvents, '2026-03-17', { feeNoticePausesClock: false });
    expect(sut).toMatchObject({ state: 'running', dueDate: '2026-03-30', pauses: [] });
    expect(sut.explanation.find((l) => l.code === 'FEE_NOTICE_SENT')?.text).toContain('照常计入答复期限');
    expect(clockOf(feeEvents.slice(0, 1), '2026-03-10', { feeNoticePausesClock: false }).feeDeadline).toBe('2026-04-07');
  });

  it('should stop the clock when the fee is not paid in time', () => {
    const sut = clockOf([ev('SEND_FEE_NOTICE', '2026-03-09'), ev('FEE_LAPSED', '2026-04-08')], '2026-04-08');
    expect(sut).toMatchObject({ state: 'stopped', stoppedOn: '2026-04-08' });
    expect(sut.feeDeadline).toBeUndefined();
  });

  it('should reject a payment without a notice and a second notice while one is unpaid', () => {
    expect(ruleErrorOf(() => clockOf([ev('RECEIVE_FEE_PAYMENT', '2026-03-09')], '2026-03-10')).code).toBe('NO_FEE_NOTICE_PENDING');
    expect(ruleErrorOf(() => clockOf([ev('SEND_FEE_NOTICE', '2026-03-09'), ev('SEND_FEE_NOTICE', '2026-03-10')], '2026-03-10')).code).toBe('FEE_NOTICE_ALREADY_OPEN');
  });
});

describe('computeClock: extension (延期, 条例第三十三条第二款)', () => {
  // 2025-03-03 (Mon): plain due date 2025-03-31.
  const receiptDate = '2025-03-03';

  it('should move the due date n working days past the then-current due date (default 20)', () => {
    const sut = clockOf([ev('APPROVE_EXTENSION', '2025-03-28', { approvedBy: '公开办主任' })], '2025-03-28', undefined, receiptDate);
    // 20 working days after 03-31, skipping 清明 04-04 and counting the make-up Sunday 04-27
    expect(sut).toMatchObject({
      dueDate: '2025-04-28',
      totalWorkdays: 40,
      extension: { workdays: 20, approvedBy: '公开办主任', approvedOn: '2025-03-28' },
    });
    const line = sut.explanation.find((l) => l.code === 'EXTENSION');
    expect(line).toMatchObject({ rule: '《政府信息公开条例》第三十三条第二款', to: '2025-04-28', workdays: 20 });
    expect(line?.text).toContain('由2025-03-31延至2025-04-28');
  });

  it('should allow an extension approved on the due date itself', () => {
    expect(clockOf([ev('APPROVE_EXTENSION', '2026-03-30', { workdays: 20 })], '2026-03-30').dueDate).toBe('2026-04-28');
  });

  it('should push an extended due date further by a later consultation (extension, then pause)', () => {
    // 27 used by 04-10; (04-10, 04-17] = 5 excluded; 13 remain: 04-18 .. 05-08 (05-01..05 off)
    const events = [
      ev('APPROVE_EXTENSION', '2025-03-28'),
      ev('CONSULT_THIRD_PARTY', '2025-04-10', { consultationId: 'c1' }),
      ev('RECEIVE_THIRD_PARTY_OPINION', '2025-04-17', { consultationId: 'c1' }),
    ];
    expect(clockOf(events, '2025-04-18', undefined, receiptDate).dueDate).toBe('2025-05-08');
  });

  it('should accept an extension while paused and apply it when the period resumes (pause, then extension)', () => {
    // 9 used by 03-14; extension of 10 while paused; opinion 03-26; 21 remain: 03-27 .. 04-25
    const events = [
      ev('CONSULT_THIRD_PARTY', '2025-03-14', { consultationId: 'c1' }),
      ev('APPROVE_EXTENSION', '2025-03-20', { workdays: 10 }),
      ev('RECEIVE_THIRD_PARTY_OPINION', '2025-03-26', { consultationId: 'c1' }),
    ];
    const paused = clockOf(events.slice(0, 2), '2025-03-20', undefined, receiptDate);
    expect(paused).toMatchObject({ state: 'paused', dueDate: null, totalWorkdays: 30, workdaysRemaining: 21, thirdPartyDeadline: '2025-04-07' });
    expect(paused.explanation.find((l) => l.code === 'EXTENSION')?.text).toContain('暂停结束后按共30个工作日计算答复期限');
    expect(clockOf(events, '2025-03-27', undefined, receiptDate).dueDate).toBe('2025-04-25');
  });

  it('should apply events by effective date, whatever order they were recorded in', () => {
    const recorded = [
      ev('RECEIVE_THIRD_PARTY_OPINION', '2025-03-26', { consultationId: 'c1' }),
      ev('APPROVE_EXTENSION', '2025-03-20', { workdays: 10 }),
      ev('CONSULT_THIRD_PARTY', '2025-03-14', { consultationId: 'c1' }),
    ];
    expect(clockOf(recorded, '2025-03-27', undefined, receiptDate).dueDate).toBe('2025-04-25');
  });

  it.each([
    ['a second extension', [ev('APPROVE_EXTENSION', '2026-03-20', { workdays: 5 }), ev('APPROVE_EXTENSION', '2026-03-25', { workdays: 5 })], 'EXTENSION_ALREADY_USED'],
    ['an extension after the due date', [ev('APPROVE_EXTENSION', '2026-03-31')], 'EXTENSION_AFTER_DUE_DATE'],
    ['an extension longer than 20 working days', [ev('APPROVE_EXTENSION', '2026-03-20', { workdays: 21 })], 'EXTENSION_TOO_LONG'],
    ['an extension of 0 working days', [ev('APPROVE_EXTENSION', '2026-03-20', { workdays: 0 })], 'INVALID_PAYLOAD'],
    ['an extension after a deferral', [ev('DEFER', '2026-03-20', { until: '2026-05-29' }), ev('APPROVE_EXTENSION', '2026-03-25')], 'EXTENSION_AFTER_DEFERRAL'],
  ])('should reject %s with a typed ClockRuleError', (_label, events, code) => {
    const error = ruleErrorOf(() => clockOf(events, '2026-04-01'));
    expect(error).toBeInstanceOf(ClockRuleError);
    expect(error.code).toBe(code);
  });
});

describe('computeClock: deferral (条例第三十五条)', () => {
  const deferral = ev('DEFER', '2026-03-20', { until: '2026-05-29' });

  it('should enter the deferred state with the explicit date and warn before it', () => {
    const sut = clockOf([deferral], '2026-03-25');
    expect(sut).toMatchObject({
      state: 'deferred',
      dueDate: '2026-05-29',
      deferredUntil: '2026-05-29',
      workdaysRemaining: 44, // working days in (03-25, 05-29], 清明 and 劳动节 off, 05-09 make-up
    });
    expect(sut.warnings).toEqual([
      { code: 'CORRECTION_NOTICE_DUE', date: '2026-03-09' },
      { code: 'REPLY_DUE_IN_5', date: '2026-05-22' },
      { code: 'REPLY_DUE_IN_2', date: '2026-05-27' },
      { code: 'OVERDUE', date: '2026-05-30' },
    ]);
    expect(sut.explanation.find((l) => l.code === 'DEFERRED')).toMatchObject({ rule: '《政府信息公开条例》第三十五条', to: '2026-05-29' });
  });

  it('should be overdue after the deferred date', () => {
    expect(clockOf([deferral], '2026-05-30').state).toBe('overdue');
  });

  it('should reject a deferred date that is not later than the current due date', () => {
    expect(ruleErrorOf(() => clockOf([ev('DEFER', '2026-03-20', { until: '2026-03-30' })], '2026-03-20')).code).toBe('DEFERRAL_NOT_AFTER_DUE_DATE');
    expect(ruleErrorOf(() => clockOf([ev('DEFER', '2026-03-20')], '2026-03-20')).code).toBe('INVALID_PAYLOAD');
  });
});

describe('computeClock: stopping the clock', () => {
  it('should stop on delivery within the period and report it on time', () => {
    const sut = clockOf([ev('DELIVER_REPLY', '2026-03-30')], '2026-04-02');
    expect(sut).toMatchObject({ state: 'stopped', stoppedOn: '2026-03-30', late: false, dueDate: '2026-03-30', warnings: [] });
    expect(sut.explanation.find((l) => l.code === 'REPLY_DELIVERED')?.text).toBe('2026-03-30答复已送达，计时终止；在答复期限2026-03-30内');
  });

  it('should report a delivery after the due date as late', () => {
    expect(clockOf([ev('DELIVER_REPLY', '2026-03-31')], '2026-04-02')).toMatchObject({ state: 'stopped', late: true });
  });

  it('should end a consultation still open at delivery on the delivery day', () => {
    // 14 used by 03-20; (03-20, 04-01] excluded; the period would end 04-10
    const sut = clockOf([ev('CONSULT_THIRD_PARTY', '2026-03-20', { consultationId: 'c1' }), ev('DELIVER_REPLY', '2026-04-01')], '2026-04-01');
    expect(sut).toMatchObject({ late: false, dueDate: '2026-04-10', pauses: [{ to: '2026-04-01' }] });
    expect(sut.thirdPartyDeadline).toBeUndefined();
  });

  it.each(['WITHDRAW', 'CLOSE', 'ARCHIVE'])('should stop on %s without a lateness verdict', (type) => {
    const sut = clockOf([ev(type, '2026-03-10')], '2026-04-02');
    expect(sut).toMatchObject({ state: 'stopped', stoppedOn: '2026-03-10' });
    expect(sut.late).toBeUndefined();
  });

  it('should keep the first stop when the case is archived after delivery, and refuse clock events after it', () => {
    expect(clockOf([ev('DELIVER_REPLY', '2026-03-20'), ev('ARCHIVE', '2026-03-25')], '2026-03-25').stoppedOn).toBe('2026-03-20');
    expect(ruleErrorOf(() => clockOf([ev('DELIVER_REPLY', '2026-03-20'), ev('APPROVE_EXTENSION', '2026-03-21')], '2026-03-25')).code).toBe('CLOCK_STOPPED');
  });
});

describe('validateClockEvent', () => {
  const input: ClockInput = { receiptDate: RECEIPT, events: [], today: '2026-03-31' };

  it('should return the clock with an admissible event applied', () => {
    expect(validateClockEvent(input, ev('DELIVER_REPLY', '2026-03-31'), calendar)).toMatchObject({ state: 'stopped', late: true });
  });

  it('should throw the rule an inadmissible event would break', () => {
    expect(ruleErrorOf(() => validateClockEvent(input, ev('APPROVE_EXTENSION', '2026-03-31'), calendar)).code).toBe('EXTENSION_AFTER_DUE_DATE');
    expect(ruleErrorOf(() => validateClockEvent(input, ev('DELIVER_REPLY', '2026-04-01'), calendar)).code).toBe('EVENT_IN_FUTURE');
    expect(ruleErrorOf(() => validateClockEvent(input, ev('CLOSE', '2026-02-27'), calendar)).code).toBe('EVENT_BEFORE_RECEIPT');
    expect(ruleErrorOf(() => validateClockEvent(input, ev('CLOSE', '2026-3-31'), calendar)).code).toBe('INVALID_DATE');
  });

  it('should reject settings that are not whole working-day counts', () => {
    expect(ruleErrorOf(() => clockOf([], '2026-03-03', { replyWorkdays: 0 })).code).toBe('INVALID_SETTINGS');
  });
});

describe('computeClock: a consulted party that stays silent (条例第三十二条)', () => {
  const calendar = WorkingCalendar.fromYears(buildAnnouncedYears());
  const consult = { type: 'CONSULT_THIRD_PARTY', effectiveDate: '2026-06-05', payload: { consultationId: 'c1', party: 'CO_PRODUCING_AGENCY' as const } };
  const lapse = (on: string) => ({ type: 'THIRD_PARTY_LAPSED', effectiveDate: on, payload: { consultationId: 'c1' } });
  const clock = (events: ClockEvent[]) => computeClock({ receiptDate: '2026-06-01', events, today: '2026-08-31' }, calendar);

  // S = 2026-06-05 (4 used); 15 wd: 06-08..12 (5), 15..18 (9), 06-19 端午 off, 22..26 (14), 06-29 (15).
  // 16 left after 06-29: 06-30, 07-01..03 (4), 06..10 (9), 13..17 (14), 20, 21 → 2026-07-21.
  it.each(['2026-06-30', '2026-07-06'])('should exclude only the 15 working days when the lapse is recorded on %s', (on) => {
    const sut = clock([consult, lapse(on)]);
    expect(sut.dueDate).toBe('2026-07-21');
    expect(sut.pauses[0]).toMatchObject({ from: '2026-06-05', to: '2026-06-29', excludedWorkdays: 15 });
  });

  it('should refuse a lapse recorded before the 15 working days are over', () => {
    expect(() => clock([consult, lapse('2026-06-15')])).toThrow(expect.objectContaining({ code: 'THIRD_PARTY_PERIOD_NOT_OVER' }));
  });
});

describe('computeClock: a lapse takes effect on the first day after the period at the earliest', () => {
  const windowEnds = clockOf([ev('REQUEST_CORRECTION', '2026-03-05')], '2026-03-06').correctionWindowEnds!;
  const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

  it.each(['2026-03-06', windowEnds])('should refuse CORRECTION_LAPSED on %s, within the correction window (条例第三十条)', (on) => {
    expect(ruleErrorOf(() => clockOf([ev('REQUEST_CORRECTION', '2026-03-05'), ev('CORRECTION_LAPSED', on)], '2026-05-01')).code).toBe('CORRECTION_PERIOD_NOT_OVER');
  });

  it('should accept CORRECTION_LAPSED on the day after the window', () => {
    const sut = clockOf([ev('REQUEST_CORRECTION', '2026-03-05'), ev('CORRECTION_LAPSED', dayAfter(windowEnds))], '2026-05-01');
    expect(sut).toMatchObject({ state: 'stopped', stoppedOn: dayAfter(windowEnds) });
  });

  // Fee notice 2026-03-09: payment period ends 2026-04-07.
  it.each(['2026-03-10', '2026-04-07'])('should refuse FEE_LAPSED on %s, within the payment period', (on) => {
    expect(ruleErrorOf(() => clockOf([ev('SEND_FEE_NOTICE', '2026-03-09'), ev('FEE_LAPSED', on)], '2026-05-01')).code).toBe('FEE_PERIOD_NOT_OVER');
  });
});

describe('computeClock: every deadline the case had stays, with the day it was met or missed', () => {
  const kinds = (events: ClockEvent[], today: string) => clockOf(events, today).deadlines;

  it('should show the correction-notice deadline before and after the notice, met on the day it went out', () => {
    expect(kinds([], '2026-03-03')).toEqual([
      { kind: 'CORRECTION_NOTICE', date: '2026-03-11', rule: '《政府信息公开条例》第三十条' },
      { kind: 'REPLY', date: '2026-03-30', rule: '《政府信息公开条例》第三十三条第二款' },
    ]);
    const after = kinds([ev('REQUEST_CORRECTION', '2026-03-05'), ev('RECEIVE_CORRECTION', '2026-03-12')], '2026-03-13');
    expect(after.find((d) => d.kind === 'CORRECTION_NOTICE')).toMatchObject({ date: '2026-03-11', metOn: '2026-03-05' });
    expect(after.find((d) => d.kind === 'CORRECTION_WINDOW')).toMatchObject({ metOn: '2026-03-12' });
  });

  it('should mark a late correction notice and a lapsed window as missed', () => {
    const windowEnds = clockOf([ev('REQUEST_CORRECTION', '2026-03-12')], '2026-03-13').correctionWindowEnds!;
    const sut = kinds([ev('REQUEST_CORRECTION', '2026-03-12'), ev('CORRECTION_LAPSED', '2026-04-10')], '2026-04-10');
    expect(sut.find((d) => d.kind === 'CORRECTION_NOTICE')).toMatchObject({ date: '2026-03-11', missed: true, settledOn: '2026-03-12' });
    expect(sut.find((d) => d.kind === 'CORRECTION_WINDOW')).toMatchObject({ date: windowEnds, missed: true, settledOn: '2026-04-10' });
    expect(sut.find((d) => d.kind === 'REPLY')).toBeUndefined();
  });

  it('should keep the fee deadline after payment, the consultation deadlines after the answer or lapse, and the extension', () => {
    const sut = kinds(
      [
        ev('CONSULT_THIRD_PARTY', '2026-03-03', { consultationId: 'a' }),
        ev('CONSULT_THIRD_PARTY', '2026-03-03', { consultationId: 'b' }),
        ev('RECEIVE_THIRD_PARTY_OPINION', '2026-03-06', { consultationId: 'a' }),
        ev('THIRD_PARTY_LAPSED', '2026-03-25', { consultationId: 'b' }),
        ev('SEND_FEE_NOTICE', '2026-03-26'),
        ev('RECEIVE_FEE_PAYMENT', '2026-03-27'),
        ev('APPROVE_EXTENSION', '2026-03-30', { workdays: 5 }),
        ev('DELIVER_REPLY', '2026-04-01'),
      ],
      '2026-05-01',
    );
    expect(sut.filter((d) => d.kind === 'THIRD_PARTY')).toEqual([
      expect.objectContaining({ consultationId: 'a', date: '2026-03-24', metOn: '2026-03-06' }),
      expect.objectContaining({ consultationId: 'b', date: '2026-03-24', missed: true, settledOn: '2026-03-25' }),
    ]);
    expect(sut.find((d) => d.kind === 'FEE_PAYMENT')).toMatchObject({ metOn: '2026-03-27' });
    expect(sut.find((d) => d.kind === 'EXTENSION')).toMatchObject({ metOn: '2026-03-30' });
    expect(sut.find((d) => d.kind === 'REPLY')).toMatchObject({ metOn: '2026-04-01' });
  });

  it('should mark the reply date missed once it passed, and on a late delivery', () => {
    expect(kinds([], '2026-04-01').find((d) => d.kind === 'REPLY')).toMatchObject({ date: '2026-03-30', missed: true, settledOn: '2026-03-31' });
    expect(kinds([ev('DELIVER_REPLY', '2026-04-02')], '2026-04-03').find((d) => d.kind === 'REPLY')).toMatchObject({ missed: true, settledOn: '2026-04-02' });
    expect(kinds([ev('WITHDRAW', '2026-03-10')], '2026-05-01').find((d) => d.kind === 'REPLY')).not.toHaveProperty('missed');
  });
});
