import type { FieldError } from '../../common/errors/error-code.js';
import type { AgencyType } from '../agencies/agency-type.js';

/** Who a letter is addressed to; its default 主送 line follows from it. */
export type Addressee = 'APPLICANT' | 'THIRD_PARTY' | 'CO_PRODUCER';

/**
 * One kind of letter as the engine needs to know it: what its blanks are and how they are checked and shown, and
 * the two generated passages a template may not reword — the legal basis and, where the addressee may contest the
 * act, the remedy clause (行政复议法、行政诉讼法: the letter must say how and where to seek a remedy).
 */
export interface LetterDefinition {
  /** The kind, also the template id (front matter `id`). */
  readonly kind: string;
  readonly label: string;
  /** A reply (答复书) to the request, as opposed to a procedural document. */
  readonly isReply: boolean;
  readonly addressee: Addressee;
  /** Whether a remedy clause is generated; the template loader then requires its `{{remedyClause}}` slot. */
  readonly hasRemedy: boolean;
  /** A one-page form: the PDF tightens its line spacing to end on the first page (RenderOptions.onePage). */
  readonly onePage?: boolean;
  /** The fields a template may use as `blanks.<field>`. */
  readonly blankFields: readonly string[];
  /** Valid blanks: the trial render at start-up uses them, so a template that cannot render stops the service. */
  readonly exampleBlanks: Readonly<Record<string, unknown>>;
  /** Validates and normalises the blanks; errors are `blanks.<field>`. */
  parseBlanks(blanks: unknown): { value: Record<string, unknown>; errors: FieldError[] };
  /** The validated blanks as the template shows them (dates in Chinese form, choices by label); null when empty. */
  presentBlanks(value: Record<string, unknown>): Record<string, string | null>;
  /** The legal-basis sentence from the validated blanks. */
  legalBasis(value: Record<string, unknown>): { sentence: string };
  /** The remedy clause for an agency on the decision date, or null for a letter without one. */
  remedy(agency: { type: AgencyType; reconsiderationBody: string; competentCourt: string }, decidedOn: string): string | null;
}

/**
 * The letters the engine can issue. The documents module renders, numbers, stores and lists documents without
 * knowing any kind of letter; the catalogue (src/modules/letters) supplies them through this interface. Also the
 * Nest injection token.
 */
export abstract class LetterCatalogue {
  /** Every kind, in a stable order; each must have a template. */
  abstract readonly kinds: readonly string[];
  /** The definition of a kind, or undefined for a word that is none. */
  abstract letter(kind: string): LetterDefinition | undefined;
}
