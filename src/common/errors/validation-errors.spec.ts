import { Type } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength, ValidateNested, validateSync } from 'class-validator';
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
