// Slots of a request: the keys that, when they differ, make two look-alike requests ask for different information
// (another year, another village or project, another document, another batch or term, another kind of document).
import { KINDS } from './kinds.js';

/** A 文号 (GB/T 9704-2012 发文字号: 机关代字〔年份〕序号号), normalised. */
export interface DocNumber {
  /** 机关代字 without the issuing agency's name ("江自然资征"); '' when the applicant left it out. */
  prefix: string;
  year: number;
  number: number;
}

export interface RequestSlots {
  docs: DocNumber[];
  years: number[];
  /** Months as 'YYYY-MM' or '-MM' when the year is not next to it. */
  months: string[];
  /** 'batch:2', 'quarter:3', 'phase:2', 'half:上', 'term:5' */
  sequence: string[];
  /** Village-level places (村, 社区): the name without its suffix ("李庄"). */
  places: string[];
  /** Projects, plots, districts, estates, companies: distinctive part of the name ("城南", "b-07"). */
  entities: string[];
  /** Kinds of information from the controlled list (KINDS). */
  kinds: string[];
}

// An agency name before its 代字 is left out: "江宁市自然资源和规划局江自然资征〔2021〕77号" → 江自然资征.
const AGENCY_NAME_END = /.*(?:局|政府|委员会|委|办公室|办|厅|院|所|中心)(?=.)/;
const DOC_HEAD_NOISE = /.*(?:文号为|文号是|文号|为|是|即|查阅|公开|获取|提供|:|的)/;

const DOC_RE = /([\p{Script=Han}a-z]{0,24})\[(\d{4})\]第?(\d{1,4})号|([\p{Script=Han}a-z]{1,24})\((\d{4})\)第?(\d{1,4})号|([\p{Script=Han}a-z]{1,24}?)(\d{4})年第?(\d{1,4})号/gu;

function cleanPrefix(raw: string): string {
  let p = raw.replace(DOC_HEAD_NOISE, '');
  p = p.replace(AGENCY_NAME_END, '');
  return p;
}

/** Finds the 文号 in a normalised text; returns them and the text with them cut out. */
export function extractDocNumbers(normalized: string): { docs: DocNumber[]; rest: string } {
  const docs: DocNumber[] = [];
  const rest = normalized.replace(DOC_RE, (...m: string[]) => {
    const [prefix, year, number] = m[2] ? [m[1], m[2], m[3]] : m[5] ? [m[4], m[5], m[6]] : [m[7], m[8], m[9]];
    const y = Number(year);
    if (y < 1949 || y > 2100) return m[0];
    docs.push({ prefix: cleanPrefix(prefix ?? ''), year: y, number: Number(number) });
    return ' ';
  });
  return { docs, rest };
}

/** Two 文号 are the same document when year and number agree and neither 代字 contradicts the other. */
export function sameDocument(a: DocNumber, b: DocNumber): boolean {
  if (a.year !== b.year || a.number !== b.number) return false;
  if (a.prefix === '' || b.prefix === '') return true;
  return a.prefix.endsWith(b.prefix) || b.prefix.endsWith(a.prefix);
}

export const docKey = (d: DocNumber): string => `${d.year}-${d.number}`;
export const formatDoc = (d: DocNumber): string => `${d.prefix}〔${d.year}〕${d.number}号`;

const YEAR_RANGE_RE = /(?<!\d)((?:19|20)\d{2})年?(?:度)?(?:-|—|~|至|到)((?:19|20)\d{2})(?!\d)/g;
const YEAR_RE = /(?<![-\da-z])((?:19|20)\d{2})(?![-\d])/g;
const MONTH_RE = /(?:((?:19|20)\d{2})年)?(?<!\d)(1[0-2]|0?[1-9])月/g;

// Generic words inside place and project names: what is left identifies the place.
const GENERIC = /棚户区|棚改|旧城|旧改|城中村|改造|征收|拆迁|项目|工程|片区|地块|号|建设|拓宽|道路|快速化|快速路|综合|交通|枢纽|生态|收储|土地|原|房屋|有限|责任|股份|公司|集团|青山镇|镇|市|区(?=[a-z0-9])/g;

