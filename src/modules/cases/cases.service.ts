import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import type { CaseClock, ClockEvent, WorkingCalendar } from '../deadlines/domain/index.js';
import { CaseAssignment } from './case-assignment.service.js';
import { type CalendarMoveDto, CalendarRecomputeListener } from './calendar-recompute.listener.js';
import { CaseClockReader } from './case-clock.service.js';
import type { CaseEventEntity } from './case-event.entity.js';
import { CaseOpening, type OpenCaseSpec } from './case-opening.service.js';
import { caseProjection } from './case-projection.js';
import { CaseQueries } from './case-queries.service.js';
import type { CaseEntity } from './case.entity.js';
import { CasesRepository } from './cases.repository.js';
import { CaseCommandPipeline } from './commands/case-command.pipeline.js';
import { type Actor, type CaseEffectHandler, type CaseEffectOwner, CaseEffectsRegistry } from './commands/case-effects.registry.js';
import type { CaseEventCommandDto } from './dto/case-event-commands.dto.js';
import type { CaseClockDto, CaseDto, CaseEventDto, CasePageDto, ChainVerificationDto } from './dto/case.dto.js';
import type { ListCasesQuery } from './dto/list-cases.query.js';
import type { CaseEventType, RecordedDecisionType } from './workflow/case-event.js';
import type { CaseStatus } from './workflow/case-status.js';
import type { CaseSideEffect } from './workflow/case.machine.js';
import { ImportedCaseOpening, type ImportedCaseSpec } from './imported-case-opening.service.js';

export type { Actor, CaseEffectContext, CaseEffectHandler } from './commands/case-effects.registry.js';
export type { CalendarMoveDto } from './calendar-recompute.listener.js';
export { REGISTERED_EVENT, type OpenCaseSpec } from './case-opening.service.js';
export { nextCheckDate } from './case-projection.js';
export { withoutContactDetails } from './case-access.policy.js';
export type { ImportedCaseSpec } from './imported-case-opening.service.js';

