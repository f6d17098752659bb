import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatChineseDate, yearOf } from '../../common/text/chinese-format.js';
import { DRAFT_SEQ, formatDocumentNumber } from './document-number.js';
import type { LetterCatalogue, LetterDefinition } from './letter-catalogue.js';
import type { OfficialDocument } from './official-document.js';
import { DELIVERY_METHOD_LABELS, describeHistory, type ReplyContext, requestedInformation } from './reply-context.js';
import { SAMPLE_REPLY_CONTEXT } from './sample-context.js';
import { compileTemplate, type CompiledTemplate, TemplateError, type TemplateData, type TemplateMeta } from './template-file.js';

/** A document-number series (文号序列): its own counter per agency and year; `code` follows the agency's 代字. */
export interface SeriesDefinition {
  code: string;
  label: string;
}

/** The letters live in `<templates>/letters`: replies, procedural documents and the series table. */
export const LETTERS_DIR = 'letters';
export const SERIES_FILE = 'series.yaml';

export interface RenderInput {
  context: ReplyContext;
  /** The officer's blanks; validated again here (the service validates first to answer 422). */
  blanks: unknown;
  /** The sequence number drawn for the document; omitted for a draft (preview). */
  seq?: number;
  /** A specific template version; default the latest. */
  version?: number;
}

/**
 * Every template, loaded once at start-up from files (architecture: "templates are files"), each checked and
 * trial-rendered with sample data: a broken template stops the service instead of failing an issue later.
 * Several versions of a template may coexist; new documents use the highest.
 */
export class TemplateRegistry {
  private constructor(
    readonly root: string,
    private readonly templates: Map<string, CompiledTemplate[]>,
    private readonly seriesTable: Map<string, SeriesDefinition>,
    private readonly catalogue: LetterCatalogue,
  ) {}

  /**
   * Loads `<root>/letters/**.hbs` and `<root>/letters/series.yaml` for the kinds of the catalogue; throws
   * TemplateError listing every problem.
   */
  static load(root: string, catalogue: LetterCatalogue): TemplateRegistry {
    const dir = path.join(root, LETTERS_DIR);
    const problems: string[] = [];
    const series = loadSeries(path.join(dir, SERIES_FILE));
    const templates = new Map<string, CompiledTemplate[]>();
    for (const file of listTemplateFiles(dir)) {
      const relative = path.relative(root, file);
      try {
        const t = compileTemplate(relative, readFileSync(file, 'utf8'), catalogue);
        if (!series.has(t.meta.series)) throw new TemplateError(relative, [`series ${t.meta.series} is not in ${SERIES_FILE}`]);
        const versions = templates.get(t.meta.id) ?? [];
        const clash = versions.find((v) => v.meta.version === t.meta.version);
        if (clash) throw new TemplateError(relative, [`${t.meta.id} version ${t.meta.version} is also defined in ${clash.file}`]);
        templates.set(
          t.meta.id,
          [...versions, t].sort((a, b) => a.meta.version - b.meta.version),
        );
      } catch (e) {
        problems.push(e instanceof TemplateError ? e.message : `${relative}: ${(e as Error).message}`);
      }
    }
    for (const kind of catalogue.kinds) if (!templates.has(kind)) problems.push(`no template for ${kind}`);
    if (problems.length) throw new TemplateError(dir, problems);
    const registry = new TemplateRegistry(root, templates, series, catalogue);
    registry.trialRender();
    return registry;
  }

  list(): TemplateMeta[] {
    return [...this.templates.values()].flatMap((versions) => versions.map((v) => v.meta));
  }

  /** The catalogue's definition of a kind of letter, or undefined for a word that is none. */
  letter(kind: string): LetterDefinition | undefined {
    return this.catalogue.letter(kind);
  }

  /** The template of a kind: the given version, else the latest. */
  get(kind: string, version?: number): CompiledTemplate {
    const versions = this.templates.get(kind);
    const t = version === undefined ? versions?.at(-1) : versions?.find((v) => v.meta.version === version);
    if (!t) throw new Error(`no template ${kind}${version === undefined ? '' : ` version ${version}`}`);
    return t;
  }

