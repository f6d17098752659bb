import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser } from './auth-user.js';
import type { Permission } from './permission.js';

export const IS_PUBLIC = 'gongkai:public';
export const REQUIRED_PERMISSIONS = 'gongkai:permissions';
export const ANY_PERMISSIONS = 'gongkai:any-permissions';

/** The route needs no login. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller's role must grant every listed permission. */
export const RequirePermissions = (...permissions: Permission[]) => SetMetadata(REQUIRED_PERMISSIONS, permissions);

/** The caller's role must grant at least one of the listed permissions (the service then scopes what they see). */
export const RequireAnyPermission = (...permissions: Permission[]) => SetMetadata(ANY_PERMISSIONS, permissions);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
