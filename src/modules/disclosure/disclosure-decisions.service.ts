import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { CasesService } from '../cases/cases.service.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { blockKeys, fingerprint, lookupKeys } from './domain/fingerprint.js';
import { compare } from './domain/match.js';
import { DisclosureRepository } from './disclosure.repository.js';
import { DisclosureGroupsService, type GroupView } from './disclosure-groups.service.js';
import { agencyKeys } from './disclosure.service.js';
import type { DisclosureSuggestionEntity } from './disclosure-suggestion.entity.js';
import type { PublicationChannel, PublicationEntity } from './publication.entity.js';
import { PUBLICATION_WORKDAYS } from '../../common/statutory-limits.js';

/** 条例第二十六条: proactive information is published within 20 working days of being formed or changed. */
export { PUBLICATION_WORKDAYS };

/** Reasons for not publishing (the office picks one; OTHER needs a text). */
export const NOT_PUBLISH_REASONS = {
  NOT_DISCLOSABLE: '属于不予公开的信息（条例第十四条至第十六条）',
  ALREADY_PUBLIC: '已经主动公开',
  INDIVIDUAL_INTEREST: '仅涉及申请人个人利益，不需要公众广泛知晓',
  OTHER: '其他',
} as const;
export type NotPublishReason = keyof typeof NOT_PUBLISH_REASONS;

export const CHANNEL_LABELS: Record<PublicationChannel, string> = { WEBSITE: '政府网站', GAZETTE: '政府公报', READING_ROOM: '政府信息查阅场所', OTHER: '其他' };

export interface PublicationInput {
  title: string;
  documentNumber?: string;
  channel: PublicationChannel;
  location: string;
  url?: string;
  publishedOn?: string;
}

export interface DecisionInput {
  kind: 'PUBLISH' | 'NOT_PUBLISH' | 'REVIEW_LATER';
  publication?: PublicationInput;
  reason?: NotPublishReason;
  text?: string;
  reviewOn?: string;
  /** Publishing a group with withheld members: the office states why the information can now be disclosed (条例第十八条). */
  withheldReviewNote?: string;
}

export interface PublicationView {
  id: string;
  agencyId: string;
  groupId: string | null;
  title: string;
  documentNumber: string | null;
  channel: PublicationChannel;
  channelLabel: string;
  location: string;
  url: string | null;
  publishedOn: string | null;
  publishBy: string;
}

export const publicationView = (p: PublicationEntity): PublicationView => ({
  id: p.id,
  agencyId: p.agencyId,
  groupId: p.clusterId,
  title: p.title,
  documentNumber: p.documentNumber,
  channel: p.channel,
  channelLabel: CHANNEL_LABELS[p.channel],
  location: p.location,
  url: p.url,
  publishedOn: p.publishedOn,
  publishBy: p.publishBy,
});

/** Below this, a search result is not shown to someone typing an application. */
const SEARCH_MIN_SCORE = 0.35;

/**
 * What the office decides on a group (publish, not publish, review later), the publications it records and the
 * applicants' suggestions (条例第四十四条第二款); the yearly self-check is DisclosureSelfCheckService's. Kept in
 * one class (a little over 300 lines) because a decision to publish and an accepted suggestion both record a
 * publication the same way, and the case's disclosure view reads all three.
 */
@Injectable()
export class DisclosureDecisionsService {
  constructor(
    private readonly repo: DisclosureRepository,
    private readonly disclosure: DisclosureGroupsService,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
    private readonly cases: CasesService,
  ) {}

