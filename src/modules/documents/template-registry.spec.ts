import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOCUMENT_KINDS, kindRule } from '../letters/document-kinds.js';
import { SAMPLE_REPLY_CONTEXT } from './sample-context.js';
import { TemplateRegistry } from './template-registry.js';
import { LETTERS } from '../letters/letter-catalogue.js';

const TEMPLATES = path.resolve('templates');

/** A writable copy of the real templates, changed by `edit`. */
function copyWith(edit: (lettersDir: string) => void): string {
  const root = mkdtempSync(path.join(tmpdir(), 'gk-templates-'));
  cpSync(TEMPLATES, root, { recursive: true });
  edit(path.join(root, 'letters'));
  return root;
}

describe('TemplateRegistry', () => {
  const sut = TemplateRegistry.load(TEMPLATES, LETTERS);
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('should load one template for every reply type and procedural document', () => {
    expect(
      sut
        .list()
        .map((m) => m.id)
        .sort(),
    ).toEqual([...DOCUMENT_KINDS].sort());
  });

  it.each(DOCUMENT_KINDS)('should render %s with its legal basis and, where it has one, its remedy clause', (kind) => {
    const doc = sut.render(kind, { context: SAMPLE_REPLY_CONTEXT, blanks: kindRule(kind).exampleBlanks, seq: 3 });
    expect(doc.paragraphs).toContain(doc.legalBasis);
    if (kindRule(kind).hasRemedy) expect(doc.paragraphs.at(-1)).toBe(doc.remedyClause);
    else expect(doc.remedyClause).toBeNull();
    expect(doc.paragraphs.join('')).not.toMatch(/\{\{|\}\}|undefined|null/);
  });

  it('should number each series with its own code after the agency prefix', () => {
    const number = (kind: 'NOT_EXIST' | 'CORRECTION_NOTICE' | 'THIRD_PARTY_CONSULTATION' | 'RECEIPT') =>
      sut.render(kind, { context: SAMPLE_REPLY_CONTEXT, blanks: kindRule(kind).exampleBlanks, seq: 12 }).documentNumber;
    expect(number('NOT_EXIST')).toBe('示县自然资公开〔2026〕12号');
    expect(number('CORRECTION_NOTICE')).toBe('示县自然资公开告〔2026〕12号');
    expect(number('THIRD_PARTY_CONSULTATION')).toBe('示县自然资公开函〔2026〕12号');
    expect(number('RECEIPT')).toBe('示县自然资公开收〔2026〕12号');
  });

  it("should follow the agency's number pattern and mark a draft", () => {
    const context = {
      ...SAMPLE_REPLY_CONTEXT,
      agency: { ...SAMPLE_REPLY_CONTEXT.agency, documentNumberPattern: '{prefix}〔{year}〕第{seq}号', letterhead: false },
    };
    const issued = sut.render('DISCLOSE', { context, blanks: kindRule('DISCLOSE').exampleBlanks, seq: 5 });
    expect(issued).toMatchObject({ documentNumber: '示县自然资公开〔2026〕第5号', letterhead: null, draft: false });
    expect(sut.render('DISCLOSE', { context, blanks: kindRule('DISCLOSE').exampleBlanks })).toMatchObject({
      documentNumber: '示县自然资公开〔2026〕第×号',
      draft: true,
    });
  });

  it('should address third parties and co-producing agencies by name, and applicants by theirs', () => {
    const recipient = (kind: 'THIRD_PARTY_CONSULTATION' | 'CO_PRODUCER_CONSULTATION' | 'FEE_NOTICE') =>
      sut.render(kind, { context: SAMPLE_REPLY_CONTEXT, blanks: kindRule(kind).exampleBlanks, seq: 1 }).recipient;
    expect(recipient('THIRD_PARTY_CONSULTATION')).toBe('示例县青山建材有限公司');
    expect(recipient('CO_PRODUCER_CONSULTATION')).toBe('示例县住房和城乡建设局');
    expect(recipient('FEE_NOTICE')).toBe('张三');
  });

  it('should print the case history, the tracking number and the delivery method', () => {
    const doc = sut.render('NOT_EXIST', { context: SAMPLE_REPLY_CONTEXT, blanks: kindRule('NOT_EXIST').exampleBlanks, seq: 1 });
    expect(doc.paragraphs[0]).toBe('本机关于2026年3月2日收到您提出的政府信息公开申请，申请获取“2025年度青山镇土地征收补偿安置方案及其批复文件”。');
    expect(doc.paragraphs[1]).toContain('本机关于2026年3月16日书面征求示例县青山建材有限公司意见，征求意见所需时间不计算在答复期限内');
    expect(doc.note).toBe('受理编号：SLXZR-2026-000012；送达方式：邮寄');
    expect(doc.signature).toEqual({ agencyName: '示例县自然资源局', date: '2026-04-10' });
  });

  it('should quote the information requested by its name and 文号 as written, not the description, in every document to the applicant', () => {
    const context = {
      ...SAMPLE_REPLY_CONTEXT,
      case: {
        ...SAMPLE_REPLY_CONTEXT.case,
        requestTitle: '示例县2024年度耕地占补平衡项目验收报告（含鉴定单位内部资料）',
        requestDocumentNumber: '泉住建发（２０２４）１２号',
        requestDescription: '请求公开验收报告全文。',
      },
    };
    for (const kind of ['NOT_EXIST', 'DISCLOSE', 'RECEIPT', 'CORRECTION_NOTICE', 'CLOSURE_NOTICE'] as const) {
      const text = sut.render(kind, { context, blanks: kindRule(kind).exampleBlanks, seq: 1 }).paragraphs.join('');
      expect(text).toContain('示例县2024年度耕地占补平衡项目验收报告（含鉴定单位内部资料）（文号：泉住建发（２０２４）１２号）');
      expect(text).not.toContain('请求公开验收报告全文');
    }
  });

  it('should quote the description when a short-form registration gave no name', () => {
    const doc = sut.render('RECEIPT', { context: SAMPLE_REPLY_CONTEXT, blanks: kindRule('RECEIPT').exampleBlanks, seq: 1 });
    expect(doc.paragraphs.join('')).toContain('2025年度青山镇土地征收补偿安置方案及其批复文件');
  });

  it('should refuse blanks that do not validate', () => {
    expect(() => sut.render('NOT_EXIST', { context: SAMPLE_REPLY_CONTEXT, blanks: {}, seq: 1 })).toThrow(/blanks.searchScope/);
  });

  it('should use the latest version of a template and keep the older ones', () => {
    const root = copyWith((dir) => {
      const v1 = readFileSync(path.join(dir, 'replies/NOT_EXIST.hbs'), 'utf8');
      writeFileSync(path.join(dir, 'replies/NOT_EXIST.v2.hbs'), v1.replace('version: 1', 'version: 2').replace('经检索，', '经认真检索，'));
    });
    roots.push(root);
    const registry = TemplateRegistry.load(root, LETTERS);
    const render = (version?: number) =>
      registry.render('NOT_EXIST', { context: SAMPLE_REPLY_CONTEXT, blanks: kindRule('NOT_EXIST').exampleBlanks, seq: 1, version });
    expect(render()).toMatchObject({ templateVersion: 2 });
    expect(render().paragraphs.join('')).toContain('经认真检索');
    expect(render(1)).toMatchObject({ templateVersion: 1 });
  });

  it('should refuse to start with a missing template, a duplicate version or an unknown series, naming each', () => {
    const root = copyWith((dir) => {
      rmSync(path.join(dir, 'notices/FEE_NOTICE.hbs'));
      cpSync(path.join(dir, 'replies/DISCLOSE.hbs'), path.join(dir, 'replies/DISCLOSE-copy.hbs'));
      const t = readFileSync(path.join(dir, 'replies/OTHER.hbs'), 'utf8');
      writeFileSync(path.join(dir, 'replies/OTHER.hbs'), t.replace('series: REPLY', 'series: MEMO'));
    });
    roots.push(root);
    expect(() => TemplateRegistry.load(root, LETTERS)).toThrow(/no template for FEE_NOTICE/);
    expect(() => TemplateRegistry.load(root, LETTERS)).toThrow(/DISCLOSE version 1 is also defined/);
    expect(() => TemplateRegistry.load(root, LETTERS)).toThrow(/series MEMO is not in series.yaml/);
  });

  it('should refuse a template that fails its trial render', () => {
    const root = copyWith((dir) => {
      const t = readFileSync(path.join(dir, 'replies/DISCLOSE.hbs'), 'utf8');
      writeFileSync(
        path.join(dir, 'replies/DISCLOSE.hbs'),
        t.replace('recipient', 'x').replace('---\n本机关', 'recipient: "{{#if blanks.supplement}}{{blanks.supplement}}{{/if}}"\n---\n本机关'),
      );
    });
    roots.push(root);
    expect(() => TemplateRegistry.load(root, LETTERS)).toThrow(/DISCLOSE.hbs: trial render failed: .*recipient is empty/);
  });

  it('should say where it looked when the directory is missing', () => {
    expect(() => TemplateRegistry.load('/nonexistent/templates', LETTERS)).toThrow(/series table|not found/);
  });
});
