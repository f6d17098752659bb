import { segmenter } from './segmenter.js';

// Full-text search over Chinese text without a PostgreSQL Chinese parser: the application cuts the text with jieba and
// stores the words as a tsvector (GIN-indexed); a query is cut the same way and every word must be present. PostgreSQL
// never parses the words itself (tsvector/tsquery literals, not to_tsvector), so the result does not depend on the
// server's locale or text-search configuration.

const normalize = (text: string): string => text.normalize('NFKC').toLowerCase();
const isWord = (token: string): boolean => /[\p{L}\p{N}]/u.test(token);

// Words nearly every request uses ("请公开……的相关文件", "2023年"): dropped from a query (they would only narrow it to
// the wording, and each is a long GIN posting list to intersect), kept in the index so that a query made of nothing
// else still finds something.
// prettier-ignore
const QUERY_STOP_WORDS = new Set([
  '请', '申请', '请求', '公开', '提供', '获取', '查询', '政府信息', '信息', '相关', '有关', '关于', '的', '和', '及', '与', '以及', '或',
  '或者', '等', '文件', '材料', '资料', '本人', '我', '我们', '予以', '复印件', '一份', '要求', '依法', '根据', '需要', '具体', '内容',
  '包括', '所', '在', '中', '了', '是', '年', '年度', '月', '日', '号', '第',
]);

/** Every pair of adjacent Han characters (李庄村委会 → 李庄, 庄村, 村委, 委会). */
function hanBigrams(normalized: string): string[] {
  const out: string[] = [];
  for (const run of normalized.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

/**
 * The words stored for a text: jieba search mode (a long word and the dictionary words inside it: 集体土地 → 集体,
 * 土地, 集体土地), dictionary only (no HMM guesses, which cut an unknown name differently in different contexts),
 * NFKC and lower case, punctuation out; plus every pair of adjacent Han characters, so that a name jieba does not
 * know (李|庄|村, cut differently next to other words) is still found by its pairs. Each word once.
 */
export function searchTokens(text: string): string[] {
  const t = normalize(text);
  return [...new Set([...segmenter().cutForSearch(t, false).filter(isWord), ...hanBigrams(t)])];
}

const isHanChar = (w: string): boolean => [...w].length === 1 && /\p{Script=Han}/u.test(w);

/**
 * The words a query must all match: its jieba words, where a run of single characters (a name jieba does not know:
 * 李|庄|村) becomes its character pairs (李庄, 庄村: rare words, where the single characters are among the most common
 * words of the index); without request boilerplate (unless that is all it says) and without a compound whose parts are
 * also there (养老保险 → 养老, 保险): a text may hold the compound inside a longer dictionary word whose search-mode
 * parts include the short words but not the compound.
 */
export function queryTokens(query: string, max = 10): string[] {
  const t = normalize(query);
  const runs: string[] = [];
  let run = '';
  for (const w of [...segmenter().cut(t, false), '']) {
    if (isHanChar(w)) run += w;
    else {
      if ([...run].length >= 2) runs.push(run);
      run = '';
    }
  }
  const inRuns = new Set(runs.flatMap((r) => [...r]));
  const all = [...new Set([...segmenter().cutForSearch(t, false).filter((w) => isWord(w) && !(isHanChar(w) && inRuns.has(w))), ...runs.flatMap(hanBigrams)])];
  const meaningful = all.filter((w) => !QUERY_STOP_WORDS.has(w));
  const words = meaningful.length > 0 ? meaningful : all;
  return words.filter((w) => !words.some((o) => o !== w && o.length < w.length && w.includes(o))).slice(0, max);
}

/** A lexeme in tsvector/tsquery input syntax: quoted, with quotes doubled and backslashes escaped. */
const lexeme = (token: string): string => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** The tsvector literal of the words (PostgreSQL casts it as it is: no parser, no stemming). */
export function tsvectorLiteral(tokens: readonly string[]): string {
  return tokens.map(lexeme).join(' ');
}

/** The tsquery literal matching a text that holds every one of the words. */
export function tsqueryAllLiteral(tokens: readonly string[]): string {
  return tokens.map(lexeme).join(' & ');
}
