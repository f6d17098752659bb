import { commandOf, eventForm, type FormContext } from './staff-event-forms.js';

const ctx: FormContext = { openConsultations: [{ value: 'c1', label: '某公司' }], pendingReferrals: [], documents: [], advisors: [], extensionRemaining: 12, today: '2026-03-02' };

describe('case page action forms from the command DTOs', () => {
  it('should build the correction form with its items as one per line and the purpose as choices', () => {
    const f = eventForm('REQUEST_CORRECTION', ctx);
    const byName = Object.fromEntries(f.fields.map((x) => [x.name, x]));
    expect(byName.items!.kind).toBe('lines');
    expect(byName.purpose!.kind).toBe('radios');
    expect(byName.purpose!.options!.map((o) => o.label)).toContain('补正告知（条例第三十条）');
    expect(f.advancedFields.map((x) => x.name)).toEqual(['effectiveDate', 'reason']);
  });

  it('should cap an extension at the working days that remain', () => {
    const f = eventForm('APPROVE_EXTENSION', ctx);
    const workdays = f.fields.find((x) => x.name === 'workdays')!;
    expect(workdays.kind).toBe('number');
    expect(workdays.max).toBe(12);
    expect(workdays.hint).toContain('最多还可延长12个工作日');
    expect(f.confirm).toBeTruthy();
  });

  it('should offer the open consultations for an opinion and keep submitted values and errors', () => {
    const f = eventForm('RECEIVE_THIRD_PARTY_OPINION', ctx, { consultationId: 'c1', summary: '同意' }, { summary: '太长' });
    const c = f.fields.find((x) => x.name === 'consultationId')!;
    expect(c.options).toEqual([{ value: 'c1', label: '某公司', checked: true }]);
    const s = f.fields.find((x) => x.name === 'summary')!;
    expect([s.value, s.error]).toEqual(['同意', '太长']);
  });

  it('should fold flat fields back into the API command', () => {
    expect(commandOf('REQUEST_CORRECTION', { items: '请明确名称\r\n\r\n请提供身份证明', expectedVersion: '3', effectiveDate: '' })).toEqual({ type: 'REQUEST_CORRECTION', items: ['请明确名称', '请提供身份证明'], expectedVersion: 3 });
    expect(commandOf('APPROVE_EXTENSION', { workdays: '10', grounds: '需调档' })).toEqual({ type: 'APPROVE_EXTENSION', workdays: 10, grounds: '需调档' });
    expect(commandOf('REFER_TO_LEGAL', { question: '是否过程性信息？', difficult: 'true' }, { advisorIds: ['a', 'b'] })).toEqual({ type: 'REFER_TO_LEGAL', advisorIds: ['a', 'b'], question: '是否过程性信息？', difficult: true });
  });
});
