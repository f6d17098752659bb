import {
  checkEmail,
  checkIdDocumentNumber,
  checkPhone,
  checkPostalCode,
  checkResidencePermitNumber,
  checkResidentIdNumber,
  checkUnifiedSocialCreditCode,
  CREDIT_CODE_CHARSET,
  creditCodeCheckChar,
  IdDocumentType,
  maskIdNumber,
  normalizeIdentifier,
  residentIdCheckDigit,
} from './identity.js';

const today = '2026-03-09';

/** A valid resident ID for the region, birth date and sequence, with the check digit computed independently. */
function residentId(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** Replaces the last character with a different, otherwise valid one. */
function wrongLast(value: string, alphabet: string): string {
  const last = value[value.length - 1];
  return value.slice(0, -1) + [...alphabet].find((c) => c !== last);
}

describe('resident ID numbers (GB 11643-1999)', () => {
  it.each([
    ['11010519491231002X', 'the example printed in GB 11643-1999 (北京市朝阳区, check character X)'],
    ['440524188001010014', 'the standard’s second example, born 1880'],
    ['110101199003077774', 'a widely published test number'],
  ])('should accept the published number %s (%s)', (id) => {
    expect(checkResidentIdNumber(id, { today })).toEqual({ ok: true, value: id });
  });

  it.each([
    ['320102', '19800101', '123'],
    ['650104', '20000229', '001'],
    ['540102', '19991231', '998'],
    ['210203', '20260309', '007'],
  ])('should accept a generated number for %s born %s', (region, birth, sequence) => {
    const id = residentId(region, birth, sequence);
    expect(checkResidentIdNumber(id, { today }).ok).toBe(true);
    expect(residentIdCheckDigit(id.slice(0, 17))).toBe(id[17]);
  });

  it('should normalise full-width digits, blanks and a lower-case x before checking', () => {
    expect(checkResidentIdNumber(' １１０１０５ 19491231 002x ', { today })).toEqual({ ok: true, value: '11010519491231002X' });
  });

  it.each([
    ['11010519491231002', 'INVALID_RESIDENT_ID', '17 characters'],
    ['110105194912310021X', 'INVALID_RESIDENT_ID', '19 characters'],
    ['1101051949123100AX', 'INVALID_RESIDENT_ID', 'a letter in the sequence'],
    ['110105491231002', 'INVALID_RESIDENT_ID', 'a first-generation 15-digit number'],
    [residentId('990105', '19491231', '002'), 'INVALID_ID_REGION_CODE', 'province 99 does not exist'],
    [residentId('110105', '19490230', '002'), 'INVALID_ID_BIRTH_DATE', '30 February'],
    [residentId('110105', '20260310', '002'), 'INVALID_ID_BIRTH_DATE', 'born tomorrow'],
    [residentId('110105', '17991231', '002'), 'INVALID_ID_BIRTH_DATE', 'born before 1800'],
    ['110105194912310021', 'INVALID_ID_CHECKSUM', 'the standard’s example with a wrong check digit'],
    ['11010519491231002Y', 'INVALID_RESIDENT_ID', 'a check character that is neither digit nor X'],
    ['11010519491321002X', 'INVALID_ID_BIRTH_DATE', 'month 13'],
  ])('should refuse %s with %s (%s)', (id, code) => {
    expect(checkResidentIdNumber(id, { today })).toEqual({ ok: false, code });
  });

  it('should catch every single-digit typo and every swap of neighbouring different digits', () => {
    const id = '11010519491231002X';
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[i]) continue;
        const typo = id.slice(0, i) + d + id.slice(i + 1);
        expect(checkResidentIdNumber(typo, { today }).ok).toBe(false);
      }
      if (i < 16 && id[i] !== id[i + 1]) {
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        expect(checkResidentIdNumber(swapped, { today }).ok).toBe(false);
      }
    }
  });

  it('should refuse non-strings without throwing', () => {
    for (const value of [undefined, null, 110105194912310020, {}, ['11010519491231002X']]) {
      expect(checkResidentIdNumber(value, { today })).toEqual({ ok: false, code: 'INVALID_RESIDENT_ID' });
    }
  });
});

