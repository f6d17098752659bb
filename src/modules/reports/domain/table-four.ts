/**
 * 表四 政府信息公开行政复议、行政诉讼情况 (2021 format): three groups × 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计.
 *
 * Reading chosen for a proceeding filed in one year and decided in the next: the table for year Y shows the
 * proceedings decided in Y under their outcome, and those filed on or before 31 December Y and not decided by then
 * under 尚未审结. A proceeding filed in 2025 and decided in 2026 is therefore 尚未审结 in the 2025 report and under its
 * outcome in the 2026 report: every outcome reaches a report, and 尚未审结 says what was pending at the year's end.
 */
export type RemedyKind = 'RECONSIDERATION' | 'LITIGATION_DIRECT' | 'LITIGATION_AFTER_RECONSIDERATION';
export type RemedyOutcome = 'UPHELD' | 'CORRECTED' | 'OTHER' | 'PENDING';

export interface RemedyRecord {
  readonly caseId?: string;
  readonly kind: RemedyKind;
  /** YYYY-MM-DD the proceeding was filed (行政复议申请 / 起诉). */
  readonly filedOn: string;
  /** YYYY-MM-DD of the decision or judgment; null while pending. */
  readonly decidedOn: string | null;
  /** 维持 / 纠正 / 其他; PENDING (or any outcome without a decision date) counts as 尚未审结. */
  readonly outcome: RemedyOutcome;
}

export const TABLE_FOUR_TITLE = '政府信息公开行政复议、行政诉讼情况';
export const TABLE_FOUR_GROUPS: readonly { kind: RemedyKind; label: string; parent: string }[] = [
  { kind: 'RECONSIDERATION', label: '行政复议', parent: '行政复议' },
  { kind: 'LITIGATION_DIRECT', label: '未经复议直接起诉', parent: '行政诉讼' },
  { kind: 'LITIGATION_AFTER_RECONSIDERATION', label: '复议后起诉', parent: '行政诉讼' },
];
export const TABLE_FOUR_COLUMNS = [
  { code: 'UPHELD', label: '结果维持' },
  { code: 'CORRECTED', label: '结果纠正' },
  { code: 'OTHER', label: '其他结果' },
  { code: 'PENDING', label: '尚未审结' },
  { code: 'TOTAL', label: '总计' },
] as const;
export type TableFourColumn = (typeof TABLE_FOUR_COLUMNS)[number]['code'];
export type TableFour = Record<RemedyKind, Record<TableFourColumn, number>>;

export function computeTableFour(records: readonly RemedyRecord[], year: number): TableFour {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const table = Object.fromEntries(TABLE_FOUR_GROUPS.map((g) => [g.kind, { UPHELD: 0, CORRECTED: 0, OTHER: 0, PENDING: 0, TOTAL: 0 }])) as TableFour;
  for (const r of records) {
    const decided = r.decidedOn !== null && r.outcome !== 'PENDING';
    let column: TableFourColumn | null = null;
    if (decided && r.decidedOn! >= start && r.decidedOn! <= end) column = r.outcome;
    else if (r.filedOn <= end && (!decided || r.decidedOn! > end)) column = 'PENDING';
    if (!column) continue;
    table[r.kind][column] += 1;
    table[r.kind].TOTAL += 1;
  }
  return table;
}

/** Where the records come from. The reports module asks this port; the evidence archive provides them. */
export interface RemedyRecordSource {
  recordsFor(agencyIds: readonly string[], year: number): Promise<RemedyRecord[]>;
}

export const REMEDY_RECORD_SOURCE = Symbol('REMEDY_RECORD_SOURCE');

/** Until the archive's proceedings are wired in, no proceedings: table four is all zeros. */
export class NoRemedyRecords implements RemedyRecordSource {
  recordsFor(_agencyIds: readonly string[], _year: number): Promise<RemedyRecord[]> {
    return Promise.resolve([]);
  }
}
