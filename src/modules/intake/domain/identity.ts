import { isEmail } from 'class-validator';
import { shanghaiDate } from '../../../common/time/shanghai-date.js';

// Applicant identity and contact checks (条例第二十九条第二款第（一）项: 姓名或者名称、身份证明、联系方式).
// Every check first normalises what people actually type: full-width characters (ＡＢＣ１２３) folded by NFKC,
// surrounding blanks trimmed, and for identifiers the blanks inside removed and letters upper-cased.

export type Checked<C extends string> = { ok: true; value: string } | { ok: false; code: C };

const ok = <C extends string>(value: string): Checked<C> => ({ ok: true, value });
const fail = <C extends string>(code: C): Checked<C> => ({ ok: false, code });

/** 证件类型 offered on the application form. */
export enum IdDocumentType {
  RESIDENT_ID = 'RESIDENT_ID',
  HMT_RESIDENCE_PERMIT = 'HMT_RESIDENCE_PERMIT',
  PASSPORT = 'PASSPORT',
  HK_MACAO_PERMIT = 'HK_MACAO_PERMIT',
  TAIWAN_PERMIT = 'TAIWAN_PERMIT',
  FOREIGN_PERMANENT_RESIDENT_ID = 'FOREIGN_PERMANENT_RESIDENT_ID',
  OTHER = 'OTHER',
}

export const ID_DOCUMENT_TYPE_LABELS: Record<IdDocumentType, string> = {
  [IdDocumentType.RESIDENT_ID]: '居民身份证',
  [IdDocumentType.HMT_RESIDENCE_PERMIT]: '港澳台居民居住证',
  [IdDocumentType.PASSPORT]: '护照',
  [IdDocumentType.HK_MACAO_PERMIT]: '港澳居民来往内地通行证',
  [IdDocumentType.TAIWAN_PERMIT]: '台湾居民来往大陆通行证',
  [IdDocumentType.FOREIGN_PERMANENT_RESIDENT_ID]: '外国人永久居留身份证',
  [IdDocumentType.OTHER]: '其他有效身份证件',
};

export type ResidentIdErrorCode = 'INVALID_RESIDENT_ID' | 'INVALID_ID_REGION_CODE' | 'INVALID_ID_BIRTH_DATE' | 'INVALID_ID_CHECKSUM';
export type ResidencePermitErrorCode = 'INVALID_RESIDENCE_PERMIT' | 'INVALID_ID_BIRTH_DATE' | 'INVALID_ID_CHECKSUM';
export type IdDocumentErrorCode =
  | ResidentIdErrorCode
  | ResidencePermitErrorCode
  | 'INVALID_PASSPORT_NUMBER'
  | 'INVALID_HK_MACAO_PERMIT'
  | 'INVALID_TAIWAN_PERMIT'
  | 'INVALID_FOREIGN_PERMANENT_RESIDENT_ID'
  | 'INVALID_ID_NUMBER';
export type CreditCodeErrorCode = 'INVALID_CREDIT_CODE' | 'INVALID_CREDIT_CODE_CHECKSUM';
export type PhoneErrorCode = 'INVALID_PHONE' | 'INVALID_MOBILE';

/** Every code the identity checks can return; each has a Chinese message in FIELD_ERROR_MESSAGES. */
export const IDENTITY_ERROR_CODES = [
  'INVALID_RESIDENT_ID',
  'INVALID_ID_REGION_CODE',
  'INVALID_ID_BIRTH_DATE',
  'INVALID_ID_CHECKSUM',
  'INVALID_RESIDENCE_PERMIT',
  'INVALID_PASSPORT_NUMBER',
  'INVALID_HK_MACAO_PERMIT',
  'INVALID_TAIWAN_PERMIT',
  'INVALID_FOREIGN_PERMANENT_RESIDENT_ID',
  'INVALID_ID_NUMBER',
  'INVALID_CREDIT_CODE',
  'INVALID_CREDIT_CODE_CHECKSUM',
  'INVALID_PHONE',
  'INVALID_MOBILE',
  'INVALID_POSTAL_CODE',
  'INVALID_EMAIL',
] as const;

export interface DateOptions {
  /** Today in Asia/Shanghai (YYYY-MM-DD); defaults to the system clock. Birth dates after it are refused. */
  today?: string;
}

const todayInShanghai = (): string => shanghaiDate(new Date());

/** NFKC (full-width → half-width) and trim: for names, addresses and free text. */
export function normalizeText(raw: string): string {
  return raw.normalize('NFKC').trim();
}

