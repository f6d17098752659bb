import { REPLY_TYPES, type AnnualReportRow } from '../../letters/reply-types.js';
import { reportRowOfClosing } from '../../cases/workflow/closing.js';

/**
 * 表三 收到和处理政府信息公开申请情况 of the 2021 annual-report format (国办公开办函〔2021〕30号), computed from
 * the cases. Pure: the repository hands in one aggregate row per (agency, applicant category, closing type).
 */

/** The seven data columns, in the official order; codes are the intake's applicant categories. */
export const TABLE_THREE_COLUMNS = [
  { code: 'NATURAL_PERSON', label: '自然人' },
  { code: 'COMMERCIAL_ENTERPRISE', label: '商业企业' },
  { code: 'RESEARCH_INSTITUTION', label: '科研机构' },
  { code: 'PUBLIC_WELFARE_ORGANISATION', label: '社会公益组织' },
  { code: 'LEGAL_SERVICE_ORGANISATION', label: '法律服务机构' },
  { code: 'OTHER', label: '其他' },
  { code: 'TOTAL', label: '总计' },
] as const;

export type TableThreeColumn = (typeof TABLE_THREE_COLUMNS)[number]['code'];
export const CATEGORY_COLUMNS = TABLE_THREE_COLUMNS.filter((c) => c.code !== 'TOTAL').map((c) => c.code) as Exclude<TableThreeColumn, 'TOTAL'>[];

