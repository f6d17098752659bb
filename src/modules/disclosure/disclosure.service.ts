import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { type PairMatch } from './domain/cluster.js';
import { blockKeys, type Fingerprint, fingerprint, lookupKeys } from './domain/fingerprint.js';
import { compare, MATCH_THRESHOLD, matchScore, slotVeto } from './domain/match.js';
import type { RequestSlots } from './domain/slots.js';
import { type CandidateRow, DisclosureDetectionRepository } from './disclosure-detection.repository.js';
import { type CaseRequestRow, DisclosureRepository } from './disclosure.repository.js';
import type { RequestFingerprintEntity } from './request-fingerprint.entity.js';

/** Bumped when the fingerprint or the matcher changes: a backfill then recomputes every request. */
export const ALGORITHM_VERSION = 1;

/** Matches kept on a request for the officer (best first). */
const MAX_MATCHES_KEPT = 10;

/** Block keys carry the agency so one agency's keys never collide with another's in the shared GIN index. */
export const agencyKeys = (agencyId: string, keys: readonly string[]): string[] => keys.map((k) => `${agencyId.slice(0, 8)}:${k}`);

export interface BackfillResult {
  queued: number;
  processed: number;
  clusters: number;
}

/** What one detection transaction keeps between its requests: agencies locked, members' key sets per cluster read. */
interface BatchState {
  locked: Set<string>;
  /** Per cluster, the distinct hard keys of its members (clusterSlotSets), with those of requests joining it since. */
  memberSlots: Map<string, RequestSlots[]>;
  /** Whether the agency has any published information (most have none: no lookup per request then). */
  published?: Map<string, boolean>;
  /**
   * A batch reads every request's candidates in one round trip before detecting any, and writes every fingerprint
   * in one statement after: so the requests detected earlier in the batch are matched here, in memory, and the
   * cluster a row joined within the batch overrides what was read.
   */
  prefetched?: Map<string, CandidateRow[]>;
  pending?: Map<string, { row: Omit<RequestFingerprintEntity, 'computedAt'>; keys: Set<string> }>;
  clusterOf?: Map<string, string | null>;
}

/** Distinct applicants: the identity key, else the account, else the name as written. */
export function applicantKeyOf(c: Pick<CaseRequestRow, 'applicant_key' | 'applicant_user_id' | 'applicant_name'>): string {
  if (c.applicant_key) return c.applicant_key;
  if (c.applicant_user_id) return `user:${c.applicant_user_id}`;
  return `name:${c.applicant_name.normalize('NFKC').replace(/\s+/g, '')}`.slice(0, 120);
}

/**
 * Frequent-request detection (条例第四十四条第一款): each new request is fingerprinted and matched against the
 * agency's earlier requests after the intake transaction has committed (the queue row written with the case makes
 * it durable), and joins a cluster of requests for the same information. Officers see the clusters, merge, split
 * and remove members; their corrections are kept on later runs.
 */
@Injectable()
export class DisclosureService {
  private readonly logger = new Logger(DisclosureService.name);

