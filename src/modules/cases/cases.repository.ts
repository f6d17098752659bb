import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { preparedQuery } from '../../database/prepared-query.js';
import { transactionAwaitingWrites } from '../../database/writes-before-commit.js';
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

/**
 * A row written by the statement that opens a case (insertOpenedCase). `prior`: a query of one row run before the
 * tracking number is drawn (e.g. a quota that takes a lock), its CTE's name handed to `write`; `write`: the
 * data-modifying statement, given `param` to bind a value and the SQL expression of the new tracking number.
 */
export interface OpeningStatementPart {
  prior?: (param: (value: unknown) => string) => string;
  write: (param: (value: unknown) => string, trackingNumber: string, prior: string | null) => string;
}

/** Only this class touches the case tables; every method takes the transaction's EntityManager when it writes. */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** A use case's transaction; the files its rows name are durable before it commits (writeBeforeCommit). */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return transactionAwaitingWrites(this.dataSource, work);
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

  /**
   * Opens a case in ONE statement: the agency's next tracking number (as nextTrackingSequence), the case row, its
   * REGISTERED event and the caller's `companions` (statement parts, e.g. the acknowledgement's outbox row, given the
   * SQL expression of the tracking number). The number exists only inside the statement, so the event's hash is
   * computed there as well: the event's RFC 8785 canonical JSON arrives split around its tracking number (a JSON
   * string) and PostgreSQL hashes the joined text with SHA-256, byte for byte what hashEvent hashes. The agency's
   * tracking_sequence row, which serialises its applications, is thus held from this statement to COMMIT only.
   * `row` holds the case's columns but the tracking number and head hash; the caller gets the row back as stored
   * (with both, the columns' defaults and the timestamps). The statement is prepared (preparedQuery): its text
   * varies only with which columns are set and which companions come, every value is a parameter.
   */
  async insertOpenedCase(
    em: EntityManager,
    input: {
      agencyId: string;
      year: number;
      /** `{code}-{year}-`: the number is the prefix and the sequence, zero-padded to at least six digits. */
      trackingPrefix: string;
      row: CaseEntity;
      event: Omit<CaseEventEntity, 'id' | 'case' | 'payload' | 'hash' | 'caseId' | 'seq' | 'prevHash'>;
      /** The event's canonical JSON before and after its tracking number's JSON string. */
      canonical: readonly [string, string];
      companions?: readonly OpeningStatementPart[];
    },
  ): Promise<CaseEntity> {
    const params: unknown[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const driver = em.connection.driver;
    const metadata = em.connection.getMetadata(CaseEntity);
    const columns = metadata.columns.filter((c) => c.propertyName !== 'trackingNumber' && c.propertyName !== 'lastEventHash');
    const names: string[] = [];
    const values: string[] = [];
    // The request's words for the auditor's full-text search, as insertCase writes them.
    const searchVector = tsvectorLiteral(searchTokens(requestSearchText(input.row.requestTitle, input.row.requestDescription)));
    for (const column of columns) {
      const value: unknown = column.propertyName === 'searchVector' ? searchVector : column.getEntityValue(input.row);
      if (value === undefined) continue;
      names.push(`"${column.databaseName}"`);
      values.push(param(driver.preparePersistentValue(value, column)));
    }
    const e = input.event;
    const companions = input.companions ?? [];
    const tn = '(SELECT tracking_number FROM opening)';
    const returned = metadata.columns.filter((c) => c.isSelect).map((c) => `"${c.databaseName}"`).join(', ');
    // A part's prior query runs before the number is drawn (the number's row lock comes after any lock it takes).
    const priors = companions.flatMap((part, i) => (part.prior ? [`prior_${i} AS MATERIALIZED (${part.prior(param)})`] : []));
    const priorNames = companions.flatMap((part, i) => (part.prior ? [`prior_${i}`] : []));
    const sql = `WITH ${priors.map((p) => `${p},\n       `).join('')}seq AS (
         INSERT INTO tracking_sequence (agency_id, year, last_value)
         SELECT ${param(input.agencyId)}::uuid, ${param(input.year)}::int, 1${priorNames.length ? ` FROM ${priorNames.join(', ')}` : ''}
         ON CONFLICT (agency_id, year) DO UPDATE SET last_value = tracking_sequence.last_value + 1
         RETURNING last_value),
       numbered AS (
         SELECT ${param(input.trackingPrefix)}::text || lpad(last_value::text, greatest(6, length(last_value::text)), '0') AS tracking_number FROM seq),
       chained AS (
         SELECT tracking_number, ${param(input.canonical[0])}::text || to_jsonb(tracking_number)::text || ${param(input.canonical[1])}::text AS canonical FROM numbered),
       opening AS MATERIALIZED (
         SELECT tracking_number, canonical, encode(sha256(convert_to(canonical, 'UTF8')), 'hex') AS hash FROM chained),
       new_case AS (
         INSERT INTO case_file (${names.join(', ')}, tracking_number, last_event_hash)
         VALUES (${values.join(', ')}, ${tn}, (SELECT hash FROM opening))
         RETURNING ${returned}),
       new_event AS (
         INSERT INTO case_event (case_id, seq, type, effective_date, recorded_at, actor_id, actor_role, payload, reason, back_dated, prev_hash, hash)
         VALUES (${param(input.row.id)}, 1, ${param(e.type)}, ${param(e.effectiveDate)}, ${param(e.recordedAt)}, ${param(e.actorId)}, ${param(e.actorRole)},
                 (SELECT canonical::jsonb -> 'payload' FROM opening), ${param(e.reason)}, ${param(e.backDated)}, NULL, (SELECT hash FROM opening))
         RETURNING id)${companions.map((part, i) => `,\n       companion_${i} AS (${part.write(param, tn, part.prior ? `prior_${i}` : null)})`).join('')}
       SELECT * FROM new_case`;
    const [stored] = await preparedQuery<Record<string, unknown>>(em, sql, params);
    // Hydrated as TypeORM hydrates a selected row (its driver's conversions, column by column).
    const row = em.create(CaseEntity);
    for (const column of metadata.columns) {
      if (column.isSelect && column.databaseName in stored) column.setEntityValue(row, driver.prepareHydratedValue(stored[column.databaseName], column));
    }
    return row;
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
    // Plain SQL, prepared: this runs on every submission (the intake benchmark's hot path).
    return preparedQuery(
      em,
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
  async isReferredTo(caseId: string, advisorId: string, em: EntityManager = this.manager): Promise<boolean> {
    const rows: { referred: boolean }[] = await em.query('SELECT EXISTS (SELECT 1 FROM legal_referral WHERE case_id = $1 AND advisor_id = $2) AS referred', [caseId, advisorId]);
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
