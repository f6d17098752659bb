import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { Role, ROLE_LABELS } from '../../common/auth/role.js';
import { AppException } from '../../common/errors/app.exception.js';
import { Clock } from '../../common/time/clock.js';
import { AgenciesService } from '../agencies/agencies.service.js';
import { AGENCY_TYPE_LABELS } from '../agencies/agency-type.js';
import { CreateAgencyDto } from '../agencies/dto/create-agency.dto.js';
import type { AgencyDto } from '../agencies/dto/agency.dto.js';
import { UpdateAgencyDto } from '../agencies/dto/update-agency.dto.js';
import { CalendarService } from '../deadlines/calendar.service.js';
import { DOCUMENT_KINDS, isDocumentKind, kindRule } from '../letters/document-kinds.js';
import { DocumentsService } from '../documents/documents.service.js';
import { SAMPLE_REPLY_CONTEXT } from '../documents/sample-context.js';
import { TemplateRegistry } from '../documents/template-registry.js';
import { CreateUserDto } from '../users/dto/create-user.dto.js';
import { ResetPasswordDto } from '../users/dto/reset-password.dto.js';
import { UpdateUserDto } from '../users/dto/update-user.dto.js';
import type { UserDto } from '../users/dto/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { adminSubnav, agencyTree } from './staff-admin-view.js';
import { StaffRoleHome, userRow } from './staff-role-home.service.js';
import { STAFF_ADMIN_PATH, staffUser } from './staff-paths.js';
import { type FlatForm, type FormErrors, flatForm, formErrorsOf, singleError, validateAs } from './web-forms.js';
import { renderError } from './web-setup.js';
import { WebPages } from './web-page.decorator.js';

const ADMIN: readonly Role[] = [Role.ADMIN];

const AGENCY_FIELDS = [
  'name', 'code', 'parentId', 'type', 'documentPrefix', 'reconsiderationBody', 'competentCourt', 'address', 'phone',
  'settings.documentNumberPattern', 'settings.correctionWindowWorkdays', 'settings.feeNoticePausesClock', 'settings.autoConfirmWebSubmissions',
  'settings.autoConfirmOnDaysOff', 'settings.proactiveDisclosureThreshold', 'settings.proactiveDisclosureWindowMonths', 'settings.defaultAssignment',
  'settings.officeHours', 'active',
] as const;
const AGENCY_LABELS: Record<string, string> = {
  name: '机关名称', code: '机关代码', parentId: '上级机关', type: '机关类型', documentPrefix: '发文机关代字', reconsiderationBody: '行政复议机关',
  competentCourt: '管辖法院', address: '办公地址', phone: '联系电话', 'settings.documentNumberPattern': '文号格式',
  'settings.correctionWindowWorkdays': '补正期限（工作日）', 'settings.feeNoticePausesClock': '收费通知期间不计入答复期限',
  'settings.autoConfirmWebSubmissions': '网络申请自动确认收到', 'settings.autoConfirmOnDaysOff': '非工作日也自动确认',
  'settings.proactiveDisclosureThreshold': '转主动公开提示阈值（不同申请人数）', 'settings.proactiveDisclosureWindowMonths': '转主动公开统计窗口（月）',
  'settings.defaultAssignment': '分办规则', 'settings.officeHours': '办公时间', active: '状态',
};
const NUMBER_FIELDS = new Set(['settings.correctionWindowWorkdays', 'settings.proactiveDisclosureThreshold', 'settings.proactiveDisclosureWindowMonths']);
const BOOLEAN_FIELDS = new Set(['settings.feeNoticePausesClock', 'settings.autoConfirmWebSubmissions', 'settings.autoConfirmOnDaysOff', 'active']);

