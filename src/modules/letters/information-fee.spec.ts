import { perPageFee, perPieceFee, pricePerPiece } from './information-fee.js';

describe('109号第四条: per piece, by the place of the application in the applicant’s month', () => {
  it.each([
    [1, 0],
    [10, 0],
    [11, 100],
    [30, 100],
    [31, 200],
    [40, 200],
    [41, 300],
    [50, 300],
    [51, 400],
    [60, 400],
    [61, 500],
  ])('should price piece %i at %i 元', (n, yuan) => {
    expect(pricePerPiece(n)).toBe(yuan);
    expect(perPieceFee(n, '2026-03').amountYuan).toBe(yuan);
  });

  it('should charge a month of 35 pieces 2,000 元 for the 11th–30th and 1,000 元 for the 31st–35th in all', () => {
    const total = Array.from({ length: 35 }, (_, i) => pricePerPiece(i + 1)).reduce((a, b) => a + b, 0);
    expect(total).toBe(3000);
  });

  it('should explain the calculation in words', () => {
    expect(perPieceFee(12, '2026-03').text).toBe('依照国办函〔2020〕109号第四条，本申请为您2026年3月向本机关提出的第12件申请，第11至30件每件100元，应缴100元。');
    expect(perPieceFee(3, '2026-03').text).toContain('第1至10件不收费，应缴0元');
    expect(perPieceFee(37, '2026-03').text).toContain('第31至40件每件200元，应缴200元');
  });

  it.each([0, -1, 1.5, Number.NaN])('should refuse %p as a count', (n) => {
    expect(() => pricePerPiece(n)).toThrow(RangeError);
  });
});

describe('109号第五条: per page, progressive over the bands', () => {
  it.each([
    [1, 0],
    [30, 0],
    [31, 10],
    [100, 700],
    [101, 720],
    [200, 2700],
    [201, 2740],
    [250, 4700],
  ])('should charge %i pages %i 元', (pages, yuan) => {
    expect(perPageFee(pages).amountYuan).toBe(yuan);
  });

  it('should show each band it charges', () => {
    const sut = perPageFee(120);
    expect(sut.bands).toEqual([
      { from: 1, to: 30, unitYuan: 0, quantity: 30, subtotalYuan: 0 },
      { from: 31, to: 100, unitYuan: 10, quantity: 70, subtotalYuan: 700 },
      { from: 101, to: 120, unitYuan: 20, quantity: 20, subtotalYuan: 400 },
    ]);
    expect(sut.text).toBe(
      '依照国办函〔2020〕109号第五条，所需提供的政府信息共120页，第1至30页不收费；第31至100页70页×10元＝700元；第101至120页20页×20元＝400元，合计应缴1100元。',
    );
  });
});