/** For ID numbers and codes: NFKC, every blank removed (people type "110105 19491231 002X"), upper case. */
export function normalizeIdentifier(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// 居民身份证 (GB 11643-1999 公民身份号码): 6-digit region code, 8-digit birth date, 3-digit sequence,
// and an ISO 7064 MOD 11-2 check character ('X' stands for 10).

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** Province-level prefixes of GB/T 2260 that appear in mainland resident ID numbers. */
// prettier-ignore
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
]);

/** Hong Kong, Macao and Taiwan residence permits (港澳台居民居住证, 2018) use these fixed region codes. */
const HMT_PERMIT_REGIONS = new Set(['810000', '820000', '830000']);

/** The MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function checkBirthDateAndDigit<C extends string>(id: string, options: DateOptions): Checked<C | 'INVALID_ID_BIRTH_DATE' | 'INVALID_ID_CHECKSUM'> {
  const birth = id.slice(6, 14);
  const iso = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  // GB 11643's own example is born in 1880; anything before 1800 is a typo, not a person.
  if (Number(birth.slice(0, 4)) < 1800 || !isRealDate(birth) || iso > (options.today ?? todayInShanghai())) {
    return fail('INVALID_ID_BIRTH_DATE');
  }
  return id[17] === residentIdCheckDigit(id.slice(0, 17)) ? ok(id) : fail('INVALID_ID_CHECKSUM');
}

/** 18 characters, known province prefix, real birth date not after today, MOD 11-2 check character. */
export function checkResidentIdNumber(raw: unknown, options: DateOptions = {}): Checked<ResidentIdErrorCode> {
  if (typeof raw !== 'string') return fail('INVALID_RESIDENT_ID');
  const id = normalizeIdentifier(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return fail('INVALID_RESIDENT_ID');
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return fail('INVALID_ID_REGION_CODE');
  return checkBirthDateAndDigit<ResidentIdErrorCode>(id, options);
}

/** 港澳台居民居住证: same structure and check as GB 11643, region 810000 / 820000 / 830000. */
export function checkResidencePermitNumber(raw: unknown, options: DateOptions = {}): Checked<ResidencePermitErrorCode> {
  if (typeof raw !== 'string') return fail('INVALID_RESIDENCE_PERMIT');
  const id = normalizeIdentifier(raw);
  if (!/^\d{17}[\dX]$/.test(id) || !HMT_PERMIT_REGIONS.has(id.slice(0, 6))) return fail('INVALID_RESIDENCE_PERMIT');
  return checkBirthDateAndDigit<ResidencePermitErrorCode>(id, options);
}

// Documents issued abroad or in Hong Kong, Macao and Taiwan: no public check algorithm, so only their shapes.
const DOCUMENT_FORMATS: Record<
  Exclude<IdDocumentType, IdDocumentType.RESIDENT_ID | IdDocumentType.HMT_RESIDENCE_PERMIT>,
  { pattern: RegExp; code: IdDocumentErrorCode }
> = {
  // Any country's passport: ICAO 9303 numbers are letters and digits (Chinese ones: E12345678, EA1234567).
  [IdDocumentType.PASSPORT]: { pattern: /^[A-Z0-9]{5,17}$/, code: 'INVALID_PASSPORT_NUMBER' },
  // 回乡证: H (Hong Kong) or M (Macao) and 8 digits; cards before 2013 had 10 digits.
  [IdDocumentType.HK_MACAO_PERMIT]: { pattern: /^[HM](\d{8}|\d{10})$/, code: 'INVALID_HK_MACAO_PERMIT' },
  // 台胞证: 8 digits since 2015; older booklets 10 digits and a check letter, often written in brackets.
  [IdDocumentType.TAIWAN_PERMIT]: { pattern: /^(\d{8}|\d{10}(\([A-Z]\)|[A-Z])?)$/, code: 'INVALID_TAIWAN_PERMIT' },
  // 永居证: 2004/2017 cards are a 3-letter country code and 12 digits; the 2023 card is 18 characters starting with 9.
  [IdDocumentType.FOREIGN_PERMANENT_RESIDENT_ID]: { pattern: /^([A-Z]{3}\d{12}|9\d{16}[\dX])$/, code: 'INVALID_FOREIGN_PERMANENT_RESIDENT_ID' },
  // 军官证、士兵证 and the like carry Chinese characters ("南字第123456号").
  [IdDocumentType.OTHER]: { pattern: /^[\p{L}\p{N}()-]{2,40}$/u, code: 'INVALID_ID_NUMBER' },
};

/** Checks an ID number against its document type; only resident IDs and residence permits carry a checksum. */
export function checkIdDocumentNumber(type: IdDocumentType, raw: unknown, options: DateOptions = {}): Checked<IdDocumentErrorCode> {
  if (type === IdDocumentType.RESIDENT_ID) return checkResidentIdNumber(raw, options);
  if (type === IdDocumentType.HMT_RESIDENCE_PERMIT) return checkResidencePermitNumber(raw, options);
  const format = DOCUMENT_FORMATS[type];
  if (!format) return fail('INVALID_ID_NUMBER');
  if (typeof raw !== 'string') return fail(format.code);
  const value = normalizeIdentifier(raw);
  return format.pattern.test(value) ? ok(value) : fail(format.code);
}

export function isIdDocumentType(value: unknown): value is IdDocumentType {
  return typeof value === 'string' && (Object.values(IdDocumentType) as string[]).includes(value);
}

/**
 * For display and logs (ID numbers masked wherever shown or logged: 个人信息保护法第五十一条): an 18-character number keeps
 * its region code and last four (110105********002X), so staff can match it against a document without the
 * birth date being exposed; shorter numbers keep two characters at each end.
 */
export function maskIdNumber(value: string): string {
  const chars = [...normalizeIdentifier(value)];
  const [head, tail] = chars.length >= 15 ? [6, 4] : chars.length >= 8 ? [2, 2] : [0, 0];
  return chars.map((c, i) => (i < head || i >= chars.length - tail ? c : '*')).join('');
}

// ---------------------------------------------------------------------------------------------
// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol set; position 1 registering authority,
// 2 organisation type, 3–8 region code (digits), 9–17 the body's identifier, 18 a MOD 31 check character.

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i] ?? '');
    if (value < 0) throw new RangeError(`not a credit-code character at ${i}: ${first17}`);
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

