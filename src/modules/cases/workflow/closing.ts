import type { CaseEventType } from './case-event.js';
import type { CloseReason } from './case-status.js';
import { annualReportRowOf, REPLY_TYPES, type AnnualReportRow, type ReplyType } from '../../letters/reply-types.js';

/**
 * How a case ended, as counted in 表三 part 三: the reply type actually delivered, or the closing event
 * (withdrawal, a lapse of the correction or fee period, a manual close). Stored on the case row when the
 * case leaves the open statuses, so the annual report is one aggregate over indexed columns.
 */
export type ClosingType = ReplyType | `CLOSED_${CloseReason}`;

export interface ClosingFacts {
  readonly closedOn: string | null;
  readonly closingType: string | null;
}

/**
 * The closing facts an event writes on the case row. `wasOpen`/`isOpen` are the statuses before and after it;
 * only the transition open → concluded fixes them (archiving a delivered case changes nothing), and a case that
 * is open again has none. Returns undefined when the row keeps what it has.
 */
export function closingFactsOf(
  wasOpen: boolean,
  isOpen: boolean,
  eventType: CaseEventType,
  effectiveDate: string,
  context: { readonly draftReplyType: string | null; readonly closeReason: CloseReason | null },
): ClosingFacts | undefined {
  if (isOpen) return wasOpen ? undefined : { closedOn: null, closingType: null };
  if (!wasOpen) return undefined;
  return { closedOn: effectiveDate, closingType: closingTypeOf(eventType, context) };
}

function closingTypeOf(eventType: CaseEventType, context: { readonly draftReplyType: string | null; readonly closeReason: CloseReason | null }): string | null {
  switch (eventType) {
    case 'DELIVER_REPLY':
      // The reply type of the reply delivered; null (reported as a failing check) if none was drafted.
      return context.draftReplyType;
    case 'WITHDRAW':
      return 'WITHDRAWN';
    // 条例第三十条: no correction in time = the application is abandoned.
    case 'CORRECTION_LAPSED':
      return 'ABANDONED_NO_CORRECTION';
    // 国办函〔2020〕109号: the fee notice lapsed unpaid.
    case 'FEE_LAPSED':
      return 'ABANDONED_NO_FEE';
    case 'CLOSE':
      return context.closeReason ? `CLOSED_${context.closeReason}` : null;
    default:
      return null;
  }
}

/**
 * The one mapping from how a case ended to its 表三 row. Reply types take the row of the reply-type table
 * (reply-types.ts, with its reasons); a manual close (not an application, transferred, other) is 三(六)3 其他:
 * the office ended the case without a reply of any listed kind. Unknown or missing → null (a failing check).
 */
export function reportRowOfClosing(closingType: string | null): AnnualReportRow | null {
  if (closingType === null) return null;
  if ((REPLY_TYPES as readonly string[]).includes(closingType)) return annualReportRowOf(closingType as ReplyType);
  if (closingType.startsWith('CLOSED_')) return '三(六)3';
  return null;
}
