// Loads the labelled evaluation set (test/fixtures/disclosure/requests.jsonl) and runs both methods over it.
import { readFileSync } from 'node:fs';
import { clusterRequests, matchPairs } from '../cluster.js';
import { pairwiseScore, type PairwiseScore, trigramGroups } from '../evaluation.js';
import { fingerprint } from '../fingerprint.js';

export interface LabelledRequest {
  id: string;
  agency: string;
  applicant: string;
  title: string;
  description: string;
  docNo: string | null;
  received: string;
  group: string;
  lookalikeOf?: string;
  repeat?: boolean;
}

export function loadLabelledSet(path: string): LabelledRequest[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LabelledRequest);
}

export function goldGroups(set: readonly LabelledRequest[]): string[][] {
  const m = new Map<string, string[]>();
  for (const r of set) m.set(r.group, [...(m.get(r.group) ?? []), r.id]);
  return [...m.values()];
}

/** The detector over the set, agency by agency. */
export function detectorGroups(set: readonly LabelledRequest[]): string[][] {
  const out: string[][] = [];
  for (const agency of new Set(set.map((r) => r.agency))) {
    const items = set
      .filter((r) => r.agency === agency)
      .map((r) => ({ id: r.id, applicant: r.applicant, fingerprint: fingerprint({ title: r.title, description: r.description, docNumber: r.docNo }) }));
    out.push(...clusterRequests(items, matchPairs(items)));
  }
  return out;
}

export interface MethodComparison {
  detector: PairwiseScore;
  /** At its best threshold and text (titles alone or whole texts) on the set. */
  trigram: PairwiseScore & { threshold: number; text: 'title' | 'full' };
}

/** Both methods; the trigram baseline at its best threshold on the set (a generous comparison). */
export function compareMethods(set: readonly LabelledRequest[]): MethodComparison {
  const gold = goldGroups(set);
  const detector = pairwiseScore(detectorGroups(set), gold);
  // The baseline compares either the titles alone or the whole texts, whichever does better.
  const variants = {
    title: set.map((r) => ({ id: r.id, agency: r.agency, text: r.title })),
    full: set.map((r) => ({ id: r.id, agency: r.agency, text: `${r.title} ${r.description} ${r.docNo ?? ''}` })),
  };
  let best: MethodComparison['trigram'] = { ...pairwiseScore([], gold), threshold: 1, text: 'title' };
  for (const [text, items] of Object.entries(variants) as ['title' | 'full', typeof variants.title][])
    for (let t = 0.2; t <= 0.9001; t += 0.05) {
      const s = pairwiseScore(trigramGroups(items, t), gold);
      if (s.f1 > best.f1) best = { ...s, threshold: Math.round(t * 100) / 100, text };
    }
  return { detector, trigram: best };
}
