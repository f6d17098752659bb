import type { CaseSideEffect } from '../workflow/case.machine.js';

/**
 * What a side effect does while a historical case is imported (an office adopting Gongkai brings in its earlier
 * cases, whose acts happened long ago and outside it):
 * - `skip`: nothing. No mail, no notice in anyone's inbox, no new numbered document — the act was done, and
 *   documented, at the time;
 * - `record-only`: the handler does not run; the facts of the original act given in the import record (the reply's
 *   original 文号 and PDF, the way it was delivered) are written into the event instead;
 * - `run`: the live handler runs unchanged, because it only records facts inside the transaction (it sends nothing
 *   and numbers nothing) and other parts of the application read them (表四 reads the remedy proceedings).
 * Typed as a Record over every side effect the statechart names, so a new effect does not compile until it has its
 * decision here (case-effects.registry.spec.ts checks the same at run time).
 */
export type ImportModeDecision = 'skip' | 'record-only' | 'run';

export const IMPORT_MODE_EFFECTS: Readonly<Record<CaseSideEffect, ImportModeDecision>> = {
  // The append step of the pipeline: the imported event joins the hash chain like any other.
  recordEvent: 'run',
  // 接收回执 (条例第三十一条) was issued at the time, on paper or by the old system: no new 文号.
  issueReceipt: 'skip',
  // The imported reply is its original document; its blanks are not typed in again, so there is nothing to check.
  checkDraft: 'skip',
  // Procedural documents (条例第三十条、第三十二条至第三十五条, 109号) were issued at the time: no new 文号.
  issueDisclosureDecision: 'skip',
  issueCorrectionNotice: 'skip',
  issueConsultationLetter: 'skip',
  issueExclusionNotice: 'skip',
  issueFeeNotice: 'skip',
  issueExtensionNotice: 'skip',
  issueDeferralNotice: 'skip',
  issueClosureNotice: 'skip',
  // The reply keeps its original 文号 (and PDF, when the record carries it), recorded on APPROVE_REPLY.
  issueReply: 'record-only',
  // The reply reached the applicant at the time: the method (and waybill) are recorded, nothing is sent.
  deliverReply: 'record-only',
  // A proof of delivery refers to a document issued in Gongkai; imported replies have none.
  recordDeliveryProof: 'skip',
  // 行政复议法、行政诉讼法: the proceeding row is what 表四 counts; writing it sends nothing.
  recordRemedy: 'run',
  // Nobody is told of history: not the applicant, not the staff.
  notifyApplicant: 'skip',
  notifyAssignee: 'skip',
  notifyApprover: 'skip',
  notifyOfficeHead: 'skip',
  notifyLegalAdvisors: 'skip',
  // Sealing records the retention period on the ARCHIVE event; it sends nothing.
  archiveEvidence: 'run',
};

/** The side effects of a transition whose handlers run during an import. */
export function importModeActions(actions: readonly CaseSideEffect[]): CaseSideEffect[] {
  return actions.filter((a) => IMPORT_MODE_EFFECTS[a] === 'run');
}
