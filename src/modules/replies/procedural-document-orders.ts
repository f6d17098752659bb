import type { CaseSideEffect } from '../cases/workflow/case.machine.js';
import type { CaseClock } from '../deadlines/domain/index.js';
import type { ClosureReason } from '../letters/procedural-blanks.js';
import type { ProceduralDocument } from '../letters/procedural-documents.js';
import { PROCEDURAL_DOCUMENT_LABELS } from '../letters/procedural-documents.js';
import { chineseNumeral } from '../../common/text/chinese-format.js';

/** A case event as the effects see it: type, date and (command plus recorded) payload. */
export interface OrderEvent {
  type: string;
  effectiveDate: string;
  payload: Record<string, unknown>;
}

export interface OrderFacts {
  event: OrderEvent;
  /** The statechart's side effects of the transition (issueCorrectionNotice …). */
  actions: readonly string[];
  /** The clock with the event applied. */
  clockAfter: Pick<CaseClock, 'dueDate' | 'correctionWindowEnds' | 'feeDeadline'> | null;
  /** 15 working days after the event (条例第三十二条、第三十四条); needed when a consultation letter goes out. */
  consultationDeadline: string | null;
  /** The case's events before this one (to name the notice a lapse follows). */
  priorEvents: readonly OrderEvent[];
  agencyAddress: string | null;
}

/** A procedural document to issue, with its blanks and, for a 422, the command field each blank came from. */
export interface DocumentOrder {
  kind: ProceduralDocument;
  blanks: Record<string, unknown>;
  sources: Readonly<Record<string, string>>;
}

/** The statechart's side effects (case.machine CASE_SIDE_EFFECTS) that issue a procedural document. */
export const DOCUMENT_EFFECTS = [
  'issueCorrectionNotice',
  'issueExtensionNotice',
  'issueConsultationLetter',
  'issueExclusionNotice',
  'issueFeeNotice',
  'issueDeferralNotice',
  'issueClosureNotice',
] as const satisfies readonly CaseSideEffect[];

export const DOCUMENT_ACTIONS: ReadonlySet<string> = new Set(DOCUMENT_EFFECTS);

/** What the closure notice tells for each manual close reason (case-status MANUAL_CLOSE_REASONS). */
const MANUAL_CLOSE_EXPLANATIONS: Record<string, string> = {
  NOT_AN_APPLICATION: '经审查，您提交的材料不属于政府信息公开申请。',
  TRANSFERRED: '经审查，您提出的事项已转由有关机关依法处理。',
  OTHER: '经审查，本机关不再继续办理该申请。',
};

const FEE_CALCULATION: Record<string, string> = {
  // 国办函〔2020〕109号: by the applicant's monthly count of applications, or by the pages of one application.
  PER_PIECE: '按同一申请人一个自然月内累计申请的件数分档计算',
  PER_PAGE: '按同一申请所需提供政府信息的页数分档计算',
};

/**
 * The procedural documents a case event calls for (条例第三十条、第三十二条至第三十五条、第四十二条), one per side
 * effect the statechart names, with
 * their blanks filled from the command, the clock and the case's history. The officer gives what only they know
 * (correction items, grounds, the party's name, the fee); the deadlines are the clock's, never typed in.
 */
