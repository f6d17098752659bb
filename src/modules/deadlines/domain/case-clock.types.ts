import { CORRECTION, EXTENSION, FEE_NOTICE_PAUSES_CLOCK_DEFAULT, FEE_PAYMENT_WORKDAYS, REPLY_WORKDAYS, THIRD_PARTY_WORKDAYS } from '../../../common/statutory-limits.js';
import type { WorkdayArithmetic } from './workday-arithmetic.js';

/** The workflow events that move the reply clock; every other event type leaves it alone. */
export const CLOCK_AFFECTING_EVENTS = [
  'REQUEST_CORRECTION',
  'RECEIVE_CORRECTION',
  'CORRECTION_LAPSED',
  'CONSULT_THIRD_PARTY',
  'RECEIVE_THIRD_PARTY_OPINION',
  'THIRD_PARTY_LAPSED',
  'SEND_FEE_NOTICE',
  'RECEIVE_FEE_PAYMENT',
  'FEE_LAPSED',
  'APPROVE_EXTENSION',
  'DEFER',
  'DELIVER_REPLY',
  'WITHDRAW',
  'CLOSE',
  'ARCHIVE',
] as const;

export type ClockEventType = (typeof CLOCK_AFFECTING_EVENTS)[number];

export function isClockAffecting(type: string): type is ClockEventType {
  return (CLOCK_AFFECTING_EVENTS as readonly string[]).includes(type);
}

export type ConsultedParty = 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY';

export interface ClockEventPayload {
  consultationId?: string;
  party?: ConsultedParty;
  workdays?: number;
  approvedBy?: string;
  until?: string;
  readonly [key: string]: unknown;
}

export interface ClockEvent {
  type: string;
  effectiveDate: string;
  payload?: ClockEventPayload;
}

export interface ClockSettings {
  replyWorkdays: number;
  maxExtensionWorkdays: number;
  correctionNoticeWorkdays: number;
  correctionNoticeWarnFromWorkday: number;
  correctionWindowWorkdays: number;
  thirdPartyWorkdays: number;
  feePaymentWorkdays: number;
  feeNoticePausesClock: boolean;
  warnAtRemainingWorkdays: number[];
}

export const DEFAULT_CLOCK_SETTINGS: Readonly<ClockSettings> = Object.freeze({
  replyWorkdays: REPLY_WORKDAYS,
  maxExtensionWorkdays: EXTENSION.maxWorkdays,
  correctionNoticeWorkdays: CORRECTION.noticeWorkdays,
  correctionNoticeWarnFromWorkday: CORRECTION.noticeWarnFromWorkday,
  correctionWindowWorkdays: CORRECTION.defaultWindowWorkdays, // agency setting ("合理的补正期限")
  thirdPartyWorkdays: THIRD_PARTY_WORKDAYS,
  feePaymentWorkdays: FEE_PAYMENT_WORKDAYS,
  // Agency setting. 109号 does not say whether the fee period counts; excluding it (as a correction is) is the
  // reading that never makes the office late for waiting on the applicant.
  feeNoticePausesClock: FEE_NOTICE_PAUSES_CLOCK_DEFAULT,
  warnAtRemainingWorkdays: [5, 2], // reminders to the office, not a statutory period
});

export interface ClockInput {
  /** 收到申请之日 (条例第三十一条), fixed at intake */
  receiptDate: string;
  /** In the order recorded; applied by effectiveDate, ties keep that order. */
  events: readonly ClockEvent[];
  /** Today in Asia/Shanghai, injected. */
  today: string;
  settings?: Partial<ClockSettings>;
}

export type ClockCalendar = WorkdayArithmetic & { isProvisional(date: string): boolean };

export type ClockState = 'running' | 'paused' | 'deferred' | 'stopped' | 'overdue';
export type PauseReason = 'CORRECTION' | 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY' | 'FEE';

export interface ClockPause {
  reason: PauseReason;
  from: string;
  to: string | null;
  /**
   * Working days in (from, to] (to today while open) that this pause kept out of the
   * current period; 0 when it began after the period had run out or before a correction
   * restarted it. For CORRECTION: the working days spent waiting for the correction.
   */
  excludedWorkdays: number;
  consultationId?: string;
}

