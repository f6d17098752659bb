import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { CaseEventPipe } from '../cases/case-event.pipe.js';
import { CasesService } from '../cases/cases.service.js';
import type { CaseDto, CaseEventDto } from '../cases/dto/case.dto.js';
import type { LegalOpinion } from '../legal/legal-referral.entity.js';
import { LegalReferralsRepository } from '../legal/legal-referrals.repository.js';
import { STAFF_STYLES } from './staff-admin-view.js';
import { OPINION_LABELS, StaffRoleHome } from './staff-role-home.service.js';
import { STAFF_LEGAL_PATH, staffUser } from './staff-paths.js';
import { type FormErrors, flatForm, formErrorsOf, singleError } from './web-forms.js';
import { chineseDate, renderError } from './web-setup.js';
import { WebPages } from './web-page.decorator.js';

const ADVISOR: readonly Role[] = [Role.LEGAL_ADVISOR];
const OPINION_FIELDS = ['referralId', 'opinion', 'text', 'articles'];

/** The case's record in plain words; an advisor sees the handling, never contact details (the API's advisor view). */
const EVENT_LABELS: Record<string, string> = {
  REGISTERED: '登记申请',
  CONFIRM_RECEIPT: '确认收到申请',
  ACCEPT: '受理',
  REQUEST_CORRECTION: '告知补正',
  RECEIVE_CORRECTION: '收到补正材料',
  CORRECTION_LAPSED: '逾期未补正',
  CONSULT_THIRD_PARTY: '征求第三方意见',
  RECEIVE_THIRD_PARTY_OPINION: '收到第三方意见',
  THIRD_PARTY_LAPSED: '征求意见期限届满',
  SEND_FEE_NOTICE: '发出收费通知',
  RECEIVE_FEE_PAYMENT: '收到信息处理费',
  FEE_LAPSED: '逾期未缴费',
  APPROVE_EXTENSION: '批准延长答复期限',
  DEFER: '确定延迟答复',
  REFER_TO_LEGAL: '提请法律顾问会商',
  SUBMIT_LEGAL_OPINION: '法律顾问提出意见',
  START_DRAFT: '起草答复',
  SUBMIT_FOR_APPROVAL: '提交审核',
  APPROVE_REPLY: '负责人审核同意',
  RETURN_DRAFT: '退回修改',
  DELIVER_REPLY: '答复送达',
  RECORD_DELIVERY_PROOF: '记录送达凭证',
  WITHDRAW: '申请人撤回申请',
  CLOSE: '终结处理',
  ARCHIVE: '归档',
  DEADLINE_WARNING: '期限提醒',
  DEADLINE_PASSED: '超过答复期限',
  CALENDAR_CHANGED: '工作日历调整，答复期限重算',
  ASSIGN: '分办',
  RECORD_REMEDY: '记录复议或诉讼',
  SET_LEGAL_HOLD: '设置诉讼保全',
  DISCLOSURE_DECIDED: '主动公开决定',
  DISCLOSURE_SUGGESTION_REVIEWED: '审核主动公开建议',
};

/** The payload facts worth reading in the record (free text the office wrote), in this order. */
const EVENT_TEXT_KEYS = ['question', 'text', 'grounds', 'comments', 'note', 'replyType', 'until', 'workdays'];

/**
 * 法律顾问 (legal advisor) pages: the referrals made to them, the case as the API shows it to an advisor, and the
 * opinion form, which sends SUBMIT_LEGAL_OPINION through the case service exactly as the API's event does.
 * A case not referred to the advisor answers 404, as in the API.
 */
@WebPages()
@Public()
@Controller()
export class StaffLegalController {
  constructor(
    private readonly cases: CasesService,
    private readonly referrals: LegalReferralsRepository,
    private readonly roleHome: StaffRoleHome,
  ) {}

