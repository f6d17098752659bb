import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { searchTokens, tsvectorLiteral } from '../../common/text/search-text.js';
import { CaseEventEntity } from './case-event.entity.js';
import type { CaseScope } from './case-scope.js';
import { CaseEntity, requestSearchText } from './case.entity.js';
import type { CaseStatus } from './workflow/case-status.js';

export interface QueueFilter {
  statuses?: CaseStatus[];
  dueBefore?: string;
  overdue?: boolean;
  assigneeId?: string;
  agencyId?: string;
  /** One case by its tracking number, open or closed (staff looking a case up from a letter or a call). */
  trackingNumber?: string;
  channel?: string;
  /** A tracking number (exact), or words of the applicant's name or the request. */
  text?: string;
  after?: { queueDueDate: string; id: string };
  limit: number;
}

/** Only this class touches the case tables; every method takes the transaction's EntityManager when it writes. */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Next tracking sequence for the agency and year; gap-free because it rolls back with the transaction. */
  async nextTrackingSequence(em: EntityManager, agencyId: string, year: number): Promise<number> {
    const rows = await em.query<{ last_value: number }[]>(
      `INSERT INTO tracking_sequence (agency_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (agency_id, year) DO UPDATE SET last_value = tracking_sequence.last_value + 1
       RETURNING last_value`,
      [agencyId, year],
    );
    return rows[0].last_value;
  }

  findById(id: string, em: EntityManager = this.manager): Promise<CaseEntity | null> {
    return em.findOneBy(CaseEntity, { id });
  }

  /** Row lock for the duration of the command's transaction: concurrent commands on one case serialise. */
  lockById(em: EntityManager, id: string): Promise<CaseEntity | null> {
    return em.getRepository(CaseEntity).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
  }

  /** Locks a case only if no other transaction holds it (for the scheduler: several instances, no waiting). */
  lockIfFree(em: EntityManager, id: string): Promise<CaseEntity | null> {
    return em
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('c.id = :id', { id })
      .getOne();
  }

  /** The applicant's cases at one agency since a date, newest first (repeat hints). */
  findByApplicantKey(em: EntityManager, agencyId: string, applicantKey: string, since: string): Promise<Pick<CaseEntity, 'id' | 'trackingNumber' | 'requestDescription' | 'receiptDate' | 'submittedAt' | 'createdAt'>[]> {
    // Plain SQL: this runs on every submission (the intake benchmark's hot path).
    return em.query(
      `SELECT id, tracking_number AS "trackingNumber", request_description AS "requestDescription", receipt_date AS "receiptDate",
              submitted_at AS "submittedAt", created_at AS "createdAt"
         FROM case_file WHERE agency_id = $1 AND applicant_key = $2 AND created_at >= $3
        ORDER BY created_at DESC LIMIT 200`,
      [agencyId, applicantKey, since],
    );
  }

  /**
   * 国办函〔2020〕109号第四条: the place of a case among its applicant's applications to the agency received in the same
   * calendar month (1 = the first), counted through the keyed applicant hash; same-day cases in the order created.
   */
  async placeInApplicantMonth(em: EntityManager, row: Pick<CaseEntity, 'id' | 'agencyId' | 'applicantKey' | 'receiptDate'>): Promise<number> {
    if (!row.applicantKey || !row.receiptDate) return 1;
    const monthStart = `${row.receiptDate.slice(0, 7)}-01`;
    const [{ n }] = await em.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM case_file
        WHERE agency_id = $1 AND applicant_key = $2 AND receipt_date >= $3
          AND (receipt_date < $4 OR (receipt_date = $4 AND created_at <= (SELECT created_at FROM case_file WHERE id = $5)))`,
      [row.agencyId, row.applicantKey, monthStart, row.receiptDate, row.id],
    );
    return Math.max(1, Number(n));
  }

  findByTrackingNumber(trackingNumber: string): Promise<CaseEntity | null> {
    return this.manager.findOneBy(CaseEntity, { trackingNumber });
  }

  events(caseId: string, em: EntityManager = this.manager): Promise<CaseEventEntity[]> {
    return em.find(CaseEventEntity, { where: { caseId }, order: { seq: 'ASC' } });
  }

  /** A new case row (its id given): one INSERT, the generated columns read back by RETURNING. */
  async insertCase(em: EntityManager, fields: Partial<CaseEntity> & { id: string }): Promise<CaseEntity> {
    const row = em.create(CaseEntity, { ...fields, searchVector: tsvectorLiteral(searchTokens(requestSearchText(fields.requestTitle, fields.requestDescription))) });
    await em.insert(CaseEntity, row as Parameters<EntityManager['insert']>[1]);
    return row;
  }

  async updateCase(em: EntityManager, id: string, fields: Partial<CaseEntity>): Promise<void> {
    await em.update(CaseEntity, { id }, fields as Parameters<EntityManager['update']>[2]);
  }

  async appendEvent(em: EntityManager, event: Omit<CaseEventEntity, 'id' | 'case'>): Promise<CaseEventEntity> {
    const row = em.create(CaseEventEntity, event);
    await em.insert(CaseEventEntity, row as Parameters<EntityManager['insert']>[1]);
    return row;
  }

  /** The legal module's referral table, read by name like the advisor scope below (cases does not import legal). */
  async isReferredTo(caseId: string, advisorId: string): Promise<boolean> {
    const rows: { referred: boolean }[] = await this.manager.query('SELECT EXISTS (SELECT 1 FROM legal_referral WHERE case_id = $1 AND advisor_id = $2) AS referred', [caseId, advisorId]);
    return rows[0]?.referred === true;
  }

  /** The officer queue: ordered by due date (paused cases last), keyset-paginated on (due date, id). */
  queue(scope: CaseScope, filter: QueueFilter): Promise<CaseEntity[]> {
    const qb = this.manager.getRepository(CaseEntity).createQueryBuilder('c');
    this.applyScope(qb, scope);
    if (filter.trackingNumber !== undefined) qb.andWhere('c.tracking_number = :trackingNumber', { trackingNumber: filter.trackingNumber });
    if (filter.statuses?.length) qb.andWhere('c.status IN (:...statuses)', { statuses: filter.statuses });
    else if (filter.trackingNumber === undefined) qb.andWhere('c.is_open');
    if (filter.agencyId) qb.andWhere('c.agency_id = :agencyId', { agencyId: filter.agencyId });
    if (filter.dueBefore) qb.andWhere('c.due_date <= :dueBefore', { dueBefore: filter.dueBefore });
    if (filter.overdue !== undefined) qb.andWhere('c.overdue = :overdue', { overdue: filter.overdue });
    if (filter.assigneeId) qb.andWhere('c.assignee_id = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter.channel) qb.andWhere('c.channel = :channel', { channel: filter.channel });
    if (filter.text) {
      const like = `%${filter.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere('(c.tracking_number = :textExact OR c.applicant_name ILIKE :textLike OR c.request_title ILIKE :textLike OR c.request_description ILIKE :textLike)', { textExact: filter.text.toUpperCase(), textLike: like });
    }
    if (filter.after) qb.andWhere('(c.queue_due_date, c.id) > (:afterDue, :afterId)', { afterDue: filter.after.queueDueDate, afterId: filter.after.id });
    return qb.orderBy('c.queue_due_date', 'ASC').addOrderBy('c.id', 'ASC').limit(filter.limit).getMany();
  }

  /** Open cases, locked, for recomputation after a calendar change. */
  openCasesForUpdate(em: EntityManager): Promise<CaseEntity[]> {
    return em.getRepository(CaseEntity).createQueryBuilder('c').setLock('pessimistic_write').where('c.is_open').orderBy('c.id').getMany();
  }

  /** Open cases, unlocked and in due-date order: what a calendar-import preview recomputes (it writes nothing). */
  openCases(): Promise<CaseEntity[]> {
    return this.manager.getRepository(CaseEntity).createQueryBuilder('c').where('c.is_open').orderBy('c.queue_due_date', 'ASC').addOrderBy('c.id', 'ASC').getMany();
  }

  /** Ids of open cases the scheduler must look at today. */
  async dueForCheck(today: string, limit: number): Promise<string[]> {
    const rows = await this.manager.query<{ id: string }[]>(
      `SELECT id FROM case_file WHERE next_check_date IS NOT NULL AND next_check_date <= $1 ORDER BY next_check_date, id LIMIT $2`,
      [today, limit],
    );
    return rows.map((r) => r.id);
  }

  private applyScope(qb: SelectQueryBuilder<CaseEntity>, scope: CaseScope): void {
    switch (scope.kind) {
      case 'all':
        return;
      case 'agencies':
        qb.andWhere('c.agency_id IN (:...scopeAgencies)', { scopeAgencies: scope.agencyIds });
        return;
      case 'referredTo':
        qb.andWhere('c.id IN (SELECT r.case_id FROM legal_referral r WHERE r.advisor_id = :advisorId)', { advisorId: scope.advisorId });
        return;
      case 'applicant':
        qb.andWhere('c.applicant_user_id = :applicantId', { applicantId: scope.userId });
        return;
      case 'none':
        qb.andWhere('false');
    }
  }
}
