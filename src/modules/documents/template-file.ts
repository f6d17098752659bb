import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import type { LetterCatalogue } from './letter-catalogue.js';

type AstNode = hbs.AST.Node;
type Program = hbs.AST.Program;

/** Front matter of a template file. */
export interface TemplateMeta {
  /** The kind of letter it renders (a kind of the letter catalogue); also the template id. */
  id: string;
  /** Raised whenever the wording changes; issued documents record it. */
  version: number;
  /** 标题, e.g. 政府信息公开申请答复书. */
  title: string;
  /** Document-number series (series.yaml). */
  series: string;
  /** The laws the wording follows, e.g. 政府信息公开条例（2019年修订）. Re-check the template when they change. */
  basedOn: string | null;
}

/** The variables a template may use besides `blanks.<field>`. */
export const TEMPLATE_VARIABLES = [
  'agencyName',
  'agencyAddress',
  'agencyPhone',
  'applicantName',
  'trackingNumber',
  'receiptDate',
  'requestDescription',
  'requestedInformation',
  'handlingHistory',
  'deliveryMethod',
  'issueDate',
  'legalBasis',
  'remedyClause',
] as const;

export type TemplateData = Record<(typeof TEMPLATE_VARIABLES)[number], string | null> & { blanks: Record<string, string | null> };

export interface CompiledTemplate {
  meta: TemplateMeta;
  file: string;
  /** Renders the body into paragraphs, the 主送 line and the 附注 line. */
  render(data: TemplateData): { recipient: string; paragraphs: string[]; note: string | null };
}

export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/;
const BLOCK_HELPERS = new Set(['if', 'unless']);

/** A private Handlebars environment: no global helpers or partials can leak into official documents. */
const hbsEnv = Handlebars.create();

/** Default 主送 per addressee and the 附注: the tracking number, and the delivery method when known. */
const DEFAULT_RECIPIENT = { APPLICANT: '{{applicantName}}', THIRD_PARTY: '{{blanks.thirdPartyName}}', CO_PRODUCER: '{{blanks.coProducerName}}' } as const;
const DEFAULT_NOTE = '受理编号：{{trackingNumber}}{{#if deliveryMethod}}；送达方式：{{deliveryMethod}}{{/if}}';

/**
 * Parses and checks one template file. The file is YAML front matter (id, version, title, series, optional
 * recipient, note, basedOn) and a Handlebars body whose paragraphs are separated by blank lines. Checked here,
 * so that a bad template stops the start-up rather than an issue:
 * - only known variables (TEMPLATE_VARIABLES, `blanks.<field of the kind>`) and the `if`/`unless` blocks;
 * - `{{legalBasis}}` and, for every reply and every procedural document that has one, `{{remedyClause}}` stand
 *   alone in their own paragraph, exactly once, outside any block: a template cannot drop or reword them.
 */
export function compileTemplate(file: string, source: string, catalogue: LetterCatalogue): CompiledTemplate {
  const problems: string[] = [];
  const m = FRONT_MATTER.exec(source.replace(/^\uFEFF/, ''));
  if (!m) throw new TemplateError(file, ['missing YAML front matter between --- lines']);
  let front: Record<string, unknown>;
  try {
    const parsed: unknown = parseYaml(m[1]);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('front matter is not a mapping');
    front = parsed as Record<string, unknown>;
  } catch (e) {
    throw new TemplateError(file, [`front matter: ${(e as Error).message}`]);
  }
  const body = m[2].replace(/\r\n/g, '\n');

  const id = front['id'];
  const version = front['version'];
  const title = front['title'];
  const series = front['series'];
  const rule = typeof id === 'string' ? catalogue.letter(id) : undefined;
  if (!rule) problems.push(`id must be a reply type or procedural document, got ${JSON.stringify(id)}`);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) problems.push('version must be a positive integer');
  if (typeof title !== 'string' || !title.trim()) problems.push('title is required');
  if (typeof series !== 'string' || !/^[A-Z][A-Z_]*$/.test(series)) problems.push('series must be an upper-case series code (series.yaml)');
  for (const key of Object.keys(front)) {
    if (!['id', 'version', 'title', 'series', 'recipient', 'note', 'basedOn'].includes(key)) problems.push(`unknown front matter key ${key}`);
  }
  for (const key of ['recipient', 'note', 'basedOn']) {
    if (front[key] !== undefined && typeof front[key] !== 'string') problems.push(`${key} must be a string`);
  }
  if (problems.length) throw new TemplateError(file, problems);

  if (!rule) throw new TemplateError(file, problems);
  const kind = rule.kind;
  const allowed = new Set<string>([...TEMPLATE_VARIABLES, ...rule.blankFields.map((f) => `blanks.${f}`)]);
  const recipientSource = (front['recipient'] as string | undefined) ?? DEFAULT_RECIPIENT[rule.addressee];
  const noteSource = (front['note'] as string | undefined) ?? DEFAULT_NOTE;

  const parts = { body, recipient: recipientSource, note: noteSource };
  const asts: Partial<Record<keyof typeof parts, Program>> = {};
  for (const [name, text] of Object.entries(parts) as [keyof typeof parts, string][]) {
    try {
      asts[name] = hbsEnv.parse(text);
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    checkNodes(asts[name]!, allowed, `${name}`, problems);
  }
  if (asts.body) {
    checkSlot(asts.body, body, 'legalBasis', true, problems);
    checkSlot(asts.body, body, 'remedyClause', rule.hasRemedy, problems);
  }
  for (const name of ['recipient', 'note'] as const) {
    if (asts[name] && /\{\{\s*(legalBasis|remedyClause)\s*\}\}/.test(parts[name])) problems.push(`${name} cannot contain the legal basis or remedy clause`);
  }
  if (problems.length) throw new TemplateError(file, problems);

  const options = { noEscape: true, strict: true, knownHelpersOnly: true, knownHelpers: { if: true, unless: true } } as const;
  const bodyFn = hbsEnv.compile(body, options);
  const recipientFn = hbsEnv.compile(recipientSource, options);
  const noteFn = hbsEnv.compile(noteSource, options);
  const meta: TemplateMeta = {
    id: kind,
    version: version as number,
    title: (title as string).trim(),
    series: series as string,
    basedOn: typeof front['basedOn'] === 'string' ? front['basedOn'] : null,
  };
  return {
    meta,
    file,
    render(data) {
      const paragraphs = splitParagraphs(bodyFn(data));
      const recipient = joinLines(recipientFn(data));
      const note = joinLines(noteFn(data));
      // The slots were checked at load; this guards the output itself: the legal basis and remedy clause are never
      // edited away (条例第三十六条第（三）项 reasons, 条例第五十一条 remedy).
      if (data.legalBasis && !paragraphs.includes(data.legalBasis)) throw new TemplateError(file, ['rendered text lost the legal basis']);
      if (rule.hasRemedy && (!data.remedyClause || !paragraphs.includes(data.remedyClause)))
        throw new TemplateError(file, ['rendered text lost the remedy clause']);
      if (!recipient) throw new TemplateError(file, ['rendered recipient is empty']);
      return { recipient, paragraphs, note: note || null };
    },
  };
}

