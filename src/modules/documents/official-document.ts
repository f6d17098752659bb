/**
 * A rendered official document (公文), independent of its output format: what the PDF renderer lays out after
 * GB/T 9704-2012 and what a mail body can quote. All text is final; dates are YYYY-MM-DD.
 */
export interface OfficialDocument {
  templateId: string;
  templateVersion: number;
  /** The reply type or procedural document. */
  kind: string;
  /** Document-number series (文号序列) the number was drawn from. */
  series: string;
  /** 发文机关标志: the agency name printed in red at the top; null for none. */
  letterhead: string | null;
  /** 发文字号, e.g. 示县自然资公开〔2026〕12号. */
  documentNumber: string;
  /** 标题, e.g. 政府信息公开申请答复书. */
  title: string;
  /** 主送: the addressee, printed flush left with a full-width colon. */
  recipient: string;
  /** 正文, one entry per paragraph, without indentation. */
  paragraphs: string[];
  /** The generated legal-basis sentence and remedy clause, also contained in `paragraphs`. */
  legalBasis: string;
  remedyClause: string | null;
  /** 发文机关署名 and 成文日期. */
  signature: { agencyName: string; date: string };
  /** 附注, printed in parentheses under the date (delivery method, tracking number). */
  note: string | null;
  /** A preview (草稿) is watermarked and carries no real number. */
  draft: boolean;
}
