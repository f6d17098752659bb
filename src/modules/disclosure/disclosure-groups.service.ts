import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { resolveAgencySettings } from '../agencies/agency-settings.js';
import { DisclosureRepository, type MemberRow } from './disclosure.repository.js';
import type { DisclosureClusterEntity } from './disclosure-cluster.entity.js';

export interface GroupMember {
  caseId: string;
  trackingNumber: string;
  receivedOn: string;
  status: string;
  title: string | null;
  replyType: string | null;
  withheld: boolean;
  /** The same applicant asked before within this group (条例第三十六条第（六）项 may apply): not another applicant. */
  repeat: boolean;
}

export interface GroupView {
  id: string;
  agencyId: string;
  label: string;
  reasons: string[];
  members: GroupMember[];
  memberCount: number;
  distinctApplicants: number;
  firstReceivedOn: string;
  lastReceivedOn: string;
  replyTypes: string[];
  /** Some member was refused (WITHHOLD_*): 条例 does not allow publishing what may not be disclosed. */
  withheld: boolean;
  threshold: number;
  reachesThreshold: boolean;
  decision: Record<string, unknown> | null;
}

const WITHHELD = (t: string | null): boolean => !!t && t.startsWith('WITHHOLD_');

const monthsBefore = (date: string, months: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

/**
 * Groups of requests for the same information (条例第四十四条第一款), as officers, heads and auditors see them:
 * the groups over a date range, the worklist at the agency's threshold, and the officers' corrections (merge,
 * split, remove a member), which detection (DisclosureService) keeps on later runs.
 */
@Injectable()
export class DisclosureGroupsService {
  constructor(
    private readonly repo: DisclosureRepository,
    private readonly agencies: AgenciesRepository,
    private readonly clock: Clock,
  ) {}

  /** The agencies whose groups the user may read: officers and heads their own, auditors their subtree. */
  async readableAgencies(user: AuthUser, agencyId?: string): Promise<string[]> {
    let scope: string[] | null;
    if (user.role === Role.OFFICER || user.role === Role.OFFICE_HEAD) scope = user.agencyId ? [user.agencyId] : [];
    else if (user.role === Role.AUDITOR) scope = user.agencyId ? await this.agencies.findSubtreeIds(user.agencyId) : null;
    else scope = [];
    if (agencyId) {
      if (scope && !scope.includes(agencyId)) throw AppException.notFound();
      return [agencyId];
    }
    if (scope === null) return (await this.agencies.findAll()).map((a) => a.id);
    return scope;
  }

  /** Groups of requests over a receipt-date range, every status, below the threshold too. */
  async groups(user: AuthUser, q: { agencyId?: string; from?: string; to?: string; minApplicants?: number }): Promise<GroupView[]> {
    const agencyIds = await this.readableAgencies(user, q.agencyId);
    const from = q.from ?? '1900-01-01';
    const to = q.to ?? '9999-12-31';
    if (from > to) throw AppException.invalidField('from', 'INVALID_RANGE', '起始日期不能晚于截止日期');
    const views = await this.viewsOf(await this.repo.clustersIn(agencyIds, from, to), from, to);
    return views.filter((v) => v.distinctApplicants >= (q.minApplicants ?? 1));
  }

  /** One group, with the record of what officers did to it. */
  async group(user: AuthUser, id: string): Promise<GroupView & { actions: { kind: string; caseIds: string[]; payload: Record<string, unknown>; byId: string | null; at: string }[] }> {
    const cluster = await this.readableCluster(user, id);
    const [view] = await this.viewsOf([cluster], '1900-01-01', '9999-12-31');
    const actions = (await this.repo.actionsOf(id)).map((a) => ({ kind: a.kind, caseIds: a.caseIds, payload: a.payload, byId: a.byId, at: a.createdAt.toISOString() }));
    return { ...view, actions };
  }

  /**
   * The disclosure worklist (条例第四十四条第一款): the agency's groups with at least the threshold of distinct
   * applicants within the window back from today (agency settings, default 3 in 12 months).
   */
  async worklist(user: AuthUser): Promise<GroupView[]> {
    if (!user.agencyId || (user.role !== Role.OFFICER && user.role !== Role.OFFICE_HEAD)) throw AppException.forbidden();
    const agency = await this.agencies.findById(user.agencyId);
    if (!agency) throw AppException.forbidden();
    const settings = resolveAgencySettings(agency.settings);
    const today = this.clock.today();
    const from = monthsBefore(today, settings.proactiveDisclosureWindowMonths);
    const views = await this.viewsOf(await this.repo.clustersIn([agency.id], from, today), from, today);
    return views.filter((v) => v.reachesThreshold);
  }

  /** Merge: the other group's members join this one (recorded; the other group is closed as merged). */
  async merge(user: AuthUser, id: string, otherId: string, reason?: string): Promise<GroupView> {
    await this.repo.transaction(async (em) => {
      const target = await this.actableCluster(em, user, id);
      const other = await this.actableCluster(em, user, otherId);
      if (target.id === other.id || target.agencyId !== other.agencyId) throw AppException.invalidField('otherGroupId', 'INVALID', '只能合并本机关的另一组申请');
      const moved = await this.repo.clusterMemberIds(em, other.id);
      await this.repo.setCluster(em, moved, target.id);
      other.status = 'MERGED';
      other.mergedIntoId = target.id;
      await this.repo.saveCluster(em, other);
      await this.repo.addReasons(em, target.id, ['工作人员确认为相同信息（合并）']);
      await this.repo.recordAction(em, { agencyId: target.agencyId, clusterId: target.id, kind: 'MERGE', caseIds: moved, payload: { mergedGroupId: other.id, reason: reason ?? null }, byId: user.id });
      await this.repo.recordAction(em, { agencyId: other.agencyId, clusterId: other.id, kind: 'MERGED_INTO', caseIds: moved, payload: { groupId: target.id, reason: reason ?? null }, byId: user.id });
    });
    return this.group(user, id);
  }

  /** Split: the named members leave for a new group, and are never put back into this one. */
  async split(user: AuthUser, id: string, caseIds: readonly string[], reason?: string): Promise<{ from: GroupView; to: GroupView }> {
    const newId = await this.repo.transaction(async (em) => {
      const source = await this.actableCluster(em, user, id);
      const members = new Set(await this.repo.clusterMemberIds(em, id));
      const moving = [...new Set(caseIds)];
      if (moving.length === 0 || moving.some((c) => !members.has(c))) throw AppException.invalidField('caseIds', 'NOT_MEMBER', '所选案件不属于该组');
      if (moving.length === members.size) throw AppException.invalidField('caseIds', 'ALL_MEMBERS', '不能将全部成员拆出');
      const first = await this.repo.caseRequest(em, moving[0]);
      const target = await this.repo.createCluster(em, { agencyId: source.agencyId, label: (first?.request_title || first?.request_description || source.label).slice(0, 200), reasons: ['工作人员拆分'] });
      await this.repo.setCluster(em, moving, target.id);
      await this.repo.exclude(em, moving, source.id);
      await this.repo.recordAction(em, { agencyId: source.agencyId, clusterId: source.id, kind: 'SPLIT', caseIds: moving, payload: { newGroupId: target.id, reason: reason ?? null }, byId: user.id });
      await this.repo.recordAction(em, { agencyId: source.agencyId, clusterId: target.id, kind: 'SPLIT_FROM', caseIds: moving, payload: { groupId: source.id, reason: reason ?? null }, byId: user.id });
      return target.id;
    });
    return { from: await this.group(user, id), to: await this.group(user, newId) };
  }

  /** Remove a false member: it leaves the group and is never put back into it on later runs. */
  async removeMember(user: AuthUser, id: string, caseId: string, reason: string): Promise<GroupView> {
    await this.repo.transaction(async (em) => {
      const cluster = await this.actableCluster(em, user, id);
      const members = await this.repo.clusterMemberIds(em, id);
      if (!members.includes(caseId)) throw AppException.invalidField('caseId', 'NOT_MEMBER', '该案件不属于该组');
      await this.repo.setCluster(em, [caseId], null);
      await this.repo.exclude(em, [caseId], id);
      await this.repo.recordAction(em, { agencyId: cluster.agencyId, clusterId: id, kind: 'REMOVE_MEMBER', caseIds: [caseId], payload: { reason }, byId: user.id });
    });
    return this.group(user, id);
  }

  /** Groups of one agency over a date range (the self-check), without a caller. */
  async groupsOfAgency(agencyId: string, from: string, to: string): Promise<GroupView[]> {
    return this.viewsOf(await this.repo.clustersIn([agencyId], from, to), from, to);
  }

  async activeAgencyIds(): Promise<string[]> {
    return (await this.agencies.findAll()).filter((a) => a.active).map((a) => a.id);
  }

  /** The agency with this code, if active (public search); an unknown code finds nothing. */
  async agencyIdsByCode(code: string): Promise<string[]> {
    const a = (await this.agencies.findAll()).find((x) => x.code === code && x.active);
    return a ? [a.id] : [];
  }
  private async readableCluster(user: AuthUser, id: string): Promise<DisclosureClusterEntity> {
    const cluster = await this.repo.transaction((em) => this.repo.findCluster(em, id));
    if (!cluster) throw AppException.notFound();
    const agencies = await this.readableAgencies(user).catch(() => [] as string[]);
    if (!agencies.includes(cluster.agencyId)) throw AppException.notFound();
    return cluster;
  }

  /** Officers and heads act on their own agency's active groups only (others: 404). */
  private async actableCluster(em: EntityManager, user: AuthUser, id: string): Promise<DisclosureClusterEntity> {
    const cluster = await this.repo.findCluster(em, id, true);
    if (!cluster || cluster.agencyId !== user.agencyId) throw AppException.notFound();
    if (cluster.status !== 'ACTIVE') throw AppException.conflict('该组已合并到另一组');
    return cluster;
  }

  private async viewsOf(clusters: readonly DisclosureClusterEntity[], from: string, to: string): Promise<GroupView[]> {
    const members = await this.repo.members(clusters.map((c) => c.id));
    const byCluster = new Map<string, MemberRow[]>();
    for (const m of members) byCluster.set(m.cluster_id, [...(byCluster.get(m.cluster_id) ?? []), m]);
    const thresholds = new Map<string, number>();
    for (const agencyId of new Set(clusters.map((c) => c.agencyId))) {
      const a = await this.agencies.findById(agencyId);
      thresholds.set(agencyId, resolveAgencySettings(a?.settings).proactiveDisclosureThreshold);
    }
    const views: GroupView[] = [];
    for (const c of clusters) {
      const all = byCluster.get(c.id) ?? [];
      const inRange = all.filter((m) => m.received_on >= from && m.received_on <= to);
      if (inRange.length === 0) continue;
      const seen = new Set<string>();
      const out: GroupMember[] = inRange.map((m) => {
        const repeat = seen.has(m.applicant_key);
        seen.add(m.applicant_key);
        return { caseId: m.case_id, trackingNumber: m.tracking_number, receivedOn: m.received_on, status: m.status, title: m.request_title, replyType: m.reply_type, withheld: WITHHELD(m.reply_type), repeat };
      });
      const threshold = thresholds.get(c.agencyId) ?? 3;
      views.push({
        id: c.id,
        agencyId: c.agencyId,
        label: c.label,
        reasons: c.reasons,
        members: out,
        memberCount: out.length,
        distinctApplicants: seen.size,
        firstReceivedOn: out[0].receivedOn,
        lastReceivedOn: out[out.length - 1].receivedOn,
        replyTypes: [...new Set(out.map((m) => m.replyType).filter((t): t is string => !!t))].sort(),
        withheld: out.some((m) => m.withheld),
        threshold,
        reachesThreshold: seen.size >= threshold,
        decision: c.decision,
      });
    }
    return views.sort((x, y) => y.distinctApplicants - x.distinctApplicants || y.lastReceivedOn.localeCompare(x.lastReceivedOn));
  }
}
