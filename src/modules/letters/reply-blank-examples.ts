import type { ReplyType } from './reply-type.js';

/**
 * A valid, realistic set of blanks per reply type: API examples, the templates' load-time trial render, the
 * benchmark's document set and the tests all use these.
 */
export const REPLY_BLANK_EXAMPLES: Readonly<Record<ReplyType, Readonly<Record<string, unknown>>>> = {
  DISCLOSE: { provisionForm: 'ELECTRONIC', description: '《青山镇2025年度土地征收补偿安置方案》电子文本，随本答复书一并发送至您预留的电子邮箱。' },
  ALREADY_PUBLIC: {
    publishedAt: '2025-12-30',
    publishedWhere: '示例县人民政府门户网站“政府信息公开—法定主动公开内容—征地信息”栏目（http://www.slx.gov.cn/zwgk/zdxx/）',
  },
  PARTIAL: {
    disclosedContent: '《青山镇2025年度土地征收补偿安置方案》（删除被征收户身份证号码、银行账号后的文本）',
    withheldParts: '被征收户的身份证号码、银行账号',
    withholdingGround: 'WITHHOLD_THIRD_PARTY',
    reasons: '上述内容属于被征收户的个人隐私，经书面征求意见，相关权利人不同意公开，公开后会对其合法权益造成损害。',
  },
  WITHHOLD_SECRET: { reasons: '您申请公开的信息已依法确定为国家秘密，密级为秘密，保密期限尚未届满。' },
  WITHHOLD_LAW: { reasons: '您申请公开的信息为统计调查中获得的能够识别统计调查对象身份的资料。', prohibitingLaw: '《中华人民共和国统计法》第三十九条' },
  WITHHOLD_SECURITY: { reasons: '您申请公开的信息涉及水源地防护设施的具体布设位置，公开后可能危及公共安全。' },
  WITHHOLD_THIRD_PARTY: {
    reasons: '您申请公开的信息包含企业的核心工艺参数，属于商业秘密，公开会对第三方合法权益造成损害。',
    thirdPartyOpinion: '第三方书面答复不同意公开。',
  },
  WITHHOLD_INTERNAL: { reasons: '您申请公开的信息为本机关干部职工年度考勤统计，属于人事管理方面的内部事务信息。' },
  WITHHOLD_PROCESS: { reasons: '您申请公开的专题会议记录属于本机关在履行行政管理职能过程中形成的讨论记录，属于过程性信息。' },
  WITHHOLD_ENFORCEMENT: { reasons: '您申请公开的信息为本机关办理的土地违法案件的调查询问笔录，属于行政执法案卷信息。' },
  WITHHOLD_ADMIN_QUERY: {
    reasons: '您申请获取的是本人不动产登记结果，属于行政查询事项。',
    queryChannel: '示例县不动产登记中心服务窗口（示例县政务服务中心一楼）或“示例县不动产登记”微信公众号',
  },
  NOT_EXIST: {
    searchScope: '本机关文书档案系统（2015年至今）、耕地保护股和法规股纸质档案、本机关门户网站',
    searchMethod: '以“青山镇”“征收”“补偿”为关键词检索电子档案，并由业务股室逐卷核查纸质档案，未找到相关信息。',
  },
  NOT_RESPONSIBLE: {
    reasons: '您申请公开的建设工程规划许可证由示例县住房和城乡建设局核发，本机关未制作、保存该信息。',
    responsibleAgency: '示例县住房和城乡建设局',
    responsibleAgencyContact: '政务公开办公室，电话0000-1234567，地址示例县人民路1号',
  },
  NEEDS_CREATION: { reasons: '您要求本机关统计2015年至2025年全县各乡镇每年征地面积并按用途分类汇总，需要对现有政府信息进行加工、分析。' },
  UNCLEAR_AFTER_CORRECTION: { reasons: '补正后的申请仍未说明所需信息的名称、文号或者所涉项目、年度等特征性描述，本机关无法确定您所需的政府信息。' },
  PETITION: { suggestedChannel: '示例县信访局（示例县人民路8号）或12345政务服务便民热线' },
  DUPLICATE: { earlierCaseTrackingNumber: 'SLXZR-2026-000007', earlierReplyDate: '2026-02-10', earlierDocumentNumber: '示县自然资公开〔2026〕3号' },
  PUBLICATION: {
    publicationName: '《示例县人民政府公报》2025年第4期',
    obtainWhere: '示例县图书馆、档案馆政府信息查阅点，或示例县人民政府门户网站“政府公报”栏目',
  },
  EXCESSIVE: { reasons: '您于2026年1月至3月间向本机关提出政府信息公开申请120件，经要求说明理由，您未能说明合理理由。' },
  CONFIRM_REISSUE: { reasons: '您要求本机关对已于2025年向您提供的征地批复文件的真实性进行确认并重新加盖印章出具，不属于获取政府信息的申请。' },
  SPECIAL_LAW: { specialLaw: '不动产登记暂行条例', handlingChannel: '携带身份证明到示例县不动产登记中心申请查询不动产登记资料' },
  ABANDONED_NO_CORRECTION: { correctionDeadline: '2026-03-31' },
  ABANDONED_NO_FEE: { paymentDeadline: '2026-04-15' },
  WITHDRAWN: { withdrawnOn: '2026-03-12' },
  OTHER: { decisionText: '您申请更正的信息记录经核查属实，本机关已予以更正。', citations: [{ article: 41 }] },
};
