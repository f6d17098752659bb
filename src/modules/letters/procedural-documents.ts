/**
 * Procedural documents (程序性文书): the receipt (条例第三十一条), the notices and letters the handling of a request
 * needs (补正 第三十条, 说明理由 第三十五条, 延期 第三十三条第二款, 征求意见 第三十二条、第三十四条, 收费 第四十二条,
 * 延迟答复 第三十五条) and the closure notice. Like replies, each has its blanks class (procedural-blanks.ts), its
 * generated legal basis and, where the addressee may contest it, a generated remedy clause (procedural-rules.ts).
 */
export const PROCEDURAL_DOCUMENTS = [
  'RECEIPT',
  'CORRECTION_NOTICE',
  'REASONS_REQUEST',
  'EXTENSION_NOTICE',
  'THIRD_PARTY_CONSULTATION',
  'EXCLUSION_NOTICE',
  'THIRD_PARTY_DISCLOSURE_NOTICE',
  'CO_PRODUCER_CONSULTATION',
  'FEE_NOTICE',
  'DEFERRAL_NOTICE',
  'CLOSURE_NOTICE',
] as const;

export type ProceduralDocument = (typeof PROCEDURAL_DOCUMENTS)[number];

export const PROCEDURAL_DOCUMENT_LABELS: Record<ProceduralDocument, string> = {
  RECEIPT: '政府信息公开申请接收回执',
  CORRECTION_NOTICE: '政府信息公开申请补正告知书',
  REASONS_REQUEST: '政府信息公开申请说明理由告知书',
  EXTENSION_NOTICE: '政府信息公开申请延期答复告知书',
  THIRD_PARTY_CONSULTATION: '政府信息公开申请征求意见书（第三方）',
  EXCLUSION_NOTICE: '政府信息公开申请征求意见告知书',
  THIRD_PARTY_DISCLOSURE_NOTICE: '政府信息依申请公开告知书（第三方）',
  CO_PRODUCER_CONSULTATION: '政府信息公开申请征求意见书（共同制作机关）',
  FEE_NOTICE: '政府信息公开申请收费通知书',
  DEFERRAL_NOTICE: '政府信息公开申请延迟答复告知书',
  CLOSURE_NOTICE: '政府信息公开申请终止办理告知书',
};

/**
 * Forms the applicant keeps as one sheet: the receipt handed over or mailed on receipt of the request and the
 * one-time correction notice (条例第三十条: 一次性告知). The layout tightens their line spacing to keep them on one page.
 */
export const ONE_PAGE_DOCUMENTS: readonly ProceduralDocument[] = ['RECEIPT', 'CORRECTION_NOTICE'];

export const isProceduralDocument = (kind: string): kind is ProceduralDocument => (PROCEDURAL_DOCUMENTS as readonly string[]).includes(kind);

/** Who a procedural document is addressed to; the 主送 line follows from it. */
export type Addressee = 'APPLICANT' | 'THIRD_PARTY' | 'CO_PRODUCER';
