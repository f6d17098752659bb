import { FIELD_ERROR_MESSAGES } from '../../../common/errors/error-code.js';
import { DEFAULT_AGENCY_SETTINGS } from '../../agencies/agency-settings.js';
import { CaseChannel } from '../../cases/case-channel.js';
import { buildAnnouncedYears } from '../../deadlines/domain/calendar-seed.js';
import { WorkingCalendar } from '../../deadlines/domain/working-calendar.js';
import { deriveReceiptDate, type ReceiptFacts, ReceiptFactsError, type ReceiptSettings, receiptDateProblem } from './receipt-date.js';

// The real calendar: the State Council arrangements for 2024–2026 (2026-02-14 and 2025-01-26 are make-up working
// days; 2026-10-01..07 are the National Day break). Expected dates are read off those notices, not computed.
const calendar = WorkingCalendar.fromYears(buildAnnouncedYears(2024, 2026), { fromYear: 2024, toYear: 2030 });

const manual: ReceiptSettings = { autoConfirmWebSubmissions: false, autoConfirmOnDaysOff: false };
const autoOnWorkdays: ReceiptSettings = { autoConfirmWebSubmissions: true, autoConfirmOnDaysOff: false };
const autoAlways: ReceiptSettings = { autoConfirmWebSubmissions: true, autoConfirmOnDaysOff: true };

function sut(facts: ReceiptFacts, today: string, settings: ReceiptSettings = manual) {
  return deriveReceiptDate(facts, calendar, settings, today);
}

function errorsOf(facts: ReceiptFacts, today: string, settings: ReceiptSettings = manual) {
  try {
    sut(facts, today, settings);
  } catch (e) {
    if (e instanceof ReceiptFactsError) return e.errors;
    throw e;
  }
  return [];
}

describe('receipt date at the counter (条例第三十一条第（一）项)', () => {
  it('should be the day of submission, even on a day off', () => {
    const result = sut({ channel: CaseChannel.COUNTER, submittedOn: '2026-03-07' }, '2026-03-07');
    expect(result).toMatchObject({ receiptDate: '2026-03-07', submittedOn: '2026-03-07', confirmation: 'ON_SUBMISSION', warnings: [] });
    expect(result.rule).toContain('第三十一条第（一）项');
    expect(result.rule).toContain('2026年3月7日（星期六，休息日）');
  });

  it('should record who wrote an oral application down and warn when the applicant has not signed', () => {
    const signed = sut({ channel: CaseChannel.COUNTER, submittedOn: '2026-03-02', oral: { recordedBy: '王五', applicantSigned: true } }, '2026-03-02');
    expect(signed.rule).toContain('由王五代为填写（条例第二十九条第一款），申请人已签字确认');
    expect(signed.warnings).toEqual([]);
    const unsigned = sut({ channel: CaseChannel.COUNTER, submittedOn: '2026-03-02', oral: { recordedBy: '王五', applicantSigned: false } }, '2026-03-02');
    expect(unsigned.receiptDate).toBe('2026-03-02');
    expect(unsigned.warnings).toEqual(['ORAL_APPLICATION_NOT_SIGNED']);
  });

  it('should refuse a submission date in the future or not a date', () => {
    expect(errorsOf({ channel: CaseChannel.COUNTER, submittedOn: '2026-03-03' }, '2026-03-02')).toEqual([{ field: 'submittedOn', code: 'DATE_IN_FUTURE' }]);
    expect(errorsOf({ channel: CaseChannel.COUNTER, submittedOn: '2026-02-30' }, '2026-03-02')).toEqual([{ field: 'submittedOn', code: 'INVALID_DATE' }]);
    expect(errorsOf({ channel: CaseChannel.COUNTER, submittedOn: '2026-03-02', oral: { recordedBy: ' ', applicantSigned: true } }, '2026-03-02')).toEqual([
      { field: 'oral.recordedBy', code: 'REQUIRED' },
    ]);
  });
});