  /**
   * POST /disclosure/groups/:id/decision — audited, shown on the group and on each member case: the decision is also
   * recorded on every member's own event log (DISCLOSURE_DECIDED, hash-chained, in this transaction), so the case's
   * record shows what became of the information it asked for, even once sealed.
   */
  async decide(user: AuthUser, groupId: string, input: DecisionInput): Promise<GroupView & { publications: PublicationView[] }> {
    const view = await this.disclosure.group(user, groupId);
    if (view.agencyId !== user.agencyId) throw AppException.notFound();
    const today = this.clock.today();
    await this.repo.transaction(async (em) => {
      const cluster = await this.repo.findCluster(em, groupId, true);
      if (!cluster || cluster.status !== 'ACTIVE') throw AppException.conflict('该组已合并到另一组');
      let decision: Record<string, unknown>;
      if (input.kind === 'PUBLISH') {
        if (!input.publication) throw AppException.invalidField('publication', 'REQUIRED', '决定公开须填写公开的标题、途径和位置');
        // 条例 does not allow publishing what may not be disclosed: a group with withheld replies needs the office's review.
        if (view.withheld && !input.withheldReviewNote) {
          throw AppException.invalidField('withheldReviewNote', 'REQUIRED', '该组有不予公开的答复，决定公开须说明情势变化后可以公开的理由（条例第十八条）');
        }
        const p = await this.recordPublication(em, user, cluster.agencyId, groupId, input.publication, today, view.label);
        decision = { kind: 'PUBLISH', publicationId: p.id, publishBy: p.publishBy, withheldReviewNote: input.withheldReviewNote ?? null };
      } else if (input.kind === 'NOT_PUBLISH') {
        if (!input.reason) throw AppException.invalidField('reason', 'REQUIRED', '请选择不公开的理由');
        if (input.reason === 'OTHER' && !input.text) throw AppException.invalidField('text', 'REQUIRED', '选择“其他”须写明理由');
        decision = { kind: 'NOT_PUBLISH', reason: input.reason, reasonLabel: NOT_PUBLISH_REASONS[input.reason], text: input.text ?? null };
      } else {
        if (input.reviewOn && input.reviewOn <= today) throw AppException.invalidField('reviewOn', 'NOT_IN_FUTURE', '再次审查日期须晚于今天');
        decision = { kind: 'REVIEW_LATER', reviewOn: input.reviewOn ?? null, text: input.text ?? null };
      }
      cluster.decision = { ...decision, decidedOn: today, decidedById: user.id };
      await this.repo.saveCluster(em, cluster);
      const kind = `DECIDE_${input.kind}`;
      await this.repo.recordAction(em, { agencyId: cluster.agencyId, clusterId: groupId, kind, caseIds: view.members.map((m) => m.caseId), payload: decision, byId: user.id });
      const summary = timelineText(kind, decision);
      await this.cases.recordDecision(em, user, view.members.map((m) => m.caseId), 'DISCLOSURE_DECIDED', {
        groupId,
        groupLabel: view.label,
        kind: input.kind,
        decision: `${TIMELINE_LABELS[kind]}${summary ? `：${summary}` : ''}`,
        facts: decision,
      });
    });
    const after = await this.disclosure.group(user, groupId);
    return { ...after, publications: (await this.repo.publicationsOfClusters([groupId])).map(publicationView) };
  }

  /** The publications recorded for a group the caller may read (the staff group page). */
  async groupPublications(user: AuthUser, groupId: string): Promise<PublicationView[]> {
    await this.disclosure.group(user, groupId);
    return (await this.repo.publicationsOfClusters([groupId])).map(publicationView);
  }

  /** 条例第二十六条: the date by which information decided on today must be published (20 working days). */
  async publishByIfDecidedToday(): Promise<string> {
    return (await this.calendars.current()).addWorkdays(this.clock.today(), PUBLICATION_WORKDAYS);
  }

  /**
   * The applicant's suggestion from the tracking page: the tracking number and query code have already proved who
   * they are (条例第四十四条第二款), whether or not the application was made with an account.
   */
  async suggestByLookup(c: { id: string; agencyId: string; status: string; applicantUserId: string | null }, reason: string) {
    if (!['DELIVERED', 'ARCHIVED'].includes(c.status)) throw AppException.conflict('答复送达后方可建议将该信息纳入主动公开范围');
    const s = await this.repo.transaction((em) => this.repo.insertSuggestion(em, { caseId: c.id, agencyId: c.agencyId, applicantUserId: c.applicantUserId, reason }));
    return suggestionView(s);
  }

