/** NFKC folds full-width letters, digits and punctuation (ＡＢＣ１２３＠) to their half-width forms. */
export const normalizeText = (value: string): string => value.normalize('NFKC').trim();

/** For @Transform: trims and normalises strings; leaves other types for the validators to reject. */
export const trimString = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? normalizeText(value) : value);

/**
 * Applicant text (names, 信息名称, 文号, descriptions, addresses) is evidence of what was asked (条例第二十九条):
 * kept exactly as written, full-width punctuation included (GB/T 15834), only outer blanks trimmed. Matching and
 * search use normalised forms computed beside it, never stored instead of it.
 */
export const keepAsWritten = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
