import { Injectable } from '@nestjs/common';
import { ReadDatabase } from '../../database/read-database.js';
import { tsqueryAllLiteral } from '../../common/text/search-text.js';
import { CLOSING_EVENT_TYPES_SQL } from '../cases/workflow/case-event.js';

export interface SearchFilter {
  /** null = every agency (an auditor without an agency). */
  agencyIds: string[] | null;
  receivedFrom: string | null;
  receivedTo: string | null;
  closedFrom: string | null;
  closedTo: string | null;
  channel: string | null;
  status: string | null;
  replyType: string | null;
  overdue: boolean | null;
  legalReview: boolean | null;
  remedy: boolean | null;
  /** jieba words of the full-text query (queryTokens); every one must be among the request's words. */
  tokens: string[];
  applicantKey: string | null;
  /** The applicant's name exactly as registered (NFC, trimmed). */
  applicantName?: string | null;
}

export interface SearchRow {
  id: string;
  trackingNumber: string;
  agencyId: string;
  channel: string;
  status: string;
  receiptDate: string | null;
  closedOn: string | null;
  replyType: string | null;
  overdue: boolean;
  legalReview: boolean;
  remedy: boolean;
  requestDescription: string;
}

const CLOSING = CLOSING_EVENT_TYPES_SQL;

/** The day a case was closed and the reply type drafted last, from its events (for the case aliased c). */
const CLOSING_FACTS = `(
  SELECT (SELECT MAX(e.effective_date) FROM case_event e WHERE e.case_id = c.id AND e.type IN ${CLOSING}) AS closed_on,
         (SELECT e.payload->>'replyType' FROM case_event e WHERE e.case_id = c.id AND e.type = 'START_DRAFT' ORDER BY e.seq DESC LIMIT 1) AS reply_type
)`;

/** The archive search's one query: filters over the case row and what its events, referrals and remedies say. */
@Injectable()
export class ArchiveSearchRepository {
  // The read replica when one is configured (DATABASE_READ_URL): the search scans, and may lag a few seconds.
  constructor(private readonly reads: ReadDatabase) {}

  async search(f: SearchFilter, after: string | null, limit: number): Promise<SearchRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (f.agencyIds) where.push(`c.agency_id = ANY(${p(f.agencyIds)}::uuid[])`);
    if (f.receivedFrom) where.push(`c.receipt_date >= ${p(f.receivedFrom)}::date`);
    if (f.receivedTo) where.push(`c.receipt_date <= ${p(f.receivedTo)}::date`);
    if (f.closedFrom) where.push(`x.closed_on >= ${p(f.closedFrom)}::date`);
    if (f.closedTo) where.push(`x.closed_on <= ${p(f.closedTo)}::date`);
    if (f.channel) where.push(`c.channel = ${p(f.channel)}`);
    if (f.status) where.push(`c.status = ${p(f.status)}`);
    if (f.replyType) where.push(`x.reply_type = ${p(f.replyType)}`);
    if (f.overdue !== null) where.push(`c.overdue = ${p(f.overdue)}`);
    if (f.legalReview !== null) where.push(`${f.legalReview ? '' : 'NOT '}EXISTS (SELECT 1 FROM legal_referral r WHERE r.case_id = c.id)`);
    if (f.remedy !== null) where.push(`${f.remedy ? '' : 'NOT '}EXISTS (SELECT 1 FROM remedy_proceeding m WHERE m.case_id = c.id)`);
    // Every word of the query among the request's words (GIN over the stored jieba words; literals, never parsed).
    if (f.tokens.length > 0) where.push(`c.search_vector @@ ${p(tsqueryAllLiteral(f.tokens))}::tsquery`);
    if (f.applicantKey) where.push(`c.applicant_key = ${p(f.applicantKey)}`);
    if (f.applicantName) where.push(`c.applicant_name = ${p(f.applicantName)}`);
    if (after) where.push(`c.id > ${p(after)}::uuid`);
    // The page is chosen first, over the case row alone (and the closing facts only when a filter needs them); the
    // closing facts and the referral and remedy marks are then read for its rows only, not for every matching case.
    const needsClosingFacts = Boolean(f.closedFrom || f.closedTo || f.replyType);
    const sql = `SELECT c.id, c.tracking_number, c.agency_id, c.channel, c.status, c.receipt_date, c.overdue, c.request_description,
              x.closed_on, x.reply_type,
              EXISTS (SELECT 1 FROM legal_referral r WHERE r.case_id = c.id) AS legal_review,
              EXISTS (SELECT 1 FROM remedy_proceeding m WHERE m.case_id = c.id) AS remedy
         FROM (
           SELECT c.id, c.tracking_number, c.agency_id, c.channel, c.status, c.receipt_date, c.overdue, c.request_description
             FROM case_file c
             ${needsClosingFacts ? `CROSS JOIN LATERAL ${CLOSING_FACTS} x` : ''}
            ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
            ORDER BY c.id
            LIMIT ${p(limit)}
         ) c
         CROSS JOIN LATERAL ${CLOSING_FACTS} x
        ORDER BY c.id`;
    const rows: Record<string, unknown>[] = await this.reads.query(sql, params);
    return rows.map((r) => ({
      id: r.id as string,
      trackingNumber: r.tracking_number as string,
      agencyId: r.agency_id as string,
      channel: r.channel as string,
      status: r.status as string,
      receiptDate: r.receipt_date as string | null,
      closedOn: r.closed_on as string | null,
      replyType: r.reply_type as string | null,
      overdue: r.overdue as boolean,
      legalReview: r.legal_review as boolean,
      remedy: r.remedy as boolean,
      requestDescription: r.request_description as string,
    }));
  }
}
