import type { ProceduralDocument } from './procedural-documents.js';

/** Valid example blanks per procedural document: API examples, the template registry's trial renders, tests. */
export const PROCEDURAL_BLANK_EXAMPLES: Readonly<Record<ProceduralDocument, Readonly<Record<string, unknown>>>> = {
  RECEIPT: { dueDate: '2026-03-30', materials: '政府信息公开申请表1份、身份证复印件1份' },
  CORRECTION_NOTICE: {
    correctionItems: '请明确所需政府信息的名称、文号或者所涉项目名称、年度等特征性描述。',
    correctionDeadline: '2026-03-31',
    guidance: '如您需要的是征地补偿方案，请写明所涉乡镇和批次。',
  },
  REASONS_REQUEST: { volumeDescription: '您于2026年1月至3月间向本机关提出政府信息公开申请120件', reasonsDeadline: '2026-03-31' },
  EXTENSION_NOTICE: { extensionWorkdays: 20, newDueDate: '2026-04-28', grounds: '所申请信息涉及多个股室和历年档案，需调取核查。' },
  THIRD_PARTY_CONSULTATION: {
    thirdPartyName: '示例县青山建材有限公司',
    informationDescription: '贵公司2024年向本机关提交的采矿权延续申请材料中的储量核实报告',
    replyDeadline: '2026-04-07',
  },
  EXCLUSION_NOTICE: { consultedParty: 'THIRD_PARTY', consultationSentOn: '2026-03-16' },
  THIRD_PARTY_DISCLOSURE_NOTICE: {
    thirdPartyName: '示例县青山建材有限公司',
    informationDescription: '贵公司采矿权范围内的矿区拐点坐标及开采期限',
    disclosureReasons: '该信息涉及周边群众饮用水安全，不公开可能对公共利益造成重大影响。',
  },
  CO_PRODUCER_CONSULTATION: {
    coProducerName: '示例县住房和城乡建设局',
    informationDescription: '《示例县城区老旧小区改造用地保障方案》（示县自然资发〔2025〕8号，两机关联合制发）',
    replyDeadline: '2026-04-07',
  },
  FEE_NOTICE: {
    feeMethod: 'PER_PIECE',
    calculation: '您本月累计申请35件：第1至10件不收费；第11至30件20件×100元＝2000元；第31至35件5件×200元＝1000元。',
    feeAmount: 3000,
    paymentMethod: '通过“示例县非税收入缴费平台”缴纳，或持本通知到示例县政务服务中心三楼财政窗口缴纳',
    paymentDeadline: '2026-04-14',
  },
  DEFERRAL_NOTICE: { deferredUntil: '2026-06-30', grounds: '您申请的信息数量较大，涉及2010年以来全部征地批次，无法在法定期限内答复。' },
  CLOSURE_NOTICE: { closeReason: 'ABANDONED_NO_CORRECTION', explanation: '本机关于2026年3月5日向您发出补正告知书，您在补正期限内未补正，也未说明正当理由。' },
};