export function proceduralDocumentOrders(facts: OrderFacts): DocumentOrder[] {
  const { event, clockAfter } = facts;
  const p = event.payload;
  const orders: DocumentOrder[] = [];
  for (const action of facts.actions) {
    switch (action) {
      case 'issueCorrectionNotice':
        orders.push(
          p.purpose === 'REASONS'
            ? // 条例第三十五条: too many or too frequent requests; the applicant is asked for reasons, on the correction's terms.
              {
                kind: 'REASONS_REQUEST',
                blanks: { volumeDescription: clause(p.volumeDescription), reasonsDeadline: clockDate(clockAfter?.correctionWindowEnds, 'correctionWindowEnds'), supplement: p.items ? correctionItems(p.items) : '' },
                sources: { volumeDescription: 'volumeDescription', supplement: 'items' },
              }
            : // 条例第三十条: what to correct, all at once, and a reasonable deadline (the agency's setting).
              {
                kind: 'CORRECTION_NOTICE',
                blanks: { correctionItems: correctionItems(p.items), correctionDeadline: clockDate(clockAfter?.correctionWindowEnds, 'correctionWindowEnds') },
                sources: { correctionItems: 'items' },
              },
        );
        break;
      case 'issueExtensionNotice':
        // 条例第三十三条第二款: the applicant is told the extension and the new date.
        orders.push({
          kind: 'EXTENSION_NOTICE',
          blanks: { extensionWorkdays: p.workdays, newDueDate: clockDate(clockAfter?.dueDate, 'dueDate'), grounds: clause(p.grounds) },
          sources: { extensionWorkdays: 'workdays', grounds: 'grounds' },
        });
        break;
      case 'issueConsultationLetter': {
        const replyDeadline = clockDate(facts.consultationDeadline, 'consultationDeadline');
        orders.push(
          p.party === 'CO_PRODUCING_AGENCY'
            ? // 条例第三十四条: the information the agencies made together; the request itself is quoted above it.
              { kind: 'CO_PRODUCER_CONSULTATION', blanks: { coProducerName: p.partyName, informationDescription: '政府信息', replyDeadline }, sources: { coProducerName: 'partyName' } }
            : // 条例第三十二条: the letter says what concerns the third party without disclosing it.
              { kind: 'THIRD_PARTY_CONSULTATION', blanks: { thirdPartyName: p.partyName, informationDescription: '与您（单位）有关的信息', replyDeadline }, sources: { thirdPartyName: 'partyName' } },
        );
        break;
      }
      case 'issueExclusionNotice':
        // 条例第三十三条第三款: the applicant learns that the consultation time does not count.
        orders.push({ kind: 'EXCLUSION_NOTICE', blanks: { consultedParty: p.party, consultationSentOn: event.effectiveDate }, sources: { consultedParty: 'party' } });
        break;
      case 'issueFeeNotice': {
        const amount = p.amountYuan;
        // 国办函〔2020〕109号: the computed calculation, and an officer's different amount with its reason.
        const computed = (p.calculation as { text?: string } | undefined)?.text;
        const override = p.override as { amountYuan: number; reason: string } | undefined;
        const calculation = computed
          ? `${computed}${override ? `经审核改定为${override.amountYuan}元，理由：${override.reason.replace(/[。；，\s]+$/u, '')}。` : ''}`
          : `${FEE_CALCULATION[String(p.basis)] ?? '按规定标准计算'}，应缴信息处理费人民币${String(amount)}元。`;
        orders.push({
          kind: 'FEE_NOTICE',
          blanks: {
            feeMethod: p.basis,
            calculation,
            feeAmount: amount,
            paymentMethod: `持本通知书到本机关政府信息公开工作机构${facts.agencyAddress ? `（${facts.agencyAddress}）` : ''}办理缴费手续`,
            paymentDeadline: clockDate(clockAfter?.feeDeadline, 'feeDeadline'),
          },
          sources: { feeMethod: 'basis', feeAmount: 'amountYuan' },
        });
        break;
      }
      case 'issueDeferralNotice':
        // 条例第三十五条: the reasonable later date and why.
        orders.push({ kind: 'DEFERRAL_NOTICE', blanks: { deferredUntil: p.until, grounds: sentence(p.grounds) }, sources: { deferredUntil: 'until', grounds: 'grounds' } });
        break;
      case 'issueClosureNotice':
        orders.push(closureOrder(facts));
        break;
    }
  }
  if (event.type === 'RECEIVE_THIRD_PARTY_OPINION' && p.disclosureDecision === 'DISCLOSE_IN_PUBLIC_INTEREST') {
    // 条例第三十二条: disclosed over the third party's objection, the party is told what and why in writing.
    orders.push({
      kind: 'THIRD_PARTY_DISCLOSURE_NOTICE',
      blanks: { thirdPartyName: consultationOf(facts.priorEvents, p.consultationId)?.partyName, informationDescription: clause(p.disclosedInformation), disclosureReasons: sentence(p.disclosureReasons) },
      sources: { thirdPartyName: 'consultationId', informationDescription: 'disclosedInformation', disclosureReasons: 'disclosureReasons' },
    });
  }
  return orders;
}

