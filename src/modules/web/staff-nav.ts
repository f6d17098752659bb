import { Role } from '../../common/auth/role.js';

export interface StaffNavItem {
  href: string;
  label: string;
}

/**
 * The workbench navigation of each staff role. Officers and office heads work cases; legal advisors answer
 * referrals, auditors read the archive, administrators keep agencies, users and the calendar.
 */
export const STAFF_NAV: Record<Role, readonly StaffNavItem[]> = {
  [Role.OFFICER]: [
    { href: '/staff', label: '工作台' },
    { href: '/staff/cases', label: '案件' },
    { href: '/staff/register', label: '登记申请' },
    { href: '/staff/disclosure', label: '主动公开' },
  ],
  [Role.OFFICE_HEAD]: [
    { href: '/staff', label: '工作台' },
    { href: '/staff/cases?status=AWAITING_APPROVAL', label: '待审批' },
    { href: '/staff/cases', label: '案件' },
    { href: '/staff/register', label: '登记申请' },
    { href: '/staff/disclosure', label: '主动公开' },
    { href: '/staff/reports', label: '年度报告与统计' },
  ],
  [Role.LEGAL_ADVISOR]: [
    { href: '/staff', label: '工作台' },
    { href: '/staff/legal', label: '会商意见' },
  ],
  [Role.AUDITOR]: [
    { href: '/staff', label: '工作台' },
    { href: '/staff/audit', label: '档案检索' },
    { href: '/staff/cases', label: '案件' },
    { href: '/staff/disclosure', label: '主动公开' },
    { href: '/staff/reports', label: '年度报告与统计' },
  ],
  [Role.ADMIN]: [
    { href: '/staff', label: '工作台' },
    { href: '/staff/admin', label: '系统管理' },
    { href: '/staff/admin/agencies', label: '机构' },
    { href: '/staff/admin/users', label: '用户' },
    { href: '/staff/admin/calendar', label: '工作日历' },
    { href: '/staff/admin/templates', label: '文书模板' },
    { href: '/staff/admin/imports', label: '历史导入' },
    { href: '/staff/audit', label: '完整性检查' },
    { href: '/staff/reports', label: '年度报告与统计' },
  ],
  [Role.APPLICANT]: [],
};
