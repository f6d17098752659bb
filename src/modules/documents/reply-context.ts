import type { AgencyType } from '../agencies/agency-type.js';
import { formatChineseDate } from '../../common/text/chinese-format.js';

/**
 * Everything about a case that a document needs, passed in by the case workflow as plain data (the documents
 * module reads no case tables). All dates are YYYY-MM-DD in Asia/Shanghai.
 */
export interface ReplyContext {
  agency: {
    id: string;
    /** Full name; signs the document (发文机关署名) and heads it (发文机关标志). */
    name: string;
    type: AgencyType;
    /** 发文机关代字, e.g. 示县自然资公开 (AgencyEntity.documentPrefix). */
    documentPrefix: string;
    /** Agency setting `documentNumberPattern` (resolveAgencySettings(agency.settings)). */
    documentNumberPattern: string;
    /** 行政复议机关 and 管辖法院 named in the remedy clause (AgencyEntity). */
    reconsiderationBody: string;
    competentCourt: string;
    /** Printed at the foot of receipts and notices when present. */
    address?: string | null;
    phone?: string | null;
    /** Print the red agency name (发文机关标志) at the top. Default true. */
    letterhead?: boolean;
  };
  case: {
    id: string;
    trackingNumber: string;
    /** 收到申请之日 (条例第三十一条). */
    receiptDate: string;
    /** The applicant's description of the information (其他特征性描述): kept in the case file, not quoted. */
    requestDescription: string;
    /** 信息名称 and 文号 exactly as the applicant gave them; quoted in documents (条例第二十九条第二款第（二）项). */
    requestTitle?: string | null;
    requestDocumentNumber?: string | null;
  };
  applicant: {
    /** Natural person's name or organisation's name: the 主送 line of applicant-facing documents. */
    name: string;
  };
  /** Correction, consultation, extension … with their dates, in date order; told in the reply (条例第三十三条: the periods it excludes or adds). */
  history: HandlingStep[];
  /** How the document will be delivered; printed as a note (附注). Null when not yet known. */
  deliveryMethod: DeliveryMethod | null;
  /** 成文日期: the signing date printed on the document and the issue date of its number's year. */
  issuedOn: string;
}

export const DELIVERY_METHODS = ['EMAIL', 'POST', 'PICKUP', 'ONLINE'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  EMAIL: '电子邮件',
  POST: '邮寄',
  PICKUP: '当面领取',
  ONLINE: '网上申请平台',
};