export function checkUnifiedSocialCreditCode(raw: unknown): Checked<CreditCodeErrorCode> {
  if (typeof raw !== 'string') return fail('INVALID_CREDIT_CODE');
  const code = normalizeIdentifier(raw);
  if (!CREDIT_CODE_SHAPE.test(code)) return fail('INVALID_CREDIT_CODE');
  return code[17] === creditCodeCheckChar(code.slice(0, 17)) ? ok(code) : fail('INVALID_CREDIT_CODE_CHECKSUM');
}

// ---------------------------------------------------------------------------------------------
// Phone numbers (联系方式). Separators people use are tolerated; the stored value keeps the hyphens they typed.

const MOBILE = /^1[3-9]\d{9}$/;
// Area code 0xx or 0xxx, 7–8 digit subscriber number, optional extension (转123, -123, #123, ext123).
const LANDLINE = /^0[1-9]\d{1,2}-?\d{7,8}((-|转|#|EXT\.?|X)\d{1,6})?$/;
// Nationwide service numbers organisations print on letterheads.
const SERVICE_NUMBER = /^[48]00-?\d{3}-?\d{4}$/;

/** NFKC, blanks removed, "(010)" → "010-", a +86 / 0086 prefix dropped in front of a mobile number. */
export function normalizePhone(raw: string): string {
  const compact = raw
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .toUpperCase()
    .replace(/^\((0\d{2,3})\)-?/, '$1-');
  const international = /^(?:\+86|0086|\+?86-)-?(1\d{10})$/.exec(compact);
  return international ? international[1] : compact;
}

export function checkPhone(raw: unknown, options: { mobileOnly?: boolean } = {}): Checked<PhoneErrorCode> {
  if (typeof raw !== 'string') return fail(options.mobileOnly ? 'INVALID_MOBILE' : 'INVALID_PHONE');
  const phone = normalizePhone(raw);
  if (MOBILE.test(phone)) return ok(phone);
  if (options.mobileOnly) return fail('INVALID_MOBILE');
  return LANDLINE.test(phone) || SERVICE_NUMBER.test(phone) ? ok(phone) : fail('INVALID_PHONE');
}

/** 6 digits. Hong Kong and Macao have none; forms there conventionally use 999077 / 999078. */
export function checkPostalCode(raw: unknown): Checked<'INVALID_POSTAL_CODE'> {
  if (typeof raw !== 'string') return fail('INVALID_POSTAL_CODE');
  const code = normalizeIdentifier(raw);
  return /^\d{6}$/.test(code) ? ok(code) : fail('INVALID_POSTAL_CODE');
}

/** class-validator's (validator.js) address check after NFKC ("张三＠example.cn" is fine), at most 254 characters. */
export function checkEmail(raw: unknown): Checked<'INVALID_EMAIL'> {
  if (typeof raw !== 'string') return fail('INVALID_EMAIL');
  const email = normalizeText(raw);
  return email.length <= 254 && isEmail(email) ? ok(email) : fail('INVALID_EMAIL');
}
