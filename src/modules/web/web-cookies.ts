import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SecretBox } from '../../common/crypto/secret-box.js';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/config.module.js';

/**
 * Short-lived sealed cookies (AES-GCM, HttpOnly, SameSite=Lax) that carry a page's state across a redirect
 * without server storage: the receipt shown once after submitting, the tracking number and query code while
 * an applicant looks at their application. The browser cannot read or alter them.
 */
@Injectable()
export class WebCookies {
  private readonly box: SecretBox;
  private readonly secure: boolean;

  constructor(@InjectConfig() config: AppConfig) {
    this.box = new SecretBox(`${config.auth.jwtSecret}/gongkai/web-cookies/v1`);
    this.secure = config.http.publicUrl.startsWith('https://');
  }

  set(res: Response, name: string, value: unknown, path: string, maxAgeSeconds: number): void {
    res.cookie(name, this.box.seal(JSON.stringify({ v: value, exp: Date.now() + maxAgeSeconds * 1000 })), {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      path,
      maxAge: maxAgeSeconds * 1000,
    });
  }

  get<T>(req: Request, name: string): T | null {
    const raw = (req.cookies as Record<string, string> | undefined)?.[name];
    if (typeof raw !== 'string') return null;
    try {
      const { v, exp } = JSON.parse(this.box.open(raw)) as { v: T; exp: number };
      return exp > Date.now() ? v : null;
    } catch {
      return null;
    }
  }

  clear(res: Response, name: string, path: string): void {
    res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure: this.secure, path });
  }
}
