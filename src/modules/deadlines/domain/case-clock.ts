import {
  ClockRuleError,
  DEFAULT_CLOCK_SETTINGS,
  isClockAffecting,
  type CaseClock,
  type ClockCalendar,
  type ClockDeadline,
  type ClockEvent,
  type ClockEventType,
  type ClockExtension,
  type ClockInput,
  type ClockPause,
  type ClockSettings,
  type ClockState,
  type ClockWarning,
  type ConsultedParty,
  type ExplanationLine,
} from './case-clock.types.js';
import { correctionAllowed, EXTENSION, extensionAllowed } from '../../../common/statutory-limits.js';
import { explain, RULES } from './clock-explanation.js';
import { addDays, isIsoDate, yearOf } from './day-number.js';
import { countedWorkdays, overlapping, walkPeriod, type ExcludedInterval, type PeriodWalk } from './period-walk.js';

export * from './case-clock.types.js';

// The statutory reply clock (条例第三十条至第三十五条; counting conventions in README.md beside this file) as a
// fold over the case's events in effective-date order: each event is checked and applied against the
// then-current state, then the final state is projected into a CaseClock with its explanation.

interface ExcludingPause {
  reason: 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY' | 'FEE';
  consultationId?: string;
  from: string;
  to: string | null;
  deadline: string;
  /** false when it began after the period had already run out (or during a deferral) */
  effective: boolean;
  /** How and when it ended: the answer (or payment), the lapse, or the case stopping; the actual day, not clamped. */
  ended?: { by: 'ACT' | 'LAPSE' | 'STOP'; on: string };
}

interface FeeNotice {
  noticeOn: string;
  deadline: string;
  endedOn: string | null;
  lapsed: boolean;
}

interface Ledger {
  base: string;
  total: number;
  correction: { requestedOn: string; windowEnds: string; endedOn: string | null; lapsed: boolean } | null;
  pauses: ExcludingPause[];
  /** The latest fee notice; every notice the case had is in `feeNotices`. */
  fee: FeeNotice | null;
  feeNotices: FeeNotice[];
  extension: ClockExtension | null;
  /** The due date the extension extended (null when approved while paused). */
  extendedDueDate: string | null;
  deferral: { until: string; decidedOn: string } | null;
  stop: { on: string; late?: boolean } | null;
  lines: ExplanationLine[];
}

interface Context {
  readonly receiptDate: string;
  readonly settings: ClockSettings;
  readonly calendar: ClockCalendar;
  readonly ledger: Ledger;
}

type Handler = (ctx: Context, event: ClockEvent) => void;

export function computeClock(input: ClockInput, calendar: ClockCalendar): CaseClock {
  const settings = resolveSettings(input.settings);
  assertDate(input.receiptDate, 'receiptDate');
  assertDate(input.today, 'today');
  const ctx: Context = {
    receiptDate: input.receiptDate,
    settings,
    calendar,
    ledger: {
      base: input.receiptDate,
      total: settings.replyWorkdays,
      correction: null,
      pauses: [],
      fee: null,
      feeNotices: [],
      extension: null,
      extendedDueDate: null,
      deferral: null,
      stop: null,
      lines: [],
    },
  };
  for (const event of inEffectiveOrder(input.events)) applyEvent(ctx, event);
  return project(ctx, input.today);
}

/**
 * For the workflow layer before it accepts an event: throws the ClockRuleError the event
 * would cause, otherwise returns the clock with the event applied.
 */
export function validateClockEvent(input: ClockInput, event: ClockEvent, calendar: ClockCalendar): CaseClock {
  assertDate(event.effectiveDate, 'effectiveDate', event);
  if (event.effectiveDate > input.today) {
    throw new ClockRuleError('EVENT_IN_FUTURE', `Effective date ${event.effectiveDate} is after today (${input.today})`, event);
  }
  return computeClock({ ...input, events: [...input.events, event] }, calendar);
}