export interface ClockExtension {
  workdays: number;
  approvedBy?: string;
  approvedOn: string;
}

export type ClockWarningCode =
  | 'CORRECTION_NOTICE_DUE'
  | `REPLY_DUE_IN_${number}`
  | 'THIRD_PARTY_ENDING'
  | 'FEE_DEADLINE_ENDING'
  | 'OVERDUE';

export interface ClockWarning {
  code: ClockWarningCode;
  date: string;
}

/** Which deadline a {@link ClockDeadline} is. */
export type ClockDeadlineKind =
  | 'CORRECTION_NOTICE' // 条例第三十条: the office tells the applicant what to correct within 7 working days of receipt
  | 'CORRECTION_WINDOW' // 条例第三十条: the applicant's reasonable period to correct
  | 'THIRD_PARTY' // 条例第三十二、三十四条: the consulted party's 15 working days
  | 'FEE_PAYMENT' // 国办函〔2020〕109号: the applicant's payment period
  | 'EXTENSION' // 条例第三十三条第二款: an extension must be approved on or before the due date it extends
  | 'REPLY'; // 条例第三十三条: the reply due date (statutory, extended or deferred)

/**
 * A deadline the case had, kept once it has passed or been dealt with: evidence that the office (or the
 * applicant, or the consulted party) acted in time. Settled when `metOn` (acted on or before `date`) or
 * `missed: true` (acted after it, lapsed, or the date passed without the act) is set; `settledOn` is the day
 * that was decided.
 */
export interface ClockDeadline {
  kind: ClockDeadlineKind;
  date: string;
  /** The statute that sets it. */
  rule: string;
  consultationId?: string;
  metOn?: string;
  missed?: true;
  settledOn?: string;
}

export interface ExplanationLine {
  code: string;
  /** Simplified Chinese, shown to officers and usable in notices */
  text: string;
  rule?: string;
  from?: string;
  to?: string;
  workdays?: number;
}

export interface CaseClock {
  state: ClockState;
  /** The day after which the current period counts: receipt, or receipt of the correction */
  baseDate: string;
  dueDate: string | null;
  totalWorkdays: number;
  workdaysUsed: number;
  /** Deferred: working days from today to the deferred date. */
  workdaysRemaining: number;
  pauses: ClockPause[];
  extension: ClockExtension | null;
  deferredUntil?: string;
  correctionNoticeDeadline?: string;
  correctionWindowEnds?: string;
  thirdPartyDeadline?: string;
  feeDeadline?: string;
  stoppedOn?: string;
  late?: boolean;
  /** dueDate or a reported deadline depends on a year without an announced arrangement */
  provisional: boolean;
  provisionalYears: number[];
  warnings: ClockWarning[];
  /** Every deadline the case ever had, in date order, settled or not. */
  deadlines: ClockDeadline[];
  explanation: ExplanationLine[];
}

export type ClockRuleCode =
  | 'INVALID_DATE'
  | 'INVALID_PAYLOAD'
  | 'INVALID_SETTINGS'
  | 'EVENT_BEFORE_RECEIPT'
  | 'EVENT_IN_FUTURE'
  | 'CLOCK_STOPPED'
  | 'CORRECTION_ALREADY_REQUESTED'
  | 'NO_CORRECTION_PENDING'
  | 'CORRECTION_PERIOD_NOT_OVER'
  | 'FEE_PERIOD_NOT_OVER'
  | 'CORRECTION_PENDING'
  | 'CONSULTATION_ID_IN_USE'
  | 'UNKNOWN_CONSULTATION'
  | 'THIRD_PARTY_PERIOD_NOT_OVER'
  | 'FEE_NOTICE_ALREADY_OPEN'
  | 'NO_FEE_NOTICE_PENDING'
  | 'EXTENSION_ALREADY_USED'
  | 'EXTENSION_AFTER_DUE_DATE'
  | 'EXTENSION_TOO_LONG'
  | 'EXTENSION_AFTER_DEFERRAL'
  | 'DEFERRAL_NOT_AFTER_DUE_DATE';

export class ClockRuleError extends Error {
  override readonly name = 'ClockRuleError';

  constructor(
    readonly code: ClockRuleCode,
    message: string,
    readonly event?: ClockEvent,
  ) {
    super(message);
  }
}
