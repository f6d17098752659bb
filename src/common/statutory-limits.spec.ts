import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ApproveExtensionCommandDto } from '../modules/cases/dto/case-event-commands.dto.js';
import { extensionWorkdaysInRange } from '../modules/cases/workflow/case.guards.js';
import type { CaseEvent } from '../modules/cases/workflow/case-event.js';
import { DEFAULT_CLOCK_SETTINGS } from '../modules/deadlines/domain/index.js';
import { DEFAULT_AGENCY_SETTINGS } from '../modules/agencies/agency-settings.js';
import { CORRECTION, EXTENSION, FEE_PAYMENT_WORKDAYS, REPLY_WORKDAYS, THIRD_PARTY_WORKDAYS, correctionAllowed, extensionAllowed } from './statutory-limits.js';

/** Each limit has one home: the DTO, the statechart's guard, the clock and the agency defaults all read it from there. */
describe('statutory limits', () => {
  it('should hold the numbers of 条例第三十条、第三十二条、第三十三条 and 109号', () => {
    expect({ REPLY_WORKDAYS, THIRD_PARTY_WORKDAYS, FEE_PAYMENT_WORKDAYS, extension: EXTENSION, correction: CORRECTION }).toEqual({
      REPLY_WORKDAYS: 20,
      THIRD_PARTY_WORKDAYS: 15,
      FEE_PAYMENT_WORKDAYS: 20,
      extension: { minWorkdays: 1, maxWorkdays: 20, defaultWorkdays: 20, timesAllowed: 1 },
      correction: { noticeWorkdays: 7, noticeWarnFromWorkday: 5, timesAllowed: 1, defaultWindowWorkdays: 15 },
    });
  });

  it('should allow one extension and one correction notice per application', () => {
    expect([extensionAllowed(0), extensionAllowed(1), correctionAllowed(0), correctionAllowed(1)]).toEqual([true, false, true, false]);
  });

  it('should give the clock and the agency defaults the same numbers', () => {
    expect(DEFAULT_CLOCK_SETTINGS).toMatchObject({
      replyWorkdays: REPLY_WORKDAYS,
      maxExtensionWorkdays: EXTENSION.maxWorkdays,
      correctionNoticeWorkdays: CORRECTION.noticeWorkdays,
      correctionNoticeWarnFromWorkday: CORRECTION.noticeWarnFromWorkday,
      correctionWindowWorkdays: CORRECTION.defaultWindowWorkdays,
      thirdPartyWorkdays: THIRD_PARTY_WORKDAYS,
      feePaymentWorkdays: FEE_PAYMENT_WORKDAYS,
    });
    expect(DEFAULT_AGENCY_SETTINGS.correctionWindowWorkdays).toBe(CORRECTION.defaultWindowWorkdays);
  });

  it.each([
    [EXTENSION.minWorkdays - 1, false],
    [EXTENSION.minWorkdays, true],
    [EXTENSION.maxWorkdays, true],
    [EXTENSION.maxWorkdays + 1, false],
  ])('should let the DTO and the guard agree on an extension of %i working days (%s)', (workdays, allowed) => {
    const dto = plainToInstance(ApproveExtensionCommandDto, { type: 'APPROVE_EXTENSION', workdays, grounds: '涉及多个部门' });
    const dtoErrors = validateSync(dto).filter((e) => e.property === 'workdays');
    const event = { type: 'APPROVE_EXTENSION', workdays } as unknown as CaseEvent;
    expect([dtoErrors.length === 0, extensionWorkdaysInRange(event)]).toEqual([allowed, allowed]);
  });
});
