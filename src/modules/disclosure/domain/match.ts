// Do two requests to the same agency ask for the same information (条例第四十四条第一款 "相同政府信息")?
// First the hard keys: a different year, place, 文号, batch or term, or kind of document vetoes the match, however
// alike the words (another village's 补偿方案 is other information). Then the words: IDF-weighted Jaccard over
// topic tokens, plus agreement of the keys both name. Precision matters more than recall: a false match costs an
// officer time and trust.
import { type Fingerprint, tokenWeight } from './fingerprint.js';
import { kindLabel } from './kinds.js';
import { formatDoc, type RequestSlots, sameDocument } from './slots.js';

/** Score at or above which two compatible requests are taken to ask for the same information. */
export const MATCH_THRESHOLD = 0.6;

export interface MatchResult {
  /** Why the match is impossible (Chinese), or null. */
  veto: string | null;
  score: number;
  /** Why they match (Chinese), strongest first. */
  reasons: string[];
}

const disjoint = <T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean = (x, y) => x === y): boolean =>
  a.length > 0 && b.length > 0 && !a.some((x) => b.some((y) => same(x, y)));

/** Two place or project names are the same when one contains the other or they share two characters in a row. */
export function sameName(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return true;
  const ca = [...a];
  for (let i = 0; i + 1 < ca.length; i++) if (b.includes(ca[i] + ca[i + 1])) return true;
  return false;
}

function sequenceConflict(a: readonly string[], b: readonly string[]): string | null {
  for (const x of a) {
    const [kind, value] = x.split(':');
    const other = b.filter((y) => y.startsWith(`${kind}:`));
    if (other.length > 0 && !other.some((y) => y.split(':')[1] === value)) return kind;
  }
  return null;
}

const SEQUENCE_LABEL: Record<string, string> = { batch: '批次', quarter: '季度', phase: '期次', term: '届次', half: '半年' };

/** The hard keys in conflict, in Chinese, or null when none is. */
export function veto(a: Fingerprint, b: Fingerprint): string | null {
  return slotVeto(a.slots, b.slots);
}

/** The veto reads the hard keys only: a cluster is checked against its members' distinct key sets, not each member. */
export function slotVeto(sa: RequestSlots, sb: RequestSlots): string | null {
  if (disjoint(sa.docs, sb.docs, sameDocument)) return `文号不同（${formatDoc(sa.docs[0])}／${formatDoc(sb.docs[0])}）`;
  if (disjoint(sa.years, sb.years)) return `年份不同（${sa.years.join('、')}／${sb.years.join('、')}）`;
  if (disjoint(sa.places, sb.places, sameName)) return `地点不同（${sa.places.join('、')}／${sb.places.join('、')}）`;
  if (disjoint(sa.entities, sb.entities, sameName)) return `项目或单位不同（${sa.entities.join('、')}／${sb.entities.join('、')}）`;
  const seq = sequenceConflict(sa.sequence, sb.sequence);
  if (seq) return `${SEQUENCE_LABEL[seq] ?? seq}不同`;
  if (disjoint(sa.kinds, sb.kinds)) return `信息种类不同（${sa.kinds.map(kindLabel).join('、')}／${sb.kinds.map(kindLabel).join('、')}）`;
  const monthsA = sa.months.map((m) => m.slice(-2));
  const monthsB = sb.months.map((m) => m.slice(-2));
  if (disjoint(monthsA, monthsB)) return '月份不同';
  return null;
}

/** A token list as jaccardParts reads it: each token once, in order, with its set and weights. */
interface TokenSet {
  tokens: string[];
  set: Set<string>;
  weights: number[];
}

// A request is compared with up to 400 candidates, and in a detection batch each candidate with every request of the
// batch: the set and the weights of a token list are built once per list, not once per comparison.
const tokenSets = new WeakMap<readonly string[], TokenSet>();

function tokenSetOf(list: readonly string[]): TokenSet {
  let ts = tokenSets.get(list);
  if (!ts) {
    const set = new Set(list);
    const tokens = [...set];
    ts = { tokens, set, weights: tokens.map(tokenWeight) };
    tokenSets.set(list, ts);
  }
  return ts;
}

/**
 * The sums of the IDF-weighted Jaccard of two token lists (shared weight, union weight); the shared tokens (sorted by
 * weight) only when a reason will quote them, else none.
 */