describe('receipt date of a web application (条例第三十一条第（三）项)', () => {
  const saturdayNight = '2026-03-06T17:30:00Z'; // 2026-03-07 01:30 in Beijing, a Saturday

  it('should be the Monday on which the office confirmed an application submitted on Saturday', () => {
    const result = sut({ channel: CaseChannel.WEB, submittedAt: saturdayNight, confirmedOn: '2026-03-09' }, '2026-03-09');
    expect(result).toMatchObject({ receiptDate: '2026-03-09', submittedOn: '2026-03-07', confirmation: 'OFFICER' });
    expect(result.rule).toContain('以双方确认之日为收到申请之日');
    expect(result.rule).toContain('2026年3月7日（星期六，休息日）提交');
    expect(result.rule).toContain('2026年3月9日（星期一）确认');
  });

  it('should not be fixed before the office confirms when auto-confirmation is off (the default)', () => {
    expect(DEFAULT_AGENCY_SETTINGS.autoConfirmWebSubmissions).toBe(false);
    const result = sut({ channel: CaseChannel.WEB, submittedAt: saturdayNight }, '2026-03-09');
    expect(result).toMatchObject({ receiptDate: null, awaiting: 'CONFIRMATION', submittedOn: '2026-03-07' });
  });

  it('should auto-confirm on the day of submission when that is a working day', () => {
    const result = sut({ channel: CaseChannel.WEB, submittedAt: '2026-03-04T02:00:00Z' }, '2026-03-04', autoOnWorkdays);
    expect(result).toMatchObject({ receiptDate: '2026-03-04', confirmation: 'AUTOMATIC' });
    expect(result.rule).toContain('系统于提交当日自动确认');
  });

  it('should auto-confirm a Saturday submission on Monday, and say so while Monday has not come', () => {
    expect(sut({ channel: CaseChannel.WEB, submittedAt: saturdayNight }, '2026-03-07', autoOnWorkdays)).toMatchObject({
      receiptDate: null,
      awaiting: 'CONFIRMATION',
      autoConfirmsOn: '2026-03-09',
    });
    expect(sut({ channel: CaseChannel.WEB, submittedAt: saturdayNight }, '2026-03-10', autoOnWorkdays)).toMatchObject({
      receiptDate: '2026-03-09',
      confirmation: 'AUTOMATIC',
    });
  });

  it('should auto-confirm during the National Day break on the first working day after it', () => {
    expect(sut({ channel: CaseChannel.WEB, submittedAt: '2026-10-01T09:00:00+08:00' }, '2026-10-12', autoOnWorkdays).receiptDate).toBe('2026-10-08');
  });

  it('should auto-confirm on the make-up Saturday itself, which is a working day', () => {
    expect(sut({ channel: CaseChannel.WEB, submittedAt: '2026-02-14T10:00:00+08:00' }, '2026-02-14', autoOnWorkdays).receiptDate).toBe('2026-02-14');
  });

  it('should auto-confirm on a day off when the agency enables days-off confirmation', () => {
    expect(sut({ channel: CaseChannel.WEB, submittedAt: saturdayNight }, '2026-03-07', autoAlways).receiptDate).toBe('2026-03-07');
  });

  it('should take an officer’s confirmation that came before the automatic one', () => {
    const result = sut({ channel: CaseChannel.WEB, submittedAt: saturdayNight, confirmedOn: '2026-03-08' }, '2026-03-10', autoOnWorkdays);
    expect(result).toMatchObject({ receiptDate: '2026-03-08', confirmation: 'OFFICER' });
  });

  it('should refuse a confirmation before the submission, a submission in the future and a time without offset', () => {
    expect(errorsOf({ channel: CaseChannel.WEB, submittedAt: saturdayNight, confirmedOn: '2026-03-06' }, '2026-03-09')).toEqual([
      { field: 'confirmedOn', code: 'DATE_BEFORE_SUBMISSION' },
    ]);
    expect(errorsOf({ channel: CaseChannel.WEB, submittedAt: '2026-03-10T08:00:00+08:00' }, '2026-03-09')).toEqual([
      { field: 'submittedAt', code: 'DATE_IN_FUTURE' },
    ]);
    expect(errorsOf({ channel: CaseChannel.WEB, submittedAt: '2026-03-07T10:00:00' }, '2026-03-09')).toEqual([
      { field: 'submittedAt', code: 'INVALID_DATETIME' },
    ]);
    expect(errorsOf({ channel: CaseChannel.WEB, submittedAt: '2026-02-30T10:00:00Z' }, '2026-03-09')).toEqual([
      { field: 'submittedAt', code: 'INVALID_DATETIME' },
    ]);
  });
});

