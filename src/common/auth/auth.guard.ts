import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AppException } from '../errors/app.exception.js';
import type { AuthUser } from './auth-user.js';
import { ANY_PERMISSIONS, IS_PUBLIC, REQUIRED_PERMISSIONS } from './decorators.js';
import { hasPermission, type Permission } from './permission.js';
import { Role } from './role.js';

export const ACCESS_COOKIE = 'gk_access';

interface AccessTokenClaims {
  sub: string;
  role: Role;
  agencyId: string | null;
  email: string;
  name: string;
}

/**
 * Global guard: authenticates the bearer token (or the access cookie set for the web UI), then checks the
 * route's named permissions. Public routes may still carry a token, which is then honoured.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = tokenOf(req);
    if (token) {
      req.user = await this.verify(token).catch((e: unknown) => {
        if (isPublic) return undefined;
        throw e;
      });
    }
    if (isPublic) return true;
    if (!req.user) throw new AppException('UNAUTHENTICATED');
    const required = this.reflector.getAllAndOverride<Permission[]>(REQUIRED_PERMISSIONS, targets) ?? [];
    const user = req.user;
    if (!required.every((p) => hasPermission(user.role, p))) throw new AppException('FORBIDDEN');
    const any = this.reflector.getAllAndOverride<Permission[]>(ANY_PERMISSIONS, targets);
    if (any && !any.some((p) => hasPermission(user.role, p))) throw new AppException('FORBIDDEN');
    return true;
  }

  private async verify(token: string): Promise<AuthUser> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
      if (!Object.values(Role).includes(claims.role)) throw new Error('bad role');
      return { id: claims.sub, role: claims.role, agencyId: claims.agencyId ?? null, email: claims.email, displayName: claims.name };
    } catch {
      throw new AppException('UNAUTHENTICATED');
    }
  }
}

function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookies = (req as Request & { cookies?: Record<string, string> }).cookies;
  return cookies?.[ACCESS_COOKIE];
}

export function accessTokenClaims(user: AuthUser): AccessTokenClaims {
  return { sub: user.id, role: user.role, agencyId: user.agencyId, email: user.email, name: user.displayName };
}
