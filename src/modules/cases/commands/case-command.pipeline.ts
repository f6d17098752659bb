import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user.js';
import { Role } from '../../../common/auth/role.js';
import { AppException } from '../../../common/errors/app.exception.js';
import { Clock } from '../../../common/time/clock.js';
import { AgenciesRepository } from '../../agencies/agencies.repository.js';
import { type CaseClock, ClockRuleError, OutsideCalendarError, type WorkingCalendar } from '../../deadlines/domain/index.js';
import { CaseAccessPolicy } from '../case-access.policy.js';
import { CaseAssignment } from '../case-assignment.service.js';
import { CaseClockReader } from '../case-clock.service.js';
import { clockRuleException } from '../case-errors.js';
import type { CaseEventEntity } from '../case-event.entity.js';
import { caseProjection } from '../case-projection.js';
import type { CaseEntity } from '../case.entity.js';
import { CasesRepository } from '../cases.repository.js';
import { asCaseEventCommand, type CaseEventCommandDto } from '../dto/case-event-commands.dto.js';
import { chainedEvent } from '../event-chain.js';
import type { CaseEvent, CaseEventType, RecordedDecisionType } from '../workflow/case-event.js';
import { CASE_STATUS_LABELS, isOpenCaseStatus } from '../workflow/case-status.js';
import { applyCaseEvent, restoreCaseSnapshot } from '../workflow/case-workflow.js';
import { closingFactsOf } from '../workflow/closing.js';
import { LEGAL_REVIEW_MESSAGES } from '../workflow/legal-review.policy.js';
import type { ReplyTypeRule } from '../workflow/case.guards.js';
import { canRoleSend, RECORDED_DECISION_ROLES } from '../workflow/event-permissions.js';
import { SYSTEM_ROLE } from '../workflow/roles.js';
import { type Actor, CaseEffectsRegistry } from './case-effects.registry.js';
import { CaseEventPreparers } from './case-event.preparers.js';
import { CaseNoticesPort, CasePortError, LegalReferralsPort } from './case-ports.js';
import { importModeActions } from './import-mode.js';

/** START_DRAFT refused because the case history lacks the step the reply type states (see case.guards.ts). */
const REPLY_TYPE_RULE_MESSAGES: Record<ReplyTypeRule, string> = {
  REPLY_TYPE_NEEDS_CORRECTION_LAPSE: '申请人未逾期不补正（本案没有逾期未补正的补正告知），不能按“申请人逾期未补正”答复（条例第三十条）',
  REPLY_TYPE_NEEDS_FEE_LAPSE: '申请人未逾期不缴费（本案没有逾期未缴的收费通知），不能按“申请人逾期未缴费”答复（国办函〔2020〕109号）',
  REPLY_TYPE_NEEDS_CORRECTION_RECEIVED: '本案没有告知补正并收到补正材料，不能按“补正后申请内容仍不明确”答复（条例第三十条）',
  REPLY_TYPE_NEEDS_REASONS_REQUESTED: '本案没有要求申请人说明理由，不能按“无正当理由大量反复申请”答复（条例第三十五条）',
  REPLY_TYPE_NEEDS_EARLIER_CASE: '重复申请须注明本机关原申请的受理编号，且该案件存在（条例第三十六条第（六）项）',
};

/** An event on its way into the log. */
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

/**
 * The case command pipeline, one transaction per command (see README.md beside this file):
 * lock → validate → prepare → machine → effects → append → project.
 */