describe('Hong Kong, Macao and Taiwan residence permits', () => {
  it('should accept a permit number with region 810000 and a valid check digit', () => {
    const id = residentId('810000', '19900101', '123');
    expect(checkResidencePermitNumber(id, { today })).toEqual({ ok: true, value: id });
    expect(checkIdDocumentNumber(IdDocumentType.HMT_RESIDENCE_PERMIT, id, { today }).ok).toBe(true);
  });

  it('should refuse a mainland resident ID as a residence permit, and a wrong check digit', () => {
    expect(checkResidencePermitNumber('11010519491231002X', { today })).toEqual({ ok: false, code: 'INVALID_RESIDENCE_PERMIT' });
    expect(checkResidencePermitNumber(wrongLast(residentId('830000', '19900101', '123'), '0123456789'), { today })).toEqual({
      ok: false,
      code: 'INVALID_ID_CHECKSUM',
    });
  });
});

describe('other ID documents (format only)', () => {
  it.each([
    [IdDocumentType.PASSPORT, 'E12345678'],
    [IdDocumentType.PASSPORT, 'ea1234567'],
    [IdDocumentType.PASSPORT, 'X00000001'],
    [IdDocumentType.HK_MACAO_PERMIT, 'H12345678'],
    [IdDocumentType.HK_MACAO_PERMIT, 'M1234567890'],
    [IdDocumentType.TAIWAN_PERMIT, '12345678'],
    [IdDocumentType.TAIWAN_PERMIT, '1234567890(B)'],
    [IdDocumentType.FOREIGN_PERMANENT_RESIDENT_ID, 'USA110080090012'],
    [IdDocumentType.FOREIGN_PERMANENT_RESIDENT_ID, '931840198001011234'],
    [IdDocumentType.OTHER, '南字第123456号'],
  ])('should accept %s %s', (type, number) => {
    expect(checkIdDocumentNumber(type, number, { today }).ok).toBe(true);
  });

  it.each([
    [IdDocumentType.PASSPORT, 'E123', 'INVALID_PASSPORT_NUMBER'],
    [IdDocumentType.PASSPORT, 'E1234-5678', 'INVALID_PASSPORT_NUMBER'],
    [IdDocumentType.HK_MACAO_PERMIT, 'K12345678', 'INVALID_HK_MACAO_PERMIT'],
    [IdDocumentType.HK_MACAO_PERMIT, 'H1234567', 'INVALID_HK_MACAO_PERMIT'],
    [IdDocumentType.TAIWAN_PERMIT, '1234567', 'INVALID_TAIWAN_PERMIT'],
    [IdDocumentType.FOREIGN_PERMANENT_RESIDENT_ID, 'US110080090012', 'INVALID_FOREIGN_PERMANENT_RESIDENT_ID'],
    [IdDocumentType.OTHER, '#', 'INVALID_ID_NUMBER'],
    [IdDocumentType.RESIDENT_ID, 'E12345678', 'INVALID_RESIDENT_ID'],
  ])('should refuse %s %s with %s', (type, number, code) => {
    expect(checkIdDocumentNumber(type, number, { today })).toEqual({ ok: false, code });
  });

  it('should normalise full-width letters of a passport number', () => {
    expect(checkIdDocumentNumber(IdDocumentType.PASSPORT, ' Ｅ１２３４５６７８ ', { today })).toEqual({ ok: true, value: 'E12345678' });
  });
});

