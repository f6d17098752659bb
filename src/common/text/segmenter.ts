// One jieba segmenter for the whole process, built on first use. Its dictionary costs ~45 MB of native memory and
// ~0.2 s to build: the repeat hints at intake, the disclosure detector and the archive search share one instance
// (two would hold the dictionary twice), and a process that has not segmented anything yet holds none of it
// (an office's idle server stays small; the first application pays the 0.2 s once). The dictionary files are read
// here rather than through `@node-rs/jieba/dict.js`, which keeps both files (~11 MB) as buffers for good.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Jieba } from '@node-rs/jieba';

const require = createRequire(import.meta.url);
const dictionaryFile = (name: 'dict.txt' | 'idf.txt'): string => path.join(path.dirname(require.resolve('@node-rs/jieba/package.json')), name);

let jieba: Jieba | null = null;

/** The shared segmenter (jieba's default dictionary), built on the first call. */
export function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    jieba = JiebaClass.withDict(readFileSync(dictionaryFile('dict.txt')));
  }
  return jieba;
}

/** jieba's IDF table (idf.txt shipped with @node-rs/jieba: `word weight` per line), read anew on each call. */
export function readIdfTable(): string {
  return readFileSync(dictionaryFile('idf.txt'), 'utf8');
}