/** The header band above the columns, as printed: 申请人情况 over all, 法人或其他组织 over the five organisation columns. */
export const TABLE_THREE_TITLE = '收到和处理政府信息公开申请情况';
export const TABLE_THREE_HEADER = { applicant: '申请人情况', organisations: '法人或其他组织', note: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）' };

export type TableThreeRowCode = '一' | '二' | AnnualReportRow | '三(三)' | '三(四)' | '三(五)' | '三(六)' | '三(七)' | '四';

export interface TableThreeRowDef {
  readonly code: TableThreeRowCode;
  /** The three label levels as printed: part (一 … 四), result group （一）…（七）, sub-row 1. 2. … */
  readonly part: string;
  readonly group: string | null;
  readonly item: string | null;
  /** leaf: counted; subtotal: a group's sum (not a printed row in the format, kept for the checks and JSON). */
  readonly kind: 'leaf' | 'subtotal' | 'total';
}

const P3 = '三、本年度办理结果';
const G3 = '（三）不予公开';
const G4 = '（四）无法提供';
const G5 = '（五）不予处理';
const G6 = '（六）其他处理';

/** Every row in the official order with the official wording. */
export const TABLE_THREE_ROWS: readonly TableThreeRowDef[] = [
  { code: '一', part: '一、本年新收政府信息公开申请数量', group: null, item: null, kind: 'leaf' },
  { code: '二', part: '二、上年结转政府信息公开申请数量', group: null, item: null, kind: 'leaf' },
  { code: '三(一)', part: P3, group: '（一）予以公开', item: null, kind: 'leaf' },
  { code: '三(二)', part: P3, group: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', item: null, kind: 'leaf' },
  { code: '三(三)1', part: P3, group: G3, item: '1.属于国家秘密', kind: 'leaf' },
  { code: '三(三)2', part: P3, group: G3, item: '2.其他法律行政法规禁止公开', kind: 'leaf' },
  { code: '三(三)3', part: P3, group: G3, item: '3.危及“三安全一稳定”', kind: 'leaf' },
  { code: '三(三)4', part: P3, group: G3, item: '4.保护第三方合法权益', kind: 'leaf' },
  { code: '三(三)5', part: P3, group: G3, item: '5.属于三类内部事务信息', kind: 'leaf' },
  { code: '三(三)6', part: P3, group: G3, item: '6.属于四类过程性信息', kind: 'leaf' },
  { code: '三(三)7', part: P3, group: G3, item: '7.属于行政执法案卷', kind: 'leaf' },
  { code: '三(三)8', part: P3, group: G3, item: '8.属于行政查询事项', kind: 'leaf' },
  { code: '三(四)1', part: P3, group: G4, item: '1.本机关不掌握相关政府信息', kind: 'leaf' },
  { code: '三(四)2', part: P3, group: G4, item: '2.没有现成信息需要另行制作', kind: 'leaf' },
  { code: '三(四)3', part: P3, group: G4, item: '3.补正后申请内容仍不明确', kind: 'leaf' },
  { code: '三(五)1', part: P3, group: G5, item: '1.信访举报投诉类申请', kind: 'leaf' },
  { code: '三(五)2', part: P3, group: G5, item: '2.重复申请', kind: 'leaf' },
  { code: '三(五)3', part: P3, group: G5, item: '3.要求提供公开出版物', kind: 'leaf' },
  { code: '三(五)4', part: P3, group: G5, item: '4.无正当理由大量反复申请', kind: 'leaf' },
  { code: '三(五)5', part: P3, group: G5, item: '5.要求行政机关确认或重新出具已获取信息', kind: 'leaf' },
  { code: '三(六)1', part: P3, group: G6, item: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', kind: 'leaf' },
  { code: '三(六)2', part: P3, group: G6, item: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', kind: 'leaf' },
  { code: '三(六)3', part: P3, group: G6, item: '3.其他', kind: 'leaf' },
  { code: '三(七)', part: P3, group: '（七）总计', item: null, kind: 'total' },
  { code: '四', part: '四、结转下年度继续办理', group: null, item: null, kind: 'leaf' },
];

/** Result rows (三(一) … 三(六)3) whose sum is 三(七). */
export const RESULT_ROWS: readonly AnnualReportRow[] = TABLE_THREE_ROWS.filter((r) => r.code.startsWith('三(') && r.kind === 'leaf').map((r) => r.code as AnnualReportRow);

export const rowLabel = (r: TableThreeRowDef): string => [r.group ? null : r.part, r.group, r.item].filter(Boolean).join(' ');

export const TABLE_THREE_ROW_CODES: readonly string[] = TABLE_THREE_ROWS.map((r) => r.code);

/** The closing types counted in a result row (for the drill-down): reply types by the mapping, plus manual closes in 三(六)3. */
export function closingTypesOfRow(row: AnnualReportRow): { types: string[]; manualCloses: boolean } {
  return { types: REPLY_TYPES.filter((t) => reportRowOfClosing(t) === row), manualCloses: reportRowOfClosing('CLOSED_OTHER') === row };
}

/** One row of the aggregate query. `agencyId` null = the rollup over every agency asked for. */
export interface TableThreeAggregate {
  readonly agencyId: string | null;
  readonly category: string | null;
  readonly closingType: string | null;
  /** 一: received in the year. */
  readonly received: number;
  /** 二: received before the year and open on 1 January (or closed without a closing date: a failing check). */
  readonly carriedIn: number;
  /** 三(七): closed in the year. */
  readonly closed: number;
  /** 四: received by 31 December and still open after it. */
  readonly carriedOut: number;
}

export type TableThreeCells = Record<TableThreeRowCode, Record<TableThreeColumn, number>>;

export interface CheckResult {
  readonly code: 'BALANCE' | 'RESULTS_SUM' | 'COLUMNS_SUM' | 'SUBTREE_SUM' | 'CARRY_OVER';
  readonly ok: boolean;
  readonly row?: string;
  readonly column?: string;
  readonly expected?: number;
  readonly actual?: number;
  /** What was checked, in Chinese, with the cell named. */
  readonly message: string;
}

const emptyRow = (): Record<TableThreeColumn, number> => Object.fromEntries(TABLE_THREE_COLUMNS.map((c) => [c.code, 0])) as Record<TableThreeColumn, number>;

export function emptyCells(): TableThreeCells {
  return Object.fromEntries([...TABLE_THREE_ROWS.map((r) => r.code), '三(三)', '三(四)', '三(五)', '三(六)'].map((code) => [code, emptyRow()])) as TableThreeCells;
}

const isCategory = (c: string | null): c is Exclude<TableThreeColumn, 'TOTAL'> => c !== null && (CATEGORY_COLUMNS as string[]).includes(c);

/** The table from aggregate rows (all of one scope: one agency, or the rollup). Each case is in exactly one aggregate row. */
export function buildTableThree(rows: readonly TableThreeAggregate[]): TableThreeCells {
  const cells = emptyCells();
  const add = (row: TableThreeRowCode, category: string | null, n: number) => {
    if (!n) return;
    cells[row].TOTAL += n;
    if (isCategory(category)) cells[row][category] += n;
  };
  for (const a of rows) {
    add('一', a.category, a.received);
    add('二', a.category, a.carriedIn);
    add('三(七)', a.category, a.closed);
    add('四', a.category, a.carriedOut);
    const row = reportRowOfClosing(a.closingType);
    if (row && a.closed) {
      add(row, a.category, a.closed);
      const group = row.match(/^三\([三四五六]\)/)?.[0] as TableThreeRowCode | undefined;
      if (group) add(group, a.category, a.closed);
    }
  }
  return cells;
}

/** The table's own identities (2021 format): per column 一+二 = 三(七)+四 and 三(七) = Σ results; per row 总计 = Σ columns. */
export function checkTableThree(cells: TableThreeCells): CheckResult[] {
  const checks: CheckResult[] = [];
  for (const col of TABLE_THREE_COLUMNS) {
    const c = col.code;
    const left = cells['一'][c] + cells['二'][c];
    const right = cells['三(七)'][c] + cells['四'][c];
    checks.push({ code: 'BALANCE', ok: left === right, column: c, expected: left, actual: right, message: `${col.label}列：一（${cells['一'][c]}）+ 二（${cells['二'][c]}）= ${left}，三（七）（${cells['三(七)'][c]}）+ 四（${cells['四'][c]}）= ${right}` });
    const sum = RESULT_ROWS.reduce((s, r) => s + cells[r][c], 0);
    checks.push({ code: 'RESULTS_SUM', ok: sum === cells['三(七)'][c], row: '三(七)', column: c, expected: cells['三(七)'][c], actual: sum, message: `${col.label}列：三（七）总计 ${cells['三(七)'][c]}，（一）至（六）各项之和 ${sum}` });
  }
  for (const row of TABLE_THREE_ROWS) {
    const sum = CATEGORY_COLUMNS.reduce((s, c) => s + cells[row.code][c], 0);
    checks.push({ code: 'COLUMNS_SUM', ok: sum === cells[row.code].TOTAL, row: row.code, column: 'TOTAL', expected: cells[row.code].TOTAL, actual: sum, message: `“${rowLabel(row)}”行：总计 ${cells[row.code].TOTAL}，六类申请人之和 ${sum}` });
  }
  return checks;
}

/** For a subtree: the rollup equals the sum of every agency's own table, cell by cell. */
export function checkSubtree(rollup: TableThreeCells, parts: readonly TableThreeCells[]): CheckResult[] {
  const checks: CheckResult[] = [];
  for (const row of TABLE_THREE_ROWS) {
    for (const col of TABLE_THREE_COLUMNS) {
      const sum = parts.reduce((s, p) => s + p[row.code][col.code], 0);
      const total = rollup[row.code][col.code];
      if (sum !== total) checks.push({ code: 'SUBTREE_SUM', ok: false, row: row.code, column: col.code, expected: total, actual: sum, message: `“${rowLabel(row)}”行${col.label}列：汇总 ${total}，各机关之和 ${sum}` });
    }
  }
  if (!checks.length) checks.push({ code: 'SUBTREE_SUM', ok: true, message: `汇总表等于 ${parts.length} 个机关各自表格之和` });
  return checks;
}

/** Across years: this year's 二 equals last year's published 四, per column. */
export function checkCarryOver(cells: TableThreeCells, publishedCarriedOut: Record<string, number>, previousYear: number): CheckResult[] {
  return TABLE_THREE_COLUMNS.map((col) => {
    const expected = publishedCarriedOut[col.code] ?? 0;
    const actual = cells['二'][col.code];
    return { code: 'CARRY_OVER' as const, ok: expected === actual, row: '二', column: col.code, expected, actual, message: `${col.label}列：本年二（${actual}），${previousYear}年度已发布报告的四（${expected}）` };
  });
}

/** Cell-by-cell differences between a published table and the table computed now (the reconciliation lines). */
export function diffTables(published: TableThreeCells, current: TableThreeCells): { row: string; column: string; published: number; current: number; label: string }[] {
  const out: { row: string; column: string; published: number; current: number; label: string }[] = [];
  for (const row of TABLE_THREE_ROWS) {
    for (const col of TABLE_THREE_COLUMNS) {
      const p = published[row.code]?.[col.code] ?? 0;
      const c = current[row.code][col.code];
      if (p !== c) out.push({ row: row.code, column: col.code, published: p, current: c, label: `“${rowLabel(row)}”行${col.label}列：已发布 ${p}，现为 ${c}` });
    }
  }
  return out;
}
