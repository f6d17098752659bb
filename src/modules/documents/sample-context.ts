import { AgencyType } from '../agencies/agency-type.js';
import type { ReplyContext } from './reply-context.js';

/**
 * A complete, realistic case for trial renders: the template registry renders every template with it at load
 * time (a template that cannot render stops the start-up), and tests and the benchmark use it.
 */
export const SAMPLE_REPLY_CONTEXT: ReplyContext = {
  agency: {
    id: '00000000-0000-4000-8000-000000000001',
    name: '示例县自然资源局',
    type: AgencyType.GOVERNMENT_DEPARTMENT,
    documentPrefix: '示县自然资公开',
    documentNumberPattern: '{prefix}〔{year}〕{seq}号',
    reconsiderationBody: '示例县人民政府',
    competentCourt: '示例县人民法院',
    address: '示例县人民路1号',
    phone: '0000-1234567',
    letterhead: true,
  },
  case: {
    id: '00000000-0000-4000-8000-000000000002',
    trackingNumber: 'SLXZR-2026-000012',
    receiptDate: '2026-03-02',
    requestDescription: '2025年度青山镇土地征收补偿安置方案及其批复文件',
  },
  applicant: { name: '张三' },
  history: [
    { kind: 'CORRECTION_REQUESTED', date: '2026-03-05' },
    { kind: 'CORRECTION_RECEIVED', date: '2026-03-09' },
    { kind: 'CONSULTATION_SENT', date: '2026-03-16', party: 'THIRD_PARTY', partyName: '示例县青山建材有限公司' },
    { kind: 'CONSULTATION_ANSWERED', date: '2026-03-27', party: 'THIRD_PARTY', partyName: '示例县青山建材有限公司' },
  ],
  deliveryMethod: 'POST',
  issuedOn: '2026-04-10',
};