describe('receipt date of a fax (条例第三十一条第（三）项)', () => {
  it('should be the day both parties confirmed, the fax log read as Beijing time', () => {
    const result = sut({ channel: CaseChannel.FAX, sendingNumber: '010-12345678', receivedAt: '2026-03-06T18:20', confirmedOn: '2026-03-09' }, '2026-03-09');
    expect(result).toMatchObject({ receiptDate: '2026-03-09', submittedOn: '2026-03-06', confirmation: 'OFFICER' });
    expect(result.rule).toContain('自010-12345678收到');
  });

  it('should wait for confirmation when there is none', () => {
    expect(sut({ channel: CaseChannel.FAX, sendingNumber: '010-12345678', receivedAt: '2026-03-06T10:20:00Z' }, '2026-03-06')).toMatchObject({
      receiptDate: null,
      awaiting: 'CONFIRMATION',
    });
  });

  it('should require the sending number and refuse a confirmation before reception', () => {
    expect(errorsOf({ channel: CaseChannel.FAX, sendingNumber: '', receivedAt: '2026-03-06T18:20', confirmedOn: '2026-03-05' }, '2026-03-09')).toEqual([
      { field: 'sendingNumber', code: 'REQUIRED' },
      { field: 'confirmedOn', code: 'DATE_BEFORE_SUBMISSION' },
    ]);
  });
});

describe('receipt date of a registered letter (条例第三十一条第（二）项)', () => {
  it.each([
    ['2026-02-14', '2026年2月14日（星期六，调休工作日）'],
    ['2025-01-26', '2025年1月26日（星期日，调休工作日）'],
  ])('should be the day the agency signed for it, here the make-up working day %s', (signedOn, described) => {
    const result = sut({ channel: CaseChannel.LETTER_REGISTERED, waybillNumber: 'EMS1234567890CN', signedOn, signer: '李四' }, signedOn);
    expect(result).toMatchObject({ receiptDate: signedOn, confirmation: 'SIGNED_FOR' });
    expect(result.rule).toContain(`以行政机关签收之日${described}为收到申请之日`);
    expect(result.rule).toContain('运单号EMS1234567890CN，签收人李四');
  });

  it('should be the day signed for even during a holiday', () => {
    const result = sut({ channel: CaseChannel.LETTER_REGISTERED, waybillNumber: 'SF1', signedOn: '2026-10-02', signer: '值班员' }, '2026-10-08');
    expect(result.receiptDate).toBe('2026-10-02');
    expect(result.rule).toContain('法定节假日');
  });

  it('should require the waybill number, the signer and the date', () => {
    expect(errorsOf({ channel: CaseChannel.LETTER_REGISTERED, waybillNumber: '', signedOn: '', signer: '' } as ReceiptFacts, '2026-03-09')).toEqual([
      { field: 'waybillNumber', code: 'REQUIRED' },
      { field: 'signer', code: 'REQUIRED' },
      { field: 'signedOn', code: 'INVALID_DATE' },
    ]);
  });
});

describe('receipt date of an ordinary letter (条例第三十一条第（二）项; 207号)', () => {
  const arrived = { channel: CaseChannel.LETTER_ORDINARY, arrivedOn: '2026-03-02' } as const;

  it('should be the day of confirmation, two days after arrival, and flag the late confirmation', () => {
    const result = sut({ ...arrived, confirmedOn: '2026-03-04', confirmationMethod: 'PHONE', confirmedBy: '张三' }, '2026-03-04');
    expect(result).toMatchObject({ receiptDate: '2026-03-04', submittedOn: '2026-03-02', confirmation: 'OFFICER', warnings: ['CONFIRMED_AFTER_ARRIVAL_DAY'] });
    expect(result.rule).toContain('张三于2026年3月4日（星期三）通过电话与申请人确认（未在收到当日确认）');
  });

  it('should be the day of arrival when confirmed the same day, without a warning', () => {
    expect(sut({ ...arrived, confirmedOn: '2026-03-02', confirmationMethod: 'SMS', confirmedBy: '张三' }, '2026-03-02')).toMatchObject({
      receiptDate: '2026-03-02',
      warnings: [],
    });
  });

  it('should wait for confirmation when none has been recorded', () => {
    expect(sut(arrived, '2026-03-02')).toMatchObject({ receiptDate: null, awaiting: 'CONFIRMATION' });
  });

  it('should wait for contact while the applicant cannot be reached, then start from the day contact is made', () => {
    const unreachable = sut({ ...arrived, unreachable: true }, '2026-03-05');
    expect(unreachable).toMatchObject({ receiptDate: null, awaiting: 'CONTACT' });
    expect(unreachable.rule).toContain('国办公开办函〔2015〕207号');
    const reached = sut({ ...arrived, unreachable: true, contactMadeOn: '2026-03-10' }, '2026-03-10');
    expect(reached).toMatchObject({ receiptDate: '2026-03-10', confirmation: 'CONTACT_RESTORED', warnings: [] });
  });

  it('should require how and by whom the letter was confirmed', () => {
    expect(errorsOf({ ...arrived, confirmedOn: '2026-03-02' }, '2026-03-02')).toEqual([
      { field: 'confirmedBy', code: 'REQUIRED' },
      { field: 'confirmationMethod', code: 'REQUIRED' },
    ]);
    expect(errorsOf({ ...arrived, confirmedOn: '2026-03-02', confirmedBy: '张三', confirmationMethod: 'PIGEON' as 'PHONE' }, '2026-03-02')).toEqual([
      { field: 'confirmationMethod', code: 'INVALID_ENUM' },
    ]);
  });

  it('should refuse a confirmation or contact before arrival, and an arrival in the future', () => {
    expect(errorsOf({ ...arrived, unreachable: true, contactMadeOn: '2026-03-01' }, '2026-03-05')).toEqual([
      { field: 'contactMadeOn', code: 'DATE_BEFORE_SUBMISSION' },
    ]);
    expect(errorsOf({ ...arrived, confirmedOn: '2026-03-01', confirmedBy: '张三', confirmationMethod: 'PHONE' }, '2026-03-05')).toEqual([
      { field: 'confirmedOn', code: 'DATE_BEFORE_SUBMISSION' },
    ]);
    expect(errorsOf(arrived, '2026-03-01')).toEqual([{ field: 'arrivedOn', code: 'DATE_IN_FUTURE' }]);
  });
});

