import { AppException } from '../../common/errors/app.exception.js';
import { SubmitApplicationDto } from '../intake/dto/submit-application.dto.js';
import { toApplicationBody } from './apply.controller.js';
import { flatForm, formErrorsOf, nest, validateAs } from './web-forms.js';

describe('web forms', () => {
  it('should fold dotted field names into the API body and leave empty fields out', () => {
    expect(nest({ 'a.b': 'x', 'a.c': '', d: ' y ', e: 'unlisted' }, ['a.b', 'a.c', 'd'])).toEqual({ a: { b: 'x' }, d: ' y ' });
  });

  it('should keep only string fields and never prototype keys', () => {
    expect(flatForm({ a: 'x', b: ['1', '2'], c: { d: 1 }, constructor: 'no' })).toEqual({ a: 'x', b: '2' });
  });

  it('should drop the fields of the applicant kind not chosen and count a citizen as 自然人', () => {
    const body = toApplicationBody({
      'applicant.kind': 'NATURAL_PERSON',
      'applicant.organisation.creditCode': 'X',
      'applicant.category': 'COMMERCIAL_ENTERPRISE',
      'agent.name': '钱七',
      hasAgent: 'no',
      'upload.powerOfAttorney': '00000000-0000-4000-8000-000000000001',
    });
    expect(body).toEqual({ applicant: { kind: 'NATURAL_PERSON', category: 'NATURAL_PERSON' }, request: {}, delivery: {} });
  });

  it("should map the API's validation errors to the form's fields with the API's messages, in form order", async () => {
    const plain = toApplicationBody({ agencyCode: 'SLXZR', 'applicant.kind': 'NATURAL_PERSON', 'applicant.idType': 'RESIDENT_ID', 'applicant.idNumber': '110105194912310020' });
    const error = await validateAs(SubmitApplicationDto, plain).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppException);
    const errors = formErrorsOf(error, ['agencyCode', 'applicant.name', 'applicant.idNumber', 'applicant.phone', 'request.title', 'request.description', 'delivery.form', 'delivery.method']);
    expect(errors.byField['applicant.idNumber']).toBe('证件号码校验位不正确，请核对后重新填写');
    expect(errors.byField['applicant.name']).toBe('必填');
    // Every missing field of a group is named at once.
    expect(errors.list.map((e) => e.field)).toEqual(['applicant.name', 'applicant.idNumber', 'applicant.phone', 'request.title', 'request.description', 'delivery.form', 'delivery.method']);
    expect(errors.list[1]).toEqual({ field: 'applicant.idNumber', id: 'f-applicant-idNumber', message: '证件号码校验位不正确，请核对后重新填写' });
  });

  it('should rethrow anything that is not a validation error', () => {
    expect(() => formErrorsOf(new AppException('NOT_FOUND'), [])).toThrow(AppException);
  });
});
