import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { Role } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AgenciesRepository } from '../agencies/agencies.repository.js';
import { PdfFonts } from '../documents/pdf-fonts.js';
import { CHANNEL_LABELS, DisclosureDecisionsService, NOT_PUBLISH_REASONS } from '../disclosure/disclosure-decisions.service.js';
import { CONCLUSION_LABELS, DisclosureSelfCheckService, SELF_CHECK_KIND_LABELS, selfCheckCsv } from '../disclosure/disclosure-self-check.service.js';
import { DisclosureGroupsService, type GroupView } from '../disclosure/disclosure-groups.service.js';
import { DecisionDto, MarkPublishedDto, MergeGroupDto, RemoveMemberDto, SelfCheckConclusionDto, SplitGroupDto, SuggestionReviewDto } from '../disclosure/dto/disclosure.dto.js';
import { renderSelfCheckPdf } from '../disclosure/self-check-pdf.js';
import { REPLY_TYPE_LABELS } from '../letters/reply-type.js';
import { restoreForm, stashAndLogin } from './form-stash.js';
import { WebCookies } from './web-cookies.js';
import { type FlatForm, type FormErrors, flatForm, formErrorsOf, nest, singleError, validateAs } from './web-forms.js';
import { WebPages } from './web-page.decorator.js';
import { chineseDate, renderError } from './web-setup.js';

/** Where staff log in; the page itself belongs to the staff foundation. */
export const STAFF_LOGIN_PATH = '/staff/login';
export const STAFF_DISCLOSURE_PATH = '/staff/disclosure';

/** Officers and heads act for their agency; auditors read their subtree and change nothing. */
const READERS: readonly Role[] = [Role.OFFICER, Role.OFFICE_HEAD, Role.AUDITOR];
const ACTORS: readonly Role[] = [Role.OFFICER, Role.OFFICE_HEAD];

const DECISION_FIELDS = ['kind', 'publication.title', 'publication.documentNumber', 'publication.channel', 'publication.location', 'publication.url', 'publication.publishedOn', 'withheldReviewNote', 'reason', 'text', 'reviewOn'];
const GROUP_FIELDS = ['otherGroupId', 'mergeReason', 'caseIds', 'splitReason', 'caseId', 'removeReason', ...DECISION_FIELDS];
const REVIEW_FIELDS = ['accept', 'reason', 'publication.title', 'publication.documentNumber', 'publication.channel', 'publication.location', 'publication.url', 'publication.publishedOn'];

const FIELD_LABELS: Record<string, string> = {
  otherGroupId: '并入本组的分组',
  mergeReason: '合并理由',
  caseIds: '拆出的案件',
  splitReason: '拆分理由',
  caseId: '移除的案件',
  removeReason: '移除理由',
  kind: '决定',
  'publication.title': '公开的信息名称',
  'publication.documentNumber': '文号',
  'publication.channel': '公开途径',
  'publication.location': '公开位置',
  'publication.url': '网址',
  'publication.publishedOn': '公开日期',
  withheldReviewNote: '可以公开的理由',
  reason: '理由',
  text: '说明',
  reviewOn: '再次审查日期',
  accept: '审核结果',
  publishedOn: '公开日期',
  url: '网址',
  conclusion: '审查结论',
  note: '说明',
};

const DECISION_KINDS = [
  { value: 'PUBLISH', label: '决定主动公开' },
  { value: 'NOT_PUBLISH', label: '不予主动公开' },
  { value: 'REVIEW_LATER', label: '以后再审' },
];
const STATUS_LABELS: Record<string, string> = {
  SUBMITTED: '已提交',
  REGISTERED: '已登记',
  CORRECTION_PENDING: '待补正',
  ACCEPTED: '办理中',
  CONSULTING_THIRD_PARTY: '征求第三方意见',
  AWAITING_FEE: '待缴费',
  LEGAL_REVIEW: '法律审核',
  DRAFTING: '拟稿',
  AWAITING_APPROVAL: '待审批',
  APPROVED: '已审批',
  DELIVERED: '已送达',
  ARCHIVED: '已归档',
  WITHDRAWN: '已撤回',
  CLOSED: '已终止',
};
const ACTION_LABELS: Record<string, string> = {
  MERGE: '合并',
  MERGED_INTO: '并入另一组',
  SPLIT: '拆分',
  SPLIT_FROM: '由拆分产生',
  REMOVE_MEMBER: '移除成员',
  DECIDE_PUBLISH: '决定主动公开',
  DECIDE_NOT_PUBLISH: '决定不予主动公开',
  DECIDE_REVIEW_LATER: '决定以后再审',
  PUBLISHED: '记录已公开',
};

