import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AppException } from '../errors/app.exception.js';
import type { AuthUser } from './auth-user.js';
import { ANY_PERMISSIONS, IS_PUBLIC, REQUIRED_PERMISSIONS } from './decorators.js';
import { hasPermission, type Permission } from './permission.js';
import { PrincipalDirectory } from './principal-directory.js';
import type { Role } from './role.js';

export const ACCESS_COOKIE = 'gk_access';

interface AccessTokenClaims {
  sub: string;
  /** The user's token version when the token was issued; a token from an older version is refused. */
  ver: number;
  /** Informational only: the guard takes role and agency from the user's current row, never from here. */
  role: Role;
  agencyId: string | null;
  email: string;
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Global guard: authenticates the bearer token (or the access cookie set for the web UI), then checks the
 * route's named permissions. Public routes may still carry a token, which is then honoured.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly directory: PrincipalDirectory,
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

  /**
   * The signature proves who the caller is; what they may do comes from their current state: a token issued before
   * the user was deactivated, given another role or agency, got a new password or logged out is refused at once.
   */
  private async verify(token: string): Promise<AuthUser> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw new AppException('UNAUTHENTICATED');
    }
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub) || typeof claims.ver !== 'number') throw new AppException('UNAUTHENTICATED');
    const current = await this.directory.current(claims.sub);
    if (!current?.active || current.tokenVersion !== claims.ver) throw new AppException('UNAUTHENTICATED');
    return { id: current.id, role: current.role, agencyId: current.agencyId, email: current.email, displayName: current.displayName };
  }
}

function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookies = (req as Request & { cookies?: Record<string, string> }).cookies;
  return cookies?.[ACCESS_COOKIE];
}

export function accessTokenClaims(user: AuthUser, tokenVersion: number): AccessTokenClaims {
  return { sub: user.id, ver: tokenVersion, role: user.role, agencyId: user.agencyId, email: user.email, name: user.displayName };
}
