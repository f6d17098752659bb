import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Role } from '../../common/auth/role.js';
import { Clock } from '../../common/time/clock.js';
import { type CaseEffectContext, CaseEffectsRegistry } from '../cases/commands/case-effects.registry.js';
import type { CaseEventType } from '../cases/workflow/case-event.js';
import { SYSTEM_ROLE } from '../cases/workflow/roles.js';
import { UsersRepository } from '../users/users.repository.js';
import { UserNotices } from './notify-users.js';
import { StaffNotifier } from './staff-notifier.service.js';

/** What the assignee is told when someone else moves their case on (the tracking number goes first). */
const ASSIGNEE_NOTICES: Partial<Record<CaseEventType, string>> = {
  RECEIVE_CORRECTION: '申请人已提交补正材料，答复期限自收到补正之日起重新计算（条例第三十条）',
  RECEIVE_THIRD_PARTY_OPINION: '已收到征求意见的答复',
  THIRD_PARTY_LAPSED: '征求意见期限届满，第三方未提出意见（条例第三十二条）',
  RECEIVE_FEE_PAYMENT: '申请人已缴纳信息处理费，请继续办理',
  SUBMIT_LEGAL_OPINION: '法律顾问已提出会商意见',
  RETURN_DRAFT: '答复草稿被退回修改',
};

/**
 * The statechart's notices to people of the office and to the applicant's account (in-app, and mail to staff with
 * an address). Deadline warnings and the overdue mark are not repeated here: the deadline scanner that records
 * DEADLINE_WARNING and DEADLINE_PASSED tells the assignee, every office head and the advisors of open referrals
 * itself, with the warning's own words (the effects below leave the system's deadline events to it).
 */
@Injectable()
export class CaseNotificationEffects implements OnModuleInit {
  constructor(
    private readonly registry: CaseEffectsRegistry,
    private readonly staff: StaffNotifier,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
    private readonly notices: UserNotices,
  ) {}

  onModuleInit(): void {
    this.registry.register('notifications', ['notifyAssignee'], (ctx) => this.notifyAssignee(ctx));
    this.registry.register('notifications', ['notifyApprover'], (ctx) => this.notifyApprover(ctx));
    this.registry.register('notifications', ['notifyOfficeHead'], (ctx) => this.notifyOfficeHead(ctx));
    this.registry.register('notifications', ['notifyApplicant'], (ctx) => this.notifyApplicant(ctx));
  }

  /**
   * The case's officer learns what others did on it. ASSIGN is told by the pipeline's assignment step (it also
   * covers the default assignment on CONFIRM_RECEIPT or ACCEPT, which the statechart cannot see); nobody is told of
   * their own act.
   */
  private async notifyAssignee(ctx: CaseEffectContext): Promise<void> {
    const { row, event, actor } = ctx;
    const text = ASSIGNEE_NOTICES[event.type];
    if (!text || !row.assigneeId || row.assigneeId === actor.id) return;
    await this.tell(ctx, [row.assigneeId], `CASE_${event.type}`, `${row.trackingNumber} ${text}`);
  }

  /** The office heads, who alone approve a reply (APPROVE_REPLY), are asked to review the draft. */
  private async notifyApprover(ctx: CaseEffectContext): Promise<void> {
    const heads = (await this.users.activeOfAgency(ctx.row.agencyId, Role.OFFICE_HEAD, ctx.em)).map((u) => u.id).filter((id) => id !== ctx.actor.id);
    await this.tell(ctx, heads, 'APPROVAL_REQUESTED', `${ctx.row.trackingNumber} 答复草稿已提交审批，请审核`);
  }

  /**
   * The statechart names the office head only on DEADLINE_PASSED, which only the deadline scanner records, and the
   * scanner tells every office head of the agency itself (with the overdue date). A staff-recorded event naming this
   * effect would reach the heads here.
   */
  private async notifyOfficeHead(ctx: CaseEffectContext): Promise<void> {
    if (ctx.actor.role === SYSTEM_ROLE) return;
    const heads = (await this.users.activeOfAgency(ctx.row.agencyId, Role.OFFICE_HEAD, ctx.em)).map((u) => u.id).filter((id) => id !== ctx.actor.id);
    await this.tell(ctx, heads, `CASE_${ctx.event.type}`, `${ctx.row.trackingNumber} ${ctx.event.type === 'DEADLINE_PASSED' ? '已超过答复期限' : '需要负责人处理'}`);
  }

  /**
   * A withdrawal recorded by the office (on paper or by phone) is confirmed in the applicant's account, when they
   * have one; the applicant who withdrew online already sees it. Documents to the applicant (notices, the reply)
   * go with the events that issue them, by mail or post.
   */
  private async notifyApplicant({ em, row, event, actor }: CaseEffectContext): Promise<void> {
    if (!row.applicantUserId || row.applicantUserId === actor.id) return;
    const message = event.type === 'WITHDRAW' ? `${row.trackingNumber} 您的政府信息公开申请已撤回` : `${row.trackingNumber} 您的申请有新的办理进展`;
    await this.notices.notify(em, [row.applicantUserId], { caseId: row.id, kind: `CASE_${event.type}`, message });
  }

  private async tell(ctx: CaseEffectContext, userIds: readonly string[], kind: string, message: string): Promise<void> {
    const { em, row, agency, afterCommit } = ctx;
    await this.staff.tell(
      em,
      userIds,
      { caseId: row.id, trackingNumber: row.trackingNumber, kind, message, eventKey: `${row.id}:${row.version}`, agencyName: agency.name, today: this.clock.today() },
      afterCommit,
    );
  }
}
