import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ReadDatabase } from '../../database/read-database.js';
import type { DataSource } from 'typeorm';
import type { AnnualReportRow } from '../letters/reply-types.js';
import { closingTypesOfRow, type TableThreeAggregate } from './domain/table-three.js';
import { PublishedReportEntity } from './published-report.entity.js';

export interface CellCase {
  id: string;
  trackingNumber: string;
  agencyId: string;
  receiptDate: string | null;
  closedOn: string | null;
  closingType: string | null;
  applicantCategory: string | null;
}

export interface CaseAnomaly {
  id: string;
  trackingNumber: string;
  problem: 'CLOSED_WITHOUT_DATE' | 'CLOSED_WITHOUT_TYPE' | 'NO_CATEGORY';
}

const yearBounds = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

/**
 * The cases that matter to year Y: received by 31 December Y and not concluded before 1 January Y. A concluded
 * case without a closing date is kept (it lands in 二 or 一 but in neither 三 nor 四, so the balance check names it).
 */
const IN_YEAR = `c.agency_id = ANY($1::uuid[]) AND c.receipt_date <= $3 AND (c.is_open OR c.closed_on IS NULL OR c.closed_on >= $2)`;

/** Only this class reads the report's tables. */
@Injectable()
export class ReportsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    /** Statistics and the annual report's tables: the read replica when one is configured (a few seconds' lag is fine). */
    private readonly reads: ReadDatabase,
  ) {}

  /**
   * 表三 in one aggregate: per agency × applicant category × closing type the four counts, plus (for several
   * agencies) the rollup over all of them (GROUPING SETS), which the subtree check compares with their sum.
   */
  async tableThreeAggregate(agencyIds: readonly string[], year: number): Promise<TableThreeAggregate[]> {
    const [start, end] = yearBounds(year);
    const rows: { agency_id: string | null; g: number; category: string | null; closing_type: string | null; received: string; carried_in: string; closed: string; carried_out: string }[] = await this.reads.query(
      `SELECT c.agency_id, GROUPING(c.agency_id) AS g, c.applicant_category AS category, c.closing_type,
              count(*) FILTER (WHERE c.receipt_date >= $2) AS received,
              count(*) FILTER (WHERE c.receipt_date < $2) AS carried_in,
              count(*) FILTER (WHERE c.closed_on BETWEEN $2 AND $3) AS closed,
              count(*) FILTER (WHERE c.is_open OR c.closed_on > $3) AS carried_out
         FROM case_file c
        WHERE ${IN_YEAR}
        GROUP BY ${agencyIds.length > 1 ? 'GROUPING SETS ((c.agency_id, c.applicant_category, c.closing_type), (c.applicant_category, c.closing_type))' : 'c.agency_id, c.applicant_category, c.closing_type'}`,
      [agencyIds, start, end],
    );
    // One agency: its own rows are the rollup (no second grouping set to pay for).
    if (agencyIds.length === 1) rows.push(...rows.map((r) => ({ ...r, g: 1 })));
    return rows.map((r) => ({
      agencyId: r.g ? null : r.agency_id,
      category: r.category,
      closingType: r.closing_type,
      received: Number(r.received),
      carriedIn: Number(r.carried_in),
      closed: Number(r.closed),
      carriedOut: Number(r.carried_out),
    }));
  }

  /** The cases behind one cell of 表三 (row code, applicant category or TOTAL), in tracking-number order. */
  async cellCases(agencyIds: readonly string[], year: number, row: string, column: string): Promise<CellCase[]> {
    const [start, end] = yearBounds(year);
    const params: unknown[] = [agencyIds, start, end];
    const where: string[] = [IN_YEAR];
    if (column !== 'TOTAL') {
      params.push(column);
      where.push(`c.applicant_category = $${params.length}`);
    }
    if (row === '一') where.push('c.receipt_date >= $2');
    else if (row === '二') where.push('c.receipt_date < $2');
    else if (row === '四') where.push('(c.is_open OR c.closed_on > $3)');
    else {
      where.push('c.closed_on BETWEEN $2 AND $3');
      if (row !== '三(七)') {
        const rows = /^三\([三四五六]\)$/.test(row) ? (['1', '2', '3', '4', '5', '6', '7', '8'].map((n) => `${row}${n}`) as AnnualReportRow[]) : [row as AnnualReportRow];
        const types = new Set<string>();
        let manual = false;
        for (const r of rows) {
          const m = closingTypesOfRow(r);
          m.types.forEach((t) => types.add(t));
          manual ||= m.manualCloses;
        }
        params.push([...types]);
        where.push(`(c.closing_type = ANY($${params.length}::varchar[])${manual ? ` OR c.closing_type LIKE 'CLOSED\\_%'` : ''})`);
      }
    }
    const rows: { id: string; tracking_number: string; agency_id: string; receipt_date: string | null; closed_on: string | null; closing_type: string | null; applicant_category: string | null }[] =
      await this.reads.query(
        `SELECT c.id, c.tracking_number, c.agency_id, to_char(c.receipt_date, 'YYYY-MM-DD') AS receipt_date, to_char(c.closed_on, 'YYYY-MM-DD') AS closed_on, c.closing_type, c.applicant_category
           FROM case_file c WHERE ${where.join(' AND ')} ORDER BY c.tracking_number`,
        params,
      );
    return rows.map((r) => ({ id: r.id, trackingNumber: r.tracking_number, agencyId: r.agency_id, receiptDate: r.receipt_date, closedOn: r.closed_on, closingType: r.closing_type, applicantCategory: r.applicant_category }));
  }

  /** Cases that break the table's identities: concluded without a closing date or type, or without an applicant category. */
  async anomalies(agencyIds: readonly string[], year: number, knownTypes: readonly string[], categories: readonly string[]): Promise<CaseAnomaly[]> {
    const [start, end] = yearBounds(year);
    const rows: { id: string; tracking_number: string; problem: CaseAnomaly['problem'] }[] = await this.reads.query(
      `SELECT c.id, c.tracking_number,
              CASE WHEN NOT c.is_open AND c.closed_on IS NULL THEN 'CLOSED_WITHOUT_DATE'
                   WHEN c.closed_on BETWEEN $2 AND $3 AND (c.closing_type IS NULL OR NOT (c.closing_type = ANY($4::varchar[]) OR c.closing_type LIKE 'CLOSED\\_%')) THEN 'CLOSED_WITHOUT_TYPE'
                   ELSE 'NO_CATEGORY' END AS problem
         FROM case_file c
        WHERE ${IN_YEAR}
          AND ((NOT c.is_open AND c.closed_on IS NULL)
            OR (c.closed_on BETWEEN $2 AND $3 AND (c.closing_type IS NULL OR NOT (c.closing_type = ANY($4::varchar[]) OR c.closing_type LIKE 'CLOSED\\_%')))
            OR c.applicant_category IS NULL OR NOT (c.applicant_category = ANY($5::varchar[])))
        ORDER BY c.tracking_number LIMIT 1000`,
      [agencyIds, start, end, knownTypes, categories],
    );
    return rows.map((r) => ({ id: r.id, trackingNumber: r.tracking_number, problem: r.problem }));
  }

  /**
   * Operational statistics over agencies and a period, each figure one aggregate (counts, never case lists). The
   * period figures read the trigger-maintained totals in case_statistics (a few thousand rows for a million
   * cases); the open-case figures read the open cases once, from a partial index holding every column they need.
   */
  async statistics(agencyIds: readonly string[], from: string, to: string, today: string, soon: string, replyTypes: readonly string[]) {
    const q = <T>(sql: string, params: unknown[]) => this.reads.query<T[]>(sql, params);
    const [received, openLoad, durations, mix, rates, legalLoad, legalTurnaround] = await Promise.all([
      q<{ month: string; channel: string; count: string }>(
        `SELECT to_char(receipt_date, 'YYYY-MM') AS month, channel, sum(cases) AS count FROM case_statistics
          WHERE agency_id = ANY($1::uuid[]) AND receipt_date BETWEEN $2 AND $3 GROUP BY 1, 2 HAVING sum(cases) > 0 ORDER BY 1, 2`,
        [agencyIds, from, to],
      ),
      // The open cases once, per agency × status × officer, through IDX_case_file_open_load alone (an index-only scan):
      // the counts per status and the overdue / due-soon load per officer are both sums of these rows.
      q<{ agency_id: string; agency_name: string; status: string; assignee_id: string | null; officer: string | null; open: string; overdue: string; due_soon: string }>(
        `WITH open AS (
           SELECT agency_id, status, assignee_id, count(*) AS open,
                  count(*) FILTER (WHERE overdue OR due_date < $2) AS overdue,
                  count(*) FILTER (WHERE NOT overdue AND due_date BETWEEN $2 AND $3) AS due_soon
             FROM case_file WHERE agency_id = ANY($1::uuid[]) AND is_open
            GROUP BY agency_id, status, assignee_id)
         SELECT o.agency_id, a.name AS agency_name, o.status, o.assignee_id, u.display_name AS officer, o.open, o.overdue, o.due_soon
           FROM open o JOIN agency a ON a.id = o.agency_id LEFT JOIN app_user u ON u.id = o.assignee_id`,
        [agencyIds, today, soon],
      ),
      q<{ receipt_date: string; replied_on: string; count: string; late: string }>(
        `SELECT to_char(receipt_date, 'YYYY-MM-DD') AS receipt_date, to_char(closed_on, 'YYYY-MM-DD') AS replied_on, sum(cases) AS count, coalesce(sum(cases) FILTER (WHERE overdue), 0) AS late
           FROM case_statistics WHERE agency_id = ANY($1::uuid[]) AND closed_on BETWEEN $2 AND $3 AND closing_type = ANY($4::varchar[]) AND receipt_date <> 'infinity'
          GROUP BY 1, 2 HAVING sum(cases) > 0`,
        [agencyIds, from, to, replyTypes],
      ),
      q<{ closing_type: string | null; count: string }>(
        `SELECT nullif(closing_type, '') AS closing_type, sum(cases) AS count FROM case_statistics WHERE agency_id = ANY($1::uuid[]) AND closed_on BETWEEN $2 AND $3
          GROUP BY 1 HAVING sum(cases) > 0 ORDER BY 2 DESC`,
        [agencyIds, from, to],
      ),
      q<{ received: string; corrected: string; extended: string }>(
        `SELECT coalesce(sum(cases), 0) AS received, coalesce(sum(corrected), 0) AS corrected, coalesce(sum(extended), 0) AS extended
           FROM case_statistics WHERE agency_id = ANY($1::uuid[]) AND receipt_date BETWEEN $2 AND $3`,
        [agencyIds, from, to],
      ),
      // 法律顾问会商: referrals still waiting for an opinion, per advisor, with those answered in the period.
      q<{ advisor_id: string; advisor: string | null; pending: string; answered: string }>(
        `SELECT r.advisor_id, u.display_name AS advisor,
                count(*) FILTER (WHERE r.answered_on IS NULL) AS pending,
                count(*) FILTER (WHERE r.answered_on BETWEEN $2 AND $3) AS answered
           FROM legal_referral r JOIN case_file c ON c.id = r.case_id LEFT JOIN app_user u ON u.id = r.advisor_id
          WHERE c.agency_id = ANY($1::uuid[]) AND (r.answered_on IS NULL OR r.answered_on BETWEEN $2 AND $3)
          GROUP BY r.advisor_id, u.display_name ORDER BY 3 DESC, 4 DESC`,
        [agencyIds, from, to],
      ),
      q<{ referred_on: string; answered_on: string; count: string }>(
        `SELECT to_char(r.referred_on, 'YYYY-MM-DD') AS referred_on, to_char(r.answered_on, 'YYYY-MM-DD') AS answered_on, count(*) AS count
           FROM legal_referral r JOIN case_file c ON c.id = r.case_id
          WHERE c.agency_id = ANY($1::uuid[]) AND r.answered_on BETWEEN $2 AND $3 GROUP BY 1, 2`,
        [agencyIds, from, to],
      ),
    ]);
    return { received, ...openFigures(openLoad), durations, mix, rates: rates[0], legalLoad, legalTurnaround };
  }

  findPublished(agencyId: string, year: number, subtree: boolean): Promise<PublishedReportEntity | null> {
    return this.dataSource.getRepository(PublishedReportEntity).findOneBy({ agencyId, year, subtree });
  }

  /** Inserts the frozen figures; a second publication of the same report is refused by the unique index. */
  async insertPublished(entry: Omit<PublishedReportEntity, 'id' | 'publishedAt'>): Promise<PublishedReportEntity | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO published_annual_report (agency_id, year, subtree, figures, explanation, published_by_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (agency_id, year, subtree) DO NOTHING RETURNING id`,
      [entry.agencyId, entry.year, entry.subtree, JSON.stringify(entry.figures), entry.explanation, entry.publishedById],
    );
    return rows.length ? this.dataSource.getRepository(PublishedReportEntity).findOneBy({ id: rows[0].id }) : null;
  }
}

interface OpenLoadRow {
  agency_id: string;
  agency_name: string;
  status: string;
  assignee_id: string | null;
  officer: string | null;
  open: string;
  overdue: string;
  due_soon: string;
}

/**
 * The open cases per status, and per agency and officer those overdue (flagged, or past the due date) or due soon,
 * only where there is any, most overdue first: both summed from the one aggregate over the open cases.
 */
function openFigures(rows: readonly OpenLoadRow[]) {
  const byStatus = new Map<string, number>();
  const byOfficer = new Map<string, { agency_id: string; agency_name: string; assignee_id: string | null; officer: string | null; overdue: number; due_soon: number }>();
  for (const r of rows) {
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + Number(r.open));
    const key = `${r.agency_id}|${r.assignee_id ?? ''}`;
    const o = byOfficer.get(key) ?? { agency_id: r.agency_id, agency_name: r.agency_name, assignee_id: r.assignee_id, officer: r.officer, overdue: 0, due_soon: 0 };
    o.overdue += Number(r.overdue);
    o.due_soon += Number(r.due_soon);
    byOfficer.set(key, o);
  }
  return {
    open: [...byStatus].map(([status, count]) => ({ status, count: String(count) })),
    officers: [...byOfficer.values()]
      .filter((o) => o.overdue + o.due_soon > 0)
      .sort((x, y) => y.overdue - x.overdue || y.due_soon - x.due_soon)
      .map((o) => ({ ...o, overdue: String(o.overdue), due_soon: String(o.due_soon) })),
  };
}