function resolveSettings(overrides: Partial<ClockSettings> = {}): ClockSettings {
  const settings = { ...DEFAULT_CLOCK_SETTINGS, ...overrides };
  const counts = [
    settings.replyWorkdays,
    settings.maxExtensionWorkdays,
    settings.correctionNoticeWorkdays,
    settings.correctionNoticeWarnFromWorkday,
    settings.correctionWindowWorkdays,
    settings.thirdPartyWorkdays,
    settings.feePaymentWorkdays,
    ...settings.warnAtRemainingWorkdays,
  ];
  if (!counts.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new ClockRuleError('INVALID_SETTINGS', 'Clock settings must be whole numbers of working days >= 1');
  }
  return settings;
}

function assertDate(value: string, field: string, event?: ClockEvent): void {
  if (!isIsoDate(value)) throw new ClockRuleError('INVALID_DATE', `${field} is not a YYYY-MM-DD date: "${value}"`, event);
}

function inEffectiveOrder(events: readonly ClockEvent[]): ClockEvent[] {
  // Array.prototype.sort is stable: same-day events keep the order they were recorded in.
  return [...events].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
}

// Once a reply is delivered the case is still closed and archived; those don't restart anything.
const IGNORED_AFTER_STOP: ReadonlySet<string> = new Set(['CLOSE', 'ARCHIVE']);

function applyEvent(ctx: Context, event: ClockEvent): void {
  if (event.type === 'REFER_TO_LEGAL' && isIsoDate(event.effectiveDate)) {
    // Legal co-review (会商) does not stop the clock: no provision of the 条例 excludes it from the period.
    ctx.ledger.lines.push(explain.legalReviewNotPaused(event.effectiveDate));
    return;
  }
  if (!isClockAffecting(event.type)) return;
  assertDate(event.effectiveDate, 'effectiveDate', event);
  if (event.effectiveDate < ctx.receiptDate) {
    throw new ClockRuleError('EVENT_BEFORE_RECEIPT', `${event.type} on ${event.effectiveDate} is before the receipt date ${ctx.receiptDate}`, event);
  }
  if (ctx.ledger.stop) {
    if (IGNORED_AFTER_STOP.has(event.type)) return;
    throw new ClockRuleError('CLOCK_STOPPED', `${event.type} after the clock stopped on ${ctx.ledger.stop.on}`, event);
  }
  HANDLERS[event.type](ctx, event);
}

const HANDLERS: Record<ClockEventType, Handler> = {
  REQUEST_CORRECTION: requestCorrection,
  RECEIVE_CORRECTION: receiveCorrection,
  CORRECTION_LAPSED: (ctx, event) => {
    // 条例第三十条: the applicant has the whole of the window's last day; a lapse takes effect the day after at
    // the earliest.
    const correction = ctx.ledger.correction;
    if (correction && correction.endedOn === null && event.effectiveDate <= correction.windowEnds) {
      throw new ClockRuleError('CORRECTION_PERIOD_NOT_OVER', `The applicant has until ${correction.windowEnds} to correct the application`, event);
    }
    endCorrection(ctx, event, true);
    ctx.ledger.lines.push(explain.correctionLapsed(event.effectiveDate));
    stopClock(ctx, event);
  },
  CONSULT_THIRD_PARTY: startConsultation,
  RECEIVE_THIRD_PARTY_OPINION: (ctx, event) => endConsultation(ctx, event, false),
  THIRD_PARTY_LAPSED: (ctx, event) => endConsultation(ctx, event, true),
  SEND_FEE_NOTICE: sendFeeNotice,
  RECEIVE_FEE_PAYMENT: receiveFeePayment,
  FEE_LAPSED: (ctx, event) => {
    // 国办函〔2020〕109号: the applicant has the whole of the payment period's last day.
    const fee = ctx.ledger.fee;
    if (fee && fee.endedOn === null && event.effectiveDate <= fee.deadline) {
      throw new ClockRuleError('FEE_PERIOD_NOT_OVER', `The applicant has until ${fee.deadline} to pay`, event);
    }
    endFee(ctx, event).fee.lapsed = true;
    ctx.ledger.lines.push(explain.feeLapsed(event.effectiveDate));
    stopClock(ctx, event);
  },
  APPROVE_EXTENSION: approveExtension,
  DEFER: defer,
  DELIVER_REPLY: stopClock,
  WITHDRAW: stopClock,
  CLOSE: stopClock,
  ARCHIVE: stopClock,
};

// --- correction (补正, 条例第三十条) ---------------------------------------------------