  /** The suggestions of one case (the applicant's tracking page shows what became of them). */
  async suggestionsOfCase(caseId: string) {
    return (await this.repo.suggestionsOfCase(caseId)).map(suggestionView);
  }

  /** POST /disclosure/publications/:id/published — the date it went out (and where, if it changed). */
  async markPublished(user: AuthUser, id: string, publishedOn: string, url?: string): Promise<PublicationView> {
    if (publishedOn > this.clock.today()) throw AppException.invalidField('publishedOn', 'DATE_IN_FUTURE', '公开日期不能晚于今天');
    return this.repo.transaction(async (em) => {
      const p = await this.repo.findPublication(em, id);
      if (!p || p.agencyId !== user.agencyId) throw AppException.notFound();
      p.publishedOn = publishedOn;
      if (url) p.url = url;
      await this.repo.savePublication(em, p);
      if (p.clusterId) await this.repo.recordAction(em, { agencyId: p.agencyId, clusterId: p.clusterId, kind: 'PUBLISHED', caseIds: [], payload: { publicationId: p.id, publishedOn, url: p.url }, byId: user.id });
      return publicationView(p);
    });
  }

  private async recordPublication(em: EntityManager, user: AuthUser, agencyId: string, groupId: string | null, input: PublicationInput, today: string, about: string): Promise<PublicationEntity> {
    if (input.publishedOn && input.publishedOn > today) throw AppException.invalidField('publication.publishedOn', 'DATE_IN_FUTURE', '公开日期不能晚于今天');
    const calendar = await this.calendars.current();
    // The fingerprint describes the information: the publication's own title and 文号, and what the applicants asked.
    const fp = fingerprint({ title: input.title, description: about, docNumber: input.documentNumber ?? null });
    return this.repo.insertPublication(em, {
      agencyId,
      clusterId: groupId,
      title: input.title,
      documentNumber: input.documentNumber ?? null,
      channel: input.channel,
      location: input.location,
      url: input.url ?? null,
      publishedOn: input.publishedOn ?? null,
      publishBy: calendar.addWorkdays(today, PUBLICATION_WORKDAYS),
      fingerprint: fp,
      blockKeys: agencyKeys(agencyId, blockKeys(fp)),
      createdById: user.id,
    });
  }

  /** GET /publications?q= (public): published information matching what someone is typing, best first. */
  async search(q: string, agencyCode?: string): Promise<(PublicationView & { score: number; reasons: string[] })[]> {
    const text = q.trim();
    if (text.length === 0) return [];
    // Without an agency, every active agency's publications are matched (the home page's search box).
    const agencyIds = agencyCode ? await this.disclosure.agencyIdsByCode(agencyCode) : await this.disclosure.activeAgencyIds();
    const fp = fingerprint({ title: text, description: '' });
    const keys = agencyIds ? agencyIds.flatMap((id) => agencyKeys(id, lookupKeys(fp))) : [];
    const byKeys = agencyIds ? await this.repo.transaction((em) => this.repo.publicationCandidates(em, agencyIds, keys)) : [];
    const scored = byKeys
      .map((p) => ({ p, m: compare(fp, p.fingerprint) }))
      .filter(({ m }) => !m.veto && m.score >= SEARCH_MIN_SCORE)
      .map(({ p, m }) => ({ ...publicationView(p), score: Math.round(m.score * 100) / 100, reasons: m.reasons }));
    const seen = new Set(scored.map((s) => s.id));
    for (const p of await this.repo.publicationsLike(text)) {
      if (seen.has(p.id) || (agencyIds && !agencyIds.includes(p.agencyId))) continue;
      scored.push({ ...publicationView(p), score: 1, reasons: ['标题或文号包含所输入的文字'] });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, 10);
  }

