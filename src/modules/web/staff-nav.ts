import { Role } from '../../common/auth/role.js';

export interface StaffNavItem {
  href: string;
  label: string;
}

/**
 * The workbench navigation of each staff role. Officers and office heads work cases; the legal advisor's,
 * auditor's and administrator's entries are added beside theirs by the pages made for those roles.
 */
export const STAFF_NAV: Record<Role, readonly StaffNavItem[]> = {
  [Role.OFFICER]: [
    { href: '/staff', label: '工作台' },
    { href: '/staff/cases', label: '案件' },
    { href: '/staff/register', label: '登记申请' },
  ],
  [Role.OFFICE_HEAD]: [
    { href: '/staff', label: '工作台' },
    { href: '/staff/cases?status=AWAITING_APPROVAL', label: '待审批' },
    { href: '/staff/cases', label: '案件' },
    { href: '/staff/register', label: '登记申请' },
  ],
  [Role.LEGAL_ADVISOR]: [{ href: '/staff', label: '工作台' }],
  [Role.AUDITOR]: [
    { href: '/staff', label: '工作台' },
    { href: '/staff/cases', label: '案件' },
  ],
  [Role.ADMIN]: [{ href: '/staff', label: '工作台' }],
  [Role.APPLICANT]: [],
};
