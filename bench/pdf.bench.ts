// Reply PDFs per second on one core: every reply type rendered from its template with the CJK font (Noto Serif SC,
// subset-embedded, fallback font for rare characters), against the same documents with every non-Latin-1
// character replaced and set in the built-in Helvetica (nothing embedded), measured in the same run in alternating
// rounds. pdfkit compresses synchronously, so one render uses one core.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { kindRule } from '../src/modules/letters/document-kinds.js';
import type { OfficialDocument } from '../src/modules/documents/official-document.js';
import { PdfFonts, standardFont } from '../src/modules/documents/pdf-fonts.js';
import { renderPdf } from '../src/modules/documents/pdf-renderer.js';
import { SAMPLE_REPLY_CONTEXT } from '../src/modules/documents/sample-context.js';
import { TemplateRegistry } from '../src/modules/documents/template-registry.js';
import { REPLY_TYPES } from '../src/modules/letters/reply-types.js';
import { type BenchContext, type Benchmark, formatMetric, median, percentile, type ResultRow } from './harness.js';
import { LETTERS } from '../src/modules/letters/letter-catalogue.js';

const GOAL_PER_SEC = 50;
const ROUNDS = 5;
const ROUND_MS = 1000;
const WARMUP_MS = 700;

/** Every non-Latin-1 character becomes Ø: one atom per character for the line breaker, as ideographs are. */
const latinOnly = (text: string): string => [...text].map((ch) => (ch.codePointAt(0)! > 0xff ? 'Ø' : ch)).join('');

function latinDocument(d: OfficialDocument): OfficialDocument {
  return {
    ...d,
    letterhead: d.letterhead && latinOnly(d.letterhead),
    documentNumber: latinOnly(d.documentNumber),
    title: latinOnly(d.title),
    recipient: latinOnly(d.recipient),
    paragraphs: d.paragraphs.map(latinOnly),
    legalBasis: latinOnly(d.legalBasis),
    remedyClause: d.remedyClause && latinOnly(d.remedyClause),
    signature: { ...d.signature, agencyName: latinOnly(d.signature.agencyName) },
    note: d.note && latinOnly(d.note),
  };
}

interface Subject {
  fonts: PdfFonts;
  documents: OfficialDocument[];
  bytes: number;
  times: number[];
}

/** Renders documents one after another for at least `ms`; returns PDFs per second. */
async function runFor(subject: Subject, ms: number, record: boolean): Promise<number> {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    const t0 = performance.now();
    const pdf = await renderPdf(subject.documents[count % subject.documents.length], subject.fonts);
    now = performance.now();
    subject.bytes += pdf.length;
    if (record) subject.times.push(now - t0);
    count++;
  }
  return count / ((now - start) / 1000);
}

/** The benchmark's rows (harness ResultRow); `ctx` only for progress output. */
export async function runPdfBench(ctx?: BenchContext): Promise<ResultRow[]> {
  const log = ctx?.log ?? (() => undefined);
  const registry = TemplateRegistry.load(process.env['DOCUMENT_TEMPLATES_DIR'] ?? path.resolve('templates'), LETTERS);
  const cjkFonts = PdfFonts.load({ regular: null, bold: null, fallbacks: null });
  // The renderer's own words (the date's 年月日, 印章) are not Latin: a catch-all Helvetica prints them as '?'.
  const catchAll = { ...standardFont('Helvetica'), has: () => true };
  const latinFonts = PdfFonts.of(standardFont('Helvetica'), standardFont('Helvetica-Bold'), [catchAll]);
  const replies = REPLY_TYPES.map((type, i) => registry.render(type, { context: SAMPLE_REPLY_CONTEXT, blanks: kindRule(type).exampleBlanks, seq: i + 1 }));
  const cjk: Subject = { fonts: cjkFonts, documents: replies, bytes: 0, times: [] };
  const latin: Subject = { fonts: latinFonts, documents: replies.map(latinDocument), bytes: 0, times: [] };
  log(`${replies.length} reply documents (one per reply type), CJK: ${cjkFonts.regular.name} + ${cjkFonts.bold.name}; baseline: Helvetica`);

  await runFor(cjk, WARMUP_MS, false);
  await runFor(latin, WARMUP_MS, false);
  const rates = { cjk: [] as number[], latin: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    rates.cjk.push(await runFor(cjk, ROUND_MS, true));
    rates.latin.push(await runFor(latin, ROUND_MS, true));
  }
  const cjkRate = median(rates.cjk);
  const latinRate = median(rates.latin);
  const sorted = [...cjk.times].sort((a, b) => a - b);
  const avgKb = (s: Subject) => s.bytes / 1024 / Math.max(1, s.times.length + 1);
  log(`CJK        ${rates.cjk.map((v) => formatMetric({ value: v, unit: 'ops/s' })).join(', ')}  (~${avgKb(cjk).toFixed(0)} KB per PDF)`);
  log(`Helvetica  ${rates.latin.map((v) => formatMetric({ value: v, unit: 'ops/s' })).join(', ')}  (~${avgKb(latin).toFixed(0)} KB per PDF)`);

  return [
    {
      benchmark: 'pdf: reply PDFs/s, CJK font (1 core)',
      measured: { value: cjkRate, unit: 'ops/s' },
      baseline: { value: latinRate, unit: 'ops/s', label: 'Helvetica' },
      goal: { text: `>= ${GOAL_PER_SEC}/s`, met: cjkRate >= GOAL_PER_SEC },
    },
    {
      benchmark: 'pdf: reply PDF render p95, CJK font',
      measured: { value: percentile(sorted, 95), unit: 'ms' },
      baseline: {
        value: percentile(
          [...latin.times].sort((a, b) => a - b),
          95,
        ),
        unit: 'ms',
        label: 'Helvetica',
      },
    },
  ];
}

export const pdfBenchmark: Benchmark = {
  name: 'pdf',
  description: 'reply PDFs per second with the embedded CJK font vs the built-in Helvetica',
  timeoutMs: 120_000,
  run: (ctx) => runPdfBench(ctx),
};
