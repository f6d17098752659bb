import type { AgencySettings } from '../../agencies/agency-settings.js';
import { CaseChannel } from '../../cases/case-channel.js';
import type { WorkdayArithmetic } from '../../deadlines/domain/workday-arithmetic.js';
import { REGULATION_IN_FORCE_FROM } from '../../../common/statutory-limits.js';
import { shanghaiDate } from '../../../common/time/shanghai-date.js';

// 收到申请之日 per channel (条例第三十一条). The receipt date is derived from recorded facts, never
// typed freely; the raw submission/arrival date is returned beside it so both can be stored: the
// raw submission time and the confirmation are separate facts, and the record shows both.

/** 确认方式 for ordinary letters (国办公开办函〔2015〕207号: the office phones the applicant on the day of arrival). */
export const CONFIRMATION_METHODS = ['PHONE', 'SMS', 'EMAIL', 'IN_PERSON', 'OTHER'] as const;
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];
export const CONFIRMATION_METHOD_LABELS: Record<ConfirmationMethod, string> = {
  PHONE: '电话',
  SMS: '短信',
  EMAIL: '电子邮件',
  IN_PERSON: '当面',
  OTHER: '其他方式',
};

export interface CounterFacts {
  channel: CaseChannel.COUNTER;
  submittedOn: string;
  /** 口头申请 written down by staff (条例第二十九条第一款, 第四十三条). */
  oral?: { recordedBy: string; applicantSigned: boolean } | null;
}

export interface FaxFacts {
  channel: CaseChannel.FAX;
  sendingNumber: string;
  /** From the fax log; without an offset it is read as Beijing time. */
  receivedAt: string;
  confirmedOn?: string | null;
}

export interface WebFacts {
  channel: CaseChannel.WEB;
  /** The server's submission instant (with Z or an offset). */
  submittedAt: string;
  /** When an officer confirmed (CONFIRM_RECEIPT). */
  confirmedOn?: string | null;
}

export interface RegisteredLetterFacts {
  channel: CaseChannel.LETTER_REGISTERED;
  waybillNumber: string;
  signedOn: string;
  signer: string;
}

export interface OrdinaryLetterFacts {
  channel: CaseChannel.LETTER_ORDINARY;
  arrivedOn: string;
  confirmedOn?: string | null;
  confirmationMethod?: ConfirmationMethod | null;
  confirmedBy?: string | null;
  /** No phone number given, or nobody answers (207号). */
  unreachable?: boolean;
  contactMadeOn?: string | null;
}

export type ReceiptFacts = CounterFacts | FaxFacts | WebFacts | RegisteredLetterFacts | OrdinaryLetterFacts;

export type ReceiptSettings = Pick<AgencySettings, 'autoConfirmWebSubmissions' | 'autoConfirmOnDaysOff'>;

export type ReceiptWarning =
  /** 条例第三十一条第（二）项: the office must confirm an ordinary letter on the day it arrives. */
  | 'CONFIRMED_AFTER_ARRIVAL_DAY'
  /** An oral application written down by staff should carry the applicant's signature. */
  | 'ORAL_APPLICATION_NOT_SIGNED';

export interface ReceiptDetermination {
  /** 收到申请之日, or null while it is not fixed yet (see `awaiting`). */
  receiptDate: string | null;
  /** Chinese explanation citing 条例第三十一条, for the case file and the officer. */
  rule: string;
  awaiting?: 'CONFIRMATION' | 'CONTACT';
  /** The date the application reached the agency (submitted, arrived, signed for, fax received), Beijing time. */
  submittedOn: string;
  /** How the receipt date was fixed. */
  confirmation?: 'ON_SUBMISSION' | 'SIGNED_FOR' | 'OFFICER' | 'AUTOMATIC' | 'CONTACT_RESTORED';
  /** Web with auto-confirmation whose confirmation day has not come yet: derive again on or after this date. */
  autoConfirmsOn?: string;
  warnings: ReceiptWarning[];
}