@Injectable()
export class CaseCommandPipeline implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly cases: CasesRepository,
    private readonly agencies: AgenciesRepository,
    private readonly access: CaseAccessPolicy,
    private readonly clocks: CaseClockReader,
    private readonly preparers: CaseEventPreparers,
    private readonly assignment: CaseAssignment,
    private readonly effects: CaseEffectsRegistry,
    private readonly clock: Clock,
    private readonly notices: CaseNoticesPort,
    private readonly legalReferrals: LegalReferralsPort,
  ) {}

  onModuleInit(): void {
    // The append step of this pipeline writes the event (hash chain): nothing more to do for it.
    this.effects.register('cases', ['recordEvent'], () => Promise.resolve());
  }

  /** Every side effect the statechart names has its handler once all modules have started (else the app does not boot). */
  onApplicationBootstrap(): void {
    this.effects.assertComplete();
    // The same for the pipeline's ports (case-ports.ts).
    const unimplemented = Object.entries({ CaseNoticesPort: this.notices, LegalReferralsPort: this.legalReferrals }).filter(([, port]) => !port.implemented);
    if (unimplemented.length > 0) throw new CasePortError(`Ports without an implementation: ${unimplemented.map(([name]) => name).join(', ')}`);
  }

  /**
   * POST /cases/:id/events. Returns the case as the command left it and its clock after the event: what the answer
   * shows, without reading back what this transaction has just written.
   */
  async applyEvent(user: AuthUser, id: string, dto: CaseEventCommandDto): Promise<{ row: CaseEntity; clock: CaseClock | null }> {
    const command = asCaseEventCommand(dto);
    // The caller's scope is known before the transaction (an auditor's agency subtree is read now: the transaction
    // must not borrow a second pooled connection, or several concurrent commands would exhaust the pool).
    const scope = await this.access.scopeOf(user);
    const committed: (() => void)[] = [];
    const outcome = await this.cases.transaction(async (em) => {
      // The case is read once, locked; 404 before 403: a case the caller cannot see is not revealed.
      const row = await this.cases.lockById(em, id);
      if (!row || !(await this.access.covers(scope, row, em))) throw AppException.notFound();
      if (!canRoleSend(user.role, command.type)) throw AppException.forbidden('您的角色不能执行此操作');
      if (command.expectedVersion !== undefined && command.expectedVersion !== row.version) throw new AppException('STALE_VERSION');
      const events = await this.cases.events(row.id, em);
      const today = this.clock.today();
      // An applicant acts now, online: dating their act is the office's business, not theirs.
      if (user.role === Role.APPLICANT && (command.effectiveDate ?? today) !== today) {
        throw AppException.invalidField('effectiveDate', 'NOT_ALLOWED', '申请人提交的材料以实际提交日期为准');
      }
      const effectiveDate = command.effectiveDate ?? today;
      assertEffectiveDate(effectiveDate, today, events, command.reason);
      const actor: Actor = { id: user.id, role: user.role };
      const prepared = await this.preparers.prepare(em, actor, row, command, effectiveDate);
      const clock = await this.record(em, row, events, actor, today, {
        type: command.type,
        effectiveDate,
        machinePayload: prepared.machine,
        payload: prepared.log,
        reason: command.reason ?? null,
        backDated: effectiveDate < today,
      }, (fn) => committed.push(fn));
      return { row, clock };
    });
    for (const fn of committed) fn();
    return outcome;
  }

  /**
   * An act of an applicant who proved who they are with the tracking number and query code rather than a login
   * (条例第三十条: the applicant answers a correction notice; withdrawing): the same permissions, statechart and
   * payload handling as applyEvent, acting as the case's applicant and dated today.
   */
  async applyApplicantEvent(row: CaseEntity, dto: CaseEventCommandDto): Promise<void> {
    const command = asCaseEventCommand(dto);
    if ((command.type !== 'RECEIVE_CORRECTION' && command.type !== 'WITHDRAW') || !canRoleSend(Role.APPLICANT, command.type)) {
      throw AppException.forbidden('您的角色不能执行此操作');
    }
    const actor: Actor = { id: row.applicantUserId, role: Role.APPLICANT };
    const committed: (() => void)[] = [];
    await this.cases.transaction(async (em) => {
      const locked = await this.cases.lockById(em, row.id);
      if (!locked) throw AppException.notFound();
      const events = await this.cases.events(locked.id, em);
      const today = this.clock.today();
      assertEffectiveDate(today, today, events, undefined);
      const prepared = await this.preparers.prepare(em, actor, locked, { ...command, effectiveDate: undefined }, today);
      await this.record(em, locked, events, actor, today, {
        type: command.type,
        effectiveDate: today,
        machinePayload: prepared.machine,
        payload: prepared.log,
        reason: null,
        backDated: false,
      }, (fn) => committed.push(fn));
    });
    for (const fn of committed) fn();
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

  /**
   * A decision taken by another module about one or more cases (条例第四十四条: the disclosure office's decision on
   * a group of requests for the same information, its answer to an applicant's suggestion), recorded on each case's
   * own log inside the caller's transaction: dated today, by the deciding officer, hash-chained and projected like
   * every event, changing no state. The cases are locked in id order (two decisions over overlapping groups cannot
   * deadlock); one the officer may not read is 404 and nothing is recorded.
   */
  async recordDecision(em: EntityManager, user: AuthUser, caseIds: readonly string[], type: RecordedDecisionType, payload: Record<string, unknown>): Promise<void> {
    if (!RECORDED_DECISION_ROLES[type].includes(user.role)) throw AppException.forbidden('您的角色不能执行此操作');
    const actor: Actor = { id: user.id, role: user.role };
    const today = this.clock.today();
    for (const id of [...new Set(caseIds)].sort()) {
      const row = await this.cases.lockById(em, id);
      if (!row || !(await this.access.canRead(user, row, em))) throw AppException.notFound();
      const events = await this.cases.events(row.id, em);
      assertEffectiveDate(today, today, events, undefined);
      await this.record(em, row, events, actor, today, { type, effectiveDate: today, machinePayload: {}, payload, reason: null, backDated: false }, () => undefined);
    }
  }

  /**
   * A historical event of an imported case, inside the import's transaction (one per case, so the deadline scanner
   * never sees the case half-way): the same date checks, preparers, clock and statechart as a live command, with the
   * side effects decided for import mode (import-mode.ts: no mail, no notice, no new 文号). `facts` are the original
   * act's facts the record carries (the reply's 文号, the delivery method) and join the event's log payload. Returns
   * the clock after the event, for the import to compare with the due date the record states.
   */
  async applyImportedEvent(em: EntityManager, row: CaseEntity, actor: Actor, dto: CaseEventCommandDto, effectiveDate: string, facts: Record<string, unknown>): Promise<CaseClock | null> {
    const command = asCaseEventCommand(dto);
    const events = await this.cases.events(row.id, em);
    const today = this.clock.today();
    assertEffectiveDate(effectiveDate, today, events, command.reason);
    const prepared = await this.preparers.prepare(em, actor, row, command, effectiveDate);
    return this.record(
      em,
      row,
      events,
      actor,
      today,
      { type: command.type, effectiveDate, machinePayload: prepared.machine, payload: { ...prepared.log, ...facts }, reason: command.reason ?? null, backDated: effectiveDate < today },
      () => undefined,
      undefined,
      'import',
    );
  }

  /** machine → effects → append → project, for an event already validated and prepared. */
  private async record(
    em: EntityManager,
    row: CaseEntity,
    events: CaseEventEntity[],
    actor: Actor,
    today: string,
    event: RecordedEvent,
    afterCommit: (fn: () => void) => void,
    calendar?: WorkingCalendar,
    mode: 'live' | 'import' = 'live',
  ): Promise<CaseClock | null> {
    // One read of the agency for both clocks and the default assignee.
    const agency = await this.agencies.findById(row.agencyId, em);
    if (!agency) throw new Error(`case ${row.id} names agency ${row.agencyId}, which does not exist`);
    const settings = agency.settings;
    const before = await this.clocks.clockUnder(settings, row, events, calendar);
    // 条例第三十一条: confirming receipt fixes the legal receipt date; the clock starts from it.
    const receiptDate = event.type === 'CONFIRM_RECEIPT' && typeof event.machinePayload.receiptDate === 'string' ? event.machinePayload.receiptDate : row.receiptDate;
    let after: CaseClock | null;
    try {
      after = await this.clocks.clockUnder(settings, { ...row, receiptDate }, [...events, { type: event.type, effectiveDate: event.effectiveDate, payload: event.payload }], calendar);
    } catch (e) {
      if (e instanceof ClockRuleError) throw clockRuleException(e);
      if (e instanceof OutsideCalendarError) throw outsideCalendarException(e, event.payload);
      throw e;
    }
    // The prepared payload is the one of `event.type` (the preparers are typed per event; system callers pass their
    // event's payload): TypeScript cannot correlate the two halves of the union, so the event is assembled here.
    const machineEvent = { type: event.type, effectiveDate: event.effectiveDate, actor: { id: actor.id ?? SYSTEM_ROLE, role: actor.role }, dueDate: before?.dueDate ?? null, ...event.machinePayload } as CaseEvent;
    const result = applyCaseEvent(row.workflowSnapshot, machineEvent, row.workflowVersion);
    if (!result.ok && result.rule) {
      const message = REPLY_TYPE_RULE_MESSAGES[result.rule];
      throw new AppException('CASE_RULE_VIOLATION', [{ field: 'replyType', code: result.rule, message }], message);
    }
    if (!result.ok && result.legalReview) throw new AppException('LEGAL_OPINION_REQUIRED', undefined, LEGAL_REVIEW_MESSAGES[result.legalReview]);
    if (!result.ok) {
      throw new AppException('EVENT_NOT_ALLOWED', [{ field: 'type', code: 'NOT_ALLOWED_IN_STATE', message: `案件状态为“${CASE_STATUS_LABELS[row.status]}”，不能执行 ${event.type}` }]);
    }
    let payload = event.payload;
    // 分办: ASSIGN names the assignee; confirming or accepting a case nobody has may give it to the actor.
    let assigneeId = row.assigneeId;
    if (event.type === 'ASSIGN' && typeof event.machinePayload.assigneeId === 'string') assigneeId = event.machinePayload.assigneeId;
    else if (mode === 'live' && (event.type === 'CONFIRM_RECEIPT' || event.type === 'ACCEPT') && !row.assigneeId) {
      assigneeId = await this.assignment.defaultAssigneeOf(em, row.agencyId, settings, actor);
      if (assigneeId) payload = { ...payload, assigneeId };
    }
    // Whoever takes a case knows it; anyone given one by someone else is told.
    if (mode === 'live' && assigneeId && assigneeId !== row.assigneeId && assigneeId !== actor.id) {
      await this.notices.notify(em, [assigneeId], { caseId: row.id, kind: 'ASSIGNED', message: `${row.trackingNumber} 已分配给您承办` });
    }
    // 历史导入: only the effects import-mode.ts lets run, and their handlers see only those.
    const actions = mode === 'import' ? importModeActions(result.actions) : result.actions;
    for (const handler of this.effects.handlersFor(actions)) {
      const facts = await handler({ em, row, agency, events, event: { type: event.type, effectiveDate: event.effectiveDate, payload }, actions, clockAfter: after, actor, afterCommit });
      if (facts) payload = { ...payload, ...facts };
    }
    const appended = await this.cases.appendEvent(
      em,
      chainedEvent(row.id, events.at(-1), actor, { type: event.type, effectiveDate: event.effectiveDate, payload, reason: event.reason, backDated: event.backDated }, this.clock.now().toISOString()),
    );
    const context = restoreCaseSnapshot(result.snapshot, result.version).context;
    // 表三 counts a case by the day and the way it ended (workflow/closing.ts).
    const closing = closingFactsOf(isOpenCaseStatus(row.status), isOpenCaseStatus(result.status), event.type, event.effectiveDate, context);
    const changes: Partial<CaseEntity> = {
      ...caseProjection(after, result.status, today, context.overdue),
      ...closing,
      receiptDate,
      workflowSnapshot: result.snapshot,
      workflowVersion: result.version,
      version: row.version + 1,
      eventCount: appended.seq,
      lastEventHash: appended.hash,
      ...(assigneeId !== row.assigneeId ? { assigneeId } : {}),
    };
    await this.cases.updateCase(em, row.id, changes);
    // The row now stands as written (the caller answers from it); only updated_at, which no answer shows, is stale.
    Object.assign(row, changes);
    return after;
  }
}

/** Events apply in date order, never in the future; a back-dated one (补录) says why. */
function assertEffectiveDate(effectiveDate: string, today: string, events: CaseEventEntity[], reason: string | undefined): void {
  if (effectiveDate > today) throw AppException.invalidField('effectiveDate', 'DATE_IN_FUTURE', '日期不能晚于今天');
  const last = events.at(-1);
  if (last && effectiveDate < last.effectiveDate) {
    throw AppException.invalidField('effectiveDate', 'BEFORE_PREVIOUS_EVENT', `日期不能早于上一事件的日期（${last.effectiveDate}）`);
  }
  if (effectiveDate < today && !reason) throw AppException.invalidField('reason', 'REQUIRED', '补录（日期早于今天）须说明原因');
}

/** A date in a command beyond the working calendar's coverage: 422 on the field that carried it. */
function outsideCalendarException(e: OutsideCalendarError, payload: Record<string, unknown>): AppException {
  const field = Object.keys(payload).find((k) => payload[k] === e.date) ?? 'effectiveDate';
  return AppException.invalidField(field, 'DATE_OUTSIDE_CALENDAR', `日期超出工作日历的范围（${e.firstDate}至${e.lastDate}）`);
}
