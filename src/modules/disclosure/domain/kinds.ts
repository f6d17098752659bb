// Controlled list of kinds of government information that applicants ask for, with the words they use for each.
// Two requests naming kinds that do not overlap ask for different information (补偿款发放明细 is not 补偿方案),
// however alike the rest of the text. Matched in order on normalised text; a matched phrase is cut out so that
// 补偿款发放明细 does not also count as 补偿.
export interface InformationKind {
  code: string;
  label: string;
  pattern: RegExp;
}

// prettier-ignore
export const KINDS: readonly InformationKind[] = [
  { code: 'COMPENSATION_PAYMENT', label: '补偿款发放明细', pattern: /(?:补偿|安置)(?:款|费|资金)?(?:的)?(?:发放|支付|拨付|兑付)(?:明细|清单|情况|名单)*|补偿(?:款|费)(?:明细|清单|名单)/g },
  { code: 'COMPENSATION_PLAN', label: '补偿安置方案', pattern: /(?:补偿|安置)(?:安置|补偿)?(?:方案|标准|办法|政策)/g },
  { code: 'EXPROPRIATION_DECISION', label: '征收决定', pattern: /征收决定(?:书)?/g },
  { code: 'ASSESSMENT_REPORT', label: '评估报告', pattern: /(?:价格)?评估报告|估价报告/g },
  { code: 'LAND_APPROVAL', label: '用地批复', pattern: /批复|批准文件|批文|审批文件|审批意见/g },
  { code: 'SURVEY_MAP', label: '勘测定界图', pattern: /勘测定界(?:图|报告)?|红线图/g },
  { code: 'NOTICE', label: '公告', pattern: /公告/g },
  { code: 'TRANSFER_CONTRACT', label: '出让合同', pattern: /出让合同|转让合同/g },
  { code: 'PLANNING_PERMIT', label: '规划许可证', pattern: /规划许可(?:证)?/g },
  { code: 'CONSTRUCTION_PERMIT', label: '施工许可证', pattern: /施工许可(?:证)?/g },
  { code: 'PRESALE_PERMIT', label: '预售许可证', pattern: /预售(?:许可(?:证)?|方案)/g },
  { code: 'SUBSISTENCE_LIST', label: '低保对象名单', pattern: /低保|最低生活保障/g },
  { code: 'HOUSING_REPAIR_SUBSIDY', label: '危房改造补助', pattern: /危房改造/g },
  { code: 'VILLAGE_FINANCE', label: '村级财务', pattern: /财务(?:收支|公开)?|收支(?:明细|情况)|明细账/g },
  { code: 'TAX_CREDIT_A', label: 'A级纳税人名单', pattern: /a级|信用等级|纳税信用/g },
  { code: 'TAX_VIOLATION', label: '重大税收违法失信案件', pattern: /税收违法|违法失信|失信主体|黑名单/g },
  { code: 'TAX_POLICY', label: '税收政策文件', pattern: /(?:税收)?优惠政策|税收政策|执行口径|减免税/g },
  { code: 'INSPECTION_PLAN', label: '检查工作计划', pattern: /(?:稽查|检查)(?:年度)?(?:工作)?计划/g },
  { code: 'MEETING_MINUTES', label: '会议纪要', pattern: /会议纪要|纪要/g },
  { code: 'BUDGET', label: '预算', pattern: /预算/g },
  { code: 'FINAL_ACCOUNTS', label: '决算', pattern: /决算/g },
  { code: 'CONTRACT', label: '合同', pattern: /合同|协议/g },
];

export const kindLabel = (code: string): string => KINDS.find((k) => k.code === code)?.label ?? code;

/**
 * Words applicants use for the same thing, mapped to one form before segmentation (征收/拆迁, 补偿方案/补偿标准,
 * 名单/名册). Longest first; applied on normalised text.
 */
// prettier-ignore
export const SYNONYMS: readonly (readonly [RegExp, string])[] = [
  [/花名册|名册|人员名单|对象名单|户名单/g, '名单'],
  [/最低生活保障对象|最低生活保障|低保户|低保人员|低保对象/g, '低保'],
  [/拆迁/g, '征收'],
  [/征地/g, '土地征收'],
  [/征收土地/g, '土地征收'],
  [/集体土地征收/g, '土地征收'],
  [/补偿标准|补偿办法|补偿安置方案|安置补偿方案/g, '补偿方案'],
  [/发放清单|支付明细|发放情况明细|发放情况/g, '发放明细'],
  [/棚改/g, '棚户区改造'],
  [/旧改/g, '旧城改造'],
  [/批文|批准文件|审批文件/g, '批复'],
  [/施工许可(?!证)/g, '施工许可证'],
  [/年度/g, '年'],
];
