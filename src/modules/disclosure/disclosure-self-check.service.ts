import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { UserNotices } from '../notifications/notify-users.js';
import { DisclosureRepository } from './disclosure.repository.js';
import { DisclosureSelfCheckRepository } from './disclosure-self-check.repository.js';
import { DisclosureGroupsService } from './disclosure-groups.service.js';
import type { DisclosureSelfCheckEntity, SelfCheckItem } from './disclosure-self-check.entity.js';

/**
 * The yearly self-check (条例第十八条): each November the office reviews whether what it withheld may now be
 * disclosed and whether the information asked for most should be published proactively; one list per agency and
 * year, with a conclusion per item.
 */
@Injectable()
export class DisclosureSelfCheckService {
  constructor(
    private readonly repo: DisclosureRepository,
    private readonly checks: DisclosureSelfCheckRepository,
    private readonly disclosure: DisclosureGroupsService,
    private readonly notices: UserNotices,
    private readonly clock: Clock,
  ) {}

  /**
   * The self-check of an agency for a year (each November): partial and withheld replies approved in the year and
   * the groups of the year at the threshold. Created once; a later call returns it as it stands.
   */
  async ensureSelfCheck(agencyId: string, year: number): Promise<{ check: DisclosureSelfCheckEntity; created: boolean }> {
    const existing = await this.checks.findSelfCheck(agencyId, year);
    if (existing) return { check: existing, created: false };
    const items: SelfCheckItem[] = [];
    const blank = { conclusion: null, note: null, reviewedById: null, reviewedAt: null };
    for (const r of await this.checks.refusedReplies(agencyId, year)) {
      items.push({ key: `case:${r.case_id}`, kind: r.reply_type === 'PARTIAL' ? 'PARTIAL' : 'WITHHELD', caseId: r.case_id, groupId: null, trackingNumbers: [r.tracking_number], title: (r.request_title || r.request_description).slice(0, 200), replyType: r.reply_type, distinctApplicants: null, ...blank });
    }
    for (const g of await this.disclosure.groupsOfAgency(agencyId, `${year}-01-01`, `${year}-12-31`)) {
      if (!g.reachesThreshold) continue;
      items.push({ key: `group:${g.id}`, kind: 'FREQUENT', caseId: null, groupId: g.id, trackingNumbers: g.members.map((m) => m.trackingNumber), title: g.label, replyType: g.replyTypes.join('、') || null, distinctApplicants: g.distinctApplicants, ...blank });
    }
    const created = await this.repo.transaction(async (em) => {
      const check = await this.checks.insertSelfCheck(em, agencyId, year, items);
      if (check) await this.notices.notify(em, await this.checks.officeHeadIds(em, agencyId), { caseId: null, kind: 'DISCLOSURE_SELF_CHECK', message: `${year}年度政府信息公开自查清单已生成（部分公开、不予公开${items.filter((i) => i.kind !== 'FREQUENT').length}件，申请较集中的信息${items.filter((i) => i.kind === 'FREQUENT').length}项），请组织逐项审查并填写结论。` });
      return check;
    });
    return created ? { check: created, created: true } : { check: (await this.checks.findSelfCheck(agencyId, year))!, created: false };
  }

  /** Runs where the scheduler runs: on or after 1 November, each active agency gets the year's self-check once. */
  async novemberSelfChecks(): Promise<number> {
    const today = this.clock.today();
    if (today.slice(5) < '11-01') return 0;
    let n = 0;
    for (const agencyId of await this.disclosure.activeAgencyIds()) if ((await this.ensureSelfCheck(agencyId, Number(today.slice(0, 4)))).created) n++;
    return n;
  }

  async selfCheck(user: AuthUser, agencyId: string | undefined, year: number): Promise<DisclosureSelfCheckEntity> {
    const [id] = await this.disclosure.readableAgencies(user, agencyId ?? user.agencyId ?? undefined);
    if (!id) throw AppException.notFound();
    const check = await this.checks.findSelfCheck(id, year);
    if (check) return check;
    // Officers and heads may draw it up before November; auditors only read.
    if (user.role !== Role.OFFICER && user.role !== Role.OFFICE_HEAD) throw AppException.notFound();
    return (await this.ensureSelfCheck(id, year)).check;
  }

  async concludeItem(user: AuthUser, year: number, key: string, conclusion: NonNullable<SelfCheckItem['conclusion']>, note: string | undefined): Promise<DisclosureSelfCheckEntity> {
    if (!user.agencyId) throw AppException.forbidden();
    if (conclusion === 'STILL_WITHHELD' && !note) throw AppException.invalidField('note', 'REQUIRED', '仍不予公开的，须写明理由');
    return this.repo.transaction(async (em) => {
      const check = await this.checks.findSelfCheck(user.agencyId!, year, em);
      if (!check) throw AppException.notFound();
      const item = check.items.find((i) => i.key === key);
      if (!item) throw AppException.notFound();
      Object.assign(item, { conclusion, note: note ?? null, reviewedById: user.id, reviewedAt: this.clock.now().toISOString() });
      check.items = [...check.items];
      return this.checks.saveSelfCheck(em, check);
    });
  }
}

export const CONCLUSION_LABELS: Record<NonNullable<SelfCheckItem['conclusion']>, string> = {
  STILL_WITHHELD: '仍不予公开',
  PUBLISH: '可以公开，转为主动公开（条例第十八条）',
  ALREADY_PUBLIC: '已主动公开',
};
export const SELF_CHECK_KIND_LABELS: Record<SelfCheckItem['kind'], string> = { PARTIAL: '部分公开', WITHHELD: '不予公开', FREQUENT: '申请较集中' };

/** The self-check as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese). */
export function selfCheckCsv(check: DisclosureSelfCheckEntity): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    // A leading =, +, - or @ would be read as a formula.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const header = ['类别', '案件编号', '申请内容', '答复类型', '不同申请人数', '审查结论', '说明', '审查时间'];
  const lines = check.items.map((i) =>
    [SELF_CHECK_KIND_LABELS[i.kind], i.trackingNumbers.join(' '), i.title, i.replyType, i.distinctApplicants, i.conclusion ? CONCLUSION_LABELS[i.conclusion] : '未审查', i.note, i.reviewedAt].map(cell).join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
