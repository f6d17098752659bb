// Evidence archive: (1) event-chain verification (verifyEventChain: canonical JSON, SHA-256, links, sequence) against
// a raw loop that only canonicalises and hashes the same events, in the same run; (2) assembling one typical case
// bundle (≈20 events, 6 issued PDFs, 3 attachments, the 证据目录 PDF, SHA-256 + SM3 manifests, Ed25519 signature,
// streamed ZIP) from content in memory: the bundle's own work, without the database reads and the blob store.
// (3) the auditor's archive search over 1,000,000 archived cases in PostgreSQL, per scenario against its own SQL sent
// directly (bench/archive-search.ts).
import { createHash, generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { writeBagZip } from '../src/modules/archive/bagit.js';
import { type CaseFileInput, caseFileJson, evidenceListRows } from '../src/modules/archive/case-file.js';
import { renderEvidenceList } from '../src/modules/archive/evidence-list-pdf.js';
import { ArchiveSigningKey } from '../src/modules/archive/signing-key.js';
import { type ChainedEvent, hashEvent, verifyEventChain } from '../src/modules/cases/event-chain.js';
import { kindRule } from '../src/modules/letters/document-kinds.js';
import { PdfFonts } from '../src/modules/documents/pdf-fonts.js';
import { renderPdf } from '../src/modules/documents/pdf-renderer.js';
import { SAMPLE_REPLY_CONTEXT } from '../src/modules/documents/sample-context.js';
import { TemplateRegistry } from '../src/modules/documents/template-registry.js';
import { REPLY_TYPES } from '../src/modules/letters/reply-types.js';
import { type BenchContext, type Benchmark, formatMetric, measureLatency, measureRates, type ResultRow } from './harness.js';
import { LETTERS } from '../src/modules/letters/letter-catalogue.js';
import { runArchiveSearchBench } from './archive-search.js';

const CHAIN_EVENTS = 20_000;
const GOAL_RATIO = 0.5;
const GOAL_EVENTS_PER_SEC = 50_000;
const GOAL_BUNDLE_P95_MS = 150;

const TYPES = ['REGISTERED', 'CONFIRM_RECEIPT', 'ACCEPT', 'REFER_TO_LEGAL', 'SUBMIT_LEGAL_OPINION', 'START_DRAFT', 'SUBMIT_FOR_APPROVAL', 'APPROVE_REPLY', 'DELIVER_REPLY', 'RECORD_DELIVERY_PROOF'];

/** A chain of events shaped like the service's (payloads with Chinese text, documents, hashes). */
function chain(n: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prev: string | null = null;
  const caseId = '772641a2-0087-4721-afb8-ad60e29be726';
  for (let i = 0; i < n; i++) {
    const fields = {
      caseId,
      seq: i + 1,
      type: TYPES[i % TYPES.length],
      effectiveDate: '2026-03-09',
      recordedAt: new Date(Date.UTC(2026, 2, 9, 2, 0, i % 60, i % 1000)).toISOString(),
      actorId: '0c7e8b8e-3f5c-4b8a-9f76-0d0e4b1f2a33',
      actorRole: 'OFFICER',
      payload: { note: `第${i}次办理记录：申请公开2025年某镇土地征收补偿安置方案`, document: { id: `d-${i}`, documentNumber: `示县自然资公开〔2026〕${i}号`, sha256: 'ab'.repeat(32) }, workdays: i % 20 },
      reason: i % 7 === 0 ? '纸质材料补录' : null,
      backDated: i % 7 === 0,
      prevHash: prev,
    };
    const hash = hashEvent(fields);
    events.push({ ...fields, id: `e-${i}`, hash });
    prev = hash;
  }
  return events;
}

async function bundleInputs() {
  const registry = TemplateRegistry.load(process.env['DOCUMENT_TEMPLATES_DIR'] ?? path.resolve('templates'), LETTERS);
  const fonts = PdfFonts.load({ regular: null, bold: null, fallbacks: null });
  const pdfs = await Promise.all(
    REPLY_TYPES.slice(0, 6).map(async (type, i) => renderPdf(registry.render(type, { context: SAMPLE_REPLY_CONTEXT, blanks: kindRule(type).exampleBlanks, seq: i + 1 }), fonts)),
  );
  const scans = [pdfs[0], pdfs[1], pdfs[2]];
  const events = chain(20).map((e) => ({ seq: e.seq, type: e.type, effectiveDate: e.effectiveDate, recordedAt: e.recordedAt, actorRole: e.actorRole, payload: e.payload, hash: e.hash }));
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const input: CaseFileInput = {
    caseFacts: {
      id: '772641a2-0087-4721-afb8-ad60e29be726',
      trackingNumber: 'SLXZR-2026-000001',
      channel: 'WEB',
      receiptDate: '2026-03-09',
      receiptBasis: '网上提交，机关确认之日',
      submittedAt: '2026-03-09T02:00:00.000Z',
      applicantName: '张三',
      applicantCategory: 'NATURAL_PERSON',
      applicant: {},
      requestDescription: '请求公开2025年某镇土地征收补偿安置方案全文及附件。',
      requestTitle: '2025年某镇土地征收补偿安置方案',
      requestDocumentNumber: null,
      status: 'DELIVERED',
      statusLabel: '已送达',
      dueDate: '2026-04-07',
      overdue: false,
      handler: '李四',
    },
    agency: { name: '示例县自然资源局', code: 'SLXZR' },
    events,
    documents: pdfs.map((p, i) => ({ id: `d-${i}`, kind: REPLY_TYPES[i], title: '政府信息公开申请答复书', documentNumber: `示县自然资公开〔2026〕${i + 1}号`, issuedOn: '2026-03-09', sha256: sha(p), byteSize: p.length, templateId: REPLY_TYPES[i], templateVersion: 1 })),
    attachments: scans.map((p, i) => ({ id: `a-${i}`, purpose: i === 2 ? 'SIGNED_RECEIPT' : 'APPLICATION_SCAN', filename: `扫描件${i}.pdf`, contentType: 'application/pdf', byteSize: p.length, sha256: sha(p) })),
    pages: new Map(),
    retention: { years: 30, legalHold: false },
    export: { at: '2026-03-12T02:00:00.000Z', role: 'OFFICER', purpose: null, applicantEntitled: true },
  };
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const signer = ArchiveSigningKey.fromPem(pem, 'bench.gongkai/archive-log', '2026-01-01', 10);
  return { fonts, pdfs, scans, input, signer };
}

export async function runArchiveBench(ctx?: BenchContext): Promise<ResultRow[]> {
  const log = ctx?.log ?? (() => undefined);
  const events = chain(CHAIN_EVENTS);
  const head = events.at(-1)!.hash;
  log(`${CHAIN_EVENTS} events; baseline: canonicalize + SHA-256 of the same fields, nothing else`);
  const rates = measureRates(
    {
      verify: (n) => {
        let ok = 0;
        for (let i = 0; i < n; i++) ok += verifyEventChain(events, head).ok ? 1 : 0;
        return ok;
      },
      raw: (n) => {
        let x = 0;
        for (let i = 0; i < n; i++) {
          for (const e of events) {
            const { id: _id, hash: _hash, ...fields } = e;
            x ^= createHash('sha256').update(canonicalize(fields)!, 'utf8').digest()[0];
          }
        }
        return x;
      },
    },
    { minMs: 1000, repeats: 3, warmupMs: 300 },
  );
  const verifyPerSec = rates.verify.opsPerSec * CHAIN_EVENTS;
  const rawPerSec = rates.raw.opsPerSec * CHAIN_EVENTS;
  log(`verifyEventChain ${formatMetric({ value: verifyPerSec, unit: 'ops/s' })} events/s; raw ${formatMetric({ value: rawPerSec, unit: 'ops/s' })} events/s`);

  const { fonts, pdfs, scans, input, signer } = await bundleInputs();
  const bundle = async () => {
    const stream = writeBagZip({
      payload: [
        ...pdfs.map((p, i) => ({ path: `data/documents/SLXZR-2026-000001-D0${i + 1}-reply.pdf`, compress: false, content: async () => p })),
        ...scans.map((p, i) => ({ path: `data/attachments/SLXZR-2026-000001-A0${i + 1}-scan.pdf`, compress: false, content: async () => p })),
        { path: 'data/events.jsonl', content: async () => Buffer.from(events.slice(0, 20).map((e) => `${canonicalize(e)}\n`).join(''), 'utf8') },
        { path: 'data/case.json', content: async () => Buffer.from(JSON.stringify(caseFileJson(input), null, 2), 'utf8') },
        {
          path: 'data/SLXZR-2026-000001-evidence-list.pdf',
          compress: false,
          content: () => renderEvidenceList({ agencyName: '示例县自然资源局', trackingNumber: 'SLXZR-2026-000001', subject: '土地征收补偿安置方案', madeOn: '2026-03-12', madeBy: 'Gongkai' }, evidenceListRows(input), fonts),
        },
      ],
      bagInfo: [
        ['Source-Organization', '示例县自然资源局'],
        ['Bagging-Date', '2026-03-12'],
        ['External-Identifier', 'SLXZR-2026-000001'],
      ],
      tagFileNames: ['archive-keys.json'],
      tagFiles: async () => [{ path: 'archive-keys.json', content: Buffer.from(JSON.stringify({ keys: [signer.record] }), 'utf8') }],
      signer,
      mtime: new Date('2026-03-12T02:00:00Z'),
    });
    let bytes = 0;
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    return bytes;
  };
  const t0 = performance.now();
  const size = await bundle();
  log(`one bundle: ${(size / 1024).toFixed(0)} KB, first run ${(performance.now() - t0).toFixed(0)} ms`);
  const latency = await measureLatency(bundle, { samples: 60, warmup: 5, budgetMs: 20_000 });
  log(`bundle p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms (${latency.samples} samples)`);

  const search = ctx ? await runArchiveSearchBench(ctx) : [];
  return [
    {
      benchmark: 'archive: event-chain verification, events/s',
      measured: { value: verifyPerSec, unit: 'ops/s' },
      baseline: { value: rawPerSec, unit: 'ops/s', label: 'canonical JSON + SHA-256 loop' },
      goal: { text: `>= ${GOAL_RATIO}x raw, >= ${GOAL_EVENTS_PER_SEC / 1000}k/s`, met: verifyPerSec >= GOAL_RATIO * rawPerSec && verifyPerSec >= GOAL_EVENTS_PER_SEC },
    },
    {
      benchmark: 'archive: typical bundle (20 events, 6 PDFs, 3 scans) p95',
      measured: { value: latency.p95, unit: 'ms' },
      goal: { text: `p95 <= ${GOAL_BUNDLE_P95_MS} ms`, met: latency.p95 <= GOAL_BUNDLE_P95_MS },
    },
    ...search,
  ];
}

export const archiveBenchmark: Benchmark = {
  name: 'archive',
  description: 'event-chain verification vs a raw canonical-JSON SHA-256 loop; typical evidence bundle assembly p95; auditor search over 1M archived cases vs its SQL',
  timeoutMs: 1_200_000, // a hang guard; seeding 1M cases and measuring takes several minutes
  run: (ctx) => runArchiveBench(ctx),
};