const PLACE_RE = /([\p{Script=Han}]{2,4}?)(?:村(?!民)|社区|居委会)/gu;
// Stop characters: a place name starts after them (请公开李庄村 → 李庄).
const PLACE_STOP = /.*[的于在及和与、,，。;；:：系对涉关年度]/u;
// Projects, plots and estates (翠湖苑, 锦绣华庭, 阳光花园) and companies.
const ENTITY_RE = /([\p{Script=Han}a-z0-9-]{2,14}?)(?:项目|工程|地块|片区|小区|苑|华庭|花园|家园|大厦|广场|有限公司|公司|厂)/gu;
const ENTITY_STOP = /.*[的于在及和与、,，。;；:：系对涉关]/u;

/** Years named in the text (a range 2021-2023 names each year), and the text with them cut out. */
function years(text: string): { years: number[]; rest: string } {
  const out = new Set<number>();
  let t = text.replace(YEAR_RANGE_RE, (_m, a: string, b: string) => {
    for (let y = Number(a); y <= Number(b) && y - Number(a) < 20; y++) out.add(y);
    return ' ';
  });
  t = t.replace(YEAR_RE, (_m, y: string) => {
    out.add(Number(y));
    return ' ';
  });
  return { years: [...out].sort(), rest: t.replace(/(?<=\s)年度?/g, ' ') };
}

function sequence(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/第?(\d{1,2})批/g)) out.add(`batch:${Number(m[1])}`);
  for (const m of text.matchAll(/第?(\d)季度/g)) out.add(`quarter:${Number(m[1])}`);
  for (const m of text.matchAll(/(?<![\d年])第?(\d{1,2})期/g)) out.add(`phase:${Number(m[1])}`);
  for (const m of text.matchAll(/第?(\d{1,2})届/g)) out.add(`term:${Number(m[1])}`);
  for (const m of text.matchAll(/(上|下)半年/g)) out.add(`half:${m[1]}`);
  return [...out].sort();
}

function places(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(PLACE_RE)) {
    let name = m[1].replace(PLACE_STOP, '');
    // 农村, 城中村, 乡村: not a place name.
    if (/(?:城中|农|乡|本)$/u.test(name)) continue;
    name = name.replace(/^.*镇/, '');
    if ([...name].length >= 1) out.add(name);
  }
  return [...out].sort();
}

function entities(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(ENTITY_RE)) {
    const core = m[1].replace(ENTITY_STOP, '').replace(GENERIC, '');
    if ([...core].length >= 2) out.add(core);
  }
  return [...out].sort();
}

/** Kinds named in the text, and the text with their phrases cut out (the kind is compared as a key, not as words). */
export function kindsIn(text: string): { kinds: string[]; rest: string } {
  const out: string[] = [];
  let t = text;
  for (const kind of KINDS) {
    let hit = false;
    t = t.replace(kind.pattern, () => {
      hit = true;
      return ' ';
    });
    if (hit) out.push(kind.code);
  }
  return { kinds: out.sort(), rest: t };
}

/** Slots of one normalised, boilerplate-free text (title and description together). */
export function extractSlots(text: string): RequestSlots {
  const { docs, rest } = extractDocNumbers(text);
  const months = new Set<string>();
  for (const m of rest.matchAll(MONTH_RE)) months.add(`${m[1] ?? ''}-${m[2].padStart(2, '0')}`);
  const y = years(rest);
  const seq = sequence(y.rest);
  const named = y.rest.replace(/第?\d+(?:批次?|季度|期|届|月份?)/g, ' ');
  return {
    docs: dedupeDocs(docs),
    years: y.years,
    months: [...months].sort(),
    sequence: seq,
    places: places(named),
    entities: entities(named),
    kinds: kindsIn(rest).kinds,
  };
}

function dedupeDocs(docs: DocNumber[]): DocNumber[] {
  const out: DocNumber[] = [];
  for (const d of docs) {
    const same = out.find((o) => sameDocument(o, d));
    if (!same) out.push(d);
    else if (d.prefix.length > same.prefix.length) same.prefix = d.prefix;
  }
  return out;
}