const USER_FIELDS = ['displayName', 'email', 'role', 'agencyId', 'phone', 'password', 'active'];
const USER_LABELS: Record<string, string> = { displayName: '姓名', email: '电子邮箱', role: '角色', agencyId: '所属机关', phone: '电话', password: '密码', active: '状态' };
const STAFF_ROLE_OPTIONS = [Role.OFFICER, Role.OFFICE_HEAD, Role.LEGAL_ADVISOR, Role.AUDITOR, Role.ADMIN].map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/**
 * 系统管理 (admin) pages: the admin's home (calendar warnings, locked-out users), agencies, users and a preview of
 * every letter template with sample data. Every change goes through the same service and DTO as the JSON API.
 */
@WebPages()
@Public()
@Controller()
export class StaffAdminController {
  constructor(
    private readonly agencies: AgenciesService,
    private readonly users: UsersService,
    private readonly calendars: CalendarService,
    private readonly documents: DocumentsService,
    private readonly templates: TemplateRegistry,
    private readonly clock: Clock,
    private readonly roleHome: StaffRoleHome,
  ) {}

  @Get('staff/admin')
  async home(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const { warnings, locked } = await this.roleHome.adminOverview();
    res.render('staff/admin/home', { title: '系统管理', user, warnings, locked, unlocked: req.query.unlocked === '1', ...adminSubnav('home') });
  }

  // ---- agencies ----

  @Get('staff/admin/agencies')
  async agencyList(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const rows = agencyTree(await this.agencies.list()).map(({ agency, depth }) => ({
      ...agency,
      depth,
      indent: depth > 0 ? `${'　'.repeat(depth)}└ ` : '',
      typeLabel: AGENCY_TYPE_LABELS[agency.type],
    }));
    res.render('staff/admin/agencies', { title: '机关设置', user, rows, saved: req.query.saved === '1', ...adminSubnav('agencies') });
  }

  @Get('staff/admin/agencies/new')
  async agencyNew(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    await this.renderAgency(res, user, null, { type: 'GOVERNMENT_DEPARTMENT', 'settings.documentNumberPattern': '{prefix}〔{year}〕{seq}号' });
  }

  @HttpCode(200)
  @Post('staff/admin/agencies')
  async agencyCreate(@Body() body: unknown, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const form = flatForm(body);
    try {
      await this.agencies.create(await validateAs(CreateAgencyDto, agencyBody(form, true)));
    } catch (e) {
      return this.renderAgency(res.status(statusOf(e)), user, null, form, agencyErrors(e));
    }
    res.redirect(303, `${STAFF_ADMIN_PATH}/agencies?saved=1`);
  }

  @Get('staff/admin/agencies/:id')
  async agencyEdit(@Param('id') id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const agency = await this.agencyOrNull(id);
    if (!agency) return renderError(res, 404);
    await this.renderAgency(res, user, agency, agencyForm(agency));
  }

  @HttpCode(200)
  @Post('staff/admin/agencies/:id')
  async agencyUpdate(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const agency = await this.agencyOrNull(id);
    if (!agency) return renderError(res, 404);
    const form = flatForm(body);
    try {
      await this.agencies.update(id, await validateAs(UpdateAgencyDto, agencyBody(form, false)));
    } catch (e) {
      return this.renderAgency(res.status(statusOf(e)), user, agency, { ...form, code: agency.code }, agencyErrors(e));
    }
    res.redirect(303, `${STAFF_ADMIN_PATH}/agencies?saved=1`);
  }

  private async agencyOrNull(id: string): Promise<AgencyDto | null> {
    if (!isUUID(id)) return null;
    try {
      return await this.agencies.get(id);
    } catch (e) {
      if (e instanceof AppException && e.status === 404) return null;
      throw e;
    }
  }