function correctionPending(ledger: Ledger): boolean {
  return ledger.correction !== null && ledger.correction.endedOn === null;
}

/** Waiting for, or abandoned at, the correction: no reply period is running. */
function withoutPeriod(ledger: Ledger): boolean {
  return correctionPending(ledger) || ledger.correction?.lapsed === true;
}

function correctionNoticeDeadline(ctx: Context): string {
  return ctx.calendar.addWorkdays(ctx.receiptDate, ctx.settings.correctionNoticeWorkdays);
}

function requestCorrection(ctx: Context, event: ClockEvent): void {
  const { ledger, settings, calendar } = ctx;
  // 条例第三十条: "一次性告知" — one correction notice per application.
  if (!correctionAllowed(ledger.correction ? 1 : 0)) {
    throw new ClockRuleError('CORRECTION_ALREADY_REQUESTED', `A correction was already requested on ${ledger.correction?.requestedOn}`, event);
  }
  const on = event.effectiveDate;
  const windowEnds = calendar.addWorkdays(on, settings.correctionWindowWorkdays);
  ledger.correction = { requestedOn: on, windowEnds, endedOn: null, lapsed: false };
  ledger.lines.push(explain.correctionRequested(on, windowEnds, settings.correctionWindowWorkdays));
  const deadline = correctionNoticeDeadline(ctx);
  // 条例第三十条 says nothing of a late notice; the period still restarts, but the record says it was late.
  if (on > deadline) ledger.lines.push(explain.correctionNoticeLate(on, deadline));
}

function endCorrection(ctx: Context, event: ClockEvent, lapsed: boolean): { requestedOn: string } {
  const correction = ctx.ledger.correction;
  if (!correction || correction.endedOn !== null) {
    throw new ClockRuleError('NO_CORRECTION_PENDING', `${event.type} without a pending correction request`, event);
  }
  correction.endedOn = event.effectiveDate;
  correction.lapsed = lapsed;
  return correction;
}

function receiveCorrection(ctx: Context, event: ClockEvent): void {
  const { requestedOn } = endCorrection(ctx, event, false);
  const { ledger, settings } = ctx;
  // 条例第三十条: "答复期限自行政机关收到补正的申请之日起计算" — a fresh period, not the remainder.
  const extensionDropped = ledger.extension !== null;
  ledger.base = event.effectiveDate;
  ledger.total = settings.replyWorkdays;
  ledger.deferral = null;
  ledger.lines.push(explain.correctionReceived(requestedOn, event.effectiveDate, settings.replyWorkdays, extensionDropped));
}

function rejectDuringCorrection(ctx: Context, event: ClockEvent): void {
  if (correctionPending(ctx.ledger)) {
    throw new ClockRuleError('CORRECTION_PENDING', `${event.type} while waiting for the applicant's correction`, event);
  }
}

// --- excluded time: consultations (条例第三十二、三十三、三十四条) and fee (109号) ---------

function excludedIntervals(ledger: Ledger): ExcludedInterval[] {
  return ledger.pauses.map((p) => ({ from: p.from, to: p.to }));
}

function statutoryWalk(ctx: Context): PeriodWalk {
  return walkPeriod(ctx.calendar, ctx.ledger.base, ctx.ledger.total, excludedIntervals(ctx.ledger));
}

/** The due date as it stands now; null while waiting (correction or an open pause). */
function currentDue(ctx: Context): string | null {
  if (withoutPeriod(ctx.ledger)) return null;
  if (ctx.ledger.deferral) return ctx.ledger.deferral.until;
  return statutoryWalk(ctx).due;
}

function startPause(ctx: Context, pause: Omit<ExcludingPause, 'effective'>): void {
  const { ledger } = ctx;
  const due = currentDue(ctx);
  // A stretch that starts when the period has already run out (due <= from) cannot
  // extend it: the day the letter goes out counts, so nothing was left to suspend.
  let effective = true;
  if (ledger.deferral) {
    effective = false;
    ledger.lines.push(explain.pauseDuringDeferral(pause.from, ledger.deferral.until));
  } else if (due !== null && due <= pause.from) {
    effective = false;
    ledger.lines.push(explain.pauseAfterPeriodEnded(pause.from, due));
  }
  ledger.pauses.push({ ...pause, effective });
}