  constructor(
    private readonly repo: DisclosureRepository,
    private readonly detection: DisclosureDetectionRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Detects up to `limit` queued requests (optionally of some agencies only), `batch` per transaction (one commit
   * and a few reads per batch, not per request); returns how many were processed.
   */
  async detectQueued(limit = 100, agencyIds?: readonly string[], batch = 200): Promise<number> {
    let processed = 0;
    let afterSeq = '0';
    while (processed < limit) {
      const n = await this.repo.transaction(async (em) => {
        const claimed = await this.detection.claimQueued(em, Math.min(batch, limit - processed), agencyIds, afterSeq);
        if (claimed.length === 0) return 0;
        afterSeq = claimed[claimed.length - 1].seq;
        const ids = claimed.map((q) => q.caseId);
        const rows = new Map((await this.detection.caseRequests(em, ids)).map((c) => [c.id, c]));
        const existing = new Map((await this.detection.findFingerprints(em, ids)).map((f) => [f.caseId, f]));
        const batchState: BatchState = { locked: new Set(), memberSlots: new Map(), pending: new Map(), clusterOf: new Map() };
        // Fingerprints first (CPU), then every request's candidates in one round trip.
        const fps = new Map<string, Fingerprint>();
        for (const id of ids) {
          const c = rows.get(id);
          if (c) fps.set(id, fingerprint({ title: c.request_title ?? '', description: c.request_description, docNumber: c.request_document_number }));
        }
        for (const agencyId of new Set([...rows.values()].map((c) => c.agency_id)).values()) {
          await this.detection.lockAgency(em, agencyId);
          batchState.locked.add(agencyId);
        }
        batchState.prefetched = await this.detection.candidatesBatch(
          em,
          [...fps].map(([id, fp]) => ({ caseId: id, agencyId: rows.get(id)!.agency_id, keys: agencyKeys(rows.get(id)!.agency_id, lookupKeys(fp)) })),
        );
        for (const id of ids) {
          const c = rows.get(id);
          if (c) await this.detectOne(em, id, { c, existing: existing.get(id) ?? null, batch: batchState, fp: fps.get(id), rows });
          // Matching one request against a large cluster is CPU work of tens of milliseconds; a batch of them in one
          // piece would hold every HTTP request of this process behind it. Requests waiting run in between.
          await setImmediatePromise();
        }
        await this.detection.upsertFingerprints(em, [...batchState.pending!.values()].map((p) => p.row));
        await this.detection.dequeueAll(em, ids);
        return ids.length;
      });
      if (n === 0) break;
      processed += n;
    }
    return processed;
  }

  /** Fingerprints one case and puts it into a cluster, in the caller's transaction. */
  async detectOne(em: EntityManager, caseId: string, pre?: { c: CaseRequestRow; existing: RequestFingerprintEntity | null; batch?: BatchState; fp?: Fingerprint; rows?: Map<string, CaseRequestRow> }): Promise<void> {
    const c = pre?.c ?? (await this.repo.caseRequest(em, caseId));
    if (!c) return;
    const batch: BatchState = pre?.batch ?? { locked: new Set<string>(), memberSlots: new Map() };
    if (!batch.locked.has(c.agency_id)) {
      await this.detection.lockAgency(em, c.agency_id);
      batch.locked.add(c.agency_id);
    }
    const existing = pre ? pre.existing : await this.detection.findFingerprint(em, caseId);
    const fp = pre?.fp ?? fingerprint({ title: c.request_title ?? '', description: c.request_description, docNumber: c.request_document_number });
    const applicantKey = applicantKeyOf(c);
    const excluded = new Set(existing?.excludedClusterIds ?? []);

    const lookup = agencyKeys(c.agency_id, lookupKeys(fp));
    const candidates = batch.prefetched?.get(caseId) ?? (await this.detection.candidates(em, c.agency_id, lookup, caseId));
    if (batch.pending) {
      // Rows written earlier in this batch: their new version replaces what was read; clusters joined since apply.
      const pendingOf = batch.pending;
      const clusterOf = batch.clusterOf!;
      for (let i = candidates.length - 1; i >= 0; i--) {
        const x = candidates[i];
        if (pendingOf.has(x.case_id)) candidates.splice(i, 1);
        else if (clusterOf.has(x.case_id)) candidates[i] = { ...x, cluster_id: clusterOf.get(x.case_id) ?? null };
      }
      for (const p of pendingOf.values()) {
        if (p.row.agencyId !== c.agency_id || p.row.caseId === caseId || !lookup.some((k) => p.keys.has(k))) continue;
        candidates.push({ case_id: p.row.caseId, applicant_key: p.row.applicantKey, fingerprint: p.row.fingerprint, cluster_id: p.row.clusterId, received_on: p.row.receivedOn });
      }
    }
    // Scored against every candidate; worded (compare's reasons) only where kept or quoted: the best MAX_MATCHES_KEPT
    // and the match a new cluster is labelled with. A request for much-asked information matches all 400.
    const scored: { other: CandidateRow; score: number }[] = [];
    for (const other of candidates) {
      const score = matchScore(fp, other.fingerprint);
      if (score === null || score < MATCH_THRESHOLD) continue;
      scored.push({ other, score: Math.round(score * 1000) / 1000 });
    }
    scored.sort((x, y) => y.score - x.score);
    const worded = ({ other, score }: { other: CandidateRow; score: number }): PairMatch => ({
      a: caseId,
      b: other.case_id,
      score,
      reasons: compare(fp, other.fingerprint).reasons,
      repeat: other.applicant_key === applicantKey,
    });
    const matches = scored.slice(0, MAX_MATCHES_KEPT).map(worded);

    // A request keeps the cluster it is in (officers' work stays put); otherwise it joins the best compatible one.
    let clusterId = existing?.clusterId ?? null;
    if (!clusterId) {
      for (const [i, best] of scored.entries()) {
        const bestCluster = best.other.cluster_id;
        if (bestCluster) {
          if (excluded.has(bestCluster)) continue;
          let memberSlots = batch.memberSlots.get(bestCluster);
          if (!memberSlots) {
            memberSlots = await this.repo.clusterSlotSets(em, bestCluster);
            batch.memberSlots.set(bestCluster, memberSlots);
          }
          if (memberSlots.some((slots) => slotVeto(fp.slots, slots))) continue;
          clusterId = bestCluster;
          if (!memberSlots.some((slots) => isDeepStrictEqual(slots, fp.slots))) memberSlots.push(fp.slots);
          break;
        }
        // The best match is not in a cluster yet: the two open one.
        const m = i < matches.length ? matches[i] : worded(best);
        const other = best.other;
        const otherRow = batch.pending?.has(other.case_id) && pre?.rows?.get(other.case_id) ? pre.rows.get(other.case_id)! : await this.repo.caseRequest(em, other.case_id);
        const cluster = await this.repo.createCluster(em, {
          agencyId: c.agency_id,
          label: (otherRow?.request_title || otherRow?.request_description || c.request_title || c.request_description).slice(0, 200),
          reasons: m.reasons.slice(0, 3),
        });
        clusterId = cluster.id;
        const pendingOther = batch.pending?.get(other.case_id);
        if (pendingOther) pendingOther.row.clusterId = clusterId;
        else await this.repo.setCluster(em, [other.case_id], clusterId);
        batch.clusterOf?.set(other.case_id, clusterId);
        if (batch.pending) batch.memberSlots.set(clusterId, [other.fingerprint.slots, fp.slots]);
        break;
      }
    }
    const row = {
      caseId,
      agencyId: c.agency_id,
      applicantKey,
      receivedOn: c.received_on,
      fingerprint: fp,
      blockKeys: agencyKeys(c.agency_id, blockKeys(fp)),
      clusterId,
      matches,
      excludedClusterIds: [...excluded],
      algorithmVersion: ALGORITHM_VERSION,
      publicationSuggestion: (await this.hasPublications(em, c.agency_id, batch)) ? await this.publicationSuggestion(em, c.agency_id, fp) : null,
    };
    if (batch.pending) batch.pending.set(caseId, { row, keys: new Set(row.blockKeys) });
    else await this.detection.upsertFingerprint(em, row);
  }

  /**
   * Backfill: queues every case of the agencies (all when null) without a current fingerprint and detects them in
   * order of receipt; returns when the queue of those agencies is empty.
   */
  async backfill(agencyIds: readonly string[] | null): Promise<BackfillResult> {
    const queued = await this.detection.enqueueStale(agencyIds, ALGORITHM_VERSION);
    // One pass in queue order; a second picks up what another worker held (SKIP LOCKED) or what arrived meanwhile.
    let processed = await this.detectQueued(Number.MAX_SAFE_INTEGER, agencyIds ?? undefined);
    for (let n = -1; n !== 0; processed += n) n = await this.detectQueued(Number.MAX_SAFE_INTEGER, agencyIds ?? undefined);
    const today = this.clock.today();
    const clusters = agencyIds ? (await this.repo.clustersIn(agencyIds, '1900-01-01', today)).length : 0;
    this.logger.log(`disclosure backfill: ${queued} queued, ${processed} processed`);
    return { queued, processed, clusters };
  }

  /** POST /disclosure/backfill: officers and heads for their agency. */
  async backfillFor(user: AuthUser): Promise<BackfillResult> {
    if (!user.agencyId) throw AppException.forbidden();
    return this.backfill([user.agencyId]);
  }


  private async hasPublications(em: EntityManager, agencyId: string, batch: BatchState): Promise<boolean> {
    batch.published ??= new Map();
    let has = batch.published.get(agencyId);
    if (has === undefined) {
      has = await this.repo.hasPublications(em, agencyId);
      batch.published.set(agencyId, has);
    }
    return has;
  }

  /**
   * The best recorded publication of the agency this request matches: the officer sees the ALREADY_PUBLIC
   * suggestion (条例第三十六条第（一）项: tell the applicant where and how to get it) with where and when.
   */
  private async publicationSuggestion(em: EntityManager, agencyId: string, fp: Fingerprint): Promise<Record<string, unknown> | null> {
    const candidates = await this.repo.publicationCandidates(em, [agencyId], agencyKeys(agencyId, lookupKeys(fp)));
    let best: { score: number; reasons: string[]; p: (typeof candidates)[number] } | null = null;
    for (const p of candidates) {
      const m = compare(fp, p.fingerprint);
      if (m.veto || m.score < MATCH_THRESHOLD) continue;
      if (!best || m.score > best.score) best = { score: m.score, reasons: m.reasons, p };
    }
    if (!best) return null;
    const { p } = best;
    return {
      replyType: 'ALREADY_PUBLIC',
      publicationId: p.id,
      title: p.title,
      documentNumber: p.documentNumber,
      channel: p.channel,
      location: p.location,
      url: p.url,
      publishedOn: p.publishedOn,
      score: Math.round(best.score * 1000) / 1000,
      reasons: best.reasons,
      rule: `该申请与已主动公开的信息“${p.title}”相同（${p.publishedOn}公开于${p.location}${p.url ? `，${p.url}` : ''}），可依条例第三十六条第（一）项告知获取的方式和途径。`,
    };
  }
}

export type { Fingerprint };
