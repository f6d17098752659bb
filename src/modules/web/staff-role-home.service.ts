import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { ROLE_LABELS } from '../../common/auth/role.js';
import { Clock } from '../../common/time/clock.js';
import { AgenciesService } from '../agencies/agencies.service.js';
import { ArchivePagesService } from '../archive/archive-pages.service.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import type { LegalOpinion, LegalReferralEntity } from '../legal/legal-referral.entity.js';
import { LegalReferralsRepository } from '../legal/legal-referrals.repository.js';
import type { UserDto } from '../users/dto/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { calendarWarnings } from './staff-admin-view.js';
import { chineseDate } from './web-setup.js';

export const OPINION_LABELS: Record<LegalOpinion, string> = {
  AGREE: '同意',
  DISAGREE: '不同意',
  AGREE_WITH_CHANGES: '修改后同意',
};

export interface ReferralView {
  id: string;
  caseId: string;
  trackingNumber: string;
  title: string;
  question: string;
  difficult: boolean;
  referredOn: string;
  dueDate: string;
  provisional: boolean;
  overdue: boolean;
  waiting: boolean;
  opinion: string | null;
  opinionText: string | null;
  articles: string;
  answeredOn: string | null;
}

/**
 * What the legal advisor's, the administrator's and the auditor's own pages compute for their first screen, in one
 * place: their pages and the 工作台 (/staff) call the same methods.
 */
@Injectable()
export class StaffRoleHome {
  constructor(
    private readonly agencies: AgenciesService,
    private readonly users: UsersService,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
    private readonly referrals: LegalReferralsRepository,
    private readonly archive: ArchivePagesService,
  ) {}

  /** The advisor's referrals: waiting ones first (by the case's reply deadline, which co-review does not stop), then answered. */
  async advisorReferrals(user: AuthUser): Promise<{ waiting: ReferralView[]; answered: ReferralView[] }> {
    const all = (await this.referrals.forAdvisor(user.id)).map(toView);
    const waiting = all.filter((r) => r.waiting).sort((a, b) => (a.dueDate || '9999').localeCompare(b.dueDate || '9999') || a.referredOn.localeCompare(b.referredOn));
    const answered = all.filter((r) => !r.waiting).sort((a, b) => (b.answeredOn ?? '').localeCompare(a.answeredOn ?? ''));
    return { waiting, answered };
  }

  /** The admin's first concerns: this or next year's calendar missing or provisional, and locked-out accounts. */
  async adminOverview(): Promise<{ warnings: ReturnType<typeof calendarWarnings>; locked: ReturnType<typeof userRow>[] }> {
    const year = Number(this.clock.today().slice(0, 4));
    const warnings = calendarWarnings(year, [await this.calendars.year(year), await this.calendars.year(year + 1)]);
    const now = this.clock.now();
    const agencyNames = new Map((await this.agencies.list()).map((a) => [a.id, a.name]));
    const locked = (await this.users.list({})).filter((u) => u.lockedUntil && u.lockedUntil > now).map((u) => userRow(u, agencyNames));
    return { warnings, locked };
  }

  /** The latest archive integrity sweep (the auditor's page shows it with its history). */
  async lastSweep(): Promise<{ finishedAt: string; ok: boolean; problemCount: number; casesChecked: number; eventsChecked: number; blobsChecked: number } | null> {
    const [last] = await this.archive.sweeps(1);
    if (!last) return null;
    const { finishedAt, ok, problems, casesChecked, eventsChecked, blobsChecked } = last;
    return { finishedAt: beijingTime(new Date(finishedAt)), ok, problemCount: problems.length, casesChecked, eventsChecked, blobsChecked };
  }
}

export function userRow(u: UserDto, agencyNames: Map<string, string>) {
  return {
    id: u.id,
    displayName: u.displayName,
    email: u.email,
    roleLabel: ROLE_LABELS[u.role],
    agencyName: u.agencyId ? (agencyNames.get(u.agencyId) ?? '') : '全部机关',
    active: u.active,
    lockedUntil: u.lockedUntil ? beijingTime(u.lockedUntil) : null,
  };
}

/** 2026-03-09 10:30 (Beijing time). */
function beijingTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function toView(r: Awaited<ReturnType<LegalReferralsRepository['forAdvisor']>>[number]): ReferralView {
  const ref: LegalReferralEntity = r.referral;
  return {
    id: ref.id,
    caseId: r.caseId,
    trackingNumber: r.trackingNumber,
    title: r.requestTitle ?? r.requestDescription.slice(0, 40),
    question: ref.question,
    difficult: ref.difficult,
    referredOn: chineseDate(ref.referredOn),
    dueDate: r.dueDate ?? '',
    provisional: r.dueDateProvisional,
    overdue: r.overdue,
    waiting: !ref.opinion,
    opinion: ref.opinion ? OPINION_LABELS[ref.opinion] : null,
    opinionText: ref.opinionText,
    articles: (ref.articles ?? []).join('；'),
    answeredOn: ref.answeredOn,
  };
}
