import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { REPLY_TYPES } from '../letters/reply-types.js';
import {
  buildTableThree,
  CATEGORY_COLUMNS,
  checkCarryOver,
  checkSubtree,
  checkTableThree,
  diffTables,
  rowLabel,
  TABLE_THREE_COLUMNS,
  TABLE_THREE_HEADER,
  TABLE_THREE_ROWS,
  TABLE_THREE_TITLE,
  type CheckResult,
  type TableThreeCells,
} from './domain/table-three.js';
import { computeTableFour, REMEDY_RECORD_SOURCE, TABLE_FOUR_COLUMNS, TABLE_FOUR_GROUPS, TABLE_FOUR_TITLE, type RemedyRecordSource, type TableFour } from './domain/table-four.js';
import { ReportsRepository, type CaseAnomaly, type CellCase } from './reports.repository.js';

export interface ReportScope {
  agencyId: string;
  year: number;
  subtree?: boolean;
}

export interface ReportCheck extends CheckResult {
  /** The cases that make a failing check fail (tracking numbers, for the office to fix). */
  cases?: { id: string; trackingNumber: string }[];
}

export interface AnnualReport {
  agency: { id: string; name: string };
  year: number;
  subtree: boolean;
  agencies: { id: string; name: string; received: number; carriedIn: number; closed: number; carriedOut: number }[];
  tableThree: {
    title: string;
    header: typeof TABLE_THREE_HEADER;
    columns: { code: string; label: string }[];
    rows: { code: string; label: string; part: string; group: string | null; item: string | null; kind: string; cells: Record<string, number> }[];
  };
  tableFour: { title: string; columns: { code: string; label: string }[]; groups: { kind: string; label: string; parent: string; cells: Record<string, number> }[] };
  checks: ReportCheck[];
  /** Every check held, or the published report explains why not: the report may be exported as final. */
  ok: boolean;
  published: { publishedAt: string; explanation: string | null; reconciliation: { row: string; column: string; published: number; current: number; label: string }[] } | null;
}

const PROBLEM_OF_CHECK: Record<string, CaseAnomaly['problem'] | undefined> = { BALANCE: 'CLOSED_WITHOUT_DATE', RESULTS_SUM: 'CLOSED_WITHOUT_TYPE', COLUMNS_SUM: 'NO_CATEGORY' };

