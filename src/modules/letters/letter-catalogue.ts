import { blankFieldNames } from './blank-validators.js';
import { DOCUMENT_KINDS, type DocumentKind, isDocumentKind, kindRule, parseDocumentBlanks, presentBlanks } from './document-kinds.js';
import { type Addressee, ONE_PAGE_DOCUMENTS } from './procedural-documents.js';

/** What the documents engine asks of a letter; the same shape as its LetterDefinition (checked where it is bound). */
export interface CatalogueLetter {
  readonly kind: DocumentKind;
  readonly label: string;
  readonly isReply: boolean;
  readonly addressee: Addressee;
  readonly hasRemedy: boolean;
  readonly onePage: boolean;
  readonly blankFields: readonly string[];
  readonly exampleBlanks: Readonly<Record<string, unknown>>;
  parseBlanks(blanks: unknown): ReturnType<typeof parseDocumentBlanks>;
  presentBlanks(value: Record<string, unknown>): Record<string, string | null>;
  legalBasis(value: Record<string, unknown>): { sentence: string };
  remedy: ReturnType<typeof kindRule>['remedy'];
}

function definitionOf(kind: DocumentKind): CatalogueLetter {
  const rule = kindRule(kind);
  const blankFields = blankFieldNames(rule.blanks);
  return {
    kind,
    label: rule.label,
    isReply: rule.isReply,
    addressee: rule.addressee,
    hasRemedy: rule.hasRemedy,
    onePage: (ONE_PAGE_DOCUMENTS as readonly string[]).includes(kind),
    blankFields,
    exampleBlanks: rule.exampleBlanks,
    parseBlanks: (blanks) => parseDocumentBlanks(kind, blanks),
    presentBlanks: (value) => presentBlanks(value, blankFields),
    legalBasis: (value) => rule.legalBasis(value),
    remedy: (agency, decidedOn) => rule.remedy(agency, decidedOn),
  };
}

const DEFINITIONS = new Map<string, CatalogueLetter>(DOCUMENT_KINDS.map((kind) => [kind, definitionOf(kind)]));

/**
 * The letter catalogue: every reply type (条例第三十六条) and every procedural
 * document, with blanks, legal basis, remedy clause and examples. The documents engine uses it through its
 * LetterCatalogue interface (documents/letter-catalogue.ts); this module imports nothing of the engine.
 */
export const LETTERS = {
  kinds: DOCUMENT_KINDS,
  letter: (kind: string): CatalogueLetter | undefined => (isDocumentKind(kind) ? DEFINITIONS.get(kind) : undefined),
};
