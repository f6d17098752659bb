import { join } from 'node:path';
import { clusterRequests, matchPairs } from './cluster.js';
import { pairwiseScore, trigramGroups } from './evaluation.js';
import { fingerprint } from './fingerprint.js';
import { compareMethods, loadLabelledSet } from './testing/labelled-set.js';
import { compare, matchScore } from './match.js';
import { chineseNumeral, normalizeText } from './normalize.js';
import { extractDocNumbers, extractSlots } from './slots.js';

const fp = (title: string, description = '', docNumber: string | null = null) => fingerprint({ title, description, docNumber });

describe('normalisation', () => {
  it('should turn full-width digits, Chinese years and small numerals into digits', () => {
    expect(normalizeText('（２０２４）二〇二三年 第二批 三季度 十一月')).toBe('(2024)2023年第2批3季度11月');
    expect(chineseNumeral('二十七')).toBe(27);
    expect(chineseNumeral('十')).toBe(10);
    expect(chineseNumeral('二〇二四')).toBe(2024);
  });
});

describe('文号 parsing', () => {
  it.each([
    ['江自然资征〔2024〕40号'],
    ['江自然资征[2024]40号'],
    ['江自然资征(2024)第40号'],
    ['江自然资征（２０２４）第４０号'],
    ['江自然资征2024年40号'],
    ['江自然资征【2024】 40号'],
    ['江宁市自然资源和规划局江自然资征〔2024〕40号'],
    ['相关文号为江自然资征［2024］第40号。'],
  ])('should read %s as 江自然资征, 2024, 40', (text) => {
    const { docs } = extractDocNumbers(normalizeText(text));
    expect(docs).toEqual([{ prefix: '江自然资征', year: 2024, number: 40 }]);
  });

  it('should tell another series or number apart and accept a 文号 cited without 代字', () => {
    expect(compare(fp('江自然资征〔2024〕40号批复'), fp('江自然资规〔2024〕40号批复')).veto).toMatch(/文号不同/);
    expect(compare(fp('江自然资征〔2024〕40号批复'), fp('江自然资征〔2024〕41号批复')).veto).toMatch(/文号不同/);
    const m = compare(fp('〔2024〕40号文件'), fp('申请公开江自然资征(2024)第40号'));
    expect(m.veto).toBeNull();
    expect(m.reasons[0]).toBe('同一文号（江自然资征〔2024〕40号）');
  });
});

describe('slots and vetoes', () => {
  const base = fp('李庄村2023年征地补偿方案', '请公开李庄村2023年征地补偿方案。');

  it('should extract year, place and kind with the boilerplate left out', () => {
    const s = extractSlots(normalizeText('根据条例第二十七条，再次申请公开青山镇李庄村二〇二三年度拆迁补偿标准，请尽快答复'));
    expect(s.years).toEqual([2023]);
    expect(s.places).toEqual(['李庄']);
    expect(s.kinds).toEqual(['COMPENSATION_PLAN']);
  });

  it('should match a rewording with synonyms and procedural padding, with reasons in Chinese', () => {
    const m = compare(base, fp('再次申请', '根据《政府信息公开条例》第二十七条，申请公开李庄村二〇二三年度集体土地征收补偿标准，请尽快答复。'));
    expect(m.veto).toBeNull();
    expect(m.score).toBeGreaterThan(0.6);
    expect(m.reasons).toEqual(expect.arrayContaining(['同一信息种类（补偿安置方案）', '同一地点和年份（李庄，2023年）']));
  });

  it.each([
    ['another year', '李庄村2024年征地补偿方案', /年份不同/],
    ['another village', '张庄村2023年征地补偿方案', /地点不同/],
    ['another kind of document', '李庄村2023年征地补偿款发放明细', /信息种类不同/],
    ['another batch', '李庄村2023年第二批征地补偿方案', null],
  ])('should not match %s', (_label, title, reason) => {
    const m = compare(base, fp(title, `请公开${title}。`));
    if (reason) expect(m.veto).toMatch(reason);
    else expect(m.score).toBeLessThan(0.6);
  });

  it('should veto another batch or term against one that names it', () => {
    expect(compare(fp('2023年第一批危房改造补助名单'), fp('2023年第二批危房改造补助名册')).veto).toBe('批次不同');
    expect(compare(fp('2023年二季度重大税收违法失信案件'), fp('2023年第三季度税收违法黑名单')).veto).toBe('季度不同');
  });
});

