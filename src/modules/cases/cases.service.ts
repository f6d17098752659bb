import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { isIsoDate } from '../../common/validation/iso-date.js';
import { isUUID } from 'class-validator';
import { resolveAgencySettings } from '../agencies/agency-settings.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { ClockService } from '../deadlines/clock.service.js';
import { addDays, type CaseClock, type ClockEvent, ClockRuleError, OutsideCalendarError, type WorkingCalendar } from '../deadlines/domain/index.js';
import { LegalReferralEntity } from '../legal/legal-referral.entity.js';
import { AttachmentsService } from '../intake/attachments.service.js';
import { notifyUsers } from '../notifications/notify-users.js';
import { type FeeMethod, perPageFee, perPieceFee } from '../replies/information-fee.js';
import { UserEntity } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { caseScopeOf, type CaseScope } from './case-scope.js';
import { clockRuleException } from './case-errors.js';
import type { CaseEventEntity } from './case-event.entity.js';
import { type CaseEntity, NO_DUE_DATE_SORT } from './case.entity.js';
import { CasesRepository } from './cases.repository.js';
import type { CaseEventCommandDto } from './dto/case-event-commands.dto.js';
import type { CaseClockDto, CaseClockSummaryDto, CaseDto, CaseEventDto, CasePageDto, CaseSummaryDto, ChainVerificationDto } from './dto/case.dto.js';
import type { ListCasesQuery } from './dto/list-cases.query.js';
import type { ApplicationStatusDto } from '../intake/dto/submit-application.dto.js';
import { hashEvent, verifyEventChain } from './event-chain.js';
import type { CaseEvent, CaseEventType } from './workflow/case-event.js';
import { CASE_STATUS_LABELS, type CaseStatus, isOpenCaseStatus } from './workflow/case-status.js';
import { closingFactsOf } from '../reports/domain/closing.js';
import { allowedEvents, applyCaseEvent, initialCaseSnapshot, initialSubmittedSnapshot, restoreCaseSnapshot } from './workflow/case-workflow.js';
import { CASE_MACHINE_VERSION } from './workflow/case.machine.js';
import type { ReplyTypeRule } from './workflow/case.guards.js';
import { canRoleSend } from './workflow/event-permissions.js';
import { type Role as ActorRole, SYSTEM_ROLE } from './workflow/roles.js';

/** Events an applicant sees in the status lookup, in plain Chinese. */
const PUBLIC_MILESTONES: Record<string, (payload: Record<string, unknown>) => string> = {
  REGISTERED: () => '申请已登记',
  CONFIRM_RECEIPT: (p) => `确认收到申请（收到申请之日：${String(p.receiptDate)}）`,
  REQUEST_CORRECTION: (p) => (p.purpose === 'REASONS' ? '已要求说明理由' : '已告知补正申请'),
  RECEIVE_CORRECTION: () => '收到补正材料，答复期限重新计算',
  CONSULT_THIRD_PARTY: () => '征求第三方或其他机关意见（所需时间不计入答复期限）',
  RECEIVE_THIRD_PARTY_OPINION: () => '征求意见结束',
  THIRD_PARTY_LAPSED: () => '征求意见期限届满',
  SEND_FEE_NOTICE: () => '已发出收费通知',
  RECEIVE_FEE_PAYMENT: () => '已缴纳信息处理费',
  APPROVE_EXTENSION: (p) => `答复期限延长${String(p.workdays)}个工作日`,
  DEFER: (p) => `确定延迟答复期限至${String(p.until)}`,
  DELIVER_REPLY: () => '已作出答复并送达',
  WITHDRAW: () => '申请已撤回',
  CLOSE: () => '申请已终结处理',
  CORRECTION_LAPSED: () => '逾期未补正，视为放弃申请',
  FEE_LAPSED: () => '逾期未缴费，视为放弃申请',
};

/** The registration record that opens every case's event chain. */
export const REGISTERED_EVENT = 'REGISTERED';

/** START_DRAFT refused because the case history lacks the step the reply type states (see case.guards.ts). */
const REPLY_TYPE_RULE_MESSAGES: Record<ReplyTypeRule, string> = {
  REPLY_TYPE_NEEDS_CORRECTION_LAPSE: '申请人未逾期不补正（本案没有逾期未补正的补正告知），不能按“申请人逾期未补正”答复（条例第三十条）',
  REPLY_TYPE_NEEDS_FEE_LAPSE: '申请人未逾期不缴费（本案没有逾期未缴的收费通知），不能按“申请人逾期未缴费”答复（国办函〔2020〕109号）',
  REPLY_TYPE_NEEDS_CORRECTION_RECEIVED: '本案没有告知补正并收到补正材料，不能按“补正后申请内容仍不明确”答复（条例第三十条）',
  REPLY_TYPE_NEEDS_REASONS_REQUESTED: '本案没有要求申请人说明理由，不能按“无正当理由大量反复申请”答复（条例第三十五条）',
  REPLY_TYPE_NEEDS_EARLIER_CASE: '重复申请须注明本机关原申请的受理编号，且该案件存在（条例第三十六条第（六）项）',
};

/** Command fields that are not part of an event's payload. */
const ENVELOPE_FIELDS = new Set(['type', 'effectiveDate', 'reason', 'expectedVersion']);
/** 条例第三十五条: the latest deferral accepted, in days after the decision (a sanity bound, not a statutory one). */
const MAX_DEFERRAL_DAYS = 366;