/**
 * The public face of the cases module for the other modules and the controller. Each method hands over to the part
 * that does the job: CaseOpening (new cases), CaseQueries (reads, scoped by CaseAccessPolicy), CaseCommandPipeline
 * (events), CaseClockReader (the statutory clock), CaseEffectsRegistry (side effects owned by other modules).
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly opening: CaseOpening,
    private readonly queries: CaseQueries,
    private readonly pipeline: CaseCommandPipeline,
    private readonly clocks: CaseClockReader,
    private readonly assignment: CaseAssignment,
    private readonly effects: CaseEffectsRegistry,
    private readonly calendarRecompute: CalendarRecomputeListener,
    private readonly importedOpening: ImportedCaseOpening,
  ) {}

  /** 历史导入: opens an imported case inside the import's transaction (no default assignment, no notice). */
  openImportedCase(em: EntityManager, spec: ImportedCaseSpec): Promise<CaseEntity> {
    return this.importedOpening.open(em, spec);
  }

  /** 历史导入: one historical event through the statechart and clock, side effects in import mode. */
  applyImportedEvent(em: EntityManager, row: CaseEntity, actor: Actor, dto: CaseEventCommandDto, effectiveDate: string, facts: Record<string, unknown>): Promise<CaseClock | null> {
    return this.pipeline.applyImportedEvent(em, row, actor, dto, effectiveDate, facts);
  }

  /** The open cases a proposed working calendar would move, without writing anything (the import preview). */
  dueDatesUnderCalendar(calendar: WorkingCalendar): Promise<CalendarMoveDto[]> {
    return this.calendarRecompute.dueDatesUnderCalendar(calendar);
  }

  /** A module's handler for the side effects of the statechart it owns (exactly one handler per effect). */
  registerEffect(owner: CaseEffectOwner, effects: readonly CaseSideEffect[], handler: CaseEffectHandler): void {
    this.effects.register(owner, effects, handler);
  }

  openCase(em: EntityManager, spec: OpenCaseSpec): Promise<CaseEntity> {
    return this.opening.openCase(em, spec);
  }

  /** A case opened by one statement, for a use case with nothing else to write (CaseOpening.openCaseAlone). */
  openCaseAlone(spec: OpenCaseSpec): Promise<CaseEntity> {
    return this.opening.openCaseAlone(spec);
  }

  earlierRequestsOf(em: EntityManager | null, agencyId: string, applicantKey: string, since: string) {
    return this.opening.earlierRequestsOf(em, agencyId, applicantKey, since);
  }

  recordReceiptBasis(em: EntityManager, row: CaseEntity, receiptBasis: string, confirmation: string): Promise<void> {
    return this.opening.recordReceiptBasis(em, row, receiptBasis, confirmation);
  }

  /** A case by id, unscoped: for background work on a case it was handed (no caller to authorise). */
  findById(id: string): Promise<CaseEntity | null> {
    return this.cases.findById(id);
  }

  findByTrackingNumber(trackingNumber: string): Promise<CaseEntity | null> {
    return this.cases.findByTrackingNumber(trackingNumber);
  }

  /** The events of a case, unscoped: for the public status lookup, after the query code was checked. */
  eventsOf(row: CaseEntity): Promise<CaseEventEntity[]> {
    return this.cases.events(row.id);
  }

  /** The deadline picture the status page explains in plain words (pauses, extensions, correction window). */
  async publicClock(row: CaseEntity): Promise<CaseClock | null> {
    return this.clocks.clockOf(row, await this.cases.events(row.id));
  }

  /** Runs a use case in one transaction (intake needs the case opened, attachments linked and mail queued together). */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.cases.transaction(work);
  }

  assertHandlerOf(agencyId: string, userId: string, field: string): Promise<void> {
    return this.assignment.assertHandlerOf(agencyId, userId, field);
  }

  /** The statutory clock of a case; null while its receipt date is not yet fixed (awaiting confirmation). */
  clockOf(row: CaseEntity, events: readonly (CaseEventEntity | ClockEvent)[], calendar?: WorkingCalendar, em?: EntityManager): Promise<CaseClock | null> {
    return this.clocks.clockOf(row, events, calendar, em);
  }

  /** clockOf with the agency's settings at hand (no read). */
  clockUnder(settings: Record<string, unknown> | null, row: CaseEntity, events: readonly (CaseEventEntity | ClockEvent)[]): Promise<CaseClock | null> {
    return this.clocks.clockUnder(settings, row, events);
  }

  get(user: AuthUser, id: string): Promise<CaseDto> {
    return this.queries.get(user, id);
  }

  /** A case the caller has just opened, as `get` gives it, from the opened row (a new case's clock needs no read). */
  async openedCaseDetail(user: AuthUser, row: CaseEntity, settings: Record<string, unknown> | null): Promise<CaseDto> {
    return this.queries.detailOf(user, row, row.receiptDate ? await this.clocks.openingClock(row.receiptDate, settings) : null);
  }

  readableCase(user: AuthUser, id: string): Promise<{ row: CaseEntity; events: CaseEventEntity[] }> {
    return this.queries.readableCase(user, id);
  }

  getClock(user: AuthUser, id: string): Promise<CaseClockDto> {
    return this.queries.getClock(user, id);
  }

  events(user: AuthUser, id: string): Promise<CaseEventDto[]> {
    return this.queries.events(user, id);
  }

  verify(user: AuthUser, id: string): Promise<ChainVerificationDto> {
    return this.queries.verify(user, id);
  }

  list(user: AuthUser, query: ListCasesQuery): Promise<CasePageDto> {
    return this.queries.list(user, query);
  }

  /** POST /cases/:id/events: the command in one transaction, then the case as it left it, as the caller sees it. */
  async applyEvent(user: AuthUser, id: string, command: CaseEventCommandDto): Promise<CaseDto> {
    const { row, clock } = await this.pipeline.applyEvent(user, id, command);
    return this.queries.detailOf(user, row, clock);
  }

  applyApplicantEvent(row: CaseEntity, command: CaseEventCommandDto): Promise<void> {
    return this.pipeline.applyApplicantEvent(row, command);
  }

  withdrawByApplicant(caseId: string, reason: string | undefined): Promise<void> {
    return this.pipeline.withdrawByApplicant(caseId, reason);
  }

  applySystemEvent(em: EntityManager, row: CaseEntity, type: CaseEventType, payload: Record<string, unknown>, effectiveDate: string, calendar?: WorkingCalendar): Promise<boolean> {
    return this.pipeline.applySystemEvent(em, row, type, payload, effectiveDate, calendar);
  }

  /** A decision another module took about these cases, on each one's log in the caller's transaction (条例第四十四条). */
  recordDecision(em: EntityManager, user: AuthUser, caseIds: readonly string[], type: RecordedDecisionType, payload: Record<string, unknown>): Promise<void> {
    return this.pipeline.recordDecision(em, user, caseIds, type, payload);
  }

  /** The denormalised, indexed view of the clock on the case row (see case-projection.ts). */
  projection(clock: CaseClock | null, status: CaseStatus, today: string, stickyOverdue = false, checkedThrough?: string): Partial<CaseEntity> {
    return caseProjection(clock, status, today, stickyOverdue, checkedThrough);
  }
}