@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly agencies: AgenciesRepository,
    @Inject(REMEDY_RECORD_SOURCE) private readonly remedies: RemedyRecordSource,
  ) {}

  /**
   * The agencies a report covers, if the caller may read them all: admins any; auditors their subtree (all
   * without an agency); office heads their own agency. An agency outside the caller's reach answers 404.
   */
  async agencyIds(user: AuthUser, scope: ReportScope): Promise<string[]> {
    const agency = await this.agencies.findById(scope.agencyId);
    if (!agency) throw AppException.notFound();
    const ids = scope.subtree ? await this.agencies.findSubtreeIds(scope.agencyId) : [scope.agencyId];
    if (user.role === Role.ADMIN || (user.role === Role.AUDITOR && !user.agencyId)) return ids;
    const reach = user.role === Role.AUDITOR ? new Set(await this.agencies.findSubtreeIds(user.agencyId!)) : user.role === Role.OFFICE_HEAD && user.agencyId ? new Set([user.agencyId]) : new Set<string>();
    if (!reach.has(scope.agencyId)) throw AppException.notFound();
    if (ids.some((id) => !reach.has(id))) throw AppException.forbidden('汇总范围包含您无权查看的下级机关');
    return ids;
  }

  /** The agencies the caller may report on (the same reach as agencyIds), with whether each has agencies below it. */
  async reachableAgencies(user: AuthUser): Promise<{ id: string; name: string; code: string; hasChildren: boolean }[]> {
    const all = await this.agencies.findAll();
    let reach: Set<string> | null = null;
    if (user.role === Role.OFFICE_HEAD) reach = new Set(user.agencyId ? [user.agencyId] : []);
    else if (user.role === Role.AUDITOR && user.agencyId) reach = new Set(await this.agencies.findSubtreeIds(user.agencyId));
    else if (user.role !== Role.ADMIN && user.role !== Role.AUDITOR) reach = new Set();
    const parents = new Set(all.map((a) => a.parentId).filter((id): id is string => !!id));
    return all.filter((a) => !reach || reach.has(a.id)).map((a) => ({ id: a.id, name: a.name, code: a.code, hasChildren: parents.has(a.id) }));
  }

  async annual(user: AuthUser, scope: ReportScope): Promise<AnnualReport> {
    const ids = await this.agencyIds(user, scope);
    return this.compute(ids, scope);
  }

  /** The cases behind one cell (the same scope rules as the report). */
  async cell(user: AuthUser, scope: ReportScope & { row: string; column: string }): Promise<{ row: string; column: string; count: number; cases: CellCase[] }> {
    const ids = await this.agencyIds(user, scope);
    const cases = await this.reports.cellCases(ids, scope.year, scope.row, scope.column);
    return { row: scope.row, column: scope.column, count: cases.length, cases };
  }

  /** Freezes the year's figures. Refused while a check fails unless the office explains why. */
  async publish(user: AuthUser, scope: ReportScope & { explanation?: string }): Promise<AnnualReport> {
    const ids = await this.agencyIds(user, scope);
    const report = await this.compute(ids, scope);
    if (report.published) throw new AppException('REPORT_ALREADY_PUBLISHED');
    const failing = report.checks.filter((c) => !c.ok);
    if (failing.length && !scope.explanation) throw new AppException('REPORT_CHECKS_FAILED', failing.slice(0, 50).map((c) => ({ field: `${c.row ?? ''}/${c.column ?? ''}`, code: c.code, message: c.message })));
    const figures = { tableThree: Object.fromEntries(report.tableThree.rows.map((r) => [r.code, r.cells])), tableFour: Object.fromEntries(report.tableFour.groups.map((g) => [g.kind, g.cells])) };
    const saved = await this.reports.insertPublished({ agencyId: scope.agencyId, year: scope.year, subtree: !!scope.subtree, figures, explanation: scope.explanation ?? null, publishedById: user.id });
    if (!saved) throw new AppException('REPORT_ALREADY_PUBLISHED');
    return this.compute(ids, scope);
  }

  private async compute(ids: string[], scope: ReportScope): Promise<AnnualReport> {
    const subtree = !!scope.subtree;
    const [aggregate, remedyRecords, published, previous, agencyRows] = await Promise.all([
      this.reports.tableThreeAggregate(ids, scope.year),
      this.remedies.recordsFor(ids, scope.year),
      this.reports.findPublished(scope.agencyId, scope.year, subtree),
      this.reports.findPublished(scope.agencyId, scope.year - 1, subtree),
      Promise.all(ids.map((id) => this.agencies.findById(id))),
    ]);
    const cells = buildTableThree(aggregate.filter((a) => a.agencyId === null));
    const checks: ReportCheck[] = checkTableThree(cells);
    const perAgency = ids.map((id) => ({ id, cells: buildTableThree(aggregate.filter((a) => a.agencyId === id)) }));
    if (subtree) checks.push(...checkSubtree(cells, perAgency.map((p) => p.cells)));
    if (previous) checks.push(...checkCarryOver(cells, (previous.figures.tableThree as Record<string, Record<string, number>>)['四'] ?? {}, scope.year - 1));
    if (checks.some((c) => !c.ok && PROBLEM_OF_CHECK[c.code])) {
      const anomalies = await this.reports.anomalies(ids, scope.year, REPLY_TYPES, CATEGORY_COLUMNS);
      for (const [i, c] of checks.entries()) {
        const problem = PROBLEM_OF_CHECK[c.code];
        if (!c.ok && problem) checks[i] = { ...c, cases: anomalies.filter((a) => a.problem === problem).map((a) => ({ id: a.id, trackingNumber: a.trackingNumber })) };
      }
    }
    const tableFour: TableFour = computeTableFour(remedyRecords, scope.year);
    const names = new Map(agencyRows.filter((a) => a !== null).map((a) => [a.id, a.name]));
    const allHeld = checks.every((c) => c.ok);
    return {
      agency: { id: scope.agencyId, name: names.get(scope.agencyId) ?? '' },
      year: scope.year,
      subtree,
      agencies: perAgency.map((p) => ({ id: p.id, name: names.get(p.id) ?? '', received: p.cells['一'].TOTAL, carriedIn: p.cells['二'].TOTAL, closed: p.cells['三(七)'].TOTAL, carriedOut: p.cells['四'].TOTAL })),
      tableThree: {
        title: TABLE_THREE_TITLE,
        header: TABLE_THREE_HEADER,
        columns: TABLE_THREE_COLUMNS.map((c) => ({ ...c })),
        rows: [
          ...TABLE_THREE_ROWS.map((r) => ({ code: r.code, label: rowLabel(r), part: r.part, group: r.group, item: r.item, kind: r.kind, cells: { ...cells[r.code] } })),
        ],
      },
      tableFour: { title: TABLE_FOUR_TITLE, columns: TABLE_FOUR_COLUMNS.map((c) => ({ ...c })), groups: TABLE_FOUR_GROUPS.map((g) => ({ ...g, cells: { ...tableFour[g.kind] } })) },
      checks,
      ok: allHeld || !!published?.explanation,
      published: published
        ? {
            publishedAt: published.publishedAt.toISOString(),
            explanation: published.explanation,
            reconciliation: diffTables(published.figures.tableThree as TableThreeCells, cells),
          }
        : null,
    };
  }
}