const replyLabel = (t: string) => (REPLY_TYPE_LABELS as Record<string, string>)[t] ?? t;
const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));

/**
 * Staff pages of proactive disclosure (条例第四十四条): the worklist, one group with its corrections and the
 * decision (条例第二十六条: published within 20 working days), the applicants' suggestions, the yearly self-check
 * (条例第十八条) with CSV and PDF. They call the API's services with the API's DTOs; a form posted after the session
 * ran out is kept through the login.
 */
@WebPages()
@Public()
@Controller()
export class StaffDisclosureController {
  constructor(
    private readonly disclosure: DisclosureGroupsService,
    private readonly decisions: DisclosureDecisionsService,
    private readonly selfChecks: DisclosureSelfCheckService,
    private readonly agencies: AgenciesRepository,
    private readonly fonts: PdfFonts,
    private readonly cookies: WebCookies,
    private readonly clock: Clock,
  ) {}

  @Get('staff/disclosure')
  async worklist(@Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!this.reader(req, res, user)) return;
    const all = req.query.all === '1';
    let groups: GroupView[];
    if (all) groups = await this.disclosure.groups(user, {});
    else if (ACTORS.includes(user.role)) groups = await this.disclosure.worklist(user);
    else groups = (await this.disclosure.groups(user, {})).filter((g) => g.reachesThreshold);
    const pending = ACTORS.includes(user.role) ? (await this.decisions.suggestions(user, true)).length : null;
    res.render('staff/disclosure/worklist', {
      title: all ? '相同信息的申请分组' : '转主动公开工作清单',
      all,
      canAct: ACTORS.includes(user.role),
      groups: groups.map((g) => this.groupRow(g)),
      pending,
      year: Number(this.clock.today().slice(0, 4)),
      nav: 'worklist',
    });
  }

  @Get('staff/disclosure/groups/:id')
  async group(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!this.reader(req, res, user)) return;
    const restored = restoreForm(req, res, this.cookies, req.path);
    await this.renderGroup(res, user, id, restored ?? {}, restored ? { list: [], byField: {} } : null, !!restored);
  }

  @HttpCode(200)
  @Post('staff/disclosure/groups/:id/merge')
  async merge(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const page = `${STAFF_DISCLOSURE_PATH}/groups/${id}`;
    if (!this.actor(req, res, user, page)) return;
    const form = flatForm(req.body);
    await this.act(res, user, id, form, page, async () => {
      const dto = await validateAs(MergeGroupDto, { ...(form.otherGroupId ? { otherGroupId: form.otherGroupId } : {}), ...(form.mergeReason?.trim() ? { reason: form.mergeReason } : {}) });
      await this.disclosure.merge(user, id, dto.otherGroupId, dto.reason);
      return `${page}?done=merge`;
    }, { reason: 'mergeReason' });
  }

  @HttpCode(200)
  @Post('staff/disclosure/groups/:id/split')
  async split(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const page = `${STAFF_DISCLOSURE_PATH}/groups/${id}`;
    if (!this.actor(req, res, user, page)) return;
    const form = flatForm(req.body);
    const raw = (req.body as Record<string, unknown> | undefined)?.caseIds;
    const caseIds = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((v): v is string => typeof v === 'string');
    form.caseIds = caseIds.join('\n');
    await this.act(res, user, id, form, page, async () => {
      if (caseIds.length === 0) throw AppException.invalidField('caseIds', 'REQUIRED', '请选择要拆出的案件');
      const dto = await validateAs(SplitGroupDto, { caseIds, ...(form.splitReason?.trim() ? { reason: form.splitReason } : {}) });
      const { to } = await this.disclosure.split(user, id, dto.caseIds, dto.reason);
      return `${STAFF_DISCLOSURE_PATH}/groups/${to.id}?done=split`;
    }, { reason: 'splitReason' });
  }

  @HttpCode(200)
  @Post('staff/disclosure/groups/:id/remove-member')
  async removeMember(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const page = `${STAFF_DISCLOSURE_PATH}/groups/${id}`;
    if (!this.actor(req, res, user, page)) return;
    const form = flatForm(req.body);
    await this.act(res, user, id, form, page, async () => {
      const dto = await validateAs(RemoveMemberDto, { ...(form.caseId ? { caseId: form.caseId } : {}), reason: form.removeReason ?? '' });
      await this.disclosure.removeMember(user, id, dto.caseId, dto.reason);
      return `${page}?done=remove`;
    }, { reason: 'removeReason' });
  }

  @HttpCode(200)
  @Post('staff/disclosure/groups/:id/decision')
  async decide(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const page = `${STAFF_DISCLOSURE_PATH}/groups/${id}`;
    if (!this.actor(req, res, user, page)) return;
    const form = flatForm(req.body);
    await this.act(res, user, id, form, page, async () => {
      const kind = form.kind;
      // Only the fields of the chosen decision are sent: a half-filled publication under 不公开 is not an error.
      const fields = kind === 'PUBLISH' ? ['kind', 'publication.title', 'publication.documentNumber', 'publication.channel', 'publication.location', 'publication.url', 'publication.publishedOn', 'withheldReviewNote'] : kind === 'NOT_PUBLISH' ? ['kind', 'reason', 'text'] : ['kind', 'reviewOn', 'text'];
      const body = nest(form, fields);
      if (kind === 'PUBLISH') body.publication ??= {};
      if (!kind) throw AppException.invalidField('kind', 'REQUIRED', '请选择决定');
      await this.decisions.decide(user, id, await validateAs(DecisionDto, body));
      return `${page}?done=decision`;
    });
  }

  @HttpCode(200)
  @Post('staff/disclosure/publications/:id/published')
  async published(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const form = flatForm(req.body);
    const groupId = /^[0-9a-f-]{36}$/.test(form.groupId ?? '') ? form.groupId! : null;
    const page = groupId ? `${STAFF_DISCLOSURE_PATH}/groups/${groupId}` : STAFF_DISCLOSURE_PATH;
    if (!this.actor(req, res, user, page)) return;
    try {
      const dto = await validateAs(MarkPublishedDto, nest(form, ['publishedOn', 'url']));
      await this.decisions.markPublished(user, id, dto.publishedOn, dto.url);
    } catch (e) {
      if (!groupId) throw e;
      return this.renderGroup(res.status(statusOf(e)), user, groupId, form, errorsOf(e, ['publishedOn', 'url'], 'publishedOn'), false);
    }
    res.redirect(303, `${page}?done=published`);
  }

  @Get('staff/disclosure/suggestions')
  async suggestions(@Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!this.actor(req, res, user, `${STAFF_DISCLOSURE_PATH}/suggestions`)) return;
    const all = await this.decisions.suggestions(user, false);
    res.render('staff/disclosure/suggestions', {
      title: '申请人的主动公开建议',
      nav: 'suggestions',
      pending: all.filter((s) => s.status === 'PENDING'),
      decided: all.filter((s) => s.status !== 'PENDING').map((s) => ({ ...s, statusLabel: s.status === 'ACCEPTED' ? '已采纳' : '不予采纳' })),
      done: req.query.done === 'review',
    });
  }

  @Get('staff/disclosure/suggestions/:id')
  async suggestion(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!this.actor(req, res, user, `${STAFF_DISCLOSURE_PATH}/suggestions/${id}`)) return;
    const restored = restoreForm(req, res, this.cookies, req.path);
    await this.renderSuggestion(res, user, id, restored ?? { accept: '' }, null, !!restored);
  }

  @HttpCode(200)
  @Post('staff/disclosure/suggestions/:id/review')
  async review(@Param('id', UuidParamPipe) id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const page = `${STAFF_DISCLOSURE_PATH}/suggestions/${id}`;
    if (!this.actor(req, res, user, page)) return;
    const form = flatForm(req.body);
    try {
      if (form.accept !== 'true' && form.accept !== 'false') throw AppException.invalidField('accept', 'REQUIRED', '请选择是否采纳');
      const accept = form.accept === 'true';
      const body: Record<string, unknown> = { ...nest(form, accept ? REVIEW_FIELDS.slice(1) : ['reason']), accept };
      if (accept) body.publication ??= {};
      await this.decisions.review(user, id, await validateAs(SuggestionReviewDto, body));
    } catch (e) {
      return this.renderSuggestion(res.status(statusOf(e)), user, id, form, errorsOf(e, REVIEW_FIELDS, 'reason'), false);
    }
    res.redirect(303, `${STAFF_DISCLOSURE_PATH}/suggestions?done=review`);
  }

  @Get('staff/disclosure/self-check/:year')
  async selfCheck(@Param('year') year: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const y = yearOf(year);
    if (!this.reader(req, res, user)) return;
    const agencyId = agencyParam(req);
    if (!agencyId && !ACTORS.includes(user.role)) return this.renderAgencyChoice(res, user, y);
    const restored = restoreForm(req, res, this.cookies, req.path);
    await this.renderSelfCheck(res, user, y, restored ?? {}, null, !!restored, agencyId);
  }

  @HttpCode(200)
  @Post('staff/disclosure/self-check/:year/conclusions')
  async conclude(@Param('year') year: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const y = yearOf(year);
    const page = `${STAFF_DISCLOSURE_PATH}/self-check/${y}`;
    if (!this.actor(req, res, user, page)) return;
    const form = flatForm(req.body);
    try {
      const dto = await validateAs(SelfCheckConclusionDto, nest(form, ['key', 'conclusion', 'note']));
      await this.selfChecks.concludeItem(user, y, dto.key, dto.conclusion, dto.note);
    } catch (e) {
      return this.renderSelfCheck(res.status(statusOf(e)), user, y, form, errorsOf(e, ['conclusion', 'note'], 'conclusion'), false);
    }
    res.redirect(303, `${page}?done=${encodeURIComponent(form.key ?? '')}#item-${itemAnchor(form.key ?? '')}`);
  }

  @Get('staff/disclosure/self-check/:year/export.csv')
  async selfCheckCsv(@Param('year') year: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const y = yearOf(year);
    if (!this.reader(req, res, user)) return;
    const check = await this.selfChecks.selfCheck(user, agencyParam(req), y);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="self-check-${y}.csv"`);
    res.end(selfCheckCsv(check));
  }

  @Get('staff/disclosure/self-check/:year/export.pdf')
  async selfCheckPdf(@Param('year') year: string, @Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const y = yearOf(year);
    if (!this.reader(req, res, user)) return;
    const check = await this.selfChecks.selfCheck(user, agencyParam(req), y);
    const agency = await this.agencies.findById(check.agencyId);
    const pdf = await renderSelfCheckPdf(check, agency?.name ?? '', this.clock.today(), this.fonts);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="self-check-${y}.pdf"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(pdf);
  }

  /** Logged in as a role that may read these pages; otherwise the login (no user) or 403, and false. */
  private reader(req: Request, res: Response, user: AuthUser | undefined): user is AuthUser {
    if (!user) {
      res.redirect(303, `${STAFF_LOGIN_PATH}?next=${req.path}`);
      return false;
    }
    if (!READERS.includes(user.role)) {
      renderError(res, 403);
      return false;
    }
    this.navLocals(res, user);
    return true;
  }

  /** An officer or head; a form posted after the session ran out is kept through the login. */
  private actor(req: Request, res: Response, user: AuthUser | undefined, page: string): user is AuthUser {
    if (!user) {
      if (req.method === 'POST') stashAndLogin(req, res, this.cookies, page, STAFF_LOGIN_PATH);
      else res.redirect(303, `${STAFF_LOGIN_PATH}?next=${page}`);
      return false;
    }
    if (!ACTORS.includes(user.role)) {
      renderError(res, 403, user.role === Role.AUDITOR ? '审计人员只能查看，不能修改。' : undefined);
      return false;
    }
    this.navLocals(res, user);
    return true;
  }

  /** What the pages' own navigation needs (res.locals reach every view). */
  private navLocals(res: Response, user: AuthUser): void {
    res.locals.canSuggest = ACTORS.includes(user.role);
    res.locals.navYear = Number(this.clock.today().slice(0, 4));
  }

  /** Runs a change on a group; a 422/409 shows the group page again with the message beside the field. */
  private async act(res: Response, user: AuthUser, id: string, form: FlatForm, _page: string, run: () => Promise<string>, aliases: Record<string, string> = {}): Promise<void> {
    let next: string;
    try {
      next = await run();
    } catch (e) {
      const first = Object.values(aliases)[0] ?? (form.kind !== undefined ? 'kind' : 'caseId');
      return this.renderGroup(res.status(statusOf(e)), user, id, form, errorsOf(e, GROUP_FIELDS, first, aliases), false);
    }
    res.redirect(303, next);
  }

  private groupRow(g: GroupView) {
    return {
      ...g,
      replyTypeLabels: g.replyTypes.map(replyLabel),
      decisionLabel: decisionLabel(g.decision),
    };
  }

  private async renderGroup(res: Response, user: AuthUser, id: string, form: FlatForm, errors: FormErrors | null, restored: boolean): Promise<void> {
    const g = await this.disclosure.group(user, id);
    const canAct = ACTORS.includes(user.role) && g.agencyId === user.agencyId;
    const others = canAct ? (await this.disclosure.groups(user, {})).filter((o) => o.id !== g.id && o.agencyId === g.agencyId) : [];
    const publications = await this.decisions.groupPublications(user, id);
    const chosen = new Set((form.caseIds ?? '').split('\n').filter(Boolean));
    const done = typeof res.req.query.done === 'string' ? res.req.query.done : '';
    const DONE: Record<string, string> = { merge: '已合并。', split: '已拆分，以下是拆出的新分组。', remove: '已移除该成员，以后识别时不会再并入本组。', decision: '决定已记录，并显示在每个成员案件的记录中。', published: '已记录公开日期。' };
    res.render('staff/disclosure/group', {
      title: `${errors?.list.length ? '错误：' : ''}分组：${g.label}`,
      nav: 'worklist',
      g: this.groupRow(g),
      members: g.members.map((m) => ({ ...m, statusLabel: STATUS_LABELS[m.status] ?? m.status, replyLabel: m.replyType ? replyLabel(m.replyType) : '尚未答复', checked: chosen.has(m.caseId) })),
      actions: g.actions.map((a) => ({ ...a, label: ACTION_LABELS[a.kind] ?? a.kind, reason: typeof a.payload.reason === 'string' ? (NOT_PUBLISH_REASONS as Record<string, string>)[a.payload.reason] ?? a.payload.reason : typeof a.payload.text === 'string' ? a.payload.text : null, count: a.caseIds.length })),
      publications: publications.map((p) => ({ ...p, overdue: !p.publishedOn && p.publishBy < this.clock.today() })),
      others: others.map((o) => ({ value: o.id, label: `${o.label}（${o.distinctApplicants}人）` })),
      memberOptions: g.members.map((m) => ({ value: m.caseId, label: `${m.trackingNumber} ${m.title ?? ''}` })),
      canAct,
      publishBy: canAct ? await this.decisions.publishByIfDecidedToday() : null,
      kinds: DECISION_KINDS,
      channels: options(CHANNEL_LABELS),
      notPublishReasons: options(NOT_PUBLISH_REASONS),
      form: { kind: '', 'publication.title': g.label, ...form },
      errors,
      labels: FIELD_LABELS,
      restored,
      done: DONE[done] ?? null,
      today: this.clock.today(),
    });
  }

  private async renderSuggestion(res: Response, user: AuthUser, id: string, form: FlatForm, errors: FormErrors | null, restored: boolean): Promise<void> {
    const s = (await this.decisions.suggestions(user, false)).find((x) => x.id === id);
    if (!s) throw AppException.notFound();
    res.render('staff/disclosure/suggestion', {
      title: `${errors?.list.length ? '错误：' : ''}审核主动公开建议`,
      nav: 'suggestions',
      s,
      form,
      errors,
      labels: FIELD_LABELS,
      restored,
      acceptOptions: [
        { value: 'true', label: '采纳，纳入主动公开范围' },
        { value: 'false', label: '不予采纳' },
      ],
      channels: options(CHANNEL_LABELS),
      publishBy: await this.decisions.publishByIfDecidedToday(),
    });
  }

  /** Auditors read the self-checks of the agencies under them: one at a time, chosen here. */
  private async renderAgencyChoice(res: Response, user: AuthUser, year: number): Promise<void> {
    const ids = new Set(await this.disclosure.readableAgencies(user));
    const agencies = (await this.agencies.findAll()).filter((a) => ids.has(a.id)).sort((a, b) => a.code.localeCompare(b.code));
    res.render('staff/disclosure/self-check-agencies', { title: `${year}年度自查清单`, nav: 'self-check', year, agencies: agencies.map((a) => ({ id: a.id, name: a.name })) });
  }

  private async renderSelfCheck(res: Response, user: AuthUser, year: number, form: FlatForm, errors: FormErrors | null, restored: boolean, agencyId?: string): Promise<void> {
    const check = await this.selfChecks.selfCheck(user, agencyId, year);
    const agency = await this.agencies.findById(check.agencyId);
    const canAct = ACTORS.includes(user.role) && check.agencyId === user.agencyId;
    const done = typeof res.req.query.done === 'string' ? res.req.query.done : '';
    res.render('staff/disclosure/self-check', {
      title: `${errors?.list.length ? '错误：' : ''}${year}年度自查清单`,
      nav: 'self-check',
      year,
      agencyName: agency?.name ?? '',
      exportQuery: agencyId ? `?agencyId=${agencyId}` : '',
      canAct,
      restored,
      errors,
      labels: FIELD_LABELS,
      reviewed: check.items.filter((i) => i.conclusion).length,
      items: check.items.map((i, n) => {
        const mine = form.key === i.key;
        return {
          ...i,
          n: n + 1,
          anchor: itemAnchor(i.key),
          kindLabel: SELF_CHECK_KIND_LABELS[i.kind],
          replyLabel: i.replyType ? i.replyType.split('、').map(replyLabel).join('、') : '',
          conclusionLabel: i.conclusion ? CONCLUSION_LABELS[i.conclusion] : null,
          formConclusion: mine ? form.conclusion : (i.conclusion ?? ''),
          formNote: mine ? form.note : (i.note ?? ''),
          error: mine ? errors : null,
          justDone: done === i.key,
          conclusions: Object.entries(CONCLUSION_LABELS).map(([value, label]) => ({ value, label, selected: (mine ? form.conclusion : i.conclusion) === value })),
        };
      }),
    });
  }
}

function statusOf(e: unknown): number {
  return e instanceof AppException ? e.status : 500;
}

/** A 422 maps to its fields; a 409 (the group was merged meanwhile, already reviewed) is shown at `field`. */
function errorsOf(e: unknown, fields: readonly string[], field: string, aliases: Record<string, string> = {}): FormErrors {
  if (e instanceof AppException && e.code !== 'VALIDATION_FAILED' && e.status < 500 && e.status !== 404) return singleError(field, e.message);
  return formErrorsOf(e, fields, aliases);
}

/** `?agencyId=` (an auditor's choice among the agencies under them); anything but a UUID is ignored. */
function agencyParam(req: Request): string | undefined {
  const v = req.query.agencyId;
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : undefined;
}

function yearOf(v: string): number {
  if (!/^\d{4}$/.test(v) || Number(v) < 2000 || Number(v) > 2100) throw AppException.notFound();
  return Number(v);
}

function itemAnchor(key: string): string {
  return key.replace(/[^A-Za-z0-9-]/g, '-');
}

function decisionLabel(d: Record<string, unknown> | null): string | null {
  if (!d) return null;
  if (d.kind === 'PUBLISH') return `决定主动公开（${chineseDate(String(d.publishBy ?? ''))}前公开）`;
  if (d.kind === 'NOT_PUBLISH') return `不予主动公开：${String(d.reasonLabel ?? '')}`;
  return `以后再审${d.reviewOn ? `（${chineseDate(String(d.reviewOn))}）` : ''}`;
}
