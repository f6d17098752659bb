import { plainToInstance } from 'class-transformer';
import { IsEnum, IsOptional, IsString, validateSync } from 'class-validator';
import { FIELD_ERROR_MESSAGES } from '../../../common/errors/error-code.js';
import { toFieldErrors } from '../../../common/errors/validation-errors.js';
import { IdDocumentType } from '../domain/identity.js';
import {
  IDENTITY_CONSTRAINT_CODES,
  IsChinesePhone,
  IsContactEmail,
  IsIdDocumentNumber,
  IsPostalCode,
  IsResidentIdNumber,
  IsUnifiedSocialCreditCode,
} from './identity.decorators.js';

class Applicant {
  @IsOptional() @IsResidentIdNumber() residentId?: string;
  @IsOptional() @IsUnifiedSocialCreditCode() creditCode?: string;
  @IsOptional() @IsChinesePhone() phone?: string;
  @IsOptional() @IsChinesePhone({ mobileOnly: true }) mobile?: string;
  @IsOptional() @IsPostalCode() postalCode?: string;
  @IsOptional() @IsContactEmail() email?: string;
}

class Person {
  @IsEnum(IdDocumentType) idType: IdDocumentType;
  @IsString() @IsIdDocumentNumber() idNumber: string;
}

const validate = <T extends object>(cls: new () => T, plain: object) => {
  const sut = plainToInstance(cls, plain);
  return { sut, errors: toFieldErrors(validateSync(sut)) };
};

describe('identity validation decorators', () => {
  it('should accept valid values and store them normalised', () => {
    const { sut, errors } = validate(Applicant, {
      residentId: '１１０１０５１９４９１２３１００２ｘ',
      creditCode: '91350100m000100y43',
      phone: '(010)12345678',
      mobile: '+86 138 0013 8000',
      postalCode: ' 100000 ',
      email: ' zhangsan＠example.cn ',
    });
    expect(errors).toEqual([]);
    expect(sut).toEqual({
      residentId: '11010519491231002X',
      creditCode: '91350100M000100Y43',
      phone: '010-12345678',
      mobile: '13800138000',
      postalCode: '100000',
      email: 'zhangsan@example.cn',
    });
  });

  it.each([
    ['residentId', '1101051949123100', 'INVALID_RESIDENT_ID'],
    ['residentId', '990105194912310025', 'INVALID_ID_REGION_CODE'],
    ['residentId', '110105194902300020', 'INVALID_ID_BIRTH_DATE'],
    ['residentId', '110105194912310021', 'INVALID_ID_CHECKSUM'],
    ['creditCode', '91350100M000100I43', 'INVALID_CREDIT_CODE'],
    ['creditCode', '91350100M000100Y44', 'INVALID_CREDIT_CODE_CHECKSUM'],
    ['phone', '12345', 'INVALID_PHONE'],
    ['mobile', '010-12345678', 'INVALID_MOBILE'],
    ['postalCode', '1000', 'INVALID_POSTAL_CODE'],
    ['email', 'not-an-email', 'INVALID_EMAIL'],
    ['residentId', 110105194912310020, 'INVALID_RESIDENT_ID'],
  ])('should report %s=%p as exactly one %s with its Chinese message', (field, value, code) => {
    const { errors } = validate(Applicant, { [field]: value });
    expect(errors).toEqual([{ field, code, message: FIELD_ERROR_MESSAGES[code] }]);
    expect(FIELD_ERROR_MESSAGES[code]).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([
    [IdDocumentType.RESIDENT_ID, '11010519491231002X', null],
    [IdDocumentType.RESIDENT_ID, '110105194912310021', 'INVALID_ID_CHECKSUM'],
    [IdDocumentType.RESIDENT_ID, 'E12345678', 'INVALID_RESIDENT_ID'],
    [IdDocumentType.PASSPORT, 'e12345678', null],
    [IdDocumentType.PASSPORT, 'G12345678', null],
    [IdDocumentType.PASSPORT, 'E1', 'INVALID_PASSPORT_NUMBER'],
    [IdDocumentType.HK_MACAO_PERMIT, 'E12345678', 'INVALID_HK_MACAO_PERMIT'],
    [IdDocumentType.TAIWAN_PERMIT, '1234567', 'INVALID_TAIWAN_PERMIT'],
    [IdDocumentType.FOREIGN_PERMANENT_RESIDENT_ID, 'USA1100800900', 'INVALID_FOREIGN_PERMANENT_RESIDENT_ID'],
    [IdDocumentType.HMT_RESIDENCE_PERMIT, '11010519491231002X', 'INVALID_RESIDENCE_PERMIT'],
    [IdDocumentType.OTHER, '%', 'INVALID_ID_NUMBER'],
  ])('should check a %s number %p against its type', (idType, idNumber, code) => {
    const { errors } = validate(Person, { idType, idNumber });
    expect(errors).toEqual(code === null ? [] : [{ field: 'idNumber', code, message: FIELD_ERROR_MESSAGES[code] }]);
  });

  it('should leave an unknown document type to the type field’s own validator', () => {
    const { errors } = validate(Person, { idType: 'DRIVING_LICENCE', idNumber: 'whatever' });
    expect(errors).toEqual([{ field: 'idType', code: 'INVALID_ENUM', message: FIELD_ERROR_MESSAGES.INVALID_ENUM }]);
  });

  it('should report a non-string ID number as a type error first', () => {
    const { errors } = validate(Person, { idType: IdDocumentType.RESIDENT_ID, idNumber: { $gt: '' } });
    expect(errors).toEqual([{ field: 'idNumber', code: 'INVALID_TYPE', message: FIELD_ERROR_MESSAGES.INVALID_TYPE }]);
  });

  it('should have a Chinese message for every code a constraint can report', () => {
    for (const [constraint, code] of Object.entries(IDENTITY_CONSTRAINT_CODES)) {
      expect([constraint, FIELD_ERROR_MESSAGES[code]]).toEqual([constraint, expect.stringMatching(/[\u4e00-\u9fff]/)]);
    }
  });
});
