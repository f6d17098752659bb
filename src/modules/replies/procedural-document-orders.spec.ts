import { parseDocumentBlanks } from '../letters/document-kinds.js';
import { correctionItems, type OrderFacts, proceduralDocumentOrders as sut } from './procedural-document-orders.js';

const facts = (over: Partial<OrderFacts> & Pick<OrderFacts, 'event' | 'actions'>): OrderFacts => ({
  clockAfter: null,
  consultationDeadline: null,
  priorEvents: [],
  agencyAddress: null,
  ...over,
});

/** Every order must pass its own blanks class: the effect must never fail on a blank it filled itself. */
const expectValid = (orders: ReturnType<typeof sut>) => orders.forEach((o) => expect(parseDocumentBlanks(o.kind, o.blanks).errors).toEqual([]));

describe('proceduralDocumentOrders', () => {
  it('should issue nothing for an event without a document action', () => {
    expect(sut(facts({ event: { type: 'ACCEPT', effectiveDate: '2026-03-09', payload: {} }, actions: ['advanceEffectiveDate', 'recordEvent'] }))).toEqual([]);
  });

  it('should give a correction notice the items, all at once, and the clock’s correction deadline', () => {
    const orders = sut(
      facts({
        event: { type: 'REQUEST_CORRECTION', effectiveDate: '2026-03-09', payload: { items: ['请明确文件名称', '请提供身份证明。'] } },
        actions: ['recordEvent', 'markCorrectionRequested', 'issueCorrectionNotice'],
        clockAfter: { dueDate: null, correctionWindowEnds: '2026-03-30' },
      }),
    );
    expect(orders).toEqual([
      { kind: 'CORRECTION_NOTICE', blanks: { correctionItems: '（一）请明确文件名称；（二）请提供身份证明。', correctionDeadline: '2026-03-30' }, sources: { correctionItems: 'items' } },
    ]);
    expectValid(orders);
  });

  it('should write a single correction item as given', () => expect(correctionItems(['请明确文件名称'])).toBe('请明确文件名称'));

  it('should give an extension notice the workdays, the extended due date and the grounds as a clause', () => {
    const [order] = sut(
      facts({
        event: { type: 'APPROVE_EXTENSION', effectiveDate: '2026-03-20', payload: { workdays: 15, grounds: '需调取历史档案。' } },
        actions: ['markExtensionUsed', 'issueExtensionNotice'],
        clockAfter: { dueDate: '2026-04-28' },
      }),
    );
    expect(order.blanks).toEqual({ extensionWorkdays: 15, newDueDate: '2026-04-28', grounds: '需调取历史档案' });
    expectValid([order]);
  });

  it('should send a third party its letter and tell the applicant of the excluded time on the first consultation', () => {
    const orders = sut(
      facts({
        event: { type: 'CONSULT_THIRD_PARTY', effectiveDate: '2026-03-10', payload: { party: 'THIRD_PARTY', partyName: '青山建材有限公司', consultationId: 'c1' } },
        actions: ['addConsultation', 'issueConsultationLetter', 'issueExclusionNotice'],
        consultationDeadline: '2026-03-31',
      }),
    );
    expect(orders.map((o) => o.kind)).toEqual(['THIRD_PARTY_CONSULTATION', 'EXCLUSION_NOTICE']);
    expect(orders[0].blanks).toMatchObject({ thirdPartyName: '青山建材有限公司', replyDeadline: '2026-03-31' });
    expect(orders[1].blanks).toEqual({ consultedParty: 'THIRD_PARTY', consultationSentOn: '2026-03-10' });
    expectValid(orders);
  });

  it('should send a co-producing agency its own letter', () => {
    const orders = sut(
      facts({
        event: { type: 'CONSULT_THIRD_PARTY', effectiveDate: '2026-03-10', payload: { party: 'CO_PRODUCING_AGENCY', partyName: '示例县住房和城乡建设局' } },
        actions: ['addConsultation', 'issueConsultationLetter'],
        consultationDeadline: '2026-03-31',
      }),
    );
    expect(orders).toEqual([expect.objectContaining({ kind: 'CO_PRODUCER_CONSULTATION', blanks: expect.objectContaining({ coProducerName: '示例县住房和城乡建设局' }) })]);
    expectValid(orders);
  });

  it('should fill a fee notice from the amount and basis, with the clock’s payment deadline', () => {
    const orders = sut(
      facts({
        event: { type: 'SEND_FEE_NOTICE', effectiveDate: '2026-03-10', payload: { amountYuan: 300, basis: 'PER_PAGE' } },
        actions: ['issueFeeNotice'],
        clockAfter: { dueDate: null, feeDeadline: '2026-04-08' },
        agencyAddress: '示例县人民路1号',
      }),
    );
    expect(orders[0].blanks).toMatchObject({ feeMethod: 'PER_PAGE', feeAmount: 300, paymentDeadline: '2026-04-08' });
    expect(orders[0].blanks.calculation).toContain('页数');
    expect(orders[0].blanks.calculation).toContain('300元');
    expect(orders[0].blanks.paymentMethod).toContain('示例县人民路1号');
    expectValid(orders);
  });

  it('should close a deferral’s grounds as a sentence', () => {
    const [order] = sut(facts({ event: { type: 'DEFER', effectiveDate: '2026-03-10', payload: { until: '2026-06-30', grounds: '申请数量较大' } }, actions: ['issueDeferralNotice'] }));
    expect(order.blanks).toEqual({ deferredUntil: '2026-06-30', grounds: '申请数量较大。' });
    expectValid([order]);
  });

  it('should name the correction notice a lapse follows by its 文号', () => {
    const [order] = sut(
      facts({
        event: { type: 'CORRECTION_LAPSED', effectiveDate: '2026-03-31', payload: {} },
        actions: ['setCloseReason', 'issueClosureNotice'],
        priorEvents: [{ type: 'REQUEST_CORRECTION', effectiveDate: '2026-03-09', payload: { documents: [{ kind: 'CORRECTION_NOTICE', documentNumber: '示县自然资公开告〔2026〕1号' }] } }],
      }),
    );
    expect(order.blanks.closeReason).toBe('ABANDONED_NO_CORRECTION');
    expect(order.blanks.explanation).toBe('您在《政府信息公开申请补正告知书》（示县自然资公开告〔2026〕1号）规定的补正期限内未补正，也未说明正当理由。');
    expectValid([order]);
  });

  it('should close for an unpaid fee, and for a manual close with the officer’s note', () => {
    const [fee] = sut(facts({ event: { type: 'FEE_LAPSED', effectiveDate: '2026-04-09', payload: {} }, actions: ['issueClosureNotice'] }));
    expect(fee.blanks).toEqual({ closeReason: 'ABANDONED_NO_FEE', explanation: '您在缴费期限内未缴纳信息处理费。' });
    const [manual] = sut(facts({ event: { type: 'CLOSE', effectiveDate: '2026-03-10', payload: { closeReason: 'NOT_AN_APPLICATION', note: '来信系投诉举报' } }, actions: ['issueClosureNotice'] }));
    expect(manual.blanks).toEqual({ closeReason: 'OTHER', explanation: '经审查，您提交的材料不属于政府信息公开申请。来信系投诉举报。' });
    expectValid([fee, manual]);
  });

  it('should refuse to issue when the clock lacks a deadline the document needs', () => {
    expect(() => sut(facts({ event: { type: 'REQUEST_CORRECTION', effectiveDate: '2026-03-09', payload: { items: ['x'] } }, actions: ['issueCorrectionNotice'] }))).toThrow(/correctionWindowEnds/);
  });
});