/** The consultation letter an answer refers to (by consultationId). */
export function consultationOf(events: readonly OrderEvent[], consultationId: unknown): { party: unknown; partyName: unknown } | null {
  const sent = events.find((e) => e.type === 'CONSULT_THIRD_PARTY' && e.payload.consultationId === consultationId);
  return sent ? { party: sent.payload.party, partyName: sent.payload.partyName } : null;
}

function closureOrder({ event, priorEvents }: OrderFacts): DocumentOrder {
  const sources = { explanation: 'note' };
  const note = typeof event.payload.note === 'string' && event.payload.note.trim() ? sentence(event.payload.note) : '';
  switch (event.type) {
    case 'CORRECTION_LAPSED': {
      const request = [...priorEvents].reverse().find((e) => e.type === 'REQUEST_CORRECTION');
      if (request?.payload.purpose === 'REASONS') {
        // 条例第三十五条: no reasons given = none that could be found reasonable; the application is not processed.
        const notice = noticeNamed(priorEvents, 'REQUEST_CORRECTION', 'REASONS_REQUEST');
        return { kind: 'CLOSURE_NOTICE', blanks: { closeReason: 'NO_REASONS', explanation: `您在${notice}期限内未说明理由。${note}` }, sources };
      }
      // 条例第三十条: no correction in time and no good reason = the application is abandoned.
      const notice = noticeNamed(priorEvents, 'REQUEST_CORRECTION', 'CORRECTION_NOTICE');
      return { kind: 'CLOSURE_NOTICE', blanks: { closeReason: 'ABANDONED_NO_CORRECTION', explanation: `您在${notice}补正期限内未补正，也未说明正当理由。${note}` }, sources };
    }
    case 'FEE_LAPSED': {
      // 国办函〔2020〕109号: not paid within the payment period = the application is abandoned.
      const notice = noticeNamed(priorEvents, 'SEND_FEE_NOTICE', 'FEE_NOTICE');
      return { kind: 'CLOSURE_NOTICE', blanks: { closeReason: 'ABANDONED_NO_FEE', explanation: `您在${notice}缴费期限内未缴纳信息处理费。${note}` }, sources };
    }
    default: {
      const reason: ClosureReason = 'OTHER';
      const given = MANUAL_CLOSE_EXPLANATIONS[String(event.payload.closeReason)] ?? MANUAL_CLOSE_EXPLANATIONS.OTHER;
      return { kind: 'CLOSURE_NOTICE', blanks: { closeReason: reason, explanation: `${given}${note}` }, sources };
    }
  }
}

/**
 * "《…补正告知书》（…告〔2026〕1号）规定的", from the event that issued it; the notice's date is already told by
 * the handling history above. Empty for a notice issued before documents were recorded on events.
 */
function noticeNamed(events: readonly OrderEvent[], type: string, kind: ProceduralDocument): string {
  const sentBy = [...events].reverse().find((e) => e.type === type);
  const documents = Array.isArray(sentBy?.payload.documents) ? (sentBy.payload.documents as { kind?: unknown; documentNumber?: unknown }[]) : [];
  const number = documents.find((d) => d.kind === kind)?.documentNumber;
  return typeof number === 'string' ? `《${PROCEDURAL_DOCUMENT_LABELS[kind]}》（${number}）规定的` : '';
}

/** One item as is; several as （一）…；（二）…。 */
export function correctionItems(items: unknown): unknown {
  if (!Array.isArray(items)) return items;
  const texts = items.map((t) => String(t).trim()).filter((t) => t);
  if (texts.length <= 1) return texts[0] ?? '';
  return `${texts.map((t, i) => `（${chineseNumeral(i + 1)}）${t.replace(/[。；;，,]+$/u, '')}`).join('；')}。`;
}

/** Text that continues a sentence ("因{{grounds}}，本机关…"): no closing punctuation of its own. */
function clause(text: unknown): unknown {
  return typeof text === 'string' ? text.trim().replace(/[。；;，,！!？?.]+$/u, '') : text;
}

/** Text that stands as its own sentence: closed with 。 unless already closed. */
function sentence(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  const t = text.trim();
  return /[。！？!?]$/u.test(t) ? t : `${clause(t) as string}。`;
}

function clockDate(value: string | null | undefined, name: string): string {
  // The statechart and the clock agree on when these exist; a missing one is a bug, not the officer's error.
  if (!value) throw new Error(`the case clock gives no ${name} for a document that needs it`);
  return value;
}
