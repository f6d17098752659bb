/** Agency type; drives the reconsideration body in remedy clauses (行政复议法第24、25、27条). */
export enum AgencyType {
  /** 人民政府 (county or township government). */
  PEOPLES_GOVERNMENT = 'PEOPLES_GOVERNMENT',
  /** 政府工作部门 (department of a local government). */
  GOVERNMENT_DEPARTMENT = 'GOVERNMENT_DEPARTMENT',
  /** 实行垂直领导的机关 (tax, customs, state security …): reconsideration goes to the superior department. */
  VERTICALLY_MANAGED = 'VERTICALLY_MANAGED',
  OTHER = 'OTHER',
}

export const AGENCY_TYPE_LABELS: Record<AgencyType, string> = {
  [AgencyType.PEOPLES_GOVERNMENT]: '人民政府',
  [AgencyType.GOVERNMENT_DEPARTMENT]: '政府工作部门',
  [AgencyType.VERTICALLY_MANAGED]: '垂直管理机关',
  [AgencyType.OTHER]: '其他',
};
