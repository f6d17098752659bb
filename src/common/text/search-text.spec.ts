import { queryTokens, searchTokens, tsqueryAllLiteral, tsvectorLiteral } from './search-text.js';

describe('full-text search words (jieba)', () => {
  it('should store a request as its words and their dictionary parts, each once, without punctuation', () => {
    const tokens = searchTokens('申请公开青山镇2025年度拆迁补偿安置方案及相关会议纪要。ＡＢＣ');
    expect(tokens).toEqual(expect.arrayContaining(['拆迁', '补偿', '安置', '方案', '会议', '纪要', '会议纪要', '2025', 'abc']));
    expect(tokens).not.toContain('。');
    // Every pair of adjacent characters too (年度 and 度拆 alike), punctuation breaking the pairs.
    expect(tokens).toEqual(expect.arrayContaining(['年度', '度拆', '纪要']));
    expect(tokens).not.toContain('要a');
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('should match a query word inside a longer word of the text by its parts, and drop request boilerplate', () => {
    expect(queryTokens('拆迁补偿')).toEqual(['拆迁', '补偿']);
    // 集体土地 is dropped for its parts 集体 + 土地, which a text holding 集体土地所有权 has too.
    expect(queryTokens('请公开集体土地征收文件')).toEqual(['集体', '土地', '征收']);
    expect(queryTokens('2023年三公经费决算')).toEqual(['2023', '三公', '经费', '决算']);
    const text = searchTokens('请求公开某村集体土地所有权证及征收公告');
    for (const t of queryTokens('集体土地征收')) expect(text).toContain(t);
    // A name jieba does not know (李|庄|村) is matched by its character pairs, wherever jieba cut the text.
    expect(queryTokens('李庄村 危房改造')).toEqual(['危房', '房改', '改造', '李庄', '庄村']);
    const beside = searchTokens('申请公开李庄村委会危房改造名单');
    for (const t of queryTokens('李庄村危房改造')) expect(beside).toContain(t);
    // Nothing but boilerplate: the boilerplate is the query.
    expect(queryTokens('申请公开')).toEqual(['申请', '公开']);
  });

  it('should write literals PostgreSQL reads as they are (quotes and backslashes escaped)', () => {
    expect(tsvectorLiteral(['拆迁', "o'k", 'a\\b'])).toBe("'拆迁' 'o''k' 'a\\\\b'");
    expect(tsqueryAllLiteral(['拆迁', '补偿'])).toBe("'拆迁' & '补偿'");
  });
});