export interface OpenCaseSpec {
  /** The agency's settings decide the new case's clock. */
  agency: { id: string; code: string; settings: Record<string, unknown> | null };
  /** null: the application waits for the office to confirm receipt (rules.md §2). */
  receiptDate: string | null;
  /** The day the application reached the agency (first event date while unconfirmed). */
  submittedOn: string;
  actor: Actor;
  /** Column values of the new case (applicant, request, delivery, channel evidence …). */
  fields: Partial<CaseEntity>;
  /** What the REGISTERED event records for the evidence chain (no ID numbers in clear). */
  registrationRecord: Record<string, unknown>;
  /** 补录: registered after the receipt date, with the officer's reason. */
  backDated?: boolean;
  reason?: string | null;
}

/** What an effect handler sees of a command being applied, inside its transaction, before the event is appended. */
export interface CaseEffectContext {
  em: EntityManager;
  row: CaseEntity;
  /** The case's events before this one. */
  events: readonly CaseEventEntity[];
  event: { type: CaseEventType; effectiveDate: string; payload: Record<string, unknown> };
  /** The statechart's side effects for this transition (issueReply, issueCorrectionNotice …). */
  actions: readonly string[];
  clockAfter: CaseClock | null;
  actor: Actor;
  /**
   * Runs `fn` once the command's transaction has committed (e.g. to wake the mail dispatcher for the mail just
   * queued). For system events it is not run: the scheduler wakes the dispatcher after its scan, and mail from a
   * calendar change waits for the dispatcher's poll.
   */
  afterCommit(fn: () => void): void;
}

/**
 * Documents, deliveries and policies that go with an event (replies, notices, e-mail). A handler may refuse the
 * command (throw an AppException) or return facts to record in the event's payload (e.g. the issued 文号 and hash).
 */
export type CaseEffectHandler = (ctx: CaseEffectContext) => Promise<Record<string, unknown> | void>;

export interface Actor {
  id: string | null;
  role: ActorRole;
}

/** An event to append to a case's log. */
interface NewEvent {
  type: string;
  effectiveDate: string;
  payload: Record<string, unknown>;
  reason: string | null;
  backDated: boolean;
}

interface RecordedEvent {
  type: CaseEventType;
  effectiveDate: string;
  /** What the statechart needs (ids, workdays …). */
  machinePayload: Record<string, unknown>;
  /** What the log keeps: the machine payload plus the facts of the act. */
  payload: Record<string, unknown>;
  reason: string | null;
  backDated: boolean;
}

@Injectable()
export class CasesService implements OnModuleInit {
  constructor(
    private readonly cases: CasesRepository,
    private readonly agencies: AgenciesRepository,
    private readonly users: UsersRepository,
    private readonly clocks: ClockService,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
    private readonly attachments: AttachmentsService,
  ) {}

  private readonly effects: CaseEffectHandler[] = [];

  registerEffect(handler: CaseEffectHandler): void {
    this.effects.push(handler);
  }

  onModuleInit(): void {
    this.calendars.registerRecomputer((em, calendar, change) => this.recomputeOpenCases(em, calendar, change));
  }

  /**
   * Opens a case inside the caller's transaction: tracking number, the REGISTERED record that starts the event
   * chain, and the clock when the receipt date is already fixed (otherwise the case waits in SUBMITTED for
   * CONFIRM_RECEIPT). Intake (counter, fax, web, letters) builds the spec; the rules for it live there.
   */
  async openCase(em: EntityManager, spec: OpenCaseSpec): Promise<CaseEntity> {
    const today = this.clock.today();
    const year = Number(today.slice(0, 4));
    const seq = await this.cases.nextTrackingSequence(em, spec.agency.id, year);
    const trackingNumber = `${spec.agency.code}-${year}-${String(seq).padStart(6, '0')}`;
    const confirmed = spec.receiptDate !== null;
    const status: CaseStatus = confirmed ? 'REGISTERED' : 'SUBMITTED';
    // The row is written once, with its first event's hash and the clock's projection computed beforehand
    // (a new case's clock needs only its receipt date and the agency's settings): two INSERTs, no UPDATE.
    const id = randomUUID();
    // 分办: a submission nobody was given goes to the officer the agency names for it, if any.
    const defaultAssignee = spec.fields.assigneeId ? null : await this.defaultAssigneeOf(em, spec.agency.id, spec.agency.settings, null);
    const registered = this.chainedEvent(id, [], spec.actor, {
      type: REGISTERED_EVENT,
      effectiveDate: spec.receiptDate ?? spec.submittedOn,
      payload: { trackingNumber, ...spec.registrationRecord, ...(defaultAssignee ? { assigneeId: defaultAssignee } : {}) },
      reason: spec.reason ?? null,
      backDated: spec.backDated ?? false,
    });
    const clock = confirmed
      ? await this.clocks.compute({ receiptDate: spec.receiptDate!, events: [], settings: resolveAgencySettings(spec.agency.settings) }, today)
      : null;
    const row = await this.cases.insertCase(em, {
      ...spec.fields,
      ...(defaultAssignee ? { assigneeId: defaultAssignee } : {}),
      id,
      agencyId: spec.agency.id,
      trackingNumber,
      receiptDate: spec.receiptDate,
      workflowSnapshot: confirmed ? initialCaseSnapshot(spec.receiptDate!) : initialSubmittedSnapshot(spec.submittedOn),
      workflowVersion: CASE_MACHINE_VERSION,
      ...this.projection(clock, status, today),
      eventCount: 1,
      lastEventHash: registered.hash,
      version: 1,
    });
    await this.cases.appendEvent(em, registered);
    if (defaultAssignee) await notifyUsers(em, [defaultAssignee], { caseId: id, kind: 'ASSIGNED', message: `${trackingNumber} 已分配给您承办` });
    return row;
  }