export interface ReceiptFieldError {
  field: string;
  /** A FIELD_ERROR_MESSAGES code: REQUIRED, INVALID_DATE, INVALID_DATETIME, DATE_IN_FUTURE, DATE_BEFORE_REGULATION, DATE_BEFORE_SUBMISSION, INVALID_ENUM. */
  code: string;
}

/** The recorded facts contradict each other or the calendar; `errors` name the offending fields. */
export class ReceiptFactsError extends Error {
  constructor(readonly errors: ReceiptFieldError[]) {
    super(`invalid receipt facts: ${errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
    this.name = 'ReceiptFactsError';
  }
}

const ARTICLE_31 = '《中华人民共和国政府信息公开条例》第三十一条';

/** The 条例 took effect on 2008-05-01: no application can have been received before it. */
export const EARLIEST_RECEIPT_DATE = REGULATION_IN_FORCE_FROM;

/**
 * The one rule for every date that can become 收到申请之日, on every registration path (channel facts, an
 * officer's override, the short form): not before the 条例 took effect (第五十六条: 自2008年5月1日起施行), not after
 * today. Returns the field error code, or null when the date may stand.
 */
export function receiptDateProblem(date: string, today: string): 'DATE_BEFORE_REGULATION' | 'DATE_IN_FUTURE' | null {
  if (date < EARLIEST_RECEIPT_DATE) return 'DATE_BEFORE_REGULATION';
  if (date > today) return 'DATE_IN_FUTURE';
  return null;
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

function isRealIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const DATETIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)?$/;

/** The Beijing-time calendar date of an ISO date-time; one without an offset is taken as Beijing time already. */
export function shanghaiDateOf(value: unknown, requireOffset: boolean): string | null {
  if (typeof value !== 'string') return null;
  const match = DATETIME.exec(value);
  if (!match || !isRealIsoDate(match[1]) || (requireOffset && !match[5])) return null;
  if (!match[5]) return match[1];
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : shanghaiDate(instant);
}

/** 2026年3月9日（星期一）, with the kind of day where it is not an ordinary one. */
function describeDate(date: string, calendar: WorkdayArithmetic): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = d.getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  let kind = '';
  try {
    const working = calendar.isWorkday(date);
    if (weekend && working) kind = '，调休工作日';
    else if (!weekend && !working) kind = '，法定节假日';
    else if (weekend) kind = '，休息日';
  } catch {
    // Outside the calendar's coverage: describe the date without its kind.
  }
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日（${WEEKDAYS[weekday]}${kind}）`;
}

class FactChecker {
  readonly errors: ReceiptFieldError[] = [];
  constructor(private readonly today: string) {}

  /** A real date not after today; null when it is missing or wrong (and recorded as an error unless optional). */
  date(field: string, value: unknown, optional = false): string | null {
    if (value === undefined || value === null) {
      if (!optional) this.errors.push({ field, code: 'REQUIRED' });
      return null;
    }
    if (!isRealIsoDate(value)) {
      this.errors.push({ field, code: 'INVALID_DATE' });
      return null;
    }
    return this.inRange(field, value);
  }

  private inRange(field: string, value: string): string | null {
    const problem = receiptDateProblem(value, this.today);
    if (problem) {
      this.errors.push({ field, code: problem });
      return null;
    }
    return value;
  }

  dateTime(field: string, value: unknown, requireOffset: boolean): string | null {
    if (value === undefined || value === null) {
      this.errors.push({ field, code: 'REQUIRED' });
      return null;
    }
    const date = shanghaiDateOf(value, requireOffset);
    if (date === null) {
      this.errors.push({ field, code: 'INVALID_DATETIME' });
      return null;
    }
    return this.inRange(field, date);
  }

  text(field: string, value: unknown): string | null {
    if (typeof value !== 'string' || value.trim() === '') {
      this.errors.push({ field, code: 'REQUIRED' });
      return null;
    }
    return value.trim();
  }

  notBefore(field: string, later: string | null, earlier: string | null): void {
    if (later !== null && earlier !== null && later < earlier) this.errors.push({ field, code: 'DATE_BEFORE_SUBMISSION' });
  }

  done(): void {
    if (this.errors.length > 0) throw new ReceiptFactsError(this.errors);
  }
}

/**
 * Derives 收到申请之日 from the facts of one channel (条例第三十一条). `today` is the current date in Asia/Shanghai:
 * no fact may lie after it. Throws ReceiptFactsError when the facts are incomplete or contradict each other.
 */
export function deriveReceiptDate(facts: ReceiptFacts, calendar: WorkdayArithmetic, settings: ReceiptSettings, today: string): ReceiptDetermination {
  if (typeof facts !== 'object' || facts === null) throw new ReceiptFactsError([{ field: 'channel', code: 'REQUIRED' }]);
  const check = new FactChecker(today);
  switch (facts.channel) {
    case CaseChannel.COUNTER:
      return counter(facts, calendar, check);
    case CaseChannel.FAX:
      return fax(facts, calendar, check);
    case CaseChannel.WEB:
      return web(facts, calendar, settings, check, today);
    case CaseChannel.LETTER_REGISTERED:
      return registeredLetter(facts, calendar, check);
    case CaseChannel.LETTER_ORDINARY:
      return ordinaryLetter(facts, calendar, check);
    default:
      throw new ReceiptFactsError([{ field: 'channel', code: 'INVALID_ENUM' }]);
  }
}

function counter(facts: CounterFacts, calendar: WorkdayArithmetic, check: FactChecker): ReceiptDetermination {
  const submittedOn = check.date('submittedOn', facts.submittedOn);
  const recordedBy = facts.oral ? check.text('oral.recordedBy', facts.oral.recordedBy) : null;
  if (facts.oral && typeof facts.oral.applicantSigned !== 'boolean') check.errors.push({ field: 'oral.applicantSigned', code: 'REQUIRED' });
  check.done();
  const day = submittedOn as string;
  const warnings: ReceiptWarning[] = [];
  let rule = `申请人当面提交，以提交之日${describeDate(day, calendar)}为收到申请之日（${ARTICLE_31}第（一）项）。`;
  if (facts.oral) {
    // 条例第二十九条第一款: a written application is the rule; an oral one is written down by the office.
    rule += `申请人口头提出申请，由${recordedBy}代为填写（条例第二十九条第一款），`;
    if (facts.oral.applicantSigned) rule += '申请人已签字确认。';
    else {
      rule += '申请人尚未签字确认。';
      warnings.push('ORAL_APPLICATION_NOT_SIGNED');
    }
  }
  return { receiptDate: day, rule, submittedOn: day, confirmation: 'ON_SUBMISSION', warnings };
}

function fax(facts: FaxFacts, calendar: WorkdayArithmetic, check: FactChecker): ReceiptDetermination {
  const sendingNumber = check.text('sendingNumber', facts.sendingNumber);
  const receivedOn = check.dateTime('receivedAt', facts.receivedAt, false);
  const confirmedOn = check.date('confirmedOn', facts.confirmedOn, true);
  check.notBefore('confirmedOn', confirmedOn, receivedOn);
  check.done();
  const received = receivedOn as string;
  const base = `通过传真提交，以双方确认之日为收到申请之日（${ARTICLE_31}第（三）项）。传真于${describeDate(received, calendar)}自${sendingNumber}收到`;
  if (!confirmedOn) {
    return { receiptDate: null, awaiting: 'CONFIRMATION', rule: `${base}，尚待工作机构与申请人确认。`, submittedOn: received, warnings: [] };
  }
  return {
    receiptDate: confirmedOn,
    rule: `${base}，于${describeDate(confirmedOn, calendar)}双方确认。`,
    submittedOn: received,
    confirmation: 'OFFICER',
    warnings: [],
  };
}

function web(facts: WebFacts, calendar: WorkdayArithmetic, settings: ReceiptSettings, check: FactChecker, today: string): ReceiptDetermination {
  const submittedOn = check.dateTime('submittedAt', facts.submittedAt, true);
  const confirmedOn = check.date('confirmedOn', facts.confirmedOn, true);
  check.notBefore('confirmedOn', confirmedOn, submittedOn);
  check.done();
  const submitted = submittedOn as string;
  const base = `通过互联网渠道提交，以双方确认之日为收到申请之日（${ARTICLE_31}第（三）项）。申请人于${describeDate(submitted, calendar)}提交`;

  // 条例第三十一条第（三）项 ("双方确认之日") does not say how the office confirms: an agency may let the system confirm at once; on a day off only if it
  // says so too, otherwise the system confirms on the next working day, as the office would.
  let autoOn: string | null = null;
  if (settings.autoConfirmWebSubmissions) {
    autoOn = settings.autoConfirmOnDaysOff || calendar.isWorkday(submitted) ? submitted : calendar.nextWorkday(submitted);
  }
  // Whichever confirmation came first is the day both parties confirmed.
  if (confirmedOn && (autoOn === null || confirmedOn < autoOn)) {
    return {
      receiptDate: confirmedOn,
      rule: `${base}，工作机构于${describeDate(confirmedOn, calendar)}确认。`,
      submittedOn: submitted,
      confirmation: 'OFFICER',
      warnings: [],
    };
  }
  if (autoOn !== null && autoOn <= today) {
    const when = autoOn === submitted ? '提交当日' : `其后第一个工作日${describeDate(autoOn, calendar)}`;
    return {
      receiptDate: autoOn,
      rule: `${base}，本机关设置网上申请自动确认，系统于${when}自动确认。`,
      submittedOn: submitted,
      confirmation: 'AUTOMATIC',
      warnings: [],
    };
  }
  if (autoOn !== null) {
    return {
      receiptDate: null,
      awaiting: 'CONFIRMATION',
      autoConfirmsOn: autoOn,
      rule: `${base}，提交日为非工作日，系统将于${describeDate(autoOn, calendar)}自动确认。`,
      submittedOn: submitted,
      warnings: [],
    };
  }
  return { receiptDate: null, awaiting: 'CONFIRMATION', rule: `${base}，尚待工作机构确认。`, submittedOn: submitted, warnings: [] };
}

function registeredLetter(facts: RegisteredLetterFacts, calendar: WorkdayArithmetic, check: FactChecker): ReceiptDetermination {
  const waybill = check.text('waybillNumber', facts.waybillNumber);
  const signer = check.text('signer', facts.signer);
  const signedOn = check.date('signedOn', facts.signedOn);
  check.done();
  const day = signedOn as string;
  return {
    receiptDate: day,
    rule: `以需要签收的邮寄方式提交，以行政机关签收之日${describeDate(day, calendar)}为收到申请之日（${ARTICLE_31}第（二）项）。运单号${waybill}，签收人${signer}。`,
    submittedOn: day,
    confirmation: 'SIGNED_FOR',
    warnings: [],
  };
}

function ordinaryLetter(facts: OrdinaryLetterFacts, calendar: WorkdayArithmetic, check: FactChecker): ReceiptDetermination {
  const arrivedOn = check.date('arrivedOn', facts.arrivedOn);
  const confirmedOn = check.date('confirmedOn', facts.confirmedOn, true);
  const contactMadeOn = check.date('contactMadeOn', facts.contactMadeOn, true);
  let confirmedBy: string | null = null;
  if (confirmedOn) {
    // The evidence of a confirmation is its method, time and person: who confirmed, how and when.
    confirmedBy = check.text('confirmedBy', facts.confirmedBy);
    if (!facts.confirmationMethod) check.errors.push({ field: 'confirmationMethod', code: 'REQUIRED' });
    else if (!CONFIRMATION_METHODS.includes(facts.confirmationMethod)) check.errors.push({ field: 'confirmationMethod', code: 'INVALID_ENUM' });
  }
  check.notBefore('confirmedOn', confirmedOn, arrivedOn);
  check.notBefore('contactMadeOn', contactMadeOn, arrivedOn);
  check.notBefore('confirmedOn', confirmedOn, contactMadeOn);
  check.done();
  const arrived = arrivedOn as string;
  const base = `以平常信函等无需签收的方式邮寄，工作机构应当于收到申请的当日与申请人确认，以确认之日为收到申请之日（${ARTICLE_31}第（二）项）。信件于${describeDate(arrived, calendar)}收到`;

  if (confirmedOn) {
    const method = CONFIRMATION_METHOD_LABELS[facts.confirmationMethod as ConfirmationMethod];
    const warnings: ReceiptWarning[] = [];
    let rule = `${base}，${confirmedBy}于${describeDate(confirmedOn, calendar)}通过${method}与申请人确认`;
    if (contactMadeOn) rule += `（此前无法联系申请人，${describeDate(contactMadeOn, calendar)}恢复联络）`;
    else if (confirmedOn > arrived) {
      rule += '（未在收到当日确认）';
      warnings.push('CONFIRMED_AFTER_ARRIVAL_DAY');
    }
    return { receiptDate: confirmedOn, rule: `${rule}。`, submittedOn: arrived, confirmation: 'OFFICER', warnings };
  }
  if (facts.unreachable) {
    // 国办公开办函〔2015〕207号: no phone number, or it cannot be reached → register it, and start the
    // procedure and the clock from the day contact with the applicant is restored.
    const rule207 = '申请人未提供联系电话或无法联系，自恢复与申请人联络之日起算（国办公开办函〔2015〕207号）';
    if (contactMadeOn) {
      return {
        receiptDate: contactMadeOn,
        rule: `${base}；${rule207}，于${describeDate(contactMadeOn, calendar)}恢复联络。`,
        submittedOn: arrived,
        confirmation: 'CONTACT_RESTORED',
        warnings: [],
      };
    }
    return { receiptDate: null, awaiting: 'CONTACT', rule: `${base}；${rule207}，目前尚未联系上申请人。`, submittedOn: arrived, warnings: [] };
  }
  return { receiptDate: null, awaiting: 'CONFIRMATION', rule: `${base}，尚待与申请人确认。`, submittedOn: arrived, warnings: [] };
}

/**
 * The receipt basis once CONFIRM_RECEIPT has fixed the date (条例第三十一条): derived again from the channel
 * evidence stored at intake with the confirmation added, so the case no longer says it awaits confirmation. When
 * the evidence cannot yield that date (e.g. an ordinary letter confirmed without method and person recorded, or an
 * agency's automatic confirmation that would fall earlier), the pending tail of the earlier basis is replaced by
 * the confirmation itself.
 */
export function confirmedReceiptBasis(
  previousRule: string,
  storedFacts: Record<string, unknown>,
  receiptDate: string,
  by: 'OFFICER' | 'AUTOMATIC',
  calendar: WorkdayArithmetic,
  settings: ReceiptSettings,
  today: string,
): { rule: string; confirmation: 'OFFICER' | 'AUTOMATIC' } {
  try {
    const derived = deriveReceiptDate({ ...storedFacts, confirmedOn: receiptDate } as unknown as ReceiptFacts, calendar, settings, today);
    if (derived.receiptDate === receiptDate && derived.confirmation === by) return { rule: derived.rule, confirmation: by };
  } catch (e) {
    if (!(e instanceof ReceiptFactsError)) throw e;
  }
  const who = by === 'AUTOMATIC' ? '系统' : '工作机构';
  const head = previousRule.replace(/[，；][^，；]*(尚待|将于|尚未联系上)[^，；]*。$/u, '').replace(/。$/u, '');
  return { rule: `${head}，${who}于${describeDate(receiptDate, calendar)}确认，以确认之日为收到申请之日（${ARTICLE_31}）。`, confirmation: by };
}