describe('maskIdNumber', () => {
  it('should keep the region code and the last four of an 18-character number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
  });

  it('should keep two characters at each end of shorter numbers and hide very short ones entirely', () => {
    expect(maskIdNumber('E12345678')).toBe('E1*****78');
    expect(maskIdNumber('H12')).toBe('***');
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', 'the example in GB 32100-2015'],
    ['9144030071526726XG', 'a published company code'],
    ['91110000802100433B', 'a published company code'],
    ['91310000MA1FL1MMXL', 'a published company code with letters in the body'],
    ['11100000000013127D', 'a published code of a government body (registering authority 1)'],
  ])('should accept %s (%s)', (code) => {
    expect(checkUnifiedSocialCreditCode(code)).toEqual({ ok: true, value: code });
  });

  it('should compute a check character for every residue, including 0', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 2000 && seen.size < 31; n++) {
      seen.add(creditCodeCheckChar(`91110000${String(n).padStart(9, '0')}`));
    }
    expect([...seen].every((c) => CREDIT_CODE_CHARSET.includes(c))).toBe(true);
    expect(seen.size).toBe(31);
  });

  it('should normalise lower case, blanks and full-width characters', () => {
    expect(checkUnifiedSocialCreditCode(' ９１３５０１００ｍ０００１００ｙ４３ ')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it.each([
    ['91350100M000100Y4', 'INVALID_CREDIT_CODE', '17 characters'],
    ['91350100M000100I43', 'INVALID_CREDIT_CODE', 'the letter I is not in the character set'],
    ['91350100M000100O43', 'INVALID_CREDIT_CODE', 'the letter O is not in the character set'],
    ['913501A0M000100Y43', 'INVALID_CREDIT_CODE', 'a letter in the region code'],
    ['91350100M000100Y44', 'INVALID_CREDIT_CODE_CHECKSUM', 'a wrong check character'],
    ['91350100M000101Y43', 'INVALID_CREDIT_CODE_CHECKSUM', 'a typo in the body'],
  ])('should refuse %s with %s (%s)', (code, expected) => {
    expect(checkUnifiedSocialCreditCode(code)).toEqual({ ok: false, code: expected });
  });
});

describe('phone numbers', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-13800138000', '13800138000'],
    ['0086 19912345678', '19912345678'],
    ['１３８００１３８０００', '13800138000'],
    ['010-12345678', '010-12345678'],
    ['0571-8765432', '0571-8765432'],
    ['01012345678', '01012345678'],
    ['(010)12345678', '010-12345678'],
    ['（０１０）12345678', '010-12345678'],
    ['010-12345678-8001', '010-12345678-8001'],
    ['010-12345678转8001', '010-12345678转8001'],
    ['400-810-8888', '400-810-8888'],
  ])('should accept %s as %s', (input, value) => {
    expect(checkPhone(input)).toEqual({ ok: true, value });
  });

  it.each(['12800138000', '1380013800', '138001380000', '12345678', '0010-12345678', '010-123456', 'phone', ''])('should refuse %p', (input) => {
    expect(checkPhone(input)).toEqual({ ok: false, code: 'INVALID_PHONE' });
  });

  it('should accept only mobiles when asked to', () => {
    expect(checkPhone('13800138000', { mobileOnly: true }).ok).toBe(true);
    expect(checkPhone('010-12345678', { mobileOnly: true })).toEqual({ ok: false, code: 'INVALID_MOBILE' });
  });
});

describe('postal codes and e-mail', () => {
  it('should accept six digits, full-width too, and refuse anything else', () => {
    expect(checkPostalCode('100000')).toEqual({ ok: true, value: '100000' });
    expect(checkPostalCode('７１０００１')).toEqual({ ok: true, value: '710001' });
    for (const bad of ['10000', '1000000', '10000A', 100000]) expect(checkPostalCode(bad)).toEqual({ ok: false, code: 'INVALID_POSTAL_CODE' });
  });

  it('should check e-mail addresses with class-validator after folding a full-width @', () => {
    expect(checkEmail(' zhangsan＠example.cn ')).toEqual({ ok: true, value: 'zhangsan@example.cn' });
    for (const bad of ['zhangsan', 'a@b', '@example.cn', `${'a'.repeat(250)}@example.cn`])
      expect(checkEmail(bad)).toEqual({ ok: false, code: 'INVALID_EMAIL' });
  });

  it('should fold every full-width ASCII character when normalising identifiers', () => {
    expect(normalizeIdentifier('ＡＢＣ　１２３ｘ')).toBe('ABC123X');
  });
});
