// Scoring a grouping against a labelled set, and the plain baseline it is compared with.

export interface PairwiseScore {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  /** Gold groups of two or more requests. */
  goldGroups: number;
  /** Gold groups of two or more requests found exactly: one predicted cluster, nothing else in it. */
  groupsFound: number;
}

const pairsOf = (groups: readonly (readonly string[])[]): Set<string> => {
  const out = new Set<string>();
  for (const g of groups) {
    const s = [...g].sort();
    for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) out.add(`${s[i]}|${s[j]}`);
  }
  return out;
};

export function pairwiseScore(predicted: readonly (readonly string[])[], gold: readonly (readonly string[])[]): PairwiseScore {
  const p = pairsOf(predicted);
  const g = pairsOf(gold);
  let correct = 0;
  for (const x of p) if (g.has(x)) correct++;
  const precision = p.size === 0 ? 1 : correct / p.size;
  const recall = g.size === 0 ? 1 : correct / g.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const predictedKeys = new Set(predicted.map((c) => [...c].sort().join('|')));
  const multi = gold.filter((c) => c.length >= 2);
  const found = multi.filter((c) => predictedKeys.has([...c].sort().join('|'))).length;
  return { precision, recall, f1, truePairs: g.size, predictedPairs: p.size, correctPairs: correct, goldGroups: multi.length, groupsFound: found };
}

/** Character trigrams of the text as typed (NFKC, white space out) — what pg_trgm-style similarity sees. */
export function trigrams(text: string): Set<string> {
  const chars = [...`  ${text.normalize('NFKC').replace(/\s+/g, '')} `];
  const out = new Set<string>();
  for (let i = 0; i + 2 < chars.length; i++) out.add(chars[i] + chars[i + 1] + chars[i + 2]);
  return out;
}

export function trigramSimilarity(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/** Baseline: trigram Jaccard ≥ threshold within one agency, grouped by connected components. */
export function trigramGroups(items: readonly { id: string; agency: string; text: string }[], threshold: number): string[][] {
  const parent = new Map(items.map((i) => [i.id, i.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  const grams = items.map((i) => trigrams(i.text));
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) {
      if (items[i].agency !== items[j].agency) continue;
      if (trigramSimilarity(grams[i], grams[j]) >= threshold) parent.set(find(items[i].id), find(items[j].id));
    }
  const groups = new Map<string, string[]>();
  for (const i of items) {
    const r = find(i.id);
    groups.set(r, [...(groups.get(r) ?? []), i.id]);
  }
  return [...groups.values()];
}