  private async renderAgency(res: Response, user: AuthUser, agency: AgencyDto | null, form: FlatForm, errors?: FormErrors): Promise<void> {
    const all = agencyTree(await this.agencies.list());
    const parents = all.filter(({ agency: a }) => a.id !== agency?.id).map(({ agency: a, depth }) => ({ value: a.id, label: `${'　'.repeat(depth)}${a.name}` }));
    const handlers = agency ? (await this.users.list({ agencyId: agency.id })).filter((u) => u.active && (u.role === Role.OFFICER || u.role === Role.OFFICE_HEAD)) : [];
    const title = agency ? `修改机关：${agency.name}` : '新增机关';
    res.render('staff/admin/agency', {
      title: `${errors ? '错误：' : ''}${title}`,
      heading: title,
      user,
      agency,
      action: agency ? `${STAFF_ADMIN_PATH}/agencies/${agency.id}` : `${STAFF_ADMIN_PATH}/agencies`,
      form,
      errors,
      labels: AGENCY_LABELS,
      parents,
      types: Object.entries(AGENCY_TYPE_LABELS).map(([value, label]) => ({ value, label })),
      yesNo: [{ value: 'true', label: '是' }, { value: 'false', label: '否' }],
      activeOptions: [{ value: 'true', label: '启用' }, { value: 'false', label: '停用' }],
      assignments: [
        { value: 'CONFIRMING_OFFICER', label: '确认收到或受理的工作人员承办' },
        { value: 'NONE', label: '等待负责人分办' },
        ...handlers.map((u) => ({ value: u.id, label: `直接分给：${u.displayName}` })),
      ],
      ...adminSubnav('agencies'),
    });
  }

  // ---- users ----

  @Get('staff/admin/users')
  async userList(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const agencyNames = new Map((await this.agencies.list()).map((a) => [a.id, a.name]));
    const now = this.clock.now();
    const rows = (await this.users.list({})).filter((u) => u.role !== Role.APPLICANT).map((u) => ({ ...userRow(u, agencyNames), locked: Boolean(u.lockedUntil && u.lockedUntil > now) }));
    res.render('staff/admin/users', { title: '用户管理', user, rows, saved: typeof req.query.saved === 'string' ? req.query.saved : null, ...adminSubnav('users') });
  }

  @Get('staff/admin/users/new')
  async userNew(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    await this.renderUserNew(res, user, {});
  }

  @HttpCode(200)
  @Post('staff/admin/users')
  async userCreate(@Body() body: unknown, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const form = flatForm(body);
    try {
      await this.users.create(await validateAs(CreateUserDto, pick(form, ['displayName', 'email', 'role', 'agencyId', 'phone', 'password'])));
    } catch (e) {
      const { password: _omit, ...kept } = form;
      return this.renderUserNew(res.status(statusOf(e)), user, kept, userErrors(e, 'email'));
    }
    res.redirect(303, `${STAFF_ADMIN_PATH}/users?saved=created`);
  }

  @Get('staff/admin/users/:id')
  async userEdit(@Param('id') id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const target = await this.userOrNull(id);
    if (!target) return renderError(res, 404);
    await this.renderUser(res, user, target, { displayName: target.displayName, role: target.role, agencyId: target.agencyId ?? '', active: String(target.active) });
  }

  @HttpCode(200)
  @Post('staff/admin/users/:id')
  async userUpdate(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const target = await this.userOrNull(id);
    if (!target) return renderError(res, 404);
    const form = flatForm(body);
    const plain: Record<string, unknown> = pick(form, ['displayName', 'role', 'agencyId']);
    if (form.active === 'true' || form.active === 'false') plain.active = form.active === 'true';
    try {
      await this.users.update(id, await validateAs(UpdateUserDto, plain));
    } catch (e) {
      return this.renderUser(res.status(statusOf(e)), user, target, form, userErrors(e, 'role'));
    }
    res.redirect(303, `${STAFF_ADMIN_PATH}/users?saved=updated`);
  }

