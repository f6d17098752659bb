import { maskSensitiveText, redact, redactLogObject } from './logging.js';

describe('log redaction', () => {
  it('should mask resident ID numbers and mobile numbers inside free text', () => {
    expect(maskSensitiveText('申请人身份证11010519491231002X，电话13812345678')).toBe('申请人身份证110105********002X，电话138****5678');
  });

  it('should censor password, token and id-number fields at any depth', () => {
    const sut = redact({ body: { email: 'a@b.cn', password: 'secret', applicant: { idNumber: '110105194912310021' } }, headers: { authorization: 'Bearer x' } });
    expect(sut).toEqual({ body: { email: 'a@b.cn', password: '[REDACTED]', applicant: { idNumber: '[REDACTED]' } }, headers: { authorization: '[REDACTED]' } });
  });

  it('should censor a log line\'s own sensitive fields and leave the request and the answer to their serializers', () => {
    const res = { statusCode: 201, get headersSent() { return true; } };
    const sut = redactLogObject({ token: 'abc', caseId: 'c1', note: '电话13812345678', req: { url: '/x' }, res });
    expect(sut).toEqual({ token: '[REDACTED]', caseId: 'c1', note: '电话138****5678', req: { url: '/x' }, res });
    expect(sut.res).toBe(res);
    // Only the serializers' own keys are left alone, not names every object inherits.
    expect(redactLogObject({ toString: '电话13812345678' })).toEqual({ toString: '电话138****5678' });
  });
});
