/**
 * jieba's IDF table (`word weight` per line, 270,000 lines) held compactly: the file's text itself, with each word's
 * offsets, its weight and a hash index in typed arrays. A Map of it took about 1 s to build on the first request
 * that needed it (a stall of that whole process) and 34 MB of heap in 540,000 objects that every full garbage
 * collection traced; this takes about 0.1 s and a few objects (the text, and 9 MB of arrays outside the heap).
 * A word listed twice keeps its last weight, as Map#set would.
 */
export class IdfTable {
  private constructor(
    private readonly text: string,
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
    private readonly weights: Float64Array,
    private readonly buckets: Int32Array,
    private readonly next: Int32Array,
    readonly size: number,
  ) {}

  static parse(text: string): IdfTable {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    // Twice as many buckets as words, a power of two: chains stay short.
    const buckets = new Int32Array(2 ** Math.ceil(Math.log2(lines * 2))).fill(-1);
    const mask = buckets.length - 1;
    const [starts, ends, next, weights] = [new Uint32Array(lines), new Uint32Array(lines), new Int32Array(lines), new Float64Array(lines)];
    let size = 0;
    for (let at = 0; at < text.length; ) {
      const newline = text.indexOf('\n', at);
      const lineEnd = newline < 0 ? text.length : newline;
      const space = text.lastIndexOf(' ', lineEnd - 1);
      if (space > at) {
        const weight = Number(text.slice(space + 1, lineEnd));
        const bucket = hashOf(text, at, space) & mask;
        let i = buckets[bucket];
        while (i >= 0 && !(ends[i] - starts[i] === space - at && text.startsWith(text.slice(at, space), starts[i]))) i = next[i];
        if (i >= 0) weights[i] = weight;
        else {
          [starts[size], ends[size], weights[size], next[size]] = [at, space, weight, buckets[bucket]];
          buckets[bucket] = size++;
        }
      }
      at = lineEnd + 1;
    }
    return new IdfTable(text, starts, ends, weights, buckets, next, size);
  }

  /** The weight of a word, undefined if the table does not list it. */
  get(word: string): number | undefined {
    for (let i = this.buckets[hashOf(word, 0, word.length) & (this.buckets.length - 1)]; i >= 0; i = this.next[i]) {
      if (this.ends[i] - this.starts[i] === word.length && this.text.startsWith(word, this.starts[i])) return this.weights[i];
    }
    return undefined;
  }
}

/** FNV-1a over the UTF-16 code units of text[from, to). */
function hashOf(text: string, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