  /** GET /cases/:id/disclosure — the case's group, the ALREADY_PUBLIC suggestion and the applicant's suggestions. */
  async forCase(user: AuthUser, caseId: string, readable: boolean) {
    if (!readable) throw AppException.notFound();
    const fp = await this.repo.caseFingerprint(caseId);
    const suggestions = (await this.repo.suggestionsOfCase(caseId)).map(suggestionView);
    if (user.role === Role.APPLICANT) return { suggestions };
    const group = fp?.clusterId ? await this.disclosure.group(user, fp.clusterId).catch(() => null) : null;
    const agencyId = fp?.agencyId ?? group?.agencyId ?? null;
    return {
      timeline: agencyId ? await this.caseTimeline(agencyId, caseId, suggestions) : [],
      detected: !!fp,
      matches: fp?.matches ?? [],
      group: group ? { id: group.id, label: group.label, distinctApplicants: group.distinctApplicants, reachesThreshold: group.reachesThreshold, decision: group.decision, actions: group.actions } : null,
      alreadyPublic: fp?.publicationSuggestion ?? null,
      suggestions,
    };
  }

  /**
   * The case's disclosure timeline (a read model beside its event chain): the group's decisions and publication
   * dates as they concern this case, its removal from a group, and the applicant's suggestions with their outcome.
   */
  private async caseTimeline(agencyId: string, caseId: string, suggestions: ReturnType<typeof suggestionView>[]): Promise<CaseDisclosureEntry[]> {
    const entries: CaseDisclosureEntry[] = (await this.repo.actionsOfCase(agencyId, caseId)).map((a) => ({
      at: a.createdAt.toISOString(),
      kind: a.kind,
      label: TIMELINE_LABELS[a.kind] ?? a.kind,
      text: timelineText(a.kind, a.payload),
      groupId: a.clusterId,
      byId: a.byId,
    }));
    for (const s of suggestions) {
      entries.push({ at: s.createdAt, kind: 'SUGGESTED', label: '申请人建议主动公开', text: s.reason, groupId: null, byId: null });
      if (s.decidedAt) entries.push({ at: s.decidedAt, kind: `SUGGESTION_${s.status}`, label: s.status === 'ACCEPTED' ? '采纳申请人的建议' : '不予采纳申请人的建议', text: s.status === 'REFUSED' ? String((s.outcome as { reason?: string } | null)?.reason ?? '') : null, groupId: null, byId: null });
    }
    return entries.sort((x, y) => x.at.localeCompare(y.at));
  }

  /** POST /cases/:id/disclosure-suggestions — the applicant, on their own case, once it has been answered. */
  async suggest(user: AuthUser, c: { id: string; agencyId: string; status: string; applicantUserId: string | null }, reason: string) {
    if (user.role !== Role.APPLICANT || c.applicantUserId !== user.id) throw AppException.notFound();
    if (!['DELIVERED', 'ARCHIVED'].includes(c.status)) throw AppException.conflict('答复送达后方可建议将该信息纳入主动公开范围');
    const s = await this.repo.transaction((em) => this.repo.insertSuggestion(em, { caseId: c.id, agencyId: c.agencyId, applicantUserId: user.id, reason }));
    return suggestionView(s);
  }

  /** GET /disclosure/suggestions — the office's review items (pending first). */
  async suggestions(user: AuthUser, pendingOnly: boolean) {
    if (!user.agencyId) throw AppException.forbidden();
    return (await this.repo.suggestionsOfAgency(user.agencyId, pendingOnly)).map(suggestionView);
  }

