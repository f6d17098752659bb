import { closingFactsOf, reportRowOfClosing } from '../../cases/workflow/closing.js';
import { buildTableThree, checkCarryOver, checkSubtree, checkTableThree, diffTables, RESULT_ROWS, TABLE_THREE_ROWS, type TableThreeAggregate } from './table-three.js';

const agg = (category: string | null, closingType: string | null, counts: Partial<Pick<TableThreeAggregate, 'received' | 'carriedIn' | 'closed' | 'carriedOut'>>, agencyId: string | null = null): TableThreeAggregate => ({
  agencyId,
  category,
  closingType,
  received: 0,
  carriedIn: 0,
  closed: 0,
  carriedOut: 0,
  ...counts,
});

describe('closing facts', () => {
  const ctx = { draftReplyType: 'PARTIAL', closeReason: null };

  it('should fix the day and the delivered reply type when a case leaves the open statuses', () => {
    expect(closingFactsOf(true, false, 'DELIVER_REPLY', '2026-01-05', ctx)).toEqual({ closedOn: '2026-01-05', closingType: 'PARTIAL' });
    expect(closingFactsOf(true, false, 'WITHDRAW', '2026-01-05', ctx)).toEqual({ closedOn: '2026-01-05', closingType: 'WITHDRAWN' });
    expect(closingFactsOf(true, false, 'CORRECTION_LAPSED', '2026-01-05', ctx)?.closingType).toBe('ABANDONED_NO_CORRECTION');
    expect(closingFactsOf(true, false, 'FEE_LAPSED', '2026-01-05', ctx)?.closingType).toBe('ABANDONED_NO_FEE');
    expect(closingFactsOf(true, false, 'CLOSE', '2026-01-05', { draftReplyType: null, closeReason: 'TRANSFERRED' })?.closingType).toBe('CLOSED_TRANSFERRED');
  });

  it('should leave a concluded case alone when it is archived, and clear the facts of a case open again', () => {
    expect(closingFactsOf(false, false, 'ARCHIVE', '2026-02-01', ctx)).toBeUndefined();
    expect(closingFactsOf(true, true, 'ACCEPT', '2026-02-01', ctx)).toBeUndefined();
    expect(closingFactsOf(false, true, 'ACCEPT', '2026-02-01', ctx)).toEqual({ closedOn: null, closingType: null });
  });

  it('should map reply types by the reply-type table, manual closes to 三(六)3, and nothing else', () => {
    expect(reportRowOfClosing('ALREADY_PUBLIC')).toBe('三(一)');
    expect(reportRowOfClosing('NOT_RESPONSIBLE')).toBe('三(四)1');
    expect(reportRowOfClosing('ABANDONED_NO_FEE')).toBe('三(六)2');
    expect(reportRowOfClosing('WITHDRAWN')).toBe('三(六)3');
    expect(reportRowOfClosing('CLOSED_NOT_AN_APPLICATION')).toBe('三(六)3');
    expect(reportRowOfClosing('DEFERRED')).toBeNull();
    expect(reportRowOfClosing(null)).toBeNull();
  });
});

