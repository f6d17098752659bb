import { compileTemplate, splitParagraphs, TemplateError, tidyPunctuation } from './template-file.js';
import { LETTERS } from '../letters/letter-catalogue.js';

const front = (extra = '') => `---\nid: NOT_EXIST\nversion: 2\ntitle: 政府信息公开申请答复书\nseries: REPLY\n${extra}---\n`;
const GOOD = `${front()}本机关于{{receiptDate}}收到您的申请。\n\n检索范围：{{blanks.searchScope}}\n\n{{legalBasis}}\n\n{{remedyClause}}\n`;

const problemsOf = (source: string): string[] => {
  try {
    compileTemplate('t.hbs', source, LETTERS);
  } catch (e) {
    if (e instanceof TemplateError) return e.problems;
    throw e;
  }
  return [];
};

describe('compileTemplate', () => {
  it('should read the front matter of a valid template', () => {
    expect(compileTemplate('t.hbs', GOOD, LETTERS).meta).toEqual({ id: 'NOT_EXIST', version: 2, title: '政府信息公开申请答复书', series: 'REPLY', basedOn: null });
  });

  it('should refuse a reply template without the remedy clause', () => {
    expect(problemsOf(GOOD.replace('{{remedyClause}}\n', ''))).toEqual([expect.stringContaining('{{remedyClause}} must appear exactly once')]);
  });

  it('should refuse a remedy clause inside a block, where data could switch it off', () => {
    expect(problemsOf(GOOD.replace('{{remedyClause}}', '{{#if applicantName}}\n{{remedyClause}}\n{{/if}}'))).toEqual([
      expect.stringContaining('{{remedyClause}} must appear exactly once'),
    ]);
  });

  it('should refuse a remedy clause that shares its paragraph with other words', () => {
    expect(problemsOf(GOOD.replace('{{remedyClause}}', '特此告知。{{remedyClause}}'))).toEqual([
      expect.stringContaining('{{remedyClause}} must appear exactly once'),
    ]);
  });

  it('should refuse a template without the legal basis, or with it twice', () => {
    expect(problemsOf(GOOD.replace('{{legalBasis}}\n', ''))).toEqual([expect.stringContaining('{{legalBasis}}')]);
    expect(problemsOf(GOOD.replace('{{legalBasis}}', '{{legalBasis}}\n\n{{legalBasis}}'))).toEqual([expect.stringContaining('{{legalBasis}}')]);
  });

  it('should refuse a remedy clause on a document that has none', () => {
    const receipt = GOOD.replace('id: NOT_EXIST', 'id: RECEIPT').replace('{{blanks.searchScope}}', '{{blanks.dueDate}}');
    expect(problemsOf(receipt)).toEqual([expect.stringContaining('{{remedyClause}} is not allowed')]);
    expect(problemsOf(receipt.replace('{{remedyClause}}\n', ''))).toEqual([]);
  });

  it('should refuse unknown variables, blanks of another type, helpers and partials', () => {
    expect(problemsOf(GOOD.replace('{{blanks.searchScope}}', '{{blanks.serchScope}}'))).toEqual([
      expect.stringContaining('unknown variable {{blanks.serchScope}}'),
    ]);
    expect(problemsOf(GOOD.replace('{{blanks.searchScope}}', '{{blanks.reasons}}'))).toEqual([expect.stringContaining('unknown variable')]);
    expect(problemsOf(GOOD.replace('{{blanks.searchScope}}', '{{lookup blanks "x"}}'))).toEqual(
      expect.arrayContaining([expect.stringContaining('helpers are not allowed')]),
    );
    expect(problemsOf(GOOD.replace('{{blanks.searchScope}}', '{{> footer}}'))).toEqual([expect.stringContaining('PartialStatement is not allowed')]);
    expect(problemsOf(GOOD.replace('{{blanks.searchScope}}', '{{#each blanks}}x{{/each}}'))).toEqual(
      expect.arrayContaining([expect.stringContaining('block {{#each}} is not allowed')]),
    );
  });

  it('should refuse bad front matter', () => {
    expect(problemsOf('no front matter')).toEqual([expect.stringContaining('front matter')]);
    expect(problemsOf(GOOD.replace('version: 2', 'version: 0'))).toEqual([expect.stringContaining('version')]);
    expect(problemsOf(GOOD.replace('id: NOT_EXIST', 'id: MAYBE'))).toEqual([expect.stringContaining('id must be')]);
    expect(problemsOf(GOOD.replace('series: REPLY', 'series: REPLY\nowner: x'))).toEqual([expect.stringContaining('unknown front matter key owner')]);
  });
});

describe('splitParagraphs', () => {
  it('should split on blank lines, join the lines of a paragraph and drop empty ones', () => {
    expect(splitParagraphs('第一段\n接续\n\n\n  \n第二段 SLX\nZR\n\n')).toEqual(['第一段接续', '第二段 SLX ZR']);
  });
});

describe('tidyPunctuation', () => {
  it("should let the template's mark win where an officer's blank ends with one", () => {
    expect(tidyPunctuation('未找到。。')).toBe('未找到。');
    expect(tidyPunctuation('因需调取档案。，本机关')).toBe('因需调取档案，本机关');
    expect(tidyPunctuation('甲、乙')).toBe('甲、乙');
  });
});
