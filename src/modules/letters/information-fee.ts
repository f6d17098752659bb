/**
 * 信息处理费 under 国办函〔2020〕109号《政府信息公开信息处理费管理办法》: computed from the case, never typed.
 *
 * 第三条: an agency charges an application either per piece (按件) or per page (按量), never both.
 * 第四条 按件计收: by the applicant's applications to the agency in one calendar month (自然月): the first 10 are
 *   free; the 11th to 30th cost 100 元 each; beyond 30, every further band of 10 costs 100 元 more per piece
 *   (31st–40th 200 元, 41st–50th 300 元, …). One application is one piece, and it costs the price of its place in
 *   the month's count: earlier pieces were charged on their own notices.
 * 第五条 按量计收: by the pages of the information provided for one application: up to 30 pages free, pages 31–100
 *   at 10 元, 101–200 at 20 元, over 200 at 40 元, each band charged only for the pages within it (progressive).
 */

export const FEE_METHODS = ['PER_PIECE', 'PER_PAGE'] as const;
export type FeeMethod = (typeof FEE_METHODS)[number];

/** 109号第四条: pieces free in a calendar month. */
export const FREE_PIECES_PER_MONTH = 10;
/** 109号第四条: the first paying band ends with the 30th piece, at 100 元 each. */
export const FIRST_PAYING_BAND_LAST_PIECE = 30;
export const FIRST_PAYING_BAND_YUAN_PER_PIECE = 100;
/** 109号第四条: beyond the 30th piece, bands of 10 pieces, each 100 元 per piece dearer than the one before. */
export const FURTHER_BAND_PIECES = 10;
export const FURTHER_BAND_STEP_YUAN = 100;

/** 109号第五条: page bands (last page of the band, 元 per page), progressive; the last band is open-ended. */
export const PAGE_BANDS: readonly { readonly upTo: number; readonly yuanPerPage: number }[] = [
  { upTo: 30, yuanPerPage: 0 },
  { upTo: 100, yuanPerPage: 10 },
  { upTo: 200, yuanPerPage: 20 },
  { upTo: Number.POSITIVE_INFINITY, yuanPerPage: 40 },
];

export interface FeeBand {
  /** First and last piece or page of the band that this application pays for. */
  readonly from: number;
  readonly to: number;
  readonly unitYuan: number;
  readonly quantity: number;
  readonly subtotalYuan: number;
}

export interface FeeCalculation {
  readonly method: FeeMethod;
  /** PER_PIECE: this application's place in the applicant's count for the month; PER_PAGE: the pages. */
  readonly quantity: number;
  readonly bands: readonly FeeBand[];
  readonly amountYuan: number;
  /** The calculation in words, for the event and the 收费通知书. */
  readonly text: string;
}

/** 109号第四条: the price of the n-th piece of a calendar month (1-based). */
export function pricePerPiece(n: number): number {
  assertCount(n, 'n');
  if (n <= FREE_PIECES_PER_MONTH) return 0;
  if (n <= FIRST_PAYING_BAND_LAST_PIECE) return FIRST_PAYING_BAND_YUAN_PER_PIECE;
  const band = Math.ceil((n - FIRST_PAYING_BAND_LAST_PIECE) / FURTHER_BAND_PIECES);
  return FIRST_PAYING_BAND_YUAN_PER_PIECE + band * FURTHER_BAND_STEP_YUAN;
}

/** The piece band that holds the n-th piece: first and last piece number. */
function pieceBandOf(n: number): { from: number; to: number } {
  if (n <= FREE_PIECES_PER_MONTH) return { from: 1, to: FREE_PIECES_PER_MONTH };
  if (n <= FIRST_PAYING_BAND_LAST_PIECE) return { from: FREE_PIECES_PER_MONTH + 1, to: FIRST_PAYING_BAND_LAST_PIECE };
  const band = Math.ceil((n - FIRST_PAYING_BAND_LAST_PIECE) / FURTHER_BAND_PIECES);
  const to = FIRST_PAYING_BAND_LAST_PIECE + band * FURTHER_BAND_PIECES;
  return { from: to - FURTHER_BAND_PIECES + 1, to };
}

/**
 * 109号第四条: the fee of one application that is the `nthInMonth` application of its applicant to the agency in the
 * calendar month `month` (YYYY-MM).
 */
export function perPieceFee(nthInMonth: number, month: string): FeeCalculation {
  assertCount(nthInMonth, 'nthInMonth');
  const unit = pricePerPiece(nthInMonth);
  const { from, to } = pieceBandOf(nthInMonth);
  const [year, mon] = month.split('-').map(Number);
  const head = `依照国办函〔2020〕109号第四条，本申请为您${year}年${mon}月向本机关提出的第${nthInMonth}件申请`;
  const band = unit === 0 ? `，同一自然月内第1至${FREE_PIECES_PER_MONTH}件不收费` : `，第${from}至${to}件每件${unit}元`;
  return {
    method: 'PER_PIECE',
    quantity: nthInMonth,
    bands: [{ from: nthInMonth, to: nthInMonth, unitYuan: unit, quantity: 1, subtotalYuan: unit }],
    amountYuan: unit,
    text: `${head}${band}，应缴${unit}元。`,
  };
}

/** 109号第五条: the fee of one application by the pages of the information provided, band by band. */
export function perPageFee(pages: number): FeeCalculation {
  assertCount(pages, 'pages');
  const bands: FeeBand[] = [];
  let from = 1;
  for (const band of PAGE_BANDS) {
    if (from > pages) break;
    const to = Math.min(band.upTo, pages);
    const quantity = to - from + 1;
    bands.push({ from, to, unitYuan: band.yuanPerPage, quantity, subtotalYuan: quantity * band.yuanPerPage });
    from = to + 1;
  }
  const amountYuan = bands.reduce((sum, b) => sum + b.subtotalYuan, 0);
  const parts = bands.map((b) => (b.unitYuan === 0 ? `第${b.from}至${b.to}页不收费` : `第${b.from}至${b.to}页${b.quantity}页×${b.unitYuan}元＝${b.subtotalYuan}元`));
  return {
    method: 'PER_PAGE',
    quantity: pages,
    bands,
    amountYuan,
    text: `依照国办函〔2020〕109号第五条，所需提供的政府信息共${pages}页，${parts.join('；')}，合计应缴${amountYuan}元。`,
  };
}

function assertCount(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a whole number >= 1, got ${n}`);
}
