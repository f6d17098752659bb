import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (OWASP-recommended memory/time cost). */
@Injectable()
export class PasswordHasher {
  /** Verified against when the account does not exist, so timing does not reveal which emails are registered. */
  private dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    const target = passwordHash ?? (await (this.dummy ??= hash('gongkai-dummy-password-0')));
    try {
      return (await verify(target, password)) && passwordHash !== null;
    } catch {
      return false;
    }
  }
}
