const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['', '十', '百', '千'];

/**
 * Chinese numerals as written in legal citations: 1 → 一, 10 → 十, 16 → 十六, 36 → 三十六, 101 → 一百零一,
 * 110 → 一百一十. Articles, paragraphs and items of Chinese statutes stay below 10 000.
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`chineseNumeral: ${n} is out of range 0..9999`);
  if (n === 0) return DIGITS[0];
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i];
    if (d === 0) {
      pendingZero = out !== '';
      return;
    }
    if (pendingZero) out += DIGITS[0];
    pendingZero = false;
    // 十六, not 一十六, when 十 leads the number; 一百一十 keeps its 一 in the middle.
    out += d === 1 && unit === '十' && out === '' ? unit : DIGITS[d] + unit;
  });
  return out;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * 成文日期 and every date in a document: Arabic numerals, no leading zeros (GB/T 9704-2012 §7.3.5.1):
 * 2026-03-02 → 2026年3月2日.
 */
export function formatChineseDate(isoDate: string): string {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`formatChineseDate: not a YYYY-MM-DD date: ${isoDate}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** The year of a YYYY-MM-DD date. */
export function yearOf(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`yearOf: not a YYYY-MM-DD date: ${isoDate}`);
  return Number(m[1]);
}