/** One step of the handling history. `party` names a consulted third party or agency; `workdays` an extension. */
export type HandlingStep =
  | { kind: 'CORRECTION_REQUESTED'; date: string }
  | { kind: 'CORRECTION_RECEIVED'; date: string }
  | { kind: 'REASONS_REQUESTED'; date: string }
  | { kind: 'REASONS_RECEIVED'; date: string }
  | { kind: 'CONSULTATION_SENT'; date: string; party: 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY'; partyName?: string | null }
  | { kind: 'CONSULTATION_ANSWERED'; date: string; party: 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY'; partyName?: string | null }
  | { kind: 'CONSULTATION_LAPSED'; date: string; party: 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY'; partyName?: string | null }
  | { kind: 'FEE_NOTICE_SENT'; date: string }
  | { kind: 'FEE_PAID'; date: string }
  | { kind: 'EXTENSION_APPROVED'; date: string; workdays: number }
  | { kind: 'DEFERRED'; date: string; until: string };

/**
 * What the documents quote as the information requested: its name (信息名称) and the 文号 when the applicant gave
 * one, as written. A short-form registration has no name; its description stands in for it.
 */
export function requestedInformation(c: Pick<ReplyContext['case'], 'requestTitle' | 'requestDocumentNumber' | 'requestDescription'>): string {
  const title = c.requestTitle?.trim();
  const number = c.requestDocumentNumber?.trim();
  if (!title) return number ? `${c.requestDescription}（文号：${number}）` : c.requestDescription;
  return number ? `${title}（文号：${number}）` : title;
}

const partyText = (party: 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY', name?: string | null): string =>
  name ? name : party === 'THIRD_PARTY' ? '第三方' : '共同制作机关';

/**
 * The handling history as the reply tells it: one sentence per step, dates in Chinese form. Consultation time is
 * said not to count (条例第三十三条第三款); an extension says it was approved by the office head (第三十三条第二款).
 */
export function describeHistory(steps: readonly HandlingStep[]): string {
  const sentences = [...steps]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((step) => {
      const on = formatChineseDate(step.date);
      switch (step.kind) {
        case 'CORRECTION_REQUESTED':
          return `本机关于${on}向您发出补正告知`;
        case 'CORRECTION_RECEIVED':
          return `本机关于${on}收到您补正后的申请`;
        case 'REASONS_REQUESTED':
          return `本机关于${on}要求您说明理由`;
        case 'REASONS_RECEIVED':
          return `本机关于${on}收到您的理由说明`;
        case 'CONSULTATION_SENT':
          return `本机关于${on}书面征求${partyText(step.party, step.partyName)}意见，征求意见所需时间不计算在答复期限内`;
        case 'CONSULTATION_ANSWERED':
          return `本机关于${on}收到${partyText(step.party, step.partyName)}的意见`;
        case 'CONSULTATION_LAPSED':
          return `${partyText(step.party, step.partyName)}在规定期限内未提出意见（${on}届满）`;
        case 'FEE_NOTICE_SENT':
          return `本机关于${on}向您发出收费通知`;
        case 'FEE_PAID':
          return `您于${on}缴纳了信息处理费`;
        case 'EXTENSION_APPROVED':
          return `经本机关政府信息公开工作机构负责人同意，本机关于${on}告知您答复期限延长${step.workdays}个工作日`;
        case 'DEFERRED':
          return `本机关于${on}告知您延迟至${formatChineseDate(step.until)}前答复`;
      }
    });
  return sentences.length ? `${sentences.join('；')}。` : '';
}

/** A case event as the case module stores it; only what the history needs. */
export interface HistoryEvent {
  type: string;
  effectiveDate: string;
  payload?: Record<string, unknown> | null;
}

const partyOf = (payload: Record<string, unknown>): 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY' =>
  payload['party'] === 'CO_PRODUCING_AGENCY' ? 'CO_PRODUCING_AGENCY' : 'THIRD_PARTY';

/**
 * Builds the handling history from the case's event log (types of case-event.ts). Consultation answers are matched
 * to their letter by `consultationId` to name the party.
 */
export function historyFromEvents(events: readonly HistoryEvent[]): HandlingStep[] {
  const consultations = new Map<string, { party: 'THIRD_PARTY' | 'CO_PRODUCING_AGENCY'; partyName: string | null }>();
  const steps: HandlingStep[] = [];
  /** Whether the last REQUEST_CORRECTION asked for reasons (条例第三十五条) rather than a correction. */
  let reasons = false;
  for (const e of events) {
    const p = e.payload ?? {};
    const date = e.effectiveDate;
    switch (e.type) {
      case 'REQUEST_CORRECTION':
        reasons = p['purpose'] === 'REASONS';
        steps.push({ kind: reasons ? 'REASONS_REQUESTED' : 'CORRECTION_REQUESTED', date });
        break;
      case 'RECEIVE_CORRECTION':
        steps.push({ kind: reasons ? 'REASONS_RECEIVED' : 'CORRECTION_RECEIVED', date });
        break;
      case 'CONSULT_THIRD_PARTY': {
        const party = partyOf(p);
        const partyName = typeof p['partyName'] === 'string' ? p['partyName'] : null;
        if (typeof p['consultationId'] === 'string') consultations.set(p['consultationId'], { party, partyName });
        steps.push({ kind: 'CONSULTATION_SENT', date, party, partyName });
        break;
      }
      case 'RECEIVE_THIRD_PARTY_OPINION':
      case 'THIRD_PARTY_LAPSED': {
        const known = typeof p['consultationId'] === 'string' ? consultations.get(p['consultationId']) : undefined;
        const kind = e.type === 'THIRD_PARTY_LAPSED' ? 'CONSULTATION_LAPSED' : 'CONSULTATION_ANSWERED';
        steps.push({ kind, date, party: known?.party ?? 'THIRD_PARTY', partyName: known?.partyName ?? null });
        break;
      }
      case 'SEND_FEE_NOTICE':
        steps.push({ kind: 'FEE_NOTICE_SENT', date });
        break;
      case 'RECEIVE_FEE_PAYMENT':
        steps.push({ kind: 'FEE_PAID', date });
        break;
      case 'APPROVE_EXTENSION':
        steps.push({ kind: 'EXTENSION_APPROVED', date, workdays: typeof p['workdays'] === 'number' ? p['workdays'] : 20 });
        break;
      case 'DEFER':
        if (typeof p['until'] === 'string') steps.push({ kind: 'DEFERRED', date, until: p['until'] });
        break;
    }
  }
  return steps;
}
