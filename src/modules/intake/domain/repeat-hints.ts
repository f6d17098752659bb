import { createHmac } from 'node:crypto';
import { segmenter } from '../../../common/text/segmenter.js';
import { type IdDocumentType, normalizeIdentifier } from './identity.js';

// Repeat hints: flag, never block (条例第三十五条 lets the office ask for reasons; it never refuses unread). Two signals for the officer:
//  - the same applicant asks again for very similar information (条例第三十六条第（六）项: a repeated request for
//    information already answered is told it will not be handled again; that is the officer's call);
//  - many applications from one applicant in a calendar month (条例第三十五条: numbers "明显超过合理范围" may be asked
//    to give reasons; 国办函〔2020〕109号第四条 draws the free line at 10 per applicant per natural month).

/**
 * Similarity at or above which two descriptions are flagged, measured on repeat-hints.fixtures.ts: the 18
 * paraphrased pairs score 0.55–1.00, the 13 clearly different requests at most 0.52; the 6 SAME_SUBJECT pairs
 * (one place name or one object word apart) score 0.64–0.86 and are flagged: no measure tried separated them.
 * Tried on the same data (best threshold): jieba words alone 16/18 paraphrases and 14/19 others right, character
 * bigrams alone 17/18 and 13/19, this mean of both 18/18 and 13/19.
 */
export const SIMILARITY_THRESHOLD = 0.53;

/** 109号第四条（一）: up to 10 applications per applicant per calendar month are free; the 11th is flagged. */
export const MONTHLY_REQUEST_THRESHOLD = 10;

/** At most this many similar earlier cases are listed, best first. */
export const MAX_SIMILAR_HINTS = 5;

/** Earlier requests compared per application, most recent first: each costs a segmentation (~0.05–0.1 ms). */
export const MAX_COMPARED = 50;

// Words every request uses ("请公开……的相关文件"): they say nothing about which information is wanted.
// prettier-ignore
const STOP_WORDS = new Set([
  '请', '申请', '公开', '提供', '获取', '查询', '政府信息', '信息', '相关', '有关', '关于', '的', '和', '及', '与', '以及', '或', '或者',
  '等', '文件', '材料', '资料', '本人', '我', '我们', '现', '系', '予以', '复印件', '一份', '对', '作出', '研究', '问题', '年度', '年', '情况',
  '贵', '单位', '要求', '依法', '根据', '政府信息公开条例', '条例', '规定', '需要', '具体', '内容', '包括', '所', '在', '中', '了', '是',
]);
const STOP_PHRASES = [
  '申请公开',
  '请公开',
  '请提供',
  '申请获取',
  '申请提供',
  '政府信息',
  '相关',
  '有关',
  '关于',
  '以及',
  '文件',
  '材料',
  '资料',
  '本人',
  '复印件',
];

const normalize = (text: string): string => text.normalize('NFKC').toLowerCase();
const hasWordChars = (token: string): boolean => /[\p{L}\p{N}]/u.test(token);

/** jieba search-mode tokens (long words and their parts: 财政预算 → 财政, 预算, 财政预算) minus stop words. */
export function descriptionTokens(text: string): string[] {
  return segmenter()
    .cutForSearch(normalize(text), true)
    .filter((t) => hasWordChars(t) && !STOP_WORDS.has(t));
}