function checkNodes(program: Program, allowed: Set<string>, where: string, problems: string[]): void {
  const visit = (node: AstNode): void => {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const s = node as hbs.AST.MustacheStatement;
        if (s.params.length || s.hash) problems.push(`${where}: {{${pathOf(s.path)} …}}: helpers are not allowed`);
        checkPath(s.path, allowed, where, problems);
        return;
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        const helper = pathOf(b.path);
        if (!BLOCK_HELPERS.has(helper)) problems.push(`${where}: block {{#${helper}}} is not allowed (only if, unless)`);
        if (b.params.length !== 1 || b.hash) problems.push(`${where}: {{#${helper}}} takes exactly one variable`);
        for (const p of b.params) checkPath(p, allowed, where, problems);
        if (b.program) b.program.body.forEach(visit);
        if (b.inverse) b.inverse.body.forEach(visit);
        return;
      }
      default:
        problems.push(`${where}: ${node.type} is not allowed`);
    }
  };
  program.body.forEach(visit);
}

function pathOf(node: hbs.AST.Expression): string {
  return node.type === 'PathExpression' ? (node as hbs.AST.PathExpression).original : node.type;
}

function checkPath(node: hbs.AST.Expression, allowed: Set<string>, where: string, problems: string[]): void {
  const name = pathOf(node);
  if (node.type !== 'PathExpression' || (node as hbs.AST.PathExpression).data || !allowed.has(name)) problems.push(`${where}: unknown variable {{${name}}}`);
}

/** A slot (`{{legalBasis}}`, `{{remedyClause}}`) must be present once, at top level, alone in its paragraph. */
function checkSlot(program: Program, body: string, slot: string, required: boolean, problems: string[]): void {
  const isSlot = (n: AstNode) => n.type === 'MustacheStatement' && pathOf((n as hbs.AST.MustacheStatement).path) === slot;
  const topLevel = program.body.filter(isSlot).length;
  const anywhere = (body.match(new RegExp(`\\{\\{\\s*${slot}\\s*\\}\\}`, 'g')) ?? []).length;
  if (!required) {
    if (anywhere) problems.push(`{{${slot}}} is not allowed: this document has none`);
    return;
  }
  const alone = body.split(/\n[ \t]*\n/).filter((p) => p.trim() === `{{${slot}}}`).length;
  if (anywhere !== 1 || topLevel !== 1 || alone !== 1) problems.push(`{{${slot}}} must appear exactly once, alone in its own paragraph and outside any block`);
}

/** Paragraphs are separated by blank lines; the lines of one paragraph are joined (no space between CJK lines). */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(joinLines)
    .filter((p) => p.length > 0);
}

function joinLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const joined = lines.reduce((acc, line) => (acc && /[A-Za-z0-9]$/.test(acc) && /^[A-Za-z0-9]/.test(line) ? `${acc} ${line}` : acc + line), '');
  return tidyPunctuation(joined);
}

/**
 * Officers end their blanks with or without a full stop; where a blank meets the template's own punctuation the
 * template's mark wins: 信息。。 → 信息。, 核查。， → 核查，.
 */
export function tidyPunctuation(text: string): string {
  return text.replace(/[。；，、]+(?=[。；，])/g, '');
}