  /** Waiting referrals first (earliest reply deadline first), then the advisor's history of opinions. */
  @Get('staff/legal')
  async home(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADVISOR);
    if (!user) return;
    const { waiting, answered } = await this.roleHome.advisorReferrals(user);
    res.render('staff/legal/home', { title: '法律顾问会商', user, waiting, answered, ...subnav('home') });
  }

  @Get('staff/legal/cases/:id')
  async case(@Param('id') id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADVISOR);
    if (!user) return;
    await this.renderCase(res, user, id, { done: req.query.done === '1' });
  }

  @HttpCode(200)
  @Post('staff/legal/cases/:id/opinion')
  async opinion(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADVISOR);
    if (!user) return;
    if (!isUUID(id)) return renderError(res, 404);
    const form = flatForm(body);
    const articles = (form.articles ?? '')
      .split(/\r?\n/)
      .map((a) => a.trim())
      .filter(Boolean);
    const command = {
      type: 'SUBMIT_LEGAL_OPINION',
      referralId: form.referralId ?? '',
      ...(form.opinion ? { opinion: form.opinion } : {}),
      text: form.text ?? '',
      ...(articles.length ? { articles } : {}),
    };
    try {
      // The API's own pipe and service: the same validation, the same rules, one transaction.
      const dto = await new CaseEventPipe().transform(command);
      await this.cases.applyEvent(user, id, dto);
    } catch (e) {
      if (e instanceof AppException && e.status === 404) return renderError(res, 404);
      let errors: FormErrors;
      if (e instanceof AppException && e.code === 'VALIDATION_FAILED') errors = formErrorsOf(e, OPINION_FIELDS, { 'articles.0': 'articles' });
      else if (e instanceof AppException && e.status < 500) errors = singleError('opinion', e.message);
      else throw e;
      res.status(e instanceof AppException ? e.status : 422);
      return this.renderCase(res, user, id, { errors, form });
    }
    res.redirect(303, `${STAFF_LEGAL_PATH}/cases/${id}?done=1`);
  }

  private async renderCase(res: Response, user: AuthUser, id: string, extra: { done?: boolean; errors?: FormErrors; form?: Record<string, string> }): Promise<void> {
    if (!isUUID(id)) return renderError(res, 404);
    let view: CaseDto;
    let events: CaseEventDto[];
    try {
      view = await this.cases.get(user, id);
      events = await this.cases.events(user, id);
    } catch (e) {
      if (e instanceof AppException && e.status === 404) return renderError(res, 404);
      throw e;
    }
    const mine = await this.referrals.onCase(id, user.id);
    const open = mine.filter((r) => !r.opinion);
    const form = extra.form ?? { referralId: open[0]?.id ?? '' };
    res.render('staff/legal/case', {
      title: `${extra.errors ? '错误：' : ''}会商案件 ${view.trackingNumber}`,
      user,
      case: {
        id: view.id,
        trackingNumber: view.trackingNumber,
        title: view.requestTitle ?? '',
        description: view.requestDescription,
        documentNumber: view.requestDocumentNumber,
        applicantName: view.applicantName,
        receiptDate: view.receiptDate ? chineseDate(view.receiptDate) : '尚未确认收到',
        status: view.statusLabel,
        dueDate: view.dueDate ? chineseDate(view.dueDate) : '尚未开始计算',
        provisional: view.dueDateProvisional,
        overdue: view.overdue,
      },
      referrals: mine.map((r, i) => ({ number: i + 1, id: r.id, question: r.question, difficult: r.difficult, referredOn: chineseDate(r.referredOn), opinion: r.opinion ? OPINION_LABELS[r.opinion] : null, text: r.opinionText, articles: (r.articles ?? []).join('；'), answeredOn: r.answeredOn ? chineseDate(r.answeredOn) : null })),
      open: open.map((r) => ({ value: r.id, label: `第${mine.indexOf(r) + 1}项：${r.question.slice(0, 40)}${r.question.length > 40 ? '…' : ''}` })),
      single: open.length === 1 ? open[0]!.id : null,
      opinions: Object.entries(OPINION_LABELS).map(([value, label]) => ({ value, label })),
      events: events.map((e) => ({ date: chineseDate(e.effectiveDate), label: EVENT_LABELS[e.type] ?? e.type, text: eventText(e) })),
      form,
      errors: extra.errors,
      labels: { referralId: '会商事项', opinion: '意见', text: '意见理由', articles: '依据的条款' },
      done: extra.done,
      ...subnav('case'),
    });
  }
}

function eventText(e: CaseEventDto): string {
  const p = e.payload ?? {};
  const parts = EVENT_TEXT_KEYS.flatMap((k) => (typeof p[k] === 'string' || typeof p[k] === 'number' ? [String(p[k])] : []));
  if (typeof p.opinion === 'string' && p.opinion in OPINION_LABELS) parts.unshift(OPINION_LABELS[p.opinion as LegalOpinion]);
  return parts.join('；');
}

function subnav(current: string): { subnav: { href: string; label: string; current: boolean }[]; styles: string[] } {
  return { subnav: [{ href: STAFF_LEGAL_PATH, label: '我的会商', current: current === 'home' }], styles: STAFF_STYLES };
}
