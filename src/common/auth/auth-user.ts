import type { Role } from './role.js';

/** The authenticated principal, taken from the access token and passed explicitly to services. */
export interface AuthUser {
  id: string;
  role: Role;
  agencyId: string | null;
  email: string;
  displayName: string;
}