describe('malformed facts', () => {
  it('should refuse an unknown channel with a field error rather than crash', () => {
    expect(errorsOf({ channel: 'pigeon' } as unknown as ReceiptFacts, '2026-03-02')).toEqual([{ field: 'channel', code: 'INVALID_ENUM' }]);
  });

  it('should refuse missing facts and dates before the 条例 took effect (outside any calendar)', () => {
    expect(errorsOf(null as unknown as ReceiptFacts, '2026-03-02')).toEqual([{ field: 'channel', code: 'REQUIRED' }]);
    expect(errorsOf({ channel: CaseChannel.WEB, submittedAt: '1999-12-31T10:00:00Z' }, '2026-03-02')).toEqual([
      { field: 'submittedAt', code: 'DATE_BEFORE_REGULATION' },
    ]);
    expect(errorsOf({ channel: CaseChannel.COUNTER, submittedOn: '0001-01-01' }, '2026-03-02')).toEqual([{ field: 'submittedOn', code: 'DATE_BEFORE_REGULATION' }]);
  });

  it('should refuse values of the wrong type with field errors', () => {
    expect(errorsOf({ channel: CaseChannel.WEB, submittedAt: 20260307 } as unknown as ReceiptFacts, '2026-03-09')).toEqual([
      { field: 'submittedAt', code: 'INVALID_DATETIME' },
    ]);
    expect(errorsOf({ channel: CaseChannel.COUNTER, submittedOn: ['2026-03-02'] } as unknown as ReceiptFacts, '2026-03-09')).toEqual([
      { field: 'submittedOn', code: 'INVALID_DATE' },
    ]);
  });
});

describe('error codes', () => {
  it('should have a Chinese message for every code the receipt rules report', () => {
    for (const code of ['REQUIRED', 'INVALID_DATE', 'INVALID_DATETIME', 'DATE_IN_FUTURE', 'DATE_BEFORE_REGULATION', 'DATE_BEFORE_SUBMISSION', 'INVALID_ENUM']) {
      expect([code, FIELD_ERROR_MESSAGES[code]]).toEqual([code, expect.stringMatching(/[\u4e00-\u9fff]/)]);
    }
  });
});

describe('receiptDateProblem: the one rule for a receipt date on every path', () => {
  it.each(['0001-01-01', '1900-01-01', '1969-12-31', '2000-02-29', '2008-04-30'])('should refuse %s (before the 条例 took effect)', (date) =>
    expect(receiptDateProblem(date, '2026-03-09')).toBe('DATE_BEFORE_REGULATION'),
  );
  it.each(['2008-05-01', '2026-03-09'])('should accept %s', (date) => expect(receiptDateProblem(date, '2026-03-09')).toBeNull());
  it('should refuse a date after today', () => expect(receiptDateProblem('2026-03-10', '2026-03-09')).toBe('DATE_IN_FUTURE'));
});