  /** POST /disclosure/suggestions/:id/review — accepted (a publication is recorded) or refused with a reason. */
  async review(user: AuthUser, id: string, input: { accept: boolean; reason?: string; publication?: PublicationInput }) {
    const today = this.clock.today();
    return this.repo.transaction(async (em) => {
      const s = await this.repo.findSuggestion(em, id);
      if (!s || s.agencyId !== user.agencyId) throw AppException.notFound();
      if (s.status !== 'PENDING') throw AppException.conflict('该建议已审核');
      if (input.accept) {
        if (!input.publication) throw AppException.invalidField('publication', 'REQUIRED', '采纳建议须记录公开的标题、途径和位置');
        const fp = await this.repo.caseFingerprint(s.caseId);
        const p = await this.recordPublication(em, user, s.agencyId, fp?.clusterId ?? null, input.publication, today, input.publication.title);
        s.status = 'ACCEPTED';
        s.outcome = { publication: publicationView(p), text: input.reason ?? null };
      } else {
        if (!input.reason) throw AppException.invalidField('reason', 'REQUIRED', '不予采纳须说明理由');
        s.status = 'REFUSED';
        s.outcome = { reason: input.reason };
      }
      s.decidedById = user.id;
      s.decidedAt = this.clock.now();
      const saved = suggestionView(await this.repo.saveSuggestion(em, s));
      // The answer joins the case's own log (条例第四十四条第二款); the applicant sees it among their milestones.
      await this.cases.recordDecision(em, user, [s.caseId], 'DISCLOSURE_SUGGESTION_REVIEWED', suggestionDecision(s));
      return saved;
    });
  }
}

export interface CaseDisclosureEntry {
  at: string;
  kind: string;
  label: string;
  text: string | null;
  groupId: string | null;
  byId: string | null;
}

const TIMELINE_LABELS: Record<string, string> = {
  MERGE: '所在分组与另一组合并',
  MERGED_INTO: '所在分组并入另一组',
  SPLIT: '拆出到新的分组',
  SPLIT_FROM: '由拆分形成新的分组',
  REMOVE_MEMBER: '移出相同信息分组',
  DECIDE_PUBLISH: '决定主动公开该信息',
  DECIDE_NOT_PUBLISH: '决定不予主动公开该信息',
  DECIDE_REVIEW_LATER: '决定以后再审是否主动公开',
  PUBLISHED: '该信息已主动公开',
};

function timelineText(kind: string, payload: Record<string, unknown>): string | null {
  if (kind === 'DECIDE_PUBLISH') return `应于${String(payload.publishBy ?? '')}前公开（条例第二十六条）`;
  if (kind === 'DECIDE_NOT_PUBLISH') return `${String(payload.reasonLabel ?? '')}${payload.text ? `：${String(payload.text)}` : ''}`;
  if (kind === 'DECIDE_REVIEW_LATER') return payload.reviewOn ? `${String(payload.reviewOn)}再审` : null;
  if (kind === 'PUBLISHED') return `${String(payload.publishedOn ?? '')}公开${payload.url ? `，${String(payload.url)}` : ''}`;
  return typeof payload.reason === 'string' ? payload.reason : null;
}

/**
 * What DISCLOSURE_SUGGESTION_REVIEWED keeps on the case's log: the outcome, a sentence for the staff timeline, and the
 * facts the applicant's milestone is worded from (the publication's channel and location, or the reason given to
 * them): nothing the office did not already address to the applicant.
 */
function suggestionDecision(s: DisclosureSuggestionEntity): Record<string, unknown> {
  if (s.status === 'ACCEPTED') {
    const publication = (s.outcome as { publication?: PublicationView } | null)?.publication;
    return {
      suggestionId: s.id,
      outcome: 'ACCEPTED',
      decision: `采纳申请人的主动公开建议${publication ? `：《${publication.title}》，${publication.channelLabel}（${publication.location}），应于${publication.publishBy}前公开` : ''}`,
      publicationId: publication?.id ?? null,
      channelLabel: publication?.channelLabel ?? null,
      location: publication?.location ?? null,
    };
  }
  const reason = String((s.outcome as { reason?: string } | null)?.reason ?? '');
  return { suggestionId: s.id, outcome: 'REFUSED', decision: `不予采纳申请人的主动公开建议：${reason}`, reason };
}

export function suggestionView(s: DisclosureSuggestionEntity) {
  return { id: s.id, caseId: s.caseId, reason: s.reason, status: s.status, outcome: s.outcome, decidedAt: s.decidedAt?.toISOString() ?? null, createdAt: s.createdAt.toISOString() };
}