  /** Cases of the same applicant (by applicant key) in one agency since a date: for repeat hints. */
  earlierRequestsOf(em: EntityManager, agencyId: string, applicantKey: string, since: string) {
    return this.cases.findByApplicantKey(em, agencyId, applicantKey, since);
  }

  findByTrackingNumber(trackingNumber: string): Promise<CaseEntity | null> {
    return this.cases.findByTrackingNumber(trackingNumber);
  }

  /** What an applicant may see through the public status lookup: status, key dates, no internals. */
  async publicStatus(row: CaseEntity): Promise<ApplicationStatusDto> {
    const events = await this.cases.events(row.id);
    const clock = await this.clockOf(row, events);
    const agency = await this.agencies.findById(row.agencyId);
    return {
      trackingNumber: row.trackingNumber,
      agencyName: agency?.name ?? '',
      status: row.status,
      statusLabel: CASE_STATUS_LABELS[row.status],
      submittedOn: events[0]?.effectiveDate ?? row.receiptDate ?? '',
      receiptDate: row.receiptDate,
      dueDate: clock?.dueDate ?? null,
      milestones: events.flatMap((e) => {
        const label = PUBLIC_MILESTONES[e.type]?.(e.payload);
        return label ? [{ date: e.effectiveDate, label }] : [];
      }),
      documents: [],
    };
  }

  /** 条例第三十一条: once receipt is confirmed, the case states how the date was fixed (inside the event's transaction). */
  async recordReceiptBasis(em: EntityManager, row: CaseEntity, receiptBasis: string, confirmation: string): Promise<void> {
    const intake = { ...(row.intake ?? {}), confirmation };
    await this.cases.updateCase(em, row.id, { receiptBasis, intake });
    Object.assign(row, { receiptBasis, intake });
  }

  /** The deadline picture the status page explains in plain words (pauses, extensions, correction window). */
  async publicClock(row: CaseEntity): Promise<CaseClock | null> {
    return this.clockOf(row, await this.cases.events(row.id));
  }

  /**
   * An act of an applicant who proved who they are with the tracking number and query code rather than a login
   * (条例第三十条: the applicant answers a correction notice; withdrawing): the same permissions, statechart and
   * payload handling as applyEvent, acting as the case's applicant and dated today.
   */
  async applyApplicantEvent(row: CaseEntity, command: CaseEventCommandDto): Promise<void> {
    if (!['RECEIVE_CORRECTION', 'WITHDRAW'].includes(command.type) || !canRoleSend(Role.APPLICANT, command.type)) {
      throw AppException.forbidden('您的角色不能执行此操作');
    }
    const applicant: AuthUser = { id: row.applicantUserId ?? '', role: Role.APPLICANT, agencyId: null, email: '', displayName: '' };
    const committed: (() => void)[] = [];
    await this.cases.transaction(async (em) => {
      const locked = await this.cases.lockById(em, row.id);
      if (!locked) throw AppException.notFound();
      const events = await this.cases.events(locked.id, em);
      const today = this.clock.today();
      this.assertEffectiveDate(today, today, events, undefined);
      const payload = await this.payloadOf(em, applicant, locked, { ...command, effectiveDate: undefined }, today);
      await this.record(em, locked, events, { id: row.applicantUserId, role: Role.APPLICANT }, today, {
        type: command.type,
        effectiveDate: today,
        machinePayload: payload.machine,
        payload: payload.log,
        reason: null,
        backDated: false,
      }, (fn) => committed.push(fn));
    });
    for (const fn of committed) fn();
  }

