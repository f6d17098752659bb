import { Role as UserRole } from '../../../common/auth/role.js';

// Who can act on a case: a user's role, or SYSTEM — the scheduler (reminder scanner), never a human.
export const SYSTEM_ROLE = 'SYSTEM';
export const ROLES = [...Object.values(UserRole), SYSTEM_ROLE] as const;

export type Role = `${UserRole}` | typeof SYSTEM_ROLE;