function excludedWorkdaysOf(ctx: Context, pause: ExcludingPause, until: string): number {
  if (!pause.effective) return 0;
  const from = pause.from < ctx.ledger.base ? ctx.ledger.base : pause.from;
  return ctx.calendar.workdaysBetween(from, pause.to ?? until);
}

function startConsultation(ctx: Context, event: ClockEvent): void {
  rejectDuringCorrection(ctx, event);
  const id = consultationIdOf(event);
  const party: ConsultedParty = event.payload?.party ?? 'THIRD_PARTY';
  if (party !== 'THIRD_PARTY' && party !== 'CO_PRODUCING_AGENCY') {
    throw new ClockRuleError('INVALID_PAYLOAD', `Unknown consulted party "${String(party)}"`, event);
  }
  if (ctx.ledger.pauses.some((p) => p.consultationId === id)) {
    throw new ClockRuleError('CONSULTATION_ID_IN_USE', `Consultation ${id} was already started`, event);
  }
  const from = event.effectiveDate;
  // 条例第三十二条/第三十四条: the consulted party answers within 15 working days.
  const deadline = ctx.calendar.addWorkdays(from, ctx.settings.thirdPartyWorkdays);
  ctx.ledger.lines.push(explain.consultationSent(party, id, from, deadline, ctx.settings.thirdPartyWorkdays));
  startPause(ctx, { reason: party, consultationId: id, from, to: null, deadline });
}

function endConsultation(ctx: Context, event: ClockEvent, lapsed: boolean): void {
  const id = consultationIdOf(event);
  const pause = ctx.ledger.pauses.find((p) => p.consultationId === id && p.to === null);
  if (!pause || pause.reason === 'FEE') {
    throw new ClockRuleError('UNKNOWN_CONSULTATION', `No open consultation ${id}`, event);
  }
  // 条例第三十二条、第三十三条第三款: the excluded stretch ends when the opinion arrives or when the party's 15 working days
  // run out, whichever is first — recording a lapse late, or receiving a late opinion, excludes no more.
  if (lapsed && event.effectiveDate < pause.deadline) {
    throw new ClockRuleError('THIRD_PARTY_PERIOD_NOT_OVER', `The consulted party has until ${pause.deadline} to answer`, event);
  }
  pause.to = event.effectiveDate < pause.deadline ? event.effectiveDate : pause.deadline;
  pause.ended = { by: lapsed ? 'LAPSE' : 'ACT', on: event.effectiveDate };
  const excluded = excludedWorkdaysOf(ctx, pause, pause.to);
  ctx.ledger.lines.push(explain.consultationEnded(pause.reason, id, pause.from, pause.to, excluded, lapsed));
  if (!lapsed && event.effectiveDate > pause.deadline) ctx.ledger.lines.push(explain.lateOpinion(id, event.effectiveDate, pause.deadline));
}

function consultationIdOf(event: ClockEvent): string {
  const id = event.payload?.consultationId;
  if (typeof id !== 'string' || id.length === 0) {
    throw new ClockRuleError('INVALID_PAYLOAD', `${event.type} needs payload.consultationId`, event);
  }
  return id;
}

function sendFeeNotice(ctx: Context, event: ClockEvent): void {
  rejectDuringCorrection(ctx, event);
  const { ledger, settings } = ctx;
  if (ledger.fee && ledger.fee.endedOn === null) {
    throw new ClockRuleError('FEE_NOTICE_ALREADY_OPEN', `A fee notice sent on ${ledger.fee.noticeOn} is still unpaid`, event);
  }
  const on = event.effectiveDate;
  const deadline = ctx.calendar.addWorkdays(on, settings.feePaymentWorkdays);
  ledger.fee = { noticeOn: on, deadline, endedOn: null, lapsed: false };
  ledger.feeNotices.push(ledger.fee);
  ledger.lines.push(explain.feeNoticeSent(on, deadline, settings.feePaymentWorkdays, settings.feeNoticePausesClock));
  // 国办函〔2020〕109号: (F, P] excluded like a consultation, as an agency setting (default on).
  if (settings.feeNoticePausesClock) startPause(ctx, { reason: 'FEE', from: on, to: null, deadline });
}

