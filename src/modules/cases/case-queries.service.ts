import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import type { CaseClock } from '../deadlines/domain/index.js';
import { CaseAccessPolicy, eventsVisibleTo } from './case-access.policy.js';
import { CaseClockReader } from './case-clock.service.js';
import type { CaseEventEntity } from './case-event.entity.js';
import type { CaseEntity } from './case.entity.js';
import { decodeCursor, encodeCursor, toCaseDto, toCaseSummary, toEventDto } from './case.mapper.js';
import { CasesRepository } from './cases.repository.js';
import type { CaseClockDto, CaseDto, CaseEventDto, CasePageDto, ChainVerificationDto } from './dto/case.dto.js';
import type { ListCasesQuery } from './dto/list-cases.query.js';
import { verifyEventChain } from './event-chain.js';

/** The read side of cases: detail, clock, events, chain check and the queue, each scoped to the caller. */
@Injectable()
export class CaseQueries {
  constructor(
    private readonly cases: CasesRepository,
    private readonly access: CaseAccessPolicy,
    private readonly clocks: CaseClockReader,
    private readonly clock: Clock,
  ) {}

  async get(user: AuthUser, id: string): Promise<CaseDto> {
    const row = await this.access.readable(user, id);
    return this.detailOf(user, row, await this.clocks.clockOf(row, await this.cases.events(row.id)));
  }

  /**
   * The detail of a case the caller may read, as `get` gives it, from a row and clock at hand: a command answers
   * with the case as it left it, without reading back its own writes.
   */
  detailOf(user: AuthUser, row: CaseEntity, clock: CaseClock | null): CaseDto {
    return toCaseDto(row, clock, user, this.clock.today());
  }

  /** A case the caller may see, with its events (404 otherwise): for modules that show parts of a case. */
  async readableCase(user: AuthUser, id: string): Promise<{ row: CaseEntity; events: CaseEventEntity[] }> {
    const row = await this.access.readable(user, id);
    return { row, events: await this.cases.events(row.id) };
  }

  async getClock(user: AuthUser, id: string): Promise<CaseClockDto> {
    const row = await this.access.readable(user, id);
    const clock = await this.clocks.clockOf(row, await this.cases.events(row.id));
    if (!clock) throw new AppException('CLOCK_NOT_STARTED');
    return clock;
  }

  async events(user: AuthUser, id: string): Promise<CaseEventDto[]> {
    const row = await this.access.readable(user, id);
    return eventsVisibleTo(user.role, (await this.cases.events(row.id)).map(toEventDto));
  }

  async verify(user: AuthUser, id: string): Promise<ChainVerificationDto> {
    const row = await this.access.readable(user, id);
    return verifyEventChain(await this.cases.events(row.id), row.lastEventHash);
  }

  /**
   * The queue, or with `trackingNumber` the one case of that number (open or not) if the caller may see it: an
   * empty page otherwise, as for any case outside the caller's scope.
   */
  async list(user: AuthUser, query: ListCasesQuery): Promise<CasePageDto> {
    const scope = await this.access.scopeOf(user);
    const limit = query.limit ?? 50;
    if (query.agencyId && scope.kind === 'agencies' && !scope.agencyIds.includes(query.agencyId)) return { items: [], nextCursor: null };
    const rows = await this.cases.queue(scope, {
      statuses: query.status,
      dueBefore: query.dueBefore,
      overdue: query.overdue,
      assigneeId: query.assignee === 'me' ? user.id : query.assignee,
      agencyId: query.agencyId,
      trackingNumber: query.trackingNumber,
      channel: query.channel,
      text: query.text?.trim() || undefined,
      after: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const today = this.clock.today();
    return {
      items: page.map((row) => toCaseSummary(row, today)),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }
}