  @HttpCode(200)
  @Post('staff/admin/users/:id/password')
  async userPassword(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const target = await this.userOrNull(id);
    if (!target) return renderError(res, 404);
    try {
      const dto = await validateAs(ResetPasswordDto, { password: flatForm(body).newPassword ?? '' });
      await this.users.resetPassword(id, dto.password);
    } catch (e) {
      const errors = formErrorsOf(e, ['newPassword'], { password: 'newPassword' });
      return this.renderUser(res.status(422), user, target, { displayName: target.displayName, role: target.role, agencyId: target.agencyId ?? '', active: String(target.active) }, errors);
    }
    res.redirect(303, `${STAFF_ADMIN_PATH}/users?saved=password`);
  }

  @HttpCode(200)
  @Post('staff/admin/users/:id/unlock')
  async userUnlock(@Param('id') id: string, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    if (!(await this.userOrNull(id))) return renderError(res, 404);
    await this.users.unlock(id);
    res.redirect(303, req.body && (req.body as Record<string, unknown>).from === 'home' ? `${STAFF_ADMIN_PATH}?unlocked=1` : `${STAFF_ADMIN_PATH}/users?saved=unlocked`);
  }

  private async userOrNull(id: string): Promise<UserDto | null> {
    if (!isUUID(id)) return null;
    try {
      return await this.users.get(id);
    } catch (e) {
      if (e instanceof AppException && e.status === 404) return null;
      throw e;
    }
  }

  private async agencyOptions(): Promise<{ value: string; label: string }[]> {
    return agencyTree(await this.agencies.list()).map(({ agency, depth }) => ({ value: agency.id, label: `${'　'.repeat(depth)}${agency.name}` }));
  }

  private async renderUserNew(res: Response, user: AuthUser, form: FlatForm, errors?: FormErrors): Promise<void> {
    res.render('staff/admin/user-new', {
      title: `${errors ? '错误：' : ''}新增工作人员账号`,
      user,
      form,
      errors,
      labels: USER_LABELS,
      roles: STAFF_ROLE_OPTIONS,
      agencies: await this.agencyOptions(),
      ...adminSubnav('users'),
    });
  }

  private async renderUser(res: Response, user: AuthUser, target: UserDto, form: FlatForm, errors?: FormErrors): Promise<void> {
    const locked = Boolean(target.lockedUntil && target.lockedUntil > this.clock.now());
    res.render('staff/admin/user', {
      title: `${errors ? '错误：' : ''}用户：${target.displayName}`,
      user,
      target: { ...target, roleLabel: ROLE_LABELS[target.role], locked, lockedUntil: target.lockedUntil ? beijingTime(target.lockedUntil) : null },
      self: target.id === user.id,
      form,
      errors,
      labels: { ...USER_LABELS, newPassword: '新密码' },
      roles: target.role === Role.APPLICANT ? [{ value: Role.APPLICANT, label: ROLE_LABELS[Role.APPLICANT] }, ...STAFF_ROLE_OPTIONS] : STAFF_ROLE_OPTIONS,
      agencies: await this.agencyOptions(),
      activeOptions: [{ value: 'true', label: '在用' }, { value: 'false', label: '停用（不能登录）' }],
      ...adminSubnav('users'),
    });
  }

  // ---- letter templates ----

  @Get('staff/admin/templates')
  templateList(@Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): void {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    const metas = this.templates.list();
    const rows = DOCUMENT_KINDS.map((kind) => {
      const versions = metas.filter((m) => m.id === kind);
      const latest = versions.at(-1)!;
      const rule = kindRule(kind);
      return { kind, label: rule.label, title: latest.title, version: latest.version, versions: versions.length, basedOn: latest.basedOn, group: rule.isReply ? '答复书' : '程序性文书' };
    });
    res.render('staff/admin/templates', {
      title: '文书模板预览',
      user,
      replies: rows.filter((r) => r.group === '答复书'),
      notices: rows.filter((r) => r.group !== '答复书'),
      ...adminSubnav('templates'),
    });
  }