function endFee(ctx: Context, event: ClockEvent): { fee: FeeNotice; pause: ExcludingPause | undefined } {
  const fee = ctx.ledger.fee;
  if (!fee || fee.endedOn !== null) {
    throw new ClockRuleError('NO_FEE_NOTICE_PENDING', `${event.type} without an unpaid fee notice`, event);
  }
  fee.endedOn = event.effectiveDate;
  const pause = ctx.ledger.pauses.find((p) => p.reason === 'FEE' && p.to === null);
  if (pause) {
    pause.to = event.effectiveDate;
    pause.ended = { by: event.type === 'FEE_LAPSED' ? 'LAPSE' : 'ACT', on: event.effectiveDate };
  }
  return { fee, pause };
}

function receiveFeePayment(ctx: Context, event: ClockEvent): void {
  const noticeOn = ctx.ledger.fee?.noticeOn ?? event.effectiveDate;
  const { pause } = endFee(ctx, event);
  const excluded = pause ? excludedWorkdaysOf(ctx, pause, event.effectiveDate) : null;
  ctx.ledger.lines.push(explain.feePaid(noticeOn, event.effectiveDate, excluded));
}

// --- extension (延期, 条例第三十三条第二款) and deferral (条例第三十五条) -------------------

function approveExtension(ctx: Context, event: ClockEvent): void {
  const { ledger, settings } = ctx;
  if (!extensionAllowed(ledger.extension ? 1 : 0)) {
    throw new ClockRuleError('EXTENSION_ALREADY_USED', `The reply period was already extended on ${ledger.extension?.approvedOn}`, event);
  }
  rejectDuringCorrection(ctx, event);
  if (ledger.deferral) {
    throw new ClockRuleError('EXTENSION_AFTER_DEFERRAL', `The reply date was already set to ${ledger.deferral.until} under 条例第三十五条`, event);
  }
  const workdays = event.payload?.workdays ?? Math.min(EXTENSION.defaultWorkdays, settings.maxExtensionWorkdays);
  if (typeof workdays !== 'number' || !Number.isInteger(workdays) || workdays < EXTENSION.minWorkdays) {
    throw new ClockRuleError('INVALID_PAYLOAD', `Extension workdays must be a whole number >= 1, got ${String(workdays)}`, event);
  }
  if (workdays > settings.maxExtensionWorkdays) {
    throw new ClockRuleError('EXTENSION_TOO_LONG', `An extension may not exceed ${settings.maxExtensionWorkdays} working days`, event);
  }
  const dueBefore = currentDue(ctx);
  // 条例第三十三条第二款: approved on or before the current due date. While paused there is no
  // due date yet, so the extension is simply added to the period.
  if (dueBefore !== null && event.effectiveDate > dueBefore) {
    throw new ClockRuleError('EXTENSION_AFTER_DUE_DATE', `Extension on ${event.effectiveDate} is after the due date ${dueBefore}`, event);
  }
  const approvedBy = event.payload?.approvedBy;
  ledger.extension = { workdays, approvedOn: event.effectiveDate, ...(approvedBy ? { approvedBy } : {}) };
  ledger.extendedDueDate = dueBefore;
  ledger.total += workdays;
  ledger.lines.push(explain.extension(event.effectiveDate, workdays, approvedBy, dueBefore, currentDue(ctx), ledger.total));
}

function defer(ctx: Context, event: ClockEvent): void {
  rejectDuringCorrection(ctx, event);
  const until = event.payload?.until;
  if (typeof until !== 'string' || !isIsoDate(until)) {
    throw new ClockRuleError('INVALID_PAYLOAD', 'DEFER needs payload.until as YYYY-MM-DD', event);
  }
  // 条例第三十五条: a *later* reasonable date than the statutory one.
  const dueBefore = currentDue(ctx);
  const floor = dueBefore !== null && dueBefore > event.effectiveDate ? dueBefore : event.effectiveDate;
  if (until <= floor) {
    throw new ClockRuleError('DEFERRAL_NOT_AFTER_DUE_DATE', `Deferred date ${until} must be after ${floor}`, event);
  }
  ctx.ledger.deferral = { until, decidedOn: event.effectiveDate };
  ctx.ledger.lines.push(explain.deferral(event.effectiveDate, until));
}