describe('表三', () => {
  it('should list every row of the 2021 format in order, 25 rows, 21 of them results', () => {
    expect(TABLE_THREE_ROWS.map((r) => r.code)).toEqual([
      '一', '二', '三(一)', '三(二)', '三(三)1', '三(三)2', '三(三)3', '三(三)4', '三(三)5', '三(三)6', '三(三)7', '三(三)8',
      '三(四)1', '三(四)2', '三(四)3', '三(五)1', '三(五)2', '三(五)3', '三(五)4', '三(五)5', '三(六)1', '三(六)2', '三(六)3', '三(七)', '四',
    ]);
    expect(RESULT_ROWS).toHaveLength(21);
    expect(TABLE_THREE_ROWS.find((r) => r.code === '三(二)')!.group).toBe('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
  });

  it('should count by column and result row, and hold every identity', () => {
    const cells = buildTableThree([
      agg('NATURAL_PERSON', 'DISCLOSE', { received: 3, carriedIn: 1, closed: 4 }),
      agg('NATURAL_PERSON', null, { received: 2, carriedOut: 2 }),
      agg('COMMERCIAL_ENTERPRISE', 'WITHHOLD_PROCESS', { received: 1, closed: 1 }),
      agg('LEGAL_SERVICE_ORGANISATION', 'CLOSED_OTHER', { carriedIn: 1, closed: 1 }),
    ]);
    expect(cells['一']).toMatchObject({ NATURAL_PERSON: 5, COMMERCIAL_ENTERPRISE: 1, TOTAL: 6 });
    expect(cells['二']).toMatchObject({ NATURAL_PERSON: 1, LEGAL_SERVICE_ORGANISATION: 1, TOTAL: 2 });
    expect(cells['三(一)'].NATURAL_PERSON).toBe(4);
    expect(cells['三(三)6'].COMMERCIAL_ENTERPRISE).toBe(1);
    expect(cells['三(三)'].TOTAL).toBe(1);
    expect(cells['三(六)3'].LEGAL_SERVICE_ORGANISATION).toBe(1);
    expect(cells['三(七)'].TOTAL).toBe(6);
    expect(cells['四'].TOTAL).toBe(2);
    expect(checkTableThree(cells).filter((c) => !c.ok)).toEqual([]);
  });

  it('should name the failing cell when a case closed without a reply type, without a closing date, or without a category', () => {
    const cells = buildTableThree([agg('NATURAL_PERSON', null, { received: 1, closed: 1 }), agg('OTHER', null, { carriedIn: 1 }), agg(null, 'DISCLOSE', { received: 1, closed: 1 })]);
    const failing = checkTableThree(cells).filter((c) => !c.ok);
    expect(failing.map((c) => `${c.code}:${c.row ?? ''}:${c.column}`).sort()).toEqual(
      ['BALANCE::OTHER', 'BALANCE::TOTAL', 'COLUMNS_SUM:一:TOTAL', 'COLUMNS_SUM:三(一):TOTAL', 'COLUMNS_SUM:三(七):TOTAL', 'RESULTS_SUM:三(七):NATURAL_PERSON', 'RESULTS_SUM:三(七):TOTAL'].sort(),
    );
    expect(failing.find((c) => c.code === 'RESULTS_SUM' && c.column === 'NATURAL_PERSON')!.message).toBe('自然人列：三（七）总计 1，（一）至（六）各项之和 0');
  });

  it('should check a subtree against the sum of its agencies, and carry-over against last year\'s published 四', () => {
    const a = buildTableThree([agg('NATURAL_PERSON', 'DISCLOSE', { received: 2, closed: 2 }, 'a')]);
    const b = buildTableThree([agg('NATURAL_PERSON', null, { received: 1, carriedOut: 1 }, 'b')]);
    const rollup = buildTableThree([agg('NATURAL_PERSON', 'DISCLOSE', { received: 2, closed: 2 }), agg('NATURAL_PERSON', null, { received: 1, carriedOut: 1 })]);
    expect(checkSubtree(rollup, [a, b]).every((c) => c.ok)).toBe(true);
    const wrong = checkSubtree(rollup, [a]);
    expect(wrong.find((c) => c.row === '一' && c.column === 'TOTAL')).toMatchObject({ ok: false, expected: 3, actual: 2 });
    expect(checkCarryOver(rollup, { NATURAL_PERSON: 1, TOTAL: 1 }, 2025).filter((c) => !c.ok).map((c) => c.column)).toEqual(['NATURAL_PERSON', 'TOTAL']);
    expect(diffTables(a, rollup).map((d) => d.label)).toContain('“一、本年新收政府信息公开申请数量”行自然人列：已发布 2，现为 3');
  });
});
