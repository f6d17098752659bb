import { computeTableFour, NoRemedyRecords, type RemedyRecord } from './table-four.js';

describe('表四', () => {
  const records: RemedyRecord[] = [
    { kind: 'RECONSIDERATION', filedOn: '2026-02-01', decidedOn: '2026-04-01', outcome: 'UPHELD' },
    { kind: 'RECONSIDERATION', filedOn: '2026-03-01', decidedOn: '2026-05-01', outcome: 'CORRECTED' },
    // Filed in 2025, decided in 2026: 尚未审结 in 2025, its outcome in 2026.
    { kind: 'RECONSIDERATION', filedOn: '2025-11-20', decidedOn: '2026-01-15', outcome: 'OTHER' },
    // Filed in 2026, decided in 2027: 尚未审结 in 2026.
    { kind: 'LITIGATION_DIRECT', filedOn: '2026-12-01', decidedOn: '2027-03-01', outcome: 'UPHELD' },
    { kind: 'LITIGATION_DIRECT', filedOn: '2026-06-01', decidedOn: null, outcome: 'PENDING' },
    { kind: 'LITIGATION_AFTER_RECONSIDERATION', filedOn: '2026-05-01', decidedOn: '2026-09-01', outcome: 'CORRECTED' },
    // Decided before the year: not in it.
    { kind: 'LITIGATION_AFTER_RECONSIDERATION', filedOn: '2024-05-01', decidedOn: '2025-09-01', outcome: 'UPHELD' },
    // Filed after the year: not in it.
    { kind: 'RECONSIDERATION', filedOn: '2027-01-02', decidedOn: null, outcome: 'PENDING' },
  ];

  it('should count decisions of the year by outcome and proceedings pending on 31 December as 尚未审结', () => {
    expect(computeTableFour(records, 2026)).toEqual({
      RECONSIDERATION: { UPHELD: 1, CORRECTED: 1, OTHER: 1, PENDING: 0, TOTAL: 3 },
      LITIGATION_DIRECT: { UPHELD: 0, CORRECTED: 0, OTHER: 0, PENDING: 2, TOTAL: 2 },
      LITIGATION_AFTER_RECONSIDERATION: { UPHELD: 0, CORRECTED: 1, OTHER: 0, PENDING: 0, TOTAL: 1 },
    });
  });

  it('should show a proceeding filed in one year and decided in the next as pending in the first year', () => {
    expect(computeTableFour(records, 2025).RECONSIDERATION).toEqual({ UPHELD: 0, CORRECTED: 0, OTHER: 0, PENDING: 1, TOTAL: 1 });
    expect(computeTableFour(records, 2025).LITIGATION_AFTER_RECONSIDERATION).toEqual({ UPHELD: 1, CORRECTED: 0, OTHER: 0, PENDING: 0, TOTAL: 1 });
  });

  it('should have no proceedings until the archive is wired in', async () => {
    expect(await new NoRemedyRecords().recordsFor(['a'], 2026)).toEqual([]);
    expect(computeTableFour([], 2026).RECONSIDERATION.TOTAL).toBe(0);
  });
});
