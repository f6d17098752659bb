// Groups of requests for the same information within one agency. Pairs are joined best first; two groups are only
// joined when no member of one vetoes any member of the other (no chaining 2023 → no year → 2024), and never
// against an officer's decision (a removed member or a split stays apart; a merge stays together).
import { type Fingerprint } from './fingerprint.js';
import { compare, MATCH_THRESHOLD, veto } from './match.js';

export interface ClusterInput {
  id: string;
  applicant: string;
  fingerprint: Fingerprint;
}

export interface PairMatch {
  a: string;
  b: string;
  score: number;
  reasons: string[];
  /** Same applicant: a repeat (条例第三十六条第（六）项 may apply), linked but not another applicant. */
  repeat: boolean;
}

export interface OfficerConstraints {
  /** Pairs an officer put together (merge): always in one group. */
  mustLink?: readonly (readonly [string, string])[];
  /** Pairs an officer put apart (split, remove member): never in one group. */
  cannotLink?: readonly (readonly [string, string])[];
}

/** Candidate pairs above the threshold, best first. `candidates(i)` narrows who is compared (blocking). */
export function matchPairs(items: readonly ClusterInput[], threshold = MATCH_THRESHOLD, candidates?: (item: ClusterInput) => Iterable<ClusterInput>): PairMatch[] {
  const out: PairMatch[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const a = items[i];
    const others = candidates ? candidates(a) : items.slice(i + 1);
    for (const b of others) {
      if (a.id === b.id) continue;
      const key = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const m = compare(a.fingerprint, b.fingerprint);
      if (m.veto || m.score < threshold) continue;
      out.push({ a: a.id, b: b.id, score: m.score, reasons: m.reasons, repeat: a.applicant === b.applicant });
    }
  }
  return out.sort((x, y) => y.score - x.score || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

/** Clusters (arrays of ids, each sorted) from pairs; singletons included. */
export function clusterRequests(items: readonly ClusterInput[], pairs: readonly PairMatch[], constraints: OfficerConstraints = {}): string[][] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const groupOf = new Map<string, Set<string>>();
  for (const i of items) groupOf.set(i.id, new Set([i.id]));
  const cannot = new Set((constraints.cannotLink ?? []).flatMap(([x, y]) => [`${x}|${y}`, `${y}|${x}`]));

  const compatible = (g: Set<string>, h: Set<string>): boolean => {
    for (const x of g)
      for (const y of h) {
        if (cannot.has(`${x}|${y}`)) return false;
        const fx = byId.get(x)?.fingerprint;
        const fy = byId.get(y)?.fingerprint;
        if (fx && fy && veto(fx, fy)) return false;
      }
    return true;
  };
  const join = (g: Set<string>, h: Set<string>): void => {
    for (const y of h) {
      g.add(y);
      groupOf.set(y, g);
    }
  };
  for (const [x, y] of constraints.mustLink ?? []) {
    const g = groupOf.get(x);
    const h = groupOf.get(y);
    if (g && h && g !== h) join(g, h);
  }
  for (const p of pairs) {
    const g = groupOf.get(p.a);
    const h = groupOf.get(p.b);
    if (!g || !h || g === h) continue;
    if (compatible(g, h)) join(g, h);
  }
  const unique = new Set(groupOf.values());
  return [...unique].map((g) => [...g].sort()).sort((x, y) => x[0].localeCompare(y[0]));
}