  @Get('staff/admin/templates/:kind')
  templatePreview(@Param('kind') kind: string, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): void {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    if (!isDocumentKind(kind)) return renderError(res, 404);
    const rule = kindRule(kind);
    // The sample case the registry trial-renders every template with at start-up, with the kind's example blanks.
    const doc = this.documents.compose(SAMPLE_REPLY_CONTEXT, kind, rule.exampleBlanks);
    const meta = this.templates.get(kind).meta;
    res.render('staff/admin/template', { title: `模板预览：${rule.label}`, user, kind, label: rule.label, meta, doc, ...adminSubnav('templates') });
  }

  @Get('staff/admin/templates/:kind/pdf')
  async templatePdf(@Param('kind') kind: string, @Req() req: Request, @Res() res: Response, @CurrentUser() current?: AuthUser): Promise<void> {
    const user = staffUser(req, res, current, ADMIN);
    if (!user) return;
    if (!isDocumentKind(kind)) return renderError(res, 404);
    const pdf = await this.documents.preview(SAMPLE_REPLY_CONTEXT, kind, kindRule(kind).exampleBlanks);
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="${kind}-sample.pdf"`);
    res.send(pdf);
  }
}

function statusOf(e: unknown): number {
  if (e instanceof AppException && e.status < 500) return e.status;
  throw e;
}

/** Form fields → the API's body: numbers and yes/no as JSON types, empty fields left out ("optional" holds). */
function agencyBody(form: FlatForm, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const settings: Record<string, unknown> = {};
  for (const field of AGENCY_FIELDS) {
    if (field === 'code' && !creating) continue;
    if (field === 'active' && creating) continue;
    const raw = form[field]?.trim();
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (NUMBER_FIELDS.has(field) && /^-?\d+$/.test(raw)) value = Number(raw);
    if (BOOLEAN_FIELDS.has(field) && (raw === 'true' || raw === 'false')) value = raw === 'true';
    if (field.startsWith('settings.')) settings[field.slice('settings.'.length)] = value;
    else body[field] = value;
  }
  if (Object.keys(settings).length) body.settings = settings;
  return body;
}

function agencyForm(a: AgencyDto): FlatForm {
  const form: FlatForm = {
    name: a.name, code: a.code, parentId: a.parentId ?? '', type: a.type, documentPrefix: a.documentPrefix, reconsiderationBody: a.reconsiderationBody,
    competentCourt: a.competentCourt, address: a.address ?? '', phone: a.phone ?? '', active: String(a.active),
  };
  for (const [k, v] of Object.entries(a.settings)) form[`settings.${k}`] = v === null || v === undefined ? '' : String(v);
  return form;
}

function agencyErrors(e: unknown): FormErrors {
  if (e instanceof AppException && e.code === 'AGENCY_CODE_TAKEN') return singleError('code', e.message);
  if (e instanceof AppException && e.code === 'AGENCY_PARENT_INVALID') return singleError('parentId', e.message);
  if (e instanceof AppException && e.code !== 'VALIDATION_FAILED' && e.status < 500) return singleError('name', e.message);
  return formErrorsOf(e, [...AGENCY_FIELDS]);
}

function userErrors(e: unknown, fallback: string): FormErrors {
  if (e instanceof AppException && e.code === 'EMAIL_TAKEN') return singleError('email', e.message);
  if (e instanceof AppException && e.errors?.length && e.code !== 'VALIDATION_FAILED') {
    const first = e.errors[0]!;
    return singleError(USER_FIELDS.includes(first.field) ? first.field : fallback, first.message);
  }
  if (e instanceof AppException && e.code !== 'VALIDATION_FAILED' && e.status < 500) return singleError(fallback, e.message);
  return formErrorsOf(e, USER_FIELDS);
}

function pick(form: FlatForm, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) if (form[f]?.trim()) out[f] = form[f]!;
  return out;
}

/** 2026-03-09 10:30 (Beijing time). */
function beijingTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
