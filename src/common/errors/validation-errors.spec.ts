import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsEmail, IsNotEmpty, IsObject, IsString, Matches, MaxLength, ValidateNested, validateSync } from 'class-validator';
import { IsIsoDate } from '../validation/iso-date.js';
import { plainToInstance } from 'class-transformer';
import { toFieldErrors } from './validation-errors.js';

class Contact {
  @IsEmail() email: string;
}
class Sample {
  @IsString() @IsNotEmpty() @MaxLength(5) name: string;
  @ValidateNested() @Type(() => Contact) contact: Contact;
}

describe('toFieldErrors', () => {
  it('should name nested fields with dotted paths and Chinese messages', () => {
    const sut = plainToInstance(Sample, { name: 'toolongname', contact: { email: 'nope' } });
    const errors = toFieldErrors(validateSync(sut));
    expect(errors).toEqual([
      { field: 'name', code: 'TOO_LONG', message: '长度超出限制' },
      { field: 'contact.email', code: 'INVALID_EMAIL', message: '电子邮箱格式不正确' },
    ]);
  });

  it('should report a missing field as REQUIRED rather than as a type error', () => {
    const sut = plainToInstance(Sample, { contact: { email: 'a@b.cn' } });
    expect(toFieldErrors(validateSync(sut))).toEqual([{ field: 'name', code: 'REQUIRED', message: '必填' }]);
  });
});

describe('toFieldErrors: missing fields', () => {
  class Dated {
    @IsIsoDate() receiptDate: string;
  }
  class Login {
    @IsEmail() @MaxLength(254) email: string;
  }
  class Blanks {
    @IsObject() blanks: Record<string, unknown>;
  }
  class Tracked {
    @IsString() @Matches(/^[A-Z]{4}$/) queryCode: string;
  }
  class Own {
    @IsDefined({ context: { code: 'REQUIRED', message: '请选择依据' } }) @IsArray() citations: unknown[];
  }

  it.each([
    ['a date', Dated, 'receiptDate'],
    ['an e-mail address with a length limit', Login, 'email'],
    ['an object', Blanks, 'blanks'],
    ['a formatted string', Tracked, 'queryCode'],
  ])('should report %s that was not sent as REQUIRED, whatever its other checks', (_label, dto, field) => {
    const errors = toFieldErrors(validateSync(plainToInstance(dto as new () => object, {})));
    expect(errors).toEqual([{ field, code: 'REQUIRED', message: '必填' }]);
  });

  it('should keep a check\'s own message for a missing field', () => {
    expect(toFieldErrors(validateSync(plainToInstance(Own, {})))).toEqual([{ field: 'citations', code: 'REQUIRED', message: '请选择依据' }]);
  });

  it('should still report a wrong value by what is wrong with it', () => {
    expect(toFieldErrors(validateSync(plainToInstance(Dated, { receiptDate: '2026-02-30' })))).toEqual([{ field: 'receiptDate', code: 'INVALID_DATE', message: expect.any(String) }]);
    expect(toFieldErrors(validateSync(plainToInstance(Blanks, { blanks: 'x' })))).toEqual([{ field: 'blanks', code: 'INVALID_TYPE', message: '类型不正确' }]);
  });
});