describe('clusters', () => {
  it('should not chain two years through a request that names none', () => {
    const items = [
      { id: 'a', applicant: 'p1', fingerprint: fp('李庄村2023年征地补偿方案') },
      { id: 'b', applicant: 'p2', fingerprint: fp('李庄村征地补偿方案') },
      { id: 'c', applicant: 'p3', fingerprint: fp('李庄村2024年征地补偿方案') },
      { id: 'd', applicant: 'p1', fingerprint: fp('再次申请李庄村2023年度征地补偿标准') },
    ];
    const pairs = matchPairs(items, 0.3);
    const clusters = clusterRequests(items, pairs);
    expect(clusters.find((c) => c.includes('a'))).not.toContain('c');
    expect(pairs.find((p) => [p.a, p.b].sort().join() === 'a,d')?.repeat).toBe(true);
  });

  it('should keep an officer’s split and merge', () => {
    const items = [
      { id: 'a', applicant: 'p1', fingerprint: fp('李庄村2023年征地补偿方案') },
      { id: 'b', applicant: 'p2', fingerprint: fp('李庄村2023年度征地补偿标准') },
      { id: 'c', applicant: 'p3', fingerprint: fp('2023年部门预算') },
    ];
    const pairs = matchPairs(items);
    expect(clusterRequests(items, pairs)).toEqual([['a', 'b'], ['c']]);
    expect(clusterRequests(items, pairs, { cannotLink: [['a', 'b']] })).toEqual([['a'], ['b'], ['c']]);
    // A merge binds the pair the officer joined; b still may not join c (another kind of information).
    expect(clusterRequests(items, pairs, { mustLink: [['a', 'c']] })).toEqual([['a', 'c'], ['b']]);
  });
});

describe('labelled set', () => {
  const set = loadLabelledSet(join(process.cwd(), 'test/fixtures/disclosure/requests.jsonl'));

  it('should be a set worth measuring on', () => {
    expect(set.length).toBeGreaterThanOrEqual(300);
    expect(new Set(set.map((r) => r.agency)).size).toBeGreaterThanOrEqual(3);
    const sizes = new Map<string, Set<string>>();
    for (const r of set) sizes.set(r.group, (sizes.get(r.group) ?? new Set()).add(r.applicant));
    expect([...sizes.values()].filter((a) => a.size >= 2).length).toBeGreaterThanOrEqual(40);
    expect(set.filter((r) => r.lookalikeOf).length).toBeGreaterThanOrEqual(80);
    for (const r of set) expect([...r.title].length).toBeLessThanOrEqual(40);
  });

  it('should find the groups at F1 ≥ 0.85 and precision ≥ 0.9, far above plain trigram similarity', () => {
    const { detector, trigram } = compareMethods(set);
    const pct = (x: number): string => (x * 100).toFixed(1);
    process.stdout.write(
      `labelled set (${set.length} requests, ${detector.goldGroups} groups of 2+):\n` +
        `  detector  P ${pct(detector.precision)}  R ${pct(detector.recall)}  F1 ${pct(detector.f1)}  groups found ${detector.groupsFound}/${detector.goldGroups}\n` +
        `  trigram   P ${pct(trigram.precision)}  R ${pct(trigram.recall)}  F1 ${pct(trigram.f1)}  groups found ${trigram.groupsFound}/${trigram.goldGroups}` +
        `  (best threshold ${trigram.threshold} on ${trigram.text === 'title' ? 'titles' : 'whole texts'})\n`,
    );
    expect(detector.precision).toBeGreaterThanOrEqual(0.9);
    expect(detector.f1).toBeGreaterThanOrEqual(0.85);
    expect(detector.f1).toBeGreaterThan(trigram.f1 + 0.3);
  });

  it('should give, without the reasons, the score compare gives, and null exactly where it vetoes', () => {
    // Detection scores every candidate with matchScore and words only the matches it keeps with compare.
    const fps = set.filter((r, i) => i % 3 === 0).map((r) => fingerprint({ title: r.title, description: r.description, docNumber: r.docNo }));
    let vetoed = 0;
    let matched = 0;
    for (const [i, a] of fps.entries()) {
      for (const b of fps.slice(i + 1)) {
        const m = compare(a, b);
        const score = matchScore(a, b);
        if (m.veto) {
          vetoed++;
          expect(score).toBeNull();
        } else {
          if (m.score >= 0.6) matched++;
          expect(score).toBe(m.score);
        }
      }
    }
    expect(vetoed).toBeGreaterThan(1000);
    expect(matched).toBeGreaterThan(20);
  });

  it('should score a grouping that puts everything together as imprecise', () => {
    const all = [set.map((r) => r.id)];
    const gold = [...new Map(set.map((r) => [r.group, set.filter((x) => x.group === r.group).map((x) => x.id)])).values()];
    expect(pairwiseScore(all, gold).precision).toBeLessThan(0.05);
    expect(pairwiseScore(gold, gold).f1).toBe(1);
    expect(trigramGroups([{ id: 'x', agency: 'a', text: '李庄村2023年征地补偿方案' }, { id: 'y', agency: 'a', text: '李庄村2023年征地补偿方案' }], 0.9)).toEqual([['x', 'y']]);
  });
});
