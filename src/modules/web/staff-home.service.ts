import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Role } from '../../common/auth/role.js';
import { Clock } from '../../common/time/clock.js';
import { CasesService } from '../cases/cases.service.js';
import { ListCasesQuery } from '../cases/dto/list-cases.query.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
import { renderChart, renderSvgChart } from '../reports/statistics-charts.js';
import { StatisticsService } from '../reports/statistics.service.js';
import { StaffRoleHome } from './staff-role-home.service.js';
import { beijingMinute, caseRow, type CaseRow } from './staff-view.js';
import { validateAs } from './web-forms.js';

/** "Due soon" on the workbench: the due date falls within this many working days (the same as the statistics). */
export const DUE_SOON_WORKDAYS = 5;
const SECTION_LIMIT = 20;

interface Section {
  key: string;
  title: string;
  hint: string;
  rows: CaseRow[];
  more: string;
}

/** The sections of the workbench home; each is one call of the API's queue read (CasesService.list). */
@Injectable()
export class StaffHome {
  constructor(
    private readonly cases: CasesService,
    private readonly calendars: CalendarService,
    private readonly statistics: StatisticsService,
    private readonly clock: Clock,
    @InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>,
    private readonly roleHome: StaffRoleHome,
  ) {}

  /** Today and "soon" (today + 5 working days; today itself when the calendar ends before that). */
  async window(): Promise<{ today: string; soon: string }> {
    const today = this.clock.today();
    try {
      return { today, soon: (await this.calendars.current()).addWorkdays(today, DUE_SOON_WORKDAYS) };
    } catch {
      return { today, soon: today };
    }
  }

  async sections(user: AuthUser): Promise<Record<string, unknown>> {
    const { today, soon } = await this.window();
    const section = async (key: string, title: string, hint: string, q: Record<string, unknown>): Promise<Section> => {
      const page = await this.cases.list(user, await validateAs(ListCasesQuery, { ...q, limit: String(SECTION_LIMIT) }));
      const more = new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString();
      return { key, title, hint, rows: page.items.map((c) => caseRow(c, today, soon, user.id)), more: `/staff/cases?${more}` };
    };
    const notices = await this.notices(user, true);
    const base = { today, soon, notices: notices.slice(0, 10), noticeCount: notices.length };
    if (user.role === Role.OFFICER || user.role === Role.OFFICE_HEAD) {
      const sections: Section[] = [];
      if (user.role === Role.OFFICE_HEAD) {
        sections.push(await section('approvals', '待我审批', '承办人提交审批的答复稿（条例第三十三条：答复经本机关负责人审批）', { status: 'AWAITING_APPROVAL' }));
      }
      sections.push(
        await section('overdue', '已逾期', '已超过答复期限、尚未送达答复的案件', { assignee: 'me', overdue: 'true' }),
        await section('due-soon', `${DUE_SOON_WORKDAYS}个工作日内到期`, `答复期限在${soon.slice(0, 10)}之前（含当日）`, { assignee: 'me', dueBefore: soon }),
        await section('my-action', '待我处理', '补正已收到、意见已返回、答复稿被退回等需要承办人下一步操作的案件', { assignee: 'me', status: 'REGISTERED,ACCEPTED,DRAFTING,APPROVED' }),
        await section('correction', '补正期间', '等待申请人补正的案件；补正期限届满未补正的，视为放弃申请（条例第三十条）', { assignee: 'me', status: 'CORRECTION_PENDING' }),
        await section('unconfirmed', '待确认收到', '网络、传真、平信申请需确认收到后才开始计算期限（条例第三十一条）', { status: 'SUBMITTED' }),
      );
      const charts = user.role === Role.OFFICE_HEAD && user.agencyId ? await this.charts(user, today) : null;
      return { ...base, caseWorker: true, sections, charts, chartRows: charts?.rows ?? [] };
    }
    // The other roles: the first screen of their own pages, from the same service methods those pages call.
    if (user.role === Role.LEGAL_ADVISOR) return { ...base, caseWorker: false, advisor: { waiting: (await this.roleHome.advisorReferrals(user)).waiting } };
    if (user.role === Role.AUDITOR) return { ...base, caseWorker: false, auditor: { lastSweep: await this.roleHome.lastSweep() } };
    if (user.role === Role.ADMIN) return { ...base, caseWorker: false, admin: await this.roleHome.adminOverview() };
    return { ...base, caseWorker: false };
  }

  /** Two server-rendered SVG charts for the office head: open cases by status; this month's received vs answered. */
  private async charts(user: AuthUser, today: string): Promise<{ open: string; month: string; rows: { label: string; count: number }[] }> {
    const from = `${today.slice(0, 7)}-01`;
    const s = await this.statistics.statistics(user, { agencyId: user.agencyId!, from, to: today });
    const answered = s.replyTypeMix.reduce((n, r) => n + (r.closingType ? r.count : 0), 0);
    const month = await renderSvgChart(
      {
        textStyle: { fontFamily: 'Noto Sans SC, Noto Sans CJK SC, sans-serif' },
        title: { text: `本月收到与办结（${from} 至 ${today}）`, left: 'center', textStyle: { fontSize: 16 } },
        grid: { top: 50, left: 80, right: 50, bottom: 30 },
        xAxis: { type: 'value', minInterval: 1, name: '件' },
        yAxis: { type: 'category', inverse: true, data: ['收到申请', '办结答复'] },
        series: [{ type: 'bar', data: [s.receivedInPeriod, answered], label: { show: true, position: 'right' }, itemStyle: { color: '#1d70b8' } }],
      },
      { width: 800, height: 260 },
    );
    // As images (data: URLs): the page's CSP allows no inline styles, which the SVG carries; a table gives the numbers.
    const b64 = (svg: string) => Buffer.from(svg, 'utf8').toString('base64');
    const rows = [...s.openByStatus.map((r) => ({ label: `办理中：${r.label}`, count: r.count })), { label: '本月收到申请', count: s.receivedInPeriod }, { label: '本月办结答复', count: answered }];
    return { open: b64(await renderChart('open', s)), month: b64(month), rows };
  }

  async notices(user: AuthUser, unreadOnly = false): Promise<{ id: string; caseId: string | null; message: string; read: boolean; when: string }[]> {
    const rows = await this.notifications.find({ where: { userId: user.id }, order: { createdAt: 'DESC' }, take: 100 });
    return rows
      .filter((n) => !unreadOnly || !n.readAt)
      .map((n) => ({ id: n.id, caseId: n.caseId, message: n.message, read: !!n.readAt, when: beijingMinute(n.createdAt) }));
  }

  async markRead(user: AuthUser, id: string): Promise<void> {
    await this.notifications.update({ id, userId: user.id }, { readAt: this.clock.now() });
  }
}