// --- stop ----------------------------------------------------------------------------

function stopClock(ctx: Context, event: ClockEvent): void {
  const { ledger } = ctx;
  const on = event.effectiveDate;
  // Replying or closing ends any consultation still open; its stretch ends that day.
  for (const pause of ledger.pauses.filter((p) => p.to === null)) {
    pause.to = on;
    pause.ended = { by: 'STOP', on };
    ledger.lines.push(explain.pauseClosedByStop(pause.from, on));
  }
  const due = currentDue(ctx);
  ledger.stop = { on };
  // 条例第三十三条: only a delivered reply is judged on time or late.
  if (event.type === 'DELIVER_REPLY') ledger.stop.late = due !== null && on > due;
  if (event.type === 'DELIVER_REPLY' || event.type === 'WITHDRAW' || event.type === 'CLOSE' || event.type === 'ARCHIVE') {
    ledger.lines.push(explain.stopped(event.type, on, due));
  }
}

// --- projection ------------------------------------------------------------------------

function project(ctx: Context, today: string): CaseClock {
  const { ledger, settings, calendar } = ctx;
  const limit = ledger.stop?.on ?? today;
  const noPeriod = withoutPeriod(ledger);
  const walk = noPeriod ? null : statutoryWalk(ctx);
  const dueDate = noPeriod ? null : (ledger.deferral?.until ?? walk?.due ?? null);
  const state = stateOf(ledger, walk, dueDate, today);

  const totalWorkdays = noPeriod ? settings.replyWorkdays : ledger.total;
  const workdaysUsed = noPeriod
    ? 0
    : Math.min(totalWorkdays, countedWorkdays(calendar, ledger.base, limit, excludedIntervals(ledger)));
  const workdaysRemaining =
    ledger.deferral && dueDate ? calendar.workdaysBetween(limit, dueDate) : totalWorkdays - workdaysUsed;

  const openConsultations = ledger.pauses.filter((p) => p.to === null && p.reason !== 'FEE');
  const openFee = ledger.fee && ledger.fee.endedOn === null && !ledger.stop ? ledger.fee : null;
  const deadlines = {
    ...(ledger.correction ? {} : { correctionNoticeDeadline: correctionNoticeDeadline(ctx) }),
    ...(noPeriod && ledger.correction ? { correctionWindowEnds: ledger.correction.windowEnds } : {}),
    ...(openConsultations.length > 0
      ? { thirdPartyDeadline: openConsultations.map((p) => p.deadline).sort()[0] }
      : {}),
    ...(openFee ? { feeDeadline: openFee.deadline } : {}),
  };

  const warnings = warningsOf(ctx, state, walk, dueDate, openConsultations, openFee?.deadline);
  const provisionalYears = provisionalYearsOf(ctx, [dueDate, ...Object.values(deadlines)]);

  return {
    state,
    baseDate: ledger.base,
    dueDate,
    totalWorkdays,
    workdaysUsed,
    workdaysRemaining,
    pauses: pausesOf(ctx, limit),
    extension: ledger.extension,
    ...(ledger.deferral ? { deferredUntil: ledger.deferral.until } : {}),
    ...deadlines,
    ...(ledger.stop ? { stoppedOn: ledger.stop.on } : {}),
    ...(ledger.stop?.late !== undefined ? { late: ledger.stop.late } : {}),
    provisional: provisionalYears.length > 0,
    provisionalYears,
    warnings,
    deadlines: deadlinesOf(ctx, dueDate, today),
    explanation: explanationOf(ctx, walk, state, dueDate, today, workdaysUsed, provisionalYears),
  };
}

/**
 * Every deadline the case had (rules of 条例第三十条、第三十二至三十五条 and 109号), each settled as met or missed
 * once the act came, the lapse was recorded or the date passed without it. A deadline made moot (the case
 * stopped before it came, a correction notice that was never needed) stays unsettled.
 */