  /** Runs a use case in one transaction (intake needs the case opened, attachments linked and mail queued together). */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.cases.transaction(work);
  }

  async assertHandlerOf(agencyId: string, userId: string, field: string): Promise<void> {
    const u = await this.users.findById(userId);
    if (!u || !u.active || u.agencyId !== agencyId || (u.role !== Role.OFFICER && u.role !== Role.OFFICE_HEAD)) {
      throw AppException.invalidField(field, 'NOT_A_HANDLER', '应为本机关在岗的承办人或负责人');
    }
  }

  async get(user: AuthUser, id: string): Promise<CaseDto> {
    const row = await this.readable(user, id);
    const events = await this.cases.events(row.id);
    const clock = await this.clockOf(row, events);
    return this.toDto(row, clock, user);
  }

  /** The statutory clock of a case; null while its receipt date is not yet fixed (awaiting confirmation). */
  async clockOf(row: CaseEntity, events: readonly (CaseEventEntity | ClockEvent)[], calendar?: WorkingCalendar, em?: EntityManager): Promise<CaseClock | null> {
    if (!row.receiptDate) return null;
    const agency = await this.agencies.findById(row.agencyId, em);
    const clockEvents = events.map((e) => ({ type: e.type, effectiveDate: e.effectiveDate, payload: e.payload }));
    return this.clocks.compute({ receiptDate: row.receiptDate, events: clockEvents, settings: resolveAgencySettings(agency?.settings) }, this.clock.today(), calendar);
  }

  /** A case the caller may see, with its events (404 otherwise): for modules that show parts of a case. */
  async readableCase(user: AuthUser, id: string): Promise<{ row: CaseEntity; events: CaseEventEntity[] }> {
    const row = await this.readable(user, id);
    return { row, events: await this.cases.events(row.id) };
  }

  async getClock(user: AuthUser, id: string): Promise<CaseClockDto> {
    const row = await this.readable(user, id);
    const clock = await this.clockOf(row, await this.cases.events(row.id));
    if (!clock) throw new AppException('CLOCK_NOT_STARTED');
    return clock;
  }

  async events(user: AuthUser, id: string): Promise<CaseEventDto[]> {
    const row = await this.readable(user, id);
    const events = (await this.cases.events(row.id)).map(toEventDto);
    if (user.role === Role.LEGAL_ADVISOR) return events.map((e) => ({ ...e, payload: withoutContactDetails(e.payload) }));
    // An applicant follows the milestones of their case, not the office's internal record (who did what, legal
    // questions, warnings): the public milestones, without payloads or staff ids.
    if (user.role === Role.APPLICANT) return events.filter((e) => e.type in PUBLIC_MILESTONES).map((e) => ({ ...e, actorId: null, payload: {} }));
    return events;
  }

  async verify(user: AuthUser, id: string): Promise<ChainVerificationDto> {
    const row = await this.readable(user, id);
    return verifyEventChain(await this.cases.events(row.id), row.lastEventHash);
  }

  async list(user: AuthUser, query: ListCasesQuery): Promise<CasePageDto> {
    const scope = await this.scopeOf(user);
    const limit = query.limit ?? 50;
    if (query.agencyId && scope.kind === 'agencies' && !scope.agencyIds.includes(query.agencyId)) return { items: [], nextCursor: null };
    const rows = await this.cases.queue(scope, {
      statuses: query.status,
      dueBefore: query.dueBefore,
      overdue: query.overdue,
      assigneeId: query.assignee === 'me' ? user.id : query.assignee,
      agencyId: query.agencyId,
      channel: query.channel,
      text: query.text?.trim() || undefined,
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const today = this.clock.today();
    return {
      items: page.map((row) => this.toSummary(row, today)),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  /** POST /cases/:id/events — one transaction: lock, validate, apply, append, project. */
  async applyEvent(user: AuthUser, id: string, command: CaseEventCommandDto): Promise<CaseDto> {
    // 404 before 403: do not reveal cases the caller cannot see. Checked before the transaction, which must not
    // borrow a second pooled connection (several concurrent commands would exhaust the pool).
    await this.readable(user, id);
    if (!canRoleSend(user.role, command.type)) throw AppException.forbidden('您的角色不能执行此操作');
    const committed: (() => void)[] = [];
    await this.cases.transaction(async (em) => {
      const row = await this.cases.lockById(em, id);
      if (!row) throw AppException.notFound();
      if (command.expectedVersion !== undefined && command.expectedVersion !== row.version) throw new AppException('STALE_VERSION');
      const events = await this.cases.events(row.id, em);
      const today = this.clock.today();
      // An applicant acts now, online: dating their act is the office's business, not theirs.
      if (user.role === Role.APPLICANT && (command.effectiveDate ?? today) !== today) {
        throw AppException.invalidField('effectiveDate', 'NOT_ALLOWED', '申请人提交的材料以实际提交日期为准');
      }
      const effectiveDate = command.effectiveDate ?? today;
      this.assertEffectiveDate(effectiveDate, today, events, command.reason);
      const payload = await this.payloadOf(em, user, row, command, effectiveDate);
      await this.record(em, row, events, { id: user.id, role: user.role }, today, {
        type: command.type,
        effectiveDate,
        machinePayload: payload.machine,
        payload: payload.log,
        reason: command.reason ?? null,
        backDated: effectiveDate < today,
      }, (fn) => committed.push(fn));
    });
    for (const fn of committed) fn();
    return this.get(user, id);
  }

  /**
   * The applicant withdraws their application through the status lookup (tracking number and query code, already
   * checked by the caller): WITHDRAW by the applicant, dated today, before the reply is delivered (409 after).
   */
  async withdrawByApplicant(caseId: string, reason: string | undefined): Promise<void> {
    await this.cases.transaction(async (em) => {
      const row = await this.cases.lockById(em, caseId);
      if (!row) throw AppException.notFound();
      const events = await this.cases.events(row.id, em);
      const today = this.clock.today();
      const payload = { via: 'STATUS_LOOKUP', ...(reason ? { reason } : {}) };
      const actor: Actor = { id: row.applicantUserId, role: Role.APPLICANT };
      await this.record(em, row, events, actor, today, { type: 'WITHDRAW', effectiveDate: today, machinePayload: {}, payload, reason: null, backDated: false }, () => undefined);
    });
  }

  /**
   * Applies an event on behalf of the system (scheduler, calendar change) inside the caller's transaction.
   * Returns false when the statechart does not admit it now.
   */
  async applySystemEvent(em: EntityManager, row: CaseEntity, type: CaseEventType, payload: Record<string, unknown>, effectiveDate: string, calendar?: WorkingCalendar): Promise<boolean> {
    const events = await this.cases.events(row.id, em);
    const today = this.clock.today();
    try {
      const backDated = effectiveDate < today;
      const reason = backDated ? '期限届满，系统自动记录' : null;
      await this.record(em, row, events, { id: null, role: SYSTEM_ROLE }, today, { type, effectiveDate, machinePayload: payload, payload, reason, backDated }, () => undefined, calendar);
      return true;
    } catch (e) {
      if (e instanceof AppException && (e.code === 'EVENT_NOT_ALLOWED' || e.code === 'CASE_RULE_VIOLATION')) return false;
      throw e;
    }
  }

  private async record(
    em: EntityManager,
    row: CaseEntity,
    events: CaseEventEntity[],
    actor: Actor,
    today: string,
    event: RecordedEvent,
    afterCommit: (fn: () => void) => void,
    calendar?: WorkingCalendar,
  ): Promise<CaseClock | null> {
    const before = await this.clockOf(row, events, calendar, em);
    // 条例第三十一条: confirming receipt fixes the legal receipt date; the clock starts from it.
    const receiptDate = event.type === 'CONFIRM_RECEIPT' ? (event.machinePayload.receiptDate as string) : row.receiptDate;
    let after: CaseClock | null;
    try {
      after = await this.clockOf({ ...row, receiptDate }, [...events, { type: event.type, effectiveDate: event.effectiveDate, payload: event.payload }], calendar, em);
    } catch (e) {
      if (e instanceof ClockRuleError) throw clockRuleException(e);
      if (e instanceof OutsideCalendarError) throw outsideCalendarException(e, event.payload);
      throw e;
    }
    const machineEvent = { type: event.type, effectiveDate: event.effectiveDate, actor: { id: actor.id ?? SYSTEM_ROLE, role: actor.role }, dueDate: before?.dueDate ?? null, ...event.machinePayload } as CaseEvent;
    const result = applyCaseEvent(row.workflowSnapshot, machineEvent, row.workflowVersion);
    if (!result.ok && result.rule) {
      const message = REPLY_TYPE_RULE_MESSAGES[result.rule];
      throw new AppException('CASE_RULE_VIOLATION', [{ field: 'replyType', code: result.rule, message }], message);
    }
    if (!result.ok) {
      throw new AppException('EVENT_NOT_ALLOWED', [{ field: 'type', code: 'NOT_ALLOWED_IN_STATE', message: `案件状态为“${CASE_STATUS_LABELS[row.status]}”，不能执行 ${event.type}` }]);
    }
    let payload = event.payload;
    // 分办: ASSIGN names the assignee; confirming or accepting a case nobody has may give it to the actor.
    let assigneeId = row.assigneeId;
    if (event.type === 'ASSIGN') assigneeId = event.machinePayload.assigneeId as string;
    else if ((event.type === 'CONFIRM_RECEIPT' || event.type === 'ACCEPT') && !row.assigneeId) {
      const agency = await this.agencies.findById(row.agencyId, em);
      assigneeId = await this.defaultAssigneeOf(em, row.agencyId, agency?.settings ?? null, actor);
      if (assigneeId) payload = { ...payload, assigneeId };
    }
    // Whoever takes a case knows it; anyone given one by someone else is told.
    if (assigneeId && assigneeId !== row.assigneeId && assigneeId !== actor.id) {
      await notifyUsers(em, [assigneeId], { caseId: row.id, kind: 'ASSIGNED', message: `${row.trackingNumber} 已分配给您承办` });
    }
    for (const effect of this.effects) {
      const facts = await effect({ em, row, events, event: { type: event.type, effectiveDate: event.effectiveDate, payload }, actions: result.actions, clockAfter: after, actor, afterCommit });
      if (facts) payload = { ...payload, ...facts };
    }
    const appended = await this.appendChained(em, row, events, actor, { type: event.type, effectiveDate: event.effectiveDate, payload, reason: event.reason, backDated: event.backDated });
    const context = restoreCaseSnapshot(result.snapshot, result.version).context;
    // 表三 counts a case by the day and the way it ended (reports/domain/closing.ts).
    const closing = closingFactsOf(isOpenCaseStatus(row.status), isOpenCaseStatus(result.status), event.type, event.effectiveDate, context);
    await this.cases.updateCase(em, row.id, {
      ...this.projection(after, result.status, today, context.overdue),
      ...closing,
      receiptDate,
      workflowSnapshot: result.snapshot,
      workflowVersion: result.version,
      version: row.version + 1,
      eventCount: appended.seq,
      lastEventHash: appended.hash,
      ...(assigneeId !== row.assigneeId ? { assigneeId } : {}),
    });
    Object.assign(row, { status: result.status, receiptDate, workflowSnapshot: result.snapshot, workflowVersion: result.version, version: row.version + 1, lastEventHash: appended.hash, assigneeId });
    return after;
  }

  private async appendChained(em: EntityManager, row: CaseEntity, events: CaseEventEntity[], actor: Actor, e: NewEvent): Promise<CaseEventEntity> {
    return this.cases.appendEvent(em, this.chainedEvent(row.id, events, actor, e));
  }

  /** The next event of a case's log, hashed onto the one before it. */
  private chainedEvent(caseId: string, events: readonly CaseEventEntity[], actor: Actor, e: NewEvent): Omit<CaseEventEntity, 'id' | 'case'> {
    const prev = events.at(-1);
    const fields = {
      caseId,
      seq: (prev?.seq ?? 0) + 1,
      type: e.type,
      effectiveDate: e.effectiveDate,
      recordedAt: this.clock.now().toISOString(),
      actorId: actor.id,
      actorRole: actor.role,
      payload: e.payload,
      reason: e.reason,
      backDated: e.backDated,
      prevHash: prev?.hash ?? null,
    };
    return { ...fields, hash: hashEvent(fields) };
  }

  /** The denormalised, indexed view of the clock on the case row. */
  // `checkedThrough`: the day up to which the scheduler has already handled this case (it passes today after a
  // scan). After an event it is unknown, so every pending date counts, even one long past: a back-dated correction
  // request, fee notice or consultation whose period already ran out must still lapse.
  projection(clock: CaseClock | null, status: CaseStatus, today: string, stickyOverdue = false, checkedThrough?: string): Partial<CaseEntity> {
    const open = isOpenCaseStatus(status);
    if (!clock) {
      // Awaiting confirmation of receipt: no clock yet, and the queue shows it first — it needs action now.
      return { status, isOpen: open, dueDate: null, queueDueDate: today, dueDateProvisional: false, clockState: 'not_started', overdue: false, nextCheckDate: null };
    }
    return {
      status,
      isOpen: open,
      dueDate: clock.dueDate,
      queueDueDate: clock.dueDate ?? NO_DUE_DATE_SORT,
      dueDateProvisional: clock.provisional,
      clockState: clock.state,
      overdue: stickyOverdue || clock.state === 'overdue' || clock.late === true,
      nextCheckDate: open ? nextCheckDate(clock, checkedThrough) : null,
    };
  }

  /** rules.md §1: a calendar change recomputes every open case and records CALENDAR_CHANGED on those that moved. */
  private async recomputeOpenCases(em: EntityManager, calendar: WorkingCalendar, change: { versionId: number; year: number }): Promise<number> {
    const today = this.clock.today();
    let moved = 0;
    for (const row of await this.cases.openCasesForUpdate(em)) {
      const clock = await this.clockOf(row, await this.cases.events(row.id, em), calendar, em);
      if (!clock || (clock.dueDate === row.dueDate && clock.provisional === row.dueDateProvisional)) continue;
      const payload = { calendarVersion: change.versionId, year: change.year, previousDueDate: row.dueDate, dueDate: clock.dueDate, provisional: clock.provisional };
      const applied = await this.applySystemEvent(em, row, 'CALENDAR_CHANGED', payload, today, calendar);
      if (!applied) await this.cases.updateCase(em, row.id, this.projection(clock, row.status, today, row.overdue));
      moved++;
    }
    return moved;
  }

  private assertEffectiveDate(effectiveDate: string, today: string, events: CaseEventEntity[], reason: string | undefined): void {
    if (effectiveDate > today) throw AppException.invalidField('effectiveDate', 'DATE_IN_FUTURE', '日期不能晚于今天');
    const last = events.at(-1);
    if (last && effectiveDate < last.effectiveDate) {
      throw AppException.invalidField('effectiveDate', 'BEFORE_PREVIOUS_EVENT', `日期不能早于上一事件的日期（${last.effectiveDate}）`);
    }
    if (effectiveDate < today && !reason) throw AppException.invalidField('reason', 'REQUIRED', '补录（日期早于今天）须说明原因');
  }

  /** Splits a command into the statechart's payload and the log's payload; creates ids and referral rows. */
  private async payloadOf(em: EntityManager, user: AuthUser, row: CaseEntity, command: CaseEventCommandDto, effectiveDate: string): Promise<{ machine: Record<string, unknown>; log: Record<string, unknown> }> {
    const facts = Object.fromEntries(Object.entries(command).filter(([k, v]) => !ENVELOPE_FIELDS.has(k) && v !== undefined));
    switch (command.type) {
      case 'CONSULT_THIRD_PARTY': {
        const consultationId = randomUUID();
        return { machine: { consultationId, party: facts.party }, log: { ...facts, consultationId } };
      }
      case 'DEFER': {
        // 条例第三十五条 asks for a reasonable later date; more than a year after the decision is not one.
        if ((facts.until as string) > addDays(effectiveDate, MAX_DEFERRAL_DAYS)) {
          throw AppException.invalidField('until', 'TOO_LATE', `延迟答复的期限不应超过决定之日后${MAX_DEFERRAL_DAYS}天`);
        }
        return { machine: facts, log: facts };
      }
      case 'APPROVE_EXTENSION': {
        const workdays = (facts.workdays as number | undefined) ?? 20;
        return { machine: { workdays }, log: { ...facts, workdays, approvedBy: user.id } };
      }
      case 'REFER_TO_LEGAL': {
        const advisorIds = facts.advisorIds as string[];
        for (const [i, advisorId] of advisorIds.entries()) await this.assertAdvisorOf(em, row.agencyId, advisorId, `advisorIds.${i}`);
        const referrals = advisorIds.map((advisorId) => ({ referralId: randomUUID(), advisorId }));
        for (const r of referrals) {
          await em.insert(LegalReferralEntity, {
            id: r.referralId,
            caseId: row.id,
            advisorId: r.advisorId,
            question: facts.question as string,
            difficult: facts.difficult === true,
            referredOn: effectiveDate,
            referredById: user.id,
          });
        }
        return { machine: { referralIds: referrals.map((r) => r.referralId) }, log: { ...facts, referrals } };
      }
      case 'RECEIVE_CORRECTION': {
        const linked = facts.attachmentIds ? await this.attachments.linkToCase(em, facts.attachmentIds as string[], row.id, user.id) : [];
        return { machine: {}, log: { ...facts, attachments: linked.map((a) => ({ id: a.id, filename: a.filename, sha256: a.sha256 })) } };
      }
      case 'SEND_FEE_NOTICE':
        return this.feeNoticePayload(em, row, facts);
      case 'ASSIGN': {
        const assigneeId = facts.assigneeId as string;
        await this.assertHandlerOf(row.agencyId, assigneeId, 'assigneeId');
        return { machine: { assigneeId }, log: { assigneeId, previousAssigneeId: row.assigneeId } };
      }
      case 'START_DRAFT': {
        // 条例第三十六条第（六）项: a DUPLICATE reply refers to an earlier case of this agency, which must exist.
        if (facts.replyType !== 'DUPLICATE') return { machine: facts, log: facts };
        const earlier = await this.earlierCaseOf(row, (facts.blanks as Record<string, unknown> | undefined)?.earlierCaseTrackingNumber);
        return { machine: { ...facts, earlierCaseId: earlier?.id ?? null }, log: { ...facts, ...(earlier ? { earlierCaseId: earlier.id } : {}) } };
      }
      case 'SUBMIT_LEGAL_OPINION': {
        const referral = await em.findOneBy(LegalReferralEntity, { id: facts.referralId as string, caseId: row.id });
        if (!referral || referral.advisorId !== user.id) throw AppException.invalidField('referralId', 'NOT_FOUND', '没有发给您的该项会商');
        await em.update(LegalReferralEntity, { id: referral.id }, { opinion: facts.opinion as LegalReferralEntity['opinion'], opinionText: facts.text as string, articles: (facts.articles as string[] | undefined) ?? [], answeredOn: effectiveDate });
        return { machine: { referralId: referral.id }, log: facts };
      }
      default:
        return { machine: facts, log: facts };
    }
  }

  /**
   * 国办函〔2020〕109号: the fee is computed from the case (第四条 the applicant's place in the month, 第五条 the pages
   * the officer counted), one method per application (第三条); an officer may set another amount only with a reason,
   * recorded beside the computed one.
   */
  private async feeNoticePayload(em: EntityManager, row: CaseEntity, facts: Record<string, unknown>): Promise<{ machine: Record<string, unknown>; log: Record<string, unknown> }> {
    const basis = facts.basis as FeeMethod;
    const earlier = (await this.cases.events(row.id, em)).find((e) => e.type === 'SEND_FEE_NOTICE');
    if (earlier && earlier.payload.basis !== basis) {
      throw AppException.invalidField('basis', 'FEE_METHOD_FIXED', `同一申请只能适用一种计收方式（国办函〔2020〕109号第三条），本申请已按${earlier.payload.basis === 'PER_PAGE' ? '量' : '件'}计收`);
    }
    const calculation =
      basis === 'PER_PAGE' ? perPageFee(facts.pages as number) : perPieceFee(await this.cases.placeInApplicantMonth(em, row), (row.receiptDate ?? this.clock.today()).slice(0, 7));
    const override = facts.amountYuan !== undefined ? { amountYuan: facts.amountYuan as number, reason: facts.overrideReason as string } : null;
    const amountYuan = override?.amountYuan ?? calculation.amountYuan;
    if (amountYuan === 0) {
      throw AppException.invalidField(basis === 'PER_PAGE' ? 'pages' : 'basis', 'FEE_NOT_DUE', `${calculation.text}无需发出收费通知`);
    }
    const log = { basis, ...(basis === 'PER_PAGE' ? { pages: facts.pages } : {}), amountYuan, calculation, ...(override ? { override: { ...override, computedYuan: calculation.amountYuan } } : {}) };
    return { machine: {}, log };
  }

  private async earlierCaseOf(row: CaseEntity, trackingNumber: unknown): Promise<CaseEntity | null> {
    if (typeof trackingNumber !== 'string' || trackingNumber.trim() === '') return null;
    const earlier = await this.cases.findByTrackingNumber(trackingNumber.trim());
    return earlier && earlier.agencyId === row.agencyId && earlier.id !== row.id ? earlier : null;
  }

  /**
   * 分办 (agency setting `defaultAssignment`): who takes a case nobody has yet. At submission only a named user;
   * on CONFIRM_RECEIPT or ACCEPT by a handler, that handler under CONFIRMING_OFFICER (also when the named user is
   * no longer an active handler of the agency).
   */
  private async defaultAssigneeOf(em: EntityManager, agencyId: string, settings: Record<string, unknown> | null, actor: Actor | null): Promise<string | null> {
    const rule = resolveAgencySettings(settings).defaultAssignment;
    if (rule === 'NONE') return null;
    if (rule !== 'CONFIRMING_OFFICER') {
      const named = await em.findOneBy(UserEntity, { id: rule });
      if (named && named.active && named.agencyId === agencyId && (named.role === Role.OFFICER || named.role === Role.OFFICE_HEAD)) return named.id;
    }
    if (!actor?.id || (actor.role !== Role.OFFICER && actor.role !== Role.OFFICE_HEAD)) return null;
    return actor.id;
  }

  private async assertAdvisorOf(em: EntityManager, agencyId: string, userId: string, field: string): Promise<void> {
    const u = await em.findOneBy(UserEntity, { id: userId });
    if (!u || !u.active || u.role !== Role.LEGAL_ADVISOR || u.agencyId !== agencyId) {
      throw AppException.invalidField(field, 'NOT_AN_ADVISOR', '应为本机关的法律顾问');
    }
  }

  private scopeOf(user: AuthUser): Promise<CaseScope> | CaseScope {
    return caseScopeOf(user, (agencyId) => this.agencies.findSubtreeIds(agencyId));
  }

  private async canRead(user: AuthUser, row: CaseEntity): Promise<boolean> {
    const scope = await this.scopeOf(user);
    switch (scope.kind) {
      case 'all':
        return true;
      case 'agencies':
        return scope.agencyIds.includes(row.agencyId);
      case 'referredTo':
        return this.cases.isReferredTo(row.id, scope.advisorId);
      case 'applicant':
        return row.applicantUserId === scope.userId;
      case 'none':
        return false;
    }
  }

  /** 404 (not 403) for a case the caller may not see: existence is not revealed. */
  private async readable(user: AuthUser, id: string): Promise<CaseEntity> {
    const row = await this.cases.findById(id);
    if (!row || !(await this.canRead(user, row))) throw AppException.notFound();
    return row;
  }

  private toDto(row: CaseEntity, clock: CaseClock | null, user: AuthUser): CaseDto {
    const snapshot = restoreCaseSnapshot(row.workflowSnapshot, row.workflowVersion);
    const today = this.clock.today();
    return {
      id: row.id,
      trackingNumber: row.trackingNumber,
      agencyId: row.agencyId,
      channel: row.channel,
      receiptDate: row.receiptDate,
      applicantName: row.applicantName,
      requestTitle: row.requestTitle,
      requestDescription: row.requestDescription,
      requestDocumentNumber: row.requestDocumentNumber,
      ...(user.role === Role.LEGAL_ADVISOR
        ? { applicant: withoutContactDetails(row.applicant), delivery: withoutContactDetails(row.delivery) }
        : { applicant: row.applicant, delivery: row.delivery }),
      applicantCategory: row.applicantCategory,
      submittedAt: row.submittedAt,
      receiptBasis: row.receiptBasis,
      receiptOverride: row.receiptOverride,
      // Channel evidence and repeat hints are for the office; an applicant sees their own case without them, and
      // a legal advisor does not need them.
      ...(user.role === Role.APPLICANT || user.role === Role.LEGAL_ADVISOR ? {} : { intake: row.intake, hints: row.hints }),
      status: row.status,
      statusLabel: CASE_STATUS_LABELS[row.status],
      dueDate: clock?.dueDate ?? null,
      dueDateProvisional: clock?.provisional ?? false,
      overdue: row.overdue || clock?.state === 'overdue',
      assigneeId: row.assigneeId,
      clock,
      openConsultations: [...snapshot.context.openConsultations],
      pendingReferrals: [...snapshot.context.pendingReferrals],
      allowedEvents: allowedEvents(row.workflowSnapshot, user.role, { effectiveDate: today, dueDate: clock?.dueDate ?? null, actorId: user.id }, row.workflowVersion),
      version: row.version,
      createdAt: row.createdAt,
    };
  }

  private toSummary(row: CaseEntity, today: string): CaseSummaryDto {
    const running = row.clockState === 'running' || row.clockState === 'overdue' || row.clockState === 'deferred';
    const pastDue = row.isOpen && running && row.dueDate !== null && row.dueDate < today;
    const overdue = row.overdue || pastDue;
    return {
      id: row.id,
      trackingNumber: row.trackingNumber,
      agencyId: row.agencyId,
      channel: row.channel,
      receiptDate: row.receiptDate,
      applicantName: row.applicantName,
      requestTitle: row.requestTitle,
      requestDescription: row.requestDescription,
      status: row.status,
      statusLabel: CASE_STATUS_LABELS[row.status],
      dueDate: row.dueDate,
      dueDateProvisional: row.dueDateProvisional,
      overdue,
      assigneeId: row.assigneeId,
      clock: summaryClock(row, pastDue),
      version: row.version,
      createdAt: row.createdAt,
    };
  }
}

/** Keys that say how to reach a person or identify them (contact details, masked ID numbers, mail recipients). */
const isIdentityPaperFacts = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && 'sha256' in v && ['ID_DOCUMENT', 'POWER_OF_ATTORNEY'].includes((v as { purpose?: string }).purpose ?? '');

const CONTACT_KEYS = new Set(['phone', 'email', 'address', 'postalCode', 'idNumberMasked', 'to']);

/**
 * What a legal advisor sees of a case (issue 5: "only what they need"): who asks and what, the handling and the
 * documents, but no way to reach or identify the applicant (rules.md §8, minimum necessary).
 */
export function withoutContactDetails<T>(value: T): T {
  // Nor the applicant's identity papers among the attachments an event records (ID scan, power of attorney).
  if (Array.isArray(value)) return value.filter((v: unknown) => !isIdentityPaperFacts(v)).map((v: unknown) => withoutContactDetails(v)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !CONTACT_KEYS.has(k)).map(([k, v]) => [k, withoutContactDetails(v)])) as T;
}

function toEventDto(e: CaseEventEntity): CaseEventDto {
  return {
    id: e.id,
    seq: e.seq,
    type: e.type,
    effectiveDate: e.effectiveDate,
    recordedAt: e.recordedAt,
    actorId: e.actorId,
    actorRole: e.actorRole,
    payload: e.payload,
    reason: e.reason,
    backDated: e.backDated,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/**
 * The queue shows the stored projection and nothing it cannot know without computing the clock; the full clock
 * (totals, pauses, extension, deadlines, explanation) is one click away. The state turns overdue on the day after
 * the due date, as the computed clock does, even before the scheduler has marked it.
 */
function summaryClock(row: CaseEntity, pastDue: boolean): CaseClockSummaryDto | null {
  if (!row.receiptDate) return null;
  return { state: pastDue ? 'overdue' : row.clockState, dueDate: row.dueDate, provisional: row.dueDateProvisional };
}

/**
 * The earliest date after `checkedThrough` on which something may happen by itself: a warning is due,
 * a correction/consultation/fee period lapses, or the reply becomes overdue (each the day after its deadline).
 */
export function nextCheckDate(clock: CaseClock, checkedThrough?: string): string | null {
  const candidates = [
    ...clock.warnings.map((w) => w.date),
    ...[clock.correctionWindowEnds, clock.thirdPartyDeadline, clock.feeDeadline, clock.dueDate].filter((d): d is string => !!d).map((d) => addDays(d, 1)),
  ].filter((d) => checkedThrough === undefined || d > checkedThrough);
  return candidates.length ? candidates.sort()[0] : null;
}

function encodeCursor(row: CaseEntity): string {
  return Buffer.from(JSON.stringify([row.queueDueDate, row.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { queueDueDate: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [queueDueDate, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    // Both halves go into SQL as a date and a uuid: anything PostgreSQL would refuse (2026-02-30) is a 422 here.
    if (isIsoDate(queueDueDate) && typeof id === 'string' && isUUID(id)) return { queueDueDate, id };
  } catch {
    // fall through
  }
  throw AppException.invalidField('cursor', 'INVALID_FORMAT', '游标无效');
}

/** A date in a command beyond the working calendar's coverage: 422 on the field that carried it. */
function outsideCalendarException(e: OutsideCalendarError, payload: Record<string, unknown>): AppException {
  const field = Object.keys(payload).find((k) => payload[k] === e.date) ?? 'effectiveDate';
  return AppException.invalidField(field, 'DATE_OUT_OF_RANGE', `日期超出工作日历的范围（${e.firstDate}至${e.lastDate}）`);
}
