import type { Role } from './role.js';

/** A user's current standing, as the guard needs it on every request. */
export interface PrincipalState {
  id: string;
  role: Role;
  agencyId: string | null;
  email: string;
  displayName: string;
  active: boolean;
  /** Raised whenever the user's sessions must end (deactivation, new role or agency, new password, logout). */
  tokenVersion: number;
}

/**
 * Where the global guard reads a user's current state: access tokens say who the caller is, never what they may
 * do, so a deactivated, moved or demoted user loses access on the next request rather than when the token expires.
 * Implemented by the users module (a short in-process cache over the user table).
 */
export abstract class PrincipalDirectory {
  abstract current(userId: string): Promise<PrincipalState | null>;
  /** Drops what this instance remembers of the user (called after every change to it). */
  abstract invalidate(userId: string): void;
}
