/**
 * Line breaking for Chinese official documents: every ideograph is a break opportunity, Latin words and numbers
 * stay whole, and the line-start/line-end rules (避头尾) keep closing punctuation off the start of a line and
 * opening punctuation off its end. Pure: widths come from the caller.
 */

/** May not start a line: closing brackets and quotes, sentence and clause punctuation. */
const NO_LINE_START = new Set('，。、；：？！）》」』”’〕】〉…—%‰·,.;:?!)]}'.split(''));
/** May not end a line: opening brackets and quotes. */
const NO_LINE_END = new Set('（《「『“‘〔【〈([{'.split(''));

export interface Line {
  text: string;
  /** Natural width (sum of advances, no extra spacing). */
  width: number;
  /** Last line of its paragraph: left-aligned, never stretched. */
  last: boolean;
}

export interface BreakOptions {
  /** Width of the first line (after its indent) and of the others. */
  firstWidth: number;
  width: number;
  /**
   * How far a line may run over before it breaks; the renderer compresses it back. GB/T 9704-2012 asks for 28
   * characters of 三号 on 156 mm, which is 5.8 pt more than 28 × 16 pt.
   */
  tolerance: number;
}

/** Splits text into atoms that never break inside: one ideograph (or other character), or a Latin/number word. */
export function atomize(text: string): string[] {
  const atoms: string[] = [];
  const re = /[A-Za-z0-9@#&_+\-=/\\:.?%~'"]+[ ]?|[ ]+|[\s\S]/gu;
  for (const m of text.matchAll(re)) atoms.push(m[0]);
  // A surrogate pair (CJK Ext-B) matched by [\s\S] with the u flag stays one atom.
  return atoms;
}

/**
 * Greedy line breaking with 避头尾: an atom that may not start a line is pulled onto the previous one (within the
 * tolerance) or takes the previous atom down with it; an opening bracket at a line end moves down.
 */
export function breakLines(text: string, measure: (s: string) => number, options: BreakOptions): Line[] {
  const atoms = atomize(text).flatMap((a) => splitOverlong(a, measure, options.width));
  const lines: Line[] = [];
  let current: string[] = [];
  let width = 0;
  const limit = () => (lines.length === 0 ? options.firstWidth : options.width) + options.tolerance;
  const flush = (last: boolean) => {
    const lineText = current.join('').replace(/ +$/, '');
    lines.push({ text: lineText, width: measure(lineText), last });
    current = [];
    width = 0;
  };
  for (let i = 0; i < atoms.length; i++) {
    const atom = atoms[i];
    const w = measure(atom.replace(/ +$/, ''));
    if (current.length === 0 || width + w <= limit()) {
      current.push(atom);
      width += measure(atom);
      continue;
    }
    const head = splitAddress(atom, limit() - width, measure);
    if (head) {
      // A URL or e-mail address breaks after a slash, dot or @ rather than leave the line short.
      atoms.splice(i, 1, head, atom.slice(head.length));
      current.push(head);
      width += measure(head);
      continue;
    }
    const carry: string[] = [];
    if (NO_LINE_START.has(atom[0]) && current.length > 1) {
      // Take the previous atom down with the punctuation, unless that would leave an opening bracket behind.
      carry.push(current.pop()!);
    }
    while (current.length > 1 && NO_LINE_END.has(current[current.length - 1].slice(-1))) carry.unshift(current.pop()!);
    flush(false);
    for (const c of carry) {
      current.push(c);
      width += measure(c);
    }
    if (/^ +$/.test(atom) && current.length === 0) continue;
    current.push(atom);
    width += measure(atom);
  }
  if (current.length) flush(true);
  else if (lines.length) lines[lines.length - 1].last = true;
  avoidOrphan(lines, measure);
  return lines.length ? lines : [{ text: '', width: 0, last: true }];
}

/** 孤字: a last line holding one character (plus punctuation) takes the previous line's last atom with it. */
function avoidOrphan(lines: Line[], measure: (s: string) => number): void {
  if (lines.length < 2) return;
  const last = lines[lines.length - 1];
  const prev = lines[lines.length - 2];
  const letters = [...last.text].filter((ch) => !NO_LINE_START.has(ch) && !NO_LINE_END.has(ch));
  if (letters.length !== 1 || [...prev.text].length < 10) return;
  const atoms = atomize(prev.text);
  const moved = atoms.pop()!;
  const rest = atoms.join('');
  if (NO_LINE_START.has(moved[0]) || NO_LINE_END.has(rest.slice(-1)) || /^ +$/.test(moved)) return;
  prev.text = rest.replace(/ +$/, '');
  prev.width = measure(prev.text);
  last.text = moved + last.text;
  last.width = measure(last.text);
}

/**
 * The longest head of a URL or e-mail address (it holds a slash or an @) that fits in `room`, ending just after a
 * slash, dot, @, ?, & or =, leaving at least three characters on each side; null when there is none. Tracking
 * numbers and other codes never break.
 */
function splitAddress(atom: string, room: number, measure: (s: string) => number): string | null {
  if (!/[/@]/.test(atom) || atom.length < 8) return null;
  let best: string | null = null;
  for (let k = 3; k <= atom.length - 3; k++) {
    if (!'/.@?&='.includes(atom[k - 1])) continue;
    const head = atom.slice(0, k);
    if (measure(head) > room) break;
    best = head;
  }
  return best;
}

/** A word wider than a line (a long URL) is split by characters. */
function splitOverlong(atom: string, measure: (s: string) => number, width: number): string[] {
  if (measure(atom) <= width) return [atom];
  const parts: string[] = [];
  let part = '';
  for (const ch of atom) {
    if (part && measure(part + ch) > width) {
      parts.push(part);
      part = '';
    }
    part += ch;
  }
  if (part) parts.push(part);
  return parts;
}

/**
 * The character spacing that makes a non-last line exactly fill the measure (两端对齐); none for a last line or
 * when the stretch would look wrong (more than a quarter em per gap, e.g. a line broken before a long URL).
 */
export function justifySpacing(line: Line, lineWidth: number, glyphCount: number, fontSize: number): number {
  if (line.last || glyphCount < 2) return line.width > lineWidth ? (lineWidth - line.width) / Math.max(1, glyphCount - 1) : 0;
  const spacing = (lineWidth - line.width) / (glyphCount - 1);
  return spacing > fontSize / 4 ? 0 : spacing;
}
