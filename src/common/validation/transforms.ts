/** NFKC folds full-width letters, digits and punctuation (ＡＢＣ１２３＠) to their half-width forms. */
export const normalizeText = (value: string): string => value.normalize('NFKC').trim();

/** For @Transform: trims and normalises strings; leaves other types for the validators to reject. */
export const trimString = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? normalizeText(value) : value);
