import { describeHistory, historyFromEvents } from './reply-context.js';

describe('describeHistory', () => {
  it('should tell each step with its date, in date order', () => {
    expect(
      describeHistory([
        { kind: 'EXTENSION_APPROVED', date: '2026-03-27', workdays: 20 },
        { kind: 'CORRECTION_REQUESTED', date: '2026-03-05' },
        { kind: 'CORRECTION_RECEIVED', date: '2026-03-09' },
      ]),
    ).toBe(
      '本机关于2026年3月5日向您发出补正告知；本机关于2026年3月9日收到您补正后的申请；经本机关政府信息公开工作机构负责人同意，本机关于2026年3月27日告知您答复期限延长20个工作日。',
    );
  });

  it('should say that consultation time does not count and name the party', () => {
    expect(describeHistory([{ kind: 'CONSULTATION_SENT', date: '2026-03-16', party: 'CO_PRODUCING_AGENCY', partyName: null }])).toBe(
      '本机关于2026年3月16日书面征求共同制作机关意见，征求意见所需时间不计算在答复期限内。',
    );
  });

  it('should be empty without history', () => expect(describeHistory([])).toBe(''));
});

describe('historyFromEvents', () => {
  it('should turn case events into handling steps, naming consulted parties', () => {
    const sut = historyFromEvents([
      { type: 'ACCEPT', effectiveDate: '2026-03-03' },
      { type: 'REQUEST_CORRECTION', effectiveDate: '2026-03-05' },
      { type: 'RECEIVE_CORRECTION', effectiveDate: '2026-03-09' },
      { type: 'CONSULT_THIRD_PARTY', effectiveDate: '2026-03-16', payload: { consultationId: 'c1', party: 'THIRD_PARTY', partyName: '某公司' } },
      { type: 'RECEIVE_THIRD_PARTY_OPINION', effectiveDate: '2026-03-20', payload: { consultationId: 'c1' } },
      { type: 'APPROVE_EXTENSION', effectiveDate: '2026-03-27', payload: { workdays: 10 } },
      { type: 'DEFER', effectiveDate: '2026-03-30', payload: { until: '2026-06-30' } },
      { type: 'SEND_FEE_NOTICE', effectiveDate: '2026-04-01' },
      { type: 'RECEIVE_FEE_PAYMENT', effectiveDate: '2026-04-03' },
    ]);
    expect(sut).toEqual([
      { kind: 'CORRECTION_REQUESTED', date: '2026-03-05' },
      { kind: 'CORRECTION_RECEIVED', date: '2026-03-09' },
      { kind: 'CONSULTATION_SENT', date: '2026-03-16', party: 'THIRD_PARTY', partyName: '某公司' },
      { kind: 'CONSULTATION_ANSWERED', date: '2026-03-20', party: 'THIRD_PARTY', partyName: '某公司' },
      { kind: 'EXTENSION_APPROVED', date: '2026-03-27', workdays: 10 },
      { kind: 'DEFERRED', date: '2026-03-30', until: '2026-06-30' },
      { kind: 'FEE_NOTICE_SENT', date: '2026-04-01' },
      { kind: 'FEE_PAID', date: '2026-04-03' },
    ]);
  });
});