/** Character bigrams of the text without boilerplate phrases, split at punctuation. */
export function characterBigrams(text: string): string[] {
  let t = normalize(text);
  for (const phrase of STOP_PHRASES) t = t.split(phrase).join(' ');
  const out: string[] = [];
  for (const run of t.split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...run];
    if (chars.length === 1) out.push(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

function cosine(a: readonly string[], b: readonly string[]): number {
  const ca = new Map<string, number>();
  const cb = new Map<string, number>();
  for (const t of a) ca.set(t, (ca.get(t) ?? 0) + 1);
  for (const t of b) cb.set(t, (cb.get(t) ?? 0) + 1);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, n] of ca) {
    na += n * n;
    dot += n * (cb.get(t) ?? 0);
  }
  for (const n of cb.values()) nb += n * n;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function dice(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let shared = 0;
  for (const t of sa) if (sb.has(t)) shared++;
  return sa.size + sb.size === 0 ? 0 : (2 * shared) / (sa.size + sb.size);
}

const yearsIn = (text: string): Set<string> => new Set([...normalize(text).matchAll(/(?<!\d)(?:19|20)\d{2}(?!\d)/g)].map((m) => m[0]));

/** What a comparison needs of one description; computed once per text (segmentation is the costly part). */
export interface DescriptionFeatures {
  readonly compact: string;
  readonly tokens: readonly string[];
  readonly bigrams: readonly string[];
  readonly years: ReadonlySet<string>;
}

export function descriptionFeatures(text: string): DescriptionFeatures {
  const compact = normalize(text).replace(/[^\p{L}\p{N}]+/gu, '');
  if (compact === '') return { compact, tokens: [], bigrams: [], years: new Set() };
  return { compact, tokens: descriptionTokens(text), bigrams: characterBigrams(text), years: yearsIn(text) };
}

/**
 * Similarity of two request descriptions in [0, 1]: the mean of a word measure (cosine over jieba tokens) and a
 * character measure (Dice over bigrams). Each alone misses paraphrases the other catches: jieba splits unknown
 * place names inconsistently (青|山镇 / 青山|镇政府), bigrams miss reordered compounds. Two descriptions naming
 * different years only (2024 vs 2025) ask for different information: the score is halved.
 */
export function descriptionSimilarity(a: string | DescriptionFeatures, b: string | DescriptionFeatures): number {
  const fa = typeof a === 'string' ? descriptionFeatures(a) : a;
  const fb = typeof b === 'string' ? descriptionFeatures(b) : b;
  if (fa.compact === '' || fb.compact === '') return 0;
  if (fa.compact === fb.compact) return 1;
  const score = (cosine(fa.tokens, fb.tokens) + dice(fa.bigrams, fb.bigrams)) / 2;
  const disjointYears = fa.years.size > 0 && fb.years.size > 0 && ![...fa.years].some((y) => fb.years.has(y));
  return disjointYears ? score / 2 : score;
}

export interface CurrentRequest {
  /** Who is asking (deriveApplicantKey); echoed in the monthly hint so the officer can list the others. */
  applicantKey: string;
  description: string;
  /** The receipt date, or the submission date while the receipt is not confirmed yet (YYYY-MM-DD). */
  receiptDate: string;
}

export interface EarlierRequest {
  caseId: string;
  trackingNumber: string;
  description: string;
  receiptDate: string | null;
}

export interface SimilarRequestHint {
  code: 'SIMILAR_TO_EARLIER_REQUEST';
  caseId: string;
  trackingNumber: string;
  earlierReceiptDate: string | null;
  similarity: number;
  rule: string;
}

export interface ManyRequestsHint {
  code: 'MANY_REQUESTS_THIS_MONTH';
  applicantKey: string;
  /** YYYY-MM */
  month: string;
  count: number;
  threshold: number;
  rule: string;
}

export type RepeatHint = SimilarRequestHint | ManyRequestsHint;

export interface RepeatHintOptions {
  /** Default MONTHLY_REQUEST_THRESHOLD (AppConfig intake.monthlyRequestThreshold). */
  monthlyThreshold?: number;
  similarityThreshold?: number;
  maxSimilar?: number;
  /** Only the most recent earlier requests are compared (default MAX_COMPARED): intake latency stays flat. */
  maxCompared?: number;
}

/**
 * Hints for the officer about one new application. `previous` are the same applicant's earlier cases (any
 * agency scope the caller chooses); `monthCount` is how many applications the applicant has made in the
 * calendar month of `current.receiptDate`, this one included. Never throws on odd input and never blocks intake.
 */
export function repeatHints(current: CurrentRequest, previous: readonly EarlierRequest[], monthCount: number, options: RepeatHintOptions = {}): RepeatHint[] {
  const threshold = options.monthlyThreshold ?? MONTHLY_REQUEST_THRESHOLD;
  const minSimilarity = options.similarityThreshold ?? SIMILARITY_THRESHOLD;
  const hints: RepeatHint[] = [];

  const recent = [...previous].sort((x, y) => (y.receiptDate ?? '9999').localeCompare(x.receiptDate ?? '9999')).slice(0, options.maxCompared ?? MAX_COMPARED);
  // Segmented only when there is something to compare with: most applications are an applicant's first.
  const mine = recent.length > 0 ? descriptionFeatures(current.description) : null;
  const similar = recent
    .map((p) => ({ p, similarity: descriptionSimilarity(mine!, p.description) }))
    .filter((s) => s.similarity >= minSimilarity)
    .sort((x, y) => y.similarity - x.similarity || (y.p.receiptDate ?? '').localeCompare(x.p.receiptDate ?? ''))
    .slice(0, options.maxSimilar ?? MAX_SIMILAR_HINTS);
  for (const { p, similarity } of similar) {
    const rounded = Math.round(similarity * 100) / 100;
    const received = p.receiptDate ? `，${p.receiptDate}收到` : '';
    hints.push({
      code: 'SIMILAR_TO_EARLIER_REQUEST',
      caseId: p.caseId,
      trackingNumber: p.trackingNumber,
      earlierReceiptDate: p.receiptDate,
      similarity: rounded,
      rule:
        `与该申请人此前的申请（${p.trackingNumber}${received}）内容相似（相似度${rounded.toFixed(2)}）。` +
        '如属已作答复后重复申请公开相同政府信息，可依条例第三十六条第（六）项告知不予重复处理。本提示仅供参考，不影响受理。',
    });
  }

  if (Number.isFinite(monthCount) && monthCount > threshold) {
    const month = current.receiptDate.slice(0, 7);
    const [y, m] = month.split('-').map(Number);
    hints.push({
      code: 'MANY_REQUESTS_THIS_MONTH',
      applicantKey: current.applicantKey,
      month,
      count: monthCount,
      threshold,
      rule:
        `该申请人${y}年${m}月已提出${monthCount}件申请，超过${threshold}件。国办函〔2020〕109号第四条以同一申请人一个自然月内累计申请10件为不收费上限；` +
        '申请数量、频次明显超过合理范围的，可依条例第三十五条要求申请人说明理由。本提示仅供参考，不影响受理。',
    });
  }
  return hints;
}

export type ApplicantIdentity =
  { kind: 'PERSON'; idType: IdDocumentType; idNumber: string } | { kind: 'ORGANISATION'; creditCode: string } | { kind: 'ACCOUNT'; userId: string };

/**
 * A stable key for "the same applicant" (109号: 同一申请人; 109号 does not say how the applicant is identified:
 * here the ID document or credit code, else the account): 64 hex characters. ID numbers are keyed with an HMAC:
 * they are too guessable (region, birth date, sequence) for a plain hash to hide them.
 */
export function deriveApplicantKey(identity: ApplicantIdentity, secret: string): string {
  if (typeof secret !== 'string' || secret.length < 16) throw new RangeError('applicant-key secret too short');
  const subject =
    identity.kind === 'PERSON'
      ? `person:${identity.idType}:${normalizeIdentifier(identity.idNumber)}`
      : identity.kind === 'ORGANISATION'
        ? `organisation:${normalizeIdentifier(identity.creditCode)}`
        : `account:${identity.userId}`;
  return createHmac('sha256', secret).update(`gongkai/applicant/v1/${subject}`).digest('hex');
}
