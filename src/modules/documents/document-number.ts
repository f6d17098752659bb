/** The GB/T 9704-2012 form: 代字〔年份〕序号号, year in 六角括号, no 第, no leading zeros. */
export const DEFAULT_DOCUMENT_NUMBER_PATTERN = '{prefix}〔{year}〕{seq}号';

export interface DocumentNumberParts {
  /** Agency setting `documentNumberPattern`; `{prefix}`, `{year}`, `{seq}` are replaced. */
  pattern?: string | null;
  /** 发文机关代字 of the agency followed by the series code, e.g. 示县自然资公开 + 告. */
  prefix: string;
  year: number;
  /** 1, 2, 3 …; a string only for the placeholder of a draft. */
  seq: number | string;
}

/** 示县自然资公开〔2026〕12号, or with the pattern `{prefix}〔{year}〕第{seq}号` 示县自然资公开〔2026〕第12号. */
export function formatDocumentNumber({ pattern, prefix, year, seq }: DocumentNumberParts): string {
  const p = pattern?.trim() || DEFAULT_DOCUMENT_NUMBER_PATTERN;
  if (!p.includes('{prefix}') || !p.includes('{year}') || !p.includes('{seq}')) {
    throw new Error(`document number pattern must contain {prefix}, {year} and {seq}: ${p}`);
  }
  if (typeof seq === 'number' && (!Number.isInteger(seq) || seq < 1)) throw new RangeError(`document number sequence must be a positive integer: ${seq}`);
  return p.replaceAll('{prefix}', prefix).replaceAll('{year}', String(year)).replaceAll('{seq}', String(seq));
}

/** The placeholder printed on a draft instead of the sequence number, which is assigned only at issue. */
export const DRAFT_SEQ = '×';
