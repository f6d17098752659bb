// The fingerprint of one request: slots (hard keys) and weighted topic tokens. Computed once per request and stored;
// comparing two fingerprints needs no segmentation.
import { IdfTable } from '../../../common/text/idf-table.js';
import { readIdfTable, segmenter } from '../../../common/text/segmenter.js';
import { SYNONYMS } from './kinds.js';
import { normalizeText, stripBoilerplate } from './normalize.js';
import { docKey, extractDocNumbers, extractSlots, kindsIn, type RequestSlots } from './slots.js';

export interface RequestText {
  title: string;
  description: string;
  /** The 文号 the applicant typed in its own field, if any. */
  docNumber?: string | null;
}

export interface Fingerprint {
  slots: RequestSlots;
  /** Topic tokens (synonyms mapped, stop words, numbers and slot words out), each once. */
  tokens: string[];
}

let idf: IdfTable | null = null;

/** jieba's IDF table (idf.txt shipped with @node-rs/jieba): rarer words weigh more. Built on first use. */
function idfTable(): IdfTable {
  idf ??= IdfTable.parse(readIdfTable());
  return idf;
}

/** Weight of a word not in the table: as rare as the rarer half of the table (names of places and projects). */
const UNKNOWN_IDF = 10;

export function tokenWeight(token: string): number {
  return idfTable().get(token) ?? UNKNOWN_IDF;
}

/** Builds the dictionary and the IDF table now (~0.35 s), e.g. before timing; the service builds them on first use. */
export function preloadDetector(): void {
  segmenter();
  idfTable();
}

// prettier-ignore
const STOP_WORDS = new Set([
  '请', '申请', '公开', '提供', '获取', '查询', '查阅', '政府信息', '信息', '相关', '有关', '关于', '的', '和', '及', '与', '以及', '或', '或者',
  '等', '文件', '材料', '资料', '本人', '我', '我们', '现', '系', '予以', '复印件', '一份', '对', '作出', '年', '情况', '涉及', '包括',
  '贵', '单位', '要求', '依法', '根据', '规定', '需要', '具体', '内容', '所', '在', '中', '了', '是', '该', '全部', '附件', '文号', '为',
  '据', '了解', '想', '相关文号', '均', '可', '此前', '已', '过', '村民', '因', '家庭', '范围', '市', '江宁', '江宁市', '号', '第',
]);

function topicTokens(text: string): string[] {
  let t = text;
  for (const [re, to] of SYNONYMS) t = t.replace(re, to);
  const out = new Set<string>();
  for (const tok of segmenter().cutForSearch(t, true)) {
    if (!/\p{Script=Han}|[a-z]/u.test(tok)) continue;
    if (STOP_WORDS.has(tok)) continue;
    out.add(tok);
  }
  return [...out].sort();
}

/** Normalised, boilerplate-free text of a request (title, description and the typed 文号). */
export function requestText(r: RequestText): string {
  const parts = [r.title, r.description, r.docNumber ?? ''].map((p) => stripBoilerplate(normalizeText(p ?? '')));
  return parts.join(' ');
}

export function fingerprint(r: RequestText): Fingerprint {
  const text = requestText(r);
  const slots = extractSlots(text);
  // Topic tokens come from the text without 文号, years and numbers: those are compared as slots.
  const topicText = kindsIn(extractDocNumbers(text).rest).rest.replace(/\d+/g, ' ');
  // Stored per request and read for every candidate: kept small (retrieval keys are stored apart, see blockKeys).
  return { slots, tokens: topicTokens(topicText) };
}

const shingles = (name: string): string[] => {
  const c = [...name];
  if (c.length < 2) return [name];
  const out: string[] = [];
  for (let i = 0; i + 1 < c.length; i++) out.push(c[i] + c[i + 1]);
  return out;
};

/**
 * Keys for candidate retrieval (a GIN index over them): two requests that could match share at least one.
 * The same 文号; or the same kind of information and a place or project sharing two characters in a row (the test
 * sameName applies); a request naming no place is found through kind and year, one naming no kind through its
 * rarest words. Keys are narrow on purpose: at a million requests per agency a key must not hold a large share.
 */
export function blockKeys(f: Fingerprint): string[] {
  const s = f.slots;
  const out = new Set<string>();
  for (const d of s.docs) out.add(`d:${docKey(d)}`);
  const names = [...s.places, ...s.entities].flatMap(shingles);
  const kinds = s.kinds.length > 0 ? s.kinds : ['-'];
  for (const k of kinds) {
    for (const n of names) out.add(`k:${k}|n:${n}`);
    if (names.length === 0) {
      for (const y of s.years) out.add(`k:${k}|y:${y}`);
      if (s.years.length === 0) out.add(`k:${k}`);
    }
  }
  if (s.kinds.length === 0) {
    const rare = [...f.tokens].sort((x, y) => tokenWeight(y) - tokenWeight(x) || x.localeCompare(y)).slice(0, 3);
    for (const t of rare) out.add(`t:${t}`);
  }
  return [...out].sort();
}

/** Keys to look a new request up with: the narrowest ones it has (文号, then names, then the rest). */
export function lookupKeys(f: Fingerprint): string[] {
  const all = blockKeys(f);
  const narrow = all.filter((k) => k.startsWith('d:') || k.includes('|n:'));
  return narrow.length > 0 ? narrow : all;
}