function deadlinesOf(ctx: Context, dueDate: string | null, today: string): ClockDeadline[] {
  const { ledger } = ctx;
  const limit = ledger.stop?.on ?? today;
  const deadlines: ClockDeadline[] = [];
  // Acted on `on` (null: not yet); a lapse or a late act misses; no act by `limit` after the date misses too.
  const settle = (d: ClockDeadline, on: string | null, lapsed = false): ClockDeadline => {
    if (on !== null && !lapsed) return on <= d.date ? { ...d, metOn: on, settledOn: on } : { ...d, missed: true, settledOn: on };
    if (lapsed && on !== null) return { ...d, missed: true, settledOn: on };
    return limit > d.date ? { ...d, missed: true, settledOn: addDays(d.date, 1) } : d;
  };
  const noticeDeadline: ClockDeadline = { kind: 'CORRECTION_NOTICE', date: correctionNoticeDeadline(ctx), rule: RULES.correction };
  // 条例第三十条: the notice is only owed if the application needs correcting, so without one it stays open.
  deadlines.push(ledger.correction ? settle(noticeDeadline, ledger.correction.requestedOn) : noticeDeadline);
  if (ledger.correction) {
    const { windowEnds, endedOn, lapsed } = ledger.correction;
    deadlines.push(settle({ kind: 'CORRECTION_WINDOW', date: windowEnds, rule: RULES.correction }, endedOn, lapsed));
  }
  for (const p of ledger.pauses) {
    if (p.reason === 'FEE') continue;
    const d: ClockDeadline = { kind: 'THIRD_PARTY', date: p.deadline, rule: RULES[p.reason], ...(p.consultationId ? { consultationId: p.consultationId } : {}) };
    if (p.ended?.by === 'STOP' && p.ended.on <= p.deadline) deadlines.push(d);
    else deadlines.push(settle(d, p.ended && p.ended.by !== 'STOP' ? p.ended.on : null, p.ended?.by === 'LAPSE'));
  }
  for (const fee of ledger.feeNotices) {
    const d: ClockDeadline = { kind: 'FEE_PAYMENT', date: fee.deadline, rule: RULES.fee };
    deadlines.push(fee.endedOn === null && ledger.stop && ledger.stop.on <= fee.deadline ? d : settle(d, fee.endedOn, fee.lapsed));
  }
  if (ledger.extension && ledger.extendedDueDate) {
    deadlines.push(settle({ kind: 'EXTENSION', date: ledger.extendedDueDate, rule: RULES.extension }, ledger.extension.approvedOn));
  }
  if (dueDate !== null) {
    const reply: ClockDeadline = { kind: 'REPLY', date: dueDate, rule: ledger.deferral ? RULES.deferral : RULES.replyPeriod };
    // Only a delivered reply meets it; a withdrawal or closure before the date makes it moot.
    if (ledger.stop?.late !== undefined) deadlines.push(settle(reply, ledger.stop.on));
    else if (ledger.stop && ledger.stop.on <= dueDate) deadlines.push(reply);
    else deadlines.push(settle(reply, null));
  }
  return deadlines.sort((a, b) => a.date.localeCompare(b.date));
}

function stateOf(ledger: Ledger, walk: PeriodWalk | null, dueDate: string | null, today: string): ClockState {
  if (ledger.stop) return 'stopped';
  if (walk === null || dueDate === null) return 'paused'; // waiting for a correction or an answer
  if (today > dueDate) return 'overdue';
  return ledger.deferral ? 'deferred' : 'running';
}

function pausesOf(ctx: Context, limit: string): ClockPause[] {
  const { ledger, calendar } = ctx;
  const pauses: ClockPause[] = ledger.pauses.map((p) => ({
    reason: p.reason,
    from: p.from,
    to: p.to,
    excludedWorkdays: excludedWorkdaysOf(ctx, p, limit),
    ...(p.consultationId ? { consultationId: p.consultationId } : {}),
  }));
  const correction = ledger.correction;
  if (correction) {
    pauses.push({
      reason: 'CORRECTION',
      from: correction.requestedOn,
      to: correction.endedOn,
      excludedWorkdays: calendar.workdaysBetween(correction.requestedOn, correction.endedOn ?? limit),
    });
  }
  return pauses.sort((a, b) => a.from.localeCompare(b.from));
}

