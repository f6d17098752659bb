import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The fields of an event that its hash covers (everything but its own id and hash). */
export interface ChainedEventFields {
  caseId: string;
  seq: number;
  type: string;
  effectiveDate: string;
  recordedAt: string;
  actorId: string | null;
  actorRole: string;
  payload: Record<string, unknown>;
  reason: string | null;
  backDated: boolean;
  prevHash: string | null;
}

export interface ChainedEvent extends ChainedEventFields {
  id: string;
  hash: string;
}

/** SHA-256 over the RFC 8785 canonical JSON of the event, so anyone can recompute it offline. */
export function hashEvent(fields: ChainedEventFields): string {
  return createHash('sha256').update(canonicalEventText(fields), 'utf8').digest('hex');
}

/** The text hashEvent hashes: the RFC 8785 canonical JSON of the fields the hash covers. */
export function canonicalEventText(fields: ChainedEventFields): string {
  return canonicalJson({
    caseId: fields.caseId,
    seq: fields.seq,
    type: fields.type,
    effectiveDate: fields.effectiveDate,
    recordedAt: fields.recordedAt,
    actorId: fields.actorId,
    actorRole: fields.actorRole,
    payload: fields.payload,
    reason: fields.reason,
    backDated: fields.backDated,
    prevHash: fields.prevHash,
  });
}

export type ChainProblem = 'HASH_MISMATCH' | 'BROKEN_LINK' | 'SEQUENCE_GAP' | 'HEAD_MISMATCH';

export interface ChainVerification {
  ok: boolean;
  checked: number;
  lastHash: string | null;
  problems: { seq: number; eventId: string; problem: ChainProblem }[];
}

/** Recomputes every hash and link, in sequence order; names each event that no longer fits. */
export function verifyEventChain(events: readonly ChainedEvent[], expectedLastHash?: string | null): ChainVerification {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const problems: ChainVerification['problems'] = [];
  let prev: string | null = null;
  sorted.forEach((event, i) => {
    if (event.seq !== i + 1) problems.push({ seq: event.seq, eventId: event.id, problem: 'SEQUENCE_GAP' });
    if (event.prevHash !== prev) problems.push({ seq: event.seq, eventId: event.id, problem: 'BROKEN_LINK' });
    if (hashEvent(event) !== event.hash) problems.push({ seq: event.seq, eventId: event.id, problem: 'HASH_MISMATCH' });
    prev = event.hash;
  });
  // The case row keeps the head hash: truncating the log (deleting the last events) is detected too.
  if (expectedLastHash !== undefined && prev !== expectedLastHash) {
    const last = sorted.at(-1);
    problems.push({ seq: last?.seq ?? 0, eventId: last?.id ?? '', problem: 'HEAD_MISMATCH' });
  }
  return { ok: problems.length === 0, checked: sorted.length, lastHash: prev, problems };
}

/** Who records an event: a user, or the system (scheduler, calendar change, automatic confirmation). */
export interface EventAuthor {
  id: string | null;
  role: string;
}

/** An event to append to a case's log, before it is chained. */
export interface NewChainedEvent {
  type: string;
  effectiveDate: string;
  payload: Record<string, unknown>;
  reason: string | null;
  backDated: boolean;
}

/** The next event of a case's log, hashed onto the one before it (`recordedAt` is the server's clock). */
export function chainedEvent(
  caseId: string,
  previous: { seq: number; hash: string } | undefined,
  author: EventAuthor,
  e: NewChainedEvent,
  recordedAt: string,
): ChainedEventFields & { hash: string } {
  const fields: ChainedEventFields = {
    caseId,
    seq: (previous?.seq ?? 0) + 1,
    type: e.type,
    effectiveDate: e.effectiveDate,
    recordedAt,
    actorId: author.id,
    actorRole: author.role,
    payload: e.payload,
    reason: e.reason,
    backDated: e.backDated,
    prevHash: previous?.hash ?? null,
  };
  return { ...fields, hash: hashEvent(fields) };
}