function jaccardParts(a: readonly string[], b: readonly string[], withShared: boolean): { inter: number; union: number; shared: string[] } {
  const sa = tokenSetOf(a);
  const sb = tokenSetOf(b);
  let inter = 0;
  let union = 0;
  const shared: string[] = [];
  for (let i = 0; i < sa.tokens.length; i++) {
    const w = sa.weights[i];
    union += w;
    if (sb.set.has(sa.tokens[i])) {
      inter += w;
      if (withShared) shared.push(sa.tokens[i]);
    }
  }
  for (let i = 0; i < sb.tokens.length; i++) if (!sa.set.has(sb.tokens[i])) union += sb.weights[i];
  if (shared.length > 1) shared.sort((x, y) => tokenWeight(y) - tokenWeight(x));
  return { inter, union, shared };
}

// Weights of the keys in the overlap measure, on the IDF scale of the words (a rare word weighs 10–12): a key both
// requests name is strong evidence; a key only one of them names (a year, a village) makes it narrower and counts
// against the match.
const SLOT_WEIGHT = { kind: 12, place: 12, entity: 10, year: 8, sequence: 16, month: 10 } as const;

interface Overlap {
  inter: number;
  union: number;
}

function slotOverlap(o: Overlap, weight: number, a: readonly string[], b: readonly string[], same: (x: string, y: string) => boolean = (x, y) => x === y): string | undefined {
  if (a.length === 0 && b.length === 0) return undefined;
  const shared = a.find((x) => b.some((y) => same(x, y)));
  if (shared !== undefined) {
    o.inter += weight;
    o.union += weight;
  } else o.union += weight * (a.length > 0 && b.length > 0 ? 2 : 1);
  return shared;
}

export function compare(a: Fingerprint, b: Fingerprint): MatchResult {
  return assess(a, b, true);
}

/**
 * The score compare() gives, or null when the hard keys veto the match; without the reasons. Detection scores a
 * request against up to 400 candidates and keeps the reasons of the best few only, so it words those alone (with
 * compare, which gives the same score).
 */
export function matchScore(a: Fingerprint, b: Fingerprint): number | null {
  const m = assess(a, b, false);
  return m.veto ? null : m.score;
}

function assess(a: Fingerprint, b: Fingerprint, explain: boolean): MatchResult {
  const why = veto(a, b);
  if (why) return { veto: why, score: 0, reasons: [] };
  const sa = a.slots;
  const sb = b.slots;
  const words = jaccardParts(a.tokens, b.tokens, explain);
  const o: Overlap = { inter: words.inter, union: words.union };

  const kind = slotOverlap(o, SLOT_WEIGHT.kind, sa.kinds, sb.kinds);
  const place = slotOverlap(o, SLOT_WEIGHT.place, sa.places, sb.places, sameName);
  const entity = slotOverlap(o, SLOT_WEIGHT.entity, sa.entities, sb.entities, sameName);
  const year = slotOverlap(o, SLOT_WEIGHT.year, sa.years.map(String), sb.years.map(String));
  slotOverlap(o, SLOT_WEIGHT.sequence, sa.sequence, sb.sequence);
  slotOverlap(o, SLOT_WEIGHT.month, sa.months.map((m) => m.slice(-2)), sb.months.map((m) => m.slice(-2)));
  let score = o.union === 0 ? 0 : o.inter / o.union;
  // A batch, quarter or month named by one request only: it asks for a part (第二批) of what the other asks.
  if ((sa.sequence.length > 0) !== (sb.sequence.length > 0) || (sa.months.length > 0) !== (sb.months.length > 0)) score *= 0.8;

  const doc = sa.docs.length && sb.docs.length ? firstSharedDocument(sa.docs, sb.docs) : undefined;
  // The same document cited by both: only a contradicting key (vetoed above) could make it other information.
  if (doc) score = Math.max(score, 0.9);
  score = Math.max(0, Math.min(1, score));
  if (!explain) return { veto: null, score, reasons: [] };

  const reasons: string[] = [];
  if (doc) reasons.push(`同一文号（${formatDoc(doc)}）`);
  if (kind) reasons.push(`同一信息种类（${kindLabel(kind)}）`);
  const where = place ?? entity;
  if (where && year) reasons.push(`同一地点和年份（${where}，${year}年）`);
  else if (where) reasons.push(`同一地点或项目（${where}）`);
  else if (year) reasons.push(`同一年份（${year}年）`);
  if (words.shared.length > 0) reasons.push(`相同关键词：${words.shared.slice(0, 5).join('、')}`);
  return { veto: null, score, reasons };
}

/** The first document both cite, as the one that names it more fully (with its issuer's prefix). */
function firstSharedDocument(a: RequestSlots['docs'], b: RequestSlots['docs']): RequestSlots['docs'][number] | undefined {
  for (const d of a) for (const e of b) if (sameDocument(d, e)) return e.prefix.length > d.prefix.length ? e : d;
  return undefined;
}
