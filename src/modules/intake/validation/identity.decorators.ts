import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { FIELD_ERROR_MESSAGES } from '../../../common/errors/error-code.js';
import {
  checkEmail,
  checkIdDocumentNumber,
  checkPhone,
  checkPostalCode,
  checkResidentIdNumber,
  checkUnifiedSocialCreditCode,
  type Checked,
  isIdDocumentType,
  normalizeIdentifier,
  normalizePhone,
  normalizeText,
} from '../domain/identity.js';

/**
 * Constraint name → field error code for every constraint registered below. Each constraint carries its code in
 * its validation context, which is where toFieldErrors looks first.
 *
 * One decorator registers one constraint per code it can produce, and exactly one of them fails for a bad value:
 * the error mapper only sees constraint names, so this is how "check digit wrong" and "birth date invalid" reach
 * the applicant as different Chinese messages.
 */
export const IDENTITY_CONSTRAINT_CODES = {
  isResidentIdNumber: 'INVALID_RESIDENT_ID',
  idRegionCode: 'INVALID_ID_REGION_CODE',
  idBirthDate: 'INVALID_ID_BIRTH_DATE',
  idChecksum: 'INVALID_ID_CHECKSUM',
  isResidencePermitNumber: 'INVALID_RESIDENCE_PERMIT',
  isPassportNumber: 'INVALID_PASSPORT_NUMBER',
  isHkMacaoPermitNumber: 'INVALID_HK_MACAO_PERMIT',
  isTaiwanPermitNumber: 'INVALID_TAIWAN_PERMIT',
  isForeignPermanentResidentId: 'INVALID_FOREIGN_PERMANENT_RESIDENT_ID',
  isIdDocumentNumber: 'INVALID_ID_NUMBER',
  isUnifiedSocialCreditCode: 'INVALID_CREDIT_CODE',
  creditCodeChecksum: 'INVALID_CREDIT_CODE_CHECKSUM',
  isChinesePhone: 'INVALID_PHONE',
  isChineseMobile: 'INVALID_MOBILE',
  isPostalCode: 'INVALID_POSTAL_CODE',
  isContactEmail: 'INVALID_EMAIL',
} as const;

type ConstraintName = keyof typeof IDENTITY_CONSTRAINT_CODES;
type Check = (value: unknown, args: ValidationArguments) => Checked<string> | null;

const normalizeWith =
  (normalize: (raw: string) => string) =>
  ({ value }: { value: unknown }): unknown =>
    typeof value === 'string' ? normalize(value) : value;

/** Registers one constraint per name; the one whose code `check` returns fails, the others pass. */
function coded(names: readonly ConstraintName[], check: Check, normalize: (raw: string) => string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    // Normalise the stored value too (NFKC, blanks), so what passes validation is what gets saved.
    Transform(normalizeWith(normalize))(target, propertyKey);
    for (const name of names) {
      const code = IDENTITY_CONSTRAINT_CODES[name];
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyKey),
        options: { ...options, context: { code, message: FIELD_ERROR_MESSAGES[code] } },
        validator: {
          validate: (value: unknown, args: ValidationArguments) => {
            const result = check(value, args);
            return result === null || result.ok || result.code !== code;
          },
          defaultMessage: () => FIELD_ERROR_MESSAGES[code] ?? code,
        },
      });
    }
  };
}

/** 居民身份证号码 (GB 11643-1999) with region prefix, birth date and check digit. */
export function IsResidentIdNumber(options?: ValidationOptions): PropertyDecorator {
  return coded(['isResidentIdNumber', 'idRegionCode', 'idBirthDate', 'idChecksum'], (value) => checkResidentIdNumber(value), normalizeIdentifier, options);
}

/** 统一社会信用代码 (GB 32100-2015) with its check character. */
export function IsUnifiedSocialCreditCode(options?: ValidationOptions): PropertyDecorator {
  return coded(['isUnifiedSocialCreditCode', 'creditCodeChecksum'], (value) => checkUnifiedSocialCreditCode(value), normalizeIdentifier, options);
}

/** A mainland mobile or landline number (with area code), or a 400/800 number; `mobileOnly` for SMS targets. */
export function IsChinesePhone(phoneOptions: { mobileOnly?: boolean } = {}, options?: ValidationOptions): PropertyDecorator {
  const name: ConstraintName = phoneOptions.mobileOnly ? 'isChineseMobile' : 'isChinesePhone';
  return coded([name], (value) => checkPhone(value, phoneOptions), normalizePhone, options);
}

export function IsPostalCode(options?: ValidationOptions): PropertyDecorator {
  return coded(['isPostalCode'], (value) => checkPostalCode(value), normalizeIdentifier, options);
}

/** class-validator's e-mail check after NFKC and trimming (reported as INVALID_EMAIL). */
export function IsContactEmail(options?: ValidationOptions): PropertyDecorator {
  return coded(['isContactEmail'], (value) => checkEmail(value), normalizeText, options);
}

/**
 * The ID number checked against the sibling document-type field (default `idType`). When that field is missing
 * or not a known type nothing is reported here: the type field's own @IsEnum says what is wrong.
 */
export function IsIdDocumentNumber(typeField = 'idType', options?: ValidationOptions): PropertyDecorator {
  return coded(
    [
      'isResidentIdNumber',
      'idRegionCode',
      'idBirthDate',
      'idChecksum',
      'isResidencePermitNumber',
      'isPassportNumber',
      'isHkMacaoPermitNumber',
      'isTaiwanPermitNumber',
      'isForeignPermanentResidentId',
      'isIdDocumentNumber',
    ],
    (value, args) => {
      const type = (args.object as Record<string, unknown>)[typeField];
      return isIdDocumentType(type) ? checkIdDocumentNumber(type, value) : null;
    },
    normalizeIdentifier,
    options,
  );
}
