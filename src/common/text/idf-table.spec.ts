import { IdfTable } from './idf-table.js';
import { readIdfTable } from './segmenter.js';

describe('IdfTable', () => {
  it('should give every word of jieba’s table the weight a Map of the table gives, and nothing for other words', () => {
    const text = readIdfTable();
    const expected = new Map<string, number>();
    for (const line of text.split('\n')) {
      const space = line.lastIndexOf(' ');
      if (space > 0) expected.set(line.slice(0, space), Number(line.slice(space + 1)));
    }
    const table = IdfTable.parse(text);
    expect(table.size).toBe(expected.size);
    const wrong = [...expected].filter(([word, weight]) => table.get(word) !== weight);
    expect(wrong).toEqual([]);
    for (const word of ['', '不存在的词语', '劳动防护 ', 'x']) expect(table.get(word)).toBe(expected.get(word));
  });

  it('should keep the last weight of a word listed twice, and skip lines without a weight', () => {
    const table = IdfTable.parse('拆迁 5.5\n补偿 7\n拆迁 6.25\n无权重\n\n 3\n拆迁补偿 9.1');
    expect(table.size).toBe(3);
    expect([table.get('拆迁'), table.get('补偿'), table.get('拆迁补偿'), table.get('无权重'), table.get('')]).toEqual([6.25, 7, 9.1, undefined, undefined]);
  });
});
