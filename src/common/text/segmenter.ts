import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

// One jieba instance per process, shared by intake (repeat hints), disclosure (request fingerprints) and the archive's
// full-text search: building the dictionary takes ~0.2 s and some tens of MB, so it is built once, when first needed.
let jieba: Jieba | null = null;

export const segmenter = (): Jieba => (jieba ??= Jieba.withDict(dict));

/** Builds the dictionary now (call at start-up) so that the first request does not wait for it. */
export function preloadSegmenter(): void {
  segmenter();
}
