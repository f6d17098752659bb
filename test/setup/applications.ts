import { residentIdCheckDigit } from '../../src/modules/intake/domain/identity.js';

/** A valid resident ID number (GB 11643 check digit) for a person born 1980-01-01, varied by `n`. */
export function residentId(n: number): string {
  const first17 = `110105198001${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

export function webApplication(overrides: Record<string, unknown> = {}, n = 1): Record<string, unknown> {
  return {
    agencyCode: 'SLXZR',
    applicant: { kind: 'NATURAL_PERSON', name: '张三', idType: 'RESIDENT_ID', idNumber: residentId(n), phone: '13800138000', email: `applicant${n}@example.com`, category: 'NATURAL_PERSON' },
    request: { title: '2025年某镇土地征收补偿安置方案', description: '请求公开该方案全文及附件。' },
    delivery: { form: 'ELECTRONIC', method: 'EMAIL', email: `applicant${n}@example.com` },
    ...overrides,
  };
}
