import type { FieldError } from '../../common/errors/error-code.js';
import { formatChineseDate } from '../../common/text/chinese-format.js';
import { parseBlanks } from './blank-validators.js';
import { formatArticle, legalBasisFor, ogi, type BasisBlanks, type Citation } from './legal-basis.js';
import { PROCEDURAL_BLANK_EXAMPLES } from './procedural-blank-examples.js';
import { type Addressee, isProceduralDocument, PROCEDURAL_DOCUMENTS, type ProceduralDocument } from './procedural-documents.js';
import { PROCEDURAL_RULES } from './procedural-rules.js';
import { remedyClause, type RemedyAgency } from './remedy-clause.js';
import { REPLY_BLANK_EXAMPLES } from './reply-blank-examples.js';
import { PROVISION_FORM_LABELS, REPLY_TYPE_LABELS, REPLY_TYPE_RULES, REPLY_TYPES, type ReplyType } from './reply-types.js';

/** What a document is: a reply (one per reply type) or a procedural document. Also the template id. */
export type DocumentKind = ReplyType | ProceduralDocument;

export const DOCUMENT_KINDS: readonly DocumentKind[] = [...REPLY_TYPES, ...PROCEDURAL_DOCUMENTS];

export const isReplyType = (kind: string): kind is ReplyType => (REPLY_TYPES as readonly string[]).includes(kind);

export const isDocumentKind = (kind: string): kind is DocumentKind => isReplyType(kind) || isProceduralDocument(kind);

export interface KindRule {
  readonly kind: DocumentKind;
  readonly label: string;
  /** Reply documents must carry the remedy clause; the template loader enforces the slot. */
  readonly isReply: boolean;
  readonly addressee: Addressee;
  readonly blanks: new () => object;
  /** Whether a remedy clause is generated (always for replies). */
  readonly hasRemedy: boolean;
  readonly exampleBlanks: Readonly<Record<string, unknown>>;
  legalBasis(blanks: Record<string, unknown>): { citations: readonly Citation[]; sentence: string };
  remedy(agency: RemedyAgency, decidedOn: string): string | null;
}

export function kindRule(kind: DocumentKind): KindRule {
  if (isReplyType(kind)) {
    return {
      kind,
      label: REPLY_TYPE_LABELS[kind],
      isReply: true,
      addressee: 'APPLICANT',
      blanks: REPLY_TYPE_RULES[kind].blanks,
      hasRemedy: true,
      exampleBlanks: REPLY_BLANK_EXAMPLES[kind],
      legalBasis: (blanks) => legalBasisFor(kind, blanks as BasisBlanks),
      remedy: (agency, decidedOn) => remedyClause(agency, kind, { decidedOn }),
    };
  }
  const rule = PROCEDURAL_RULES[kind];
  return {
    kind,
    label: rule.label,
    isReply: false,
    addressee: rule.addressee,
    blanks: rule.blanks,
    hasRemedy: rule.remedy !== null,
    exampleBlanks: PROCEDURAL_BLANK_EXAMPLES[kind],
    legalBasis: (blanks) => rule.basis(blanks),
    remedy: (agency, decidedOn) => (rule.remedy ? remedyClause(agency, 'ORDINARY', { decidedOn, documentNoun: rule.remedy.documentNoun }) : null),
  };
}

/** Validates (and normalises) the blanks of any document kind; errors are `blanks.<field>`. */
export function parseDocumentBlanks(kind: DocumentKind, blanks: unknown): { value: Record<string, unknown>; errors: FieldError[] } {
  const parsed = parseBlanks(kindRule(kind).blanks, blanks);
  return { value: { ...(parsed.value as Record<string, unknown>) }, errors: parsed.errors };
}

/** Enumerated blanks shown by their Chinese label in documents, keyed by field name. */
const CHOICE_LABELS: Record<string, Record<string, string>> = {
  provisionForm: PROVISION_FORM_LABELS,
  withholdingGround: REPLY_TYPE_LABELS,
  consultedParty: { THIRD_PARTY: '第三方', CO_PRODUCING_AGENCY: '共同制作机关' },
  feeMethod: { PER_PIECE: '按件计收', PER_PAGE: '按量计收' },
  closeReason: { ABANDONED_NO_CORRECTION: '逾期未补正', ABANDONED_NO_FEE: '逾期未缴纳信息处理费', WITHDRAWN: '申请人撤回申请', OTHER: '其他' },
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Blanks as the template shows them: dates in Chinese form (2026年3月2日), choices by label, amounts with two
 * decimals, cited provisions rendered. Every field of the blanks class is present (null when empty), so a
 * template's `{{#if blanks.x}}` works for optional fields.
 */
export function presentBlanks(blanks: Record<string, unknown>, fieldNames: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = Object.fromEntries(fieldNames.map((f) => [f, null]));
  for (const [key, value] of Object.entries(blanks)) {
    if (value === undefined || value === null) continue;
    if (CHOICE_LABELS[key] && typeof value === 'string') out[key] = CHOICE_LABELS[key][value] ?? value;
    else if (key === 'specialLaw' && typeof value === 'string') out[key] = value.startsWith('《') ? value : `《${value}》`;
    else if (typeof value === 'string') out[key] = ISO_DATE.test(value) ? formatChineseDate(value) : value;
    else if (key === 'feeAmount' && typeof value === 'number') out[key] = value.toFixed(2);
    else if (key === 'citations' && Array.isArray(value))
      out[key] = value.map((c: { article: number; paragraph?: number; item?: number }) => formatArticle(ogi(c.article, c.paragraph, c.item))).join('、');
    else out[key] = String(value);
  }
  return out;
}