function warningsOf(
  ctx: Context,
  state: ClockState,
  walk: PeriodWalk | null,
  dueDate: string | null,
  openConsultations: ExcludingPause[],
  feeDeadline: string | undefined,
): ClockWarning[] {
  const { ledger, settings, calendar } = ctx;
  if (ledger.stop) return [];
  const warnings: ClockWarning[] = [];
  if (!ledger.correction) {
    // 条例第三十条: warn from the 5th working day of the 7 allowed for the correction notice.
    warnings.push({ code: 'CORRECTION_NOTICE_DUE', date: calendar.addWorkdays(ctx.receiptDate, settings.correctionNoticeWarnFromWorkday) });
  }
  if (dueDate !== null && walk !== null && state !== 'paused') {
    for (const remaining of settings.warnAtRemainingWorkdays) {
      const date = dayWithRemaining(ctx, dueDate, remaining);
      if (date) warnings.push({ code: `REPLY_DUE_IN_${remaining}`, date });
    }
    warnings.push({ code: 'OVERDUE', date: addDays(dueDate, 1) });
  }
  for (const p of openConsultations) warnings.push({ code: 'THIRD_PARTY_ENDING', date: p.deadline });
  if (feeDeadline) warnings.push({ code: 'FEE_DEADLINE_ENDING', date: feeDeadline });
  return warnings.sort((a, b) => a.date.localeCompare(b.date));
}

/** The day after which exactly `remaining` counted working days are left until the due date. */
function dayWithRemaining(ctx: Context, dueDate: string, remaining: number): string | null {
  const { ledger, calendar } = ctx;
  if (ledger.deferral) {
    // The deferred date is explicit: count back over plain working days from the decision.
    const anchor = ledger.deferral.decidedOn;
    const position = calendar.workdaysBetween(anchor, dueDate) - remaining;
    return position >= 1 ? calendar.addWorkdays(anchor, position) : null;
  }
  const position = ledger.total - remaining;
  return position >= 1 ? walkPeriod(calendar, ledger.base, position, excludedIntervals(ledger)).due : null;
}

/** Years without an announced arrangement between the receipt and the latest reported date. */
function provisionalYearsOf(ctx: Context, dates: (string | null | undefined)[]): number[] {
  const reported = dates.filter((d): d is string => typeof d === 'string');
  if (reported.length === 0) return [];
  const last = reported.sort().at(-1) ?? ctx.receiptDate;
  const years: number[] = [];
  for (let year = yearOf(ctx.receiptDate); year <= yearOf(last); year++) {
    const probe = year === yearOf(ctx.receiptDate) ? ctx.receiptDate : `${year}-01-01`;
    if (ctx.calendar.isProvisional(probe)) years.push(year);
  }
  return years;
}

function explanationOf(
  ctx: Context,
  walk: PeriodWalk | null,
  state: ClockState,
  dueDate: string | null,
  today: string,
  workdaysUsed: number,
  provisionalYears: number[],
): ExplanationLine[] {
  const { ledger, settings } = ctx;
  const lines: ExplanationLine[] = [explain.receipt(ctx.receiptDate, settings.replyWorkdays)];
  if (!ledger.correction) {
    lines.push(explain.correctionNoticeDeadline(ctx.receiptDate, correctionNoticeDeadline(ctx), settings.correctionNoticeWorkdays));
  }
  lines.push(...ledger.lines);

  if (walk === null) {
    if (!ledger.stop) lines.push(explain.waitingForCorrection(settings.replyWorkdays));
  } else if (ledger.deferral) {
    lines.push(explain.deferredDue(ledger.deferral.until));
  } else {
    lines.push(...walk.counted.map(explain.counted));
    if (walk.skipped.length > 0) {
      const effective = ledger.pauses.filter((p) => p.effective);
      lines.push(explain.excludedTotal(walk.skipped, overlapping(effective)));
    }
    if (walk.due) lines.push(explain.dueDate(walk.due, ledger.total));
    else if (walk.waitingSince) lines.push(explain.paused(walk.waitingSince, workdaysUsed, ledger.total - workdaysUsed));
  }
  if (state === 'overdue' && dueDate) lines.push(explain.overdue(dueDate, today));
  lines.push(...provisionalYears.map(explain.provisionalYear));
  return lines;
}