  series(code: string): SeriesDefinition {
    const s = this.seriesTable.get(code);
    if (!s) throw new Error(`unknown document series ${code}`);
    return s;
  }

  /** The number of a document of this kind for the agency, or the draft placeholder without `seq`. */
  documentNumber(kind: string, context: ReplyContext, seq: number | undefined, version?: number): string {
    const t = this.get(kind, version);
    return formatDocumentNumber({
      pattern: context.agency.documentNumberPattern,
      prefix: context.agency.documentPrefix + this.series(t.meta.series).code,
      year: yearOf(context.issuedOn),
      seq: seq ?? DRAFT_SEQ,
    });
  }

  /** Renders a document kind for a case into the format-independent model the PDF renderer lays out. */
  render(kind: string, input: RenderInput): OfficialDocument {
    const t = this.get(kind, input.version);
    const rule = this.catalogue.letter(kind);
    if (!rule) throw new Error(`${kind} is no kind of the letter catalogue`);
    const parsed = rule.parseBlanks(input.blanks);
    if (parsed.errors.length) throw new Error(`invalid blanks for ${kind}: ${parsed.errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
    const { context } = input;
    const legalBasis = rule.legalBasis(parsed.value).sentence;
    const remedy = rule.remedy(context.agency, context.issuedOn);
    const data: TemplateData = {
      agencyName: context.agency.name,
      agencyAddress: context.agency.address ?? null,
      agencyPhone: context.agency.phone ?? null,
      applicantName: context.applicant.name,
      trackingNumber: context.case.trackingNumber,
      receiptDate: formatChineseDate(context.case.receiptDate),
      requestDescription: context.case.requestDescription,
      requestedInformation: requestedInformation(context.case),
      handlingHistory: describeHistory(context.history) || null,
      deliveryMethod: context.deliveryMethod ? DELIVERY_METHOD_LABELS[context.deliveryMethod] : null,
      issueDate: formatChineseDate(context.issuedOn),
      legalBasis,
      remedyClause: remedy,
      blanks: rule.presentBlanks(parsed.value),
    };
    const { recipient, paragraphs, note } = t.render(data);
    return {
      templateId: t.meta.id,
      templateVersion: t.meta.version,
      kind,
      series: t.meta.series,
      letterhead: context.agency.letterhead === false ? null : context.agency.name,
      documentNumber: this.documentNumber(kind, context, input.seq, t.meta.version),
      title: t.meta.title,
      recipient,
      paragraphs,
      legalBasis,
      remedyClause: remedy,
      signature: { agencyName: context.agency.name, date: context.issuedOn },
      note,
      draft: input.seq === undefined,
    };
  }

  private trialRender(): void {
    const problems: string[] = [];
    for (const [kind, versions] of this.templates) {
      for (const v of versions) {
        try {
          this.render(kind, { context: SAMPLE_REPLY_CONTEXT, blanks: this.catalogue.letter(kind)?.exampleBlanks, seq: 1, version: v.meta.version });
        } catch (e) {
          problems.push(`${v.file}: trial render failed: ${(e as Error).message}`);
        }
      }
    }
    if (problems.length) throw new TemplateError(this.root, problems);
  }
}

function listTemplateFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new TemplateError(dir, ['template directory not found (DOCUMENT_TEMPLATES_DIR)']);
  }
  return entries.sort().flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return listTemplateFiles(full);
    return name.endsWith('.hbs') ? [full] : [];
  });
}

function loadSeries(file: string): Map<string, SeriesDefinition> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TemplateError(file, [`cannot read the series table: ${(e as Error).message}`]);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new TemplateError(file, ['the series table must map codes to {code, label}']);
  const out = new Map<string, SeriesDefinition>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const v = value as Partial<SeriesDefinition> | null;
    if (!/^[A-Z][A-Z_]*$/.test(key) || !v || typeof v.label !== 'string' || typeof (v.code ?? '') !== 'string') {
      throw new TemplateError(file, [`series ${key}: needs an upper-case key, a label and a (possibly empty) code`]);
    }
    out.set(key, { code: String(v.code ?? ''), label: v.label });
  }
  return out;
}
