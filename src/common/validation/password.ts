import { Matches, MaxLength } from 'class-validator';

/** Password policy: 10–128 characters with at least one letter and one digit. */
export function IsStrongPassword(): PropertyDecorator {
  return (target, key) => {
    MaxLength(128, { context: { code: 'TOO_LONG', message: '密码不能超过128位' } })(target, key);
    Matches(/^(?=.*[A-Za-z])(?=.*\d).{10,}$/s, { context: { code: 'WEAK_PASSWORD' } })(target, key);
  };
}
