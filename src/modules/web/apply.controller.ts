import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Post, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { WebPages } from './web-page.decorator.js';
import { FileFieldsInterceptor, FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public } from '../../common/auth/decorators.js';
import { AppException } from '../../common/errors/app.exception.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { AttachmentPurpose } from '../attachments/domain/attachment.js';
import { DisclosureDecisionsService } from '../disclosure/disclosure-decisions.service.js';
import { ID_DOCUMENT_TYPE_LABELS, IdDocumentType } from '../intake/domain/identity.js';
import { APPLICANT_CATEGORY_LABELS, type ApplicantCategory } from '../intake/dto/application-parts.dto.js';
import { type ApplicationReceiptDto, SubmitApplicationDto } from '../intake/dto/submit-application.dto.js';
import { IntakeService } from '../intake/intake.service.js';
import { WebCookies } from './web-cookies.js';
import { type FlatForm, type FormErrors, flatForm, formErrorsOf, mergeErrors, nest, singleError, validateAs } from './web-forms.js';
import { chineseDate, csrfCheck, renderError } from './web-setup.js';

/** The API body's fields, in the order the form asks for them (the error summary follows this order). */
const DTO_FIELDS = [
  'agencyCode',
  'applicant.kind',
  'applicant.name',
  'applicant.idType',
  'applicant.idNumber',
  'applicant.organisation.creditCode',
  'applicant.category',
  'applicant.organisation.legalRepresentative',
  'applicant.organisation.contactPerson',
  'applicant.phone',
  'applicant.email',
  'applicant.address',
  'applicant.postalCode',
  'agent.name',
  'agent.idType',
  'agent.idNumber',
  'agent.phone',
  'request.title',
  'request.documentNumber',
  'request.description',
  'delivery.form',
  'delivery.method',
  'delivery.email',
  'delivery.address',
  'delivery.postalCode',
] as const;

/** Uploads: the file input, the hidden fields that remember what was uploaded, its purpose. */
const UPLOADS = [
  { input: 'idDocumentFile', field: 'upload.idDocument', purpose: AttachmentPurpose.ID_DOCUMENT, label: '身份证明' },
  { input: 'powerOfAttorneyFile', field: 'upload.powerOfAttorney', purpose: AttachmentPurpose.POWER_OF_ATTORNEY, label: '授权委托书' },
] as const;

const FORM_FIELDS: readonly string[] = [...DTO_FIELDS.slice(0, 13), 'hasAgent', ...DTO_FIELDS.slice(13), ...UPLOADS.map((u) => u.field)];
const KEPT_FIELDS: readonly string[] = [...FORM_FIELDS, ...UPLOADS.map((u) => `${u.field}.name`), 'idempotencyKey'];

/** Field names for the error summary (“证件号码：…”); the message itself is the API's. */
const FIELD_LABELS: Record<string, string> = {
  agencyCode: '受理机关',
  'applicant.kind': '申请人类型',
  'applicant.name': '姓名或名称',
  'applicant.idType': '证件类型',
  'applicant.idNumber': '证件号码',
  'applicant.organisation.creditCode': '统一社会信用代码',
  'applicant.category': '组织类别',
  'applicant.organisation.legalRepresentative': '法定代表人或主要负责人',
  'applicant.organisation.contactPerson': '联系人',
  'applicant.phone': '联系电话',
  'applicant.email': '电子邮箱',
  'applicant.address': '通信地址',
  'applicant.postalCode': '邮政编码',
  hasAgent: '是否委托代理人',
  'agent.name': '代理人姓名',
  'agent.idType': '代理人证件类型',
  'agent.idNumber': '代理人证件号码',
  'agent.phone': '代理人联系电话',
  'request.title': '信息名称',
  'request.documentNumber': '文号',
  'request.description': '内容描述',
  'delivery.form': '提供形式',
  'delivery.method': '获取途径',
  'delivery.email': '接收答复的电子邮箱',
  'delivery.address': '邮寄地址',
  'delivery.postalCode': '邮政编码',
  'upload.idDocument': '身份证明',
  'upload.powerOfAttorney': '授权委托书',
};

const ORGANISATION_CATEGORIES = (Object.keys(APPLICANT_CATEGORY_LABELS) as ApplicantCategory[]).filter((c) => c !== 'NATURAL_PERSON');
const DELIVERY_FORMS = { ELECTRONIC: '电子文档', PAPER: '纸质文本' } as const;
const DELIVERY_METHODS = { EMAIL: '电子邮件', POST: '邮寄', PICKUP: '到机关自行领取' } as const;
const RECEIPT_COOKIE = 'gk_receipt';

interface MulterFile {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

/** 网上申请 (条例第二十九条): the form, check your answers, submit once, the receipt shown once. */
@WebPages()
@Public()
@Controller()
export class ApplyController {
  constructor(
    private readonly intake: IntakeService,
    private readonly attachments: AttachmentsService,
    private readonly cookies: WebCookies,
    private readonly decisions: DisclosureDecisionsService,
  ) {}

  @Get('apply')
  async form(@Req() req: Request, @Res() res: Response): Promise<void> {
    const agency = typeof req.query.agency === 'string' ? req.query.agency : '';
    await this.renderForm(res, { agencyCode: agency.toUpperCase(), 'applicant.kind': 'NATURAL_PERSON', 'applicant.idType': 'RESIDENT_ID', hasAgent: 'no', 'agent.idType': 'RESIDENT_ID', 'delivery.form': 'ELECTRONIC', 'delivery.method': 'EMAIL' }, null);
  }

  /** The form posted (multipart: it may carry files). Errors → the form again; otherwise → check your answers. */
  @HttpCode(200)
  @Post('apply')
  @UseInterceptors(FileFieldsInterceptor(UPLOADS.map((u) => ({ name: u.input, maxCount: 1 }))))
  async review(@Req() req: Request, @Res() res: Response, @UploadedFiles() files: Record<string, MulterFile[] | undefined> | undefined, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!csrfCheck(req)) return renderError(res, 403, '页面已过期，请返回申请页面刷新后重新填写。');
    const form = keep(flatForm(req.body));
    let uploadErrors: FormErrors = { list: [], byField: {} };
    for (const u of UPLOADS) {
      const file = files?.[u.input]?.[0];
      if (!file || file.size === 0) continue;
      try {
        const stored = await this.attachments.store(file.buffer, decodeName(file.originalname), file.mimetype, u.purpose, { uploadedById: user?.id ?? null, field: u.field });
        form[u.field] = stored.id;
        form[`${u.field}.name`] = stored.filename;
      } catch (e) {
        uploadErrors = mergeErrors(uploadErrors, formErrorsOf(e, FORM_FIELDS), FORM_FIELDS);
      }
    }
    const outcome = await this.check(form);
    const errors = outcome.errors ? mergeErrors(outcome.errors, uploadErrors, FORM_FIELDS) : uploadErrors;
    if (errors.list.length) return this.renderForm(res.status(422), form, errors);
    res.render('apply-review', { title: '核对申请信息', form, hidden: hiddenFields(form), answers: await this.answers(form), alreadyPublic: await this.alreadyPublic(form) });
  }

  /** 修改 on the check-your-answers page: the form again with everything given so far. */
  @HttpCode(200)
  @Post('apply/edit')
  async edit(@Body() body: unknown, @Res() res: Response): Promise<void> {
    await this.renderForm(res, keep(flatForm(body)), null);
  }

  /** 提交: the idempotency key rendered into the form makes a double click or a refresh return the same case. */
  @HttpCode(200)
  @Post('apply/submit')
  async submit(@Body() body: unknown, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    const form = keep(flatForm(body));
    const outcome = await this.check(form);
    if (outcome.errors) return this.renderForm(res.status(422), form, outcome.errors);
    const key = /^[0-9a-f-]{36}$/.test(form.idempotencyKey ?? '') ? form.idempotencyKey : undefined;
    let receipt: ApplicationReceiptDto;
    try {
      receipt = await this.intake.submitWeb(user, outcome.dto!, key);
    } catch (e) {
      if (e instanceof AppException && e.code === 'FORBIDDEN') return this.renderForm(res.status(403), form, singleError('agencyCode', e.message));
      if (e instanceof AppException && e.code === 'VALIDATION_FAILED') {
        // A reused key with different content: give the form a fresh key so the next submit files a new case.
        const errors = formErrorsOf(e, FORM_FIELDS, { 'Idempotency-Key': 'request.title' });
        return this.renderForm(res.status(422), { ...form, idempotencyKey: randomUUID() }, errors);
      }
      throw e;
    }
    this.cookies.set(res, RECEIPT_COOKIE, receipt, '/apply/done', 15 * 60);
    res.redirect(303, '/apply/done');
  }

  /** The receipt, once: the query code exists nowhere else in readable form. */
  @Get('apply/done')
  done(@Req() req: Request, @Res() res: Response): void {
    const receipt = this.cookies.get<ApplicationReceiptDto>(req, RECEIPT_COOKIE);
    this.cookies.clear(res, RECEIPT_COOKIE, '/apply/done');
    if (!receipt) return res.render('apply-done-gone', { title: '回执已显示过' });
    res.render('apply-done', {
      title: '申请已提交',
      receipt,
      submittedOn: chineseDate(new Date(new Date(receipt.submittedAt).getTime() + 8 * 3600_000).toISOString()),
      receiptDate: receipt.receiptDate ? chineseDate(receipt.receiptDate) : null,
    });
  }

  /** The upload the page's script makes as soon as a file is chosen (progress shown), same checks as the form. */
  @HttpCode(200)
  @Post('apply/upload')
  @UseInterceptors(FileInterceptor('file'))
  async upload(@Req() req: Request, @Res() res: Response, @CurrentUser() user?: AuthUser): Promise<void> {
    if (!csrfCheck(req)) {
      res.status(403).json({ message: '页面已过期，请刷新后重试' });
      return;
    }
    const file = (req as Request & { file?: MulterFile }).file;
    const form = flatForm(req.body);
    const upload = UPLOADS.find((u) => u.field === form.field);
    if (!upload) {
      res.status(422).json({ message: '上传用途不正确' });
      return;
    }
    if (!file) {
      res.status(422).json({ message: '请选择要上传的文件' });
      return;
    }
    try {
      const stored = await this.attachments.store(file.buffer, decodeName(file.originalname), file.mimetype, upload.purpose, { uploadedById: user?.id ?? null, field: upload.field });
      res.status(201).json({ id: stored.id, filename: stored.filename });
    } catch (e) {
      if (e instanceof AppException && e.code === 'VALIDATION_FAILED') {
        res.status(422).json({ message: e.errors?.[0]?.message ?? e.message });
        return;
      }
      throw e;
    }
  }

  /**
   * 条例第三十六条第（一）项: information already published is pointed to, not applied for; the applicant sees where
   * before submitting (a failed search never stops the application).
   */
  private async alreadyPublic(form: FlatForm) {
    const q = [form['request.title'], form['request.documentNumber']].filter(Boolean).join(' ').slice(0, 200);
    if (!q.trim()) return [];
    return (await this.decisions.search(q, form.agencyCode?.trim().toUpperCase() || undefined).catch(() => [])).slice(0, 3);
  }

  private async check(form: FlatForm): Promise<{ dto?: SubmitApplicationDto; errors?: FormErrors }> {
    try {
      return { dto: await validateAs(SubmitApplicationDto, toApplicationBody(form)) };
    } catch (e) {
      return { errors: formErrorsOf(e, FORM_FIELDS, { attachmentIds: 'upload.idDocument', 'agent.powerOfAttorneyAttachmentId': 'upload.powerOfAttorney' }) };
    }
  }

  private async renderForm(res: Response, form: FlatForm, errors: FormErrors | null): Promise<void> {
    const agencies = await this.intake.publicAgencies();
    res.render('apply', {
      title: errors ? '错误：申请公开政府信息' : '申请公开政府信息',
      form: { ...form, idempotencyKey: form.idempotencyKey || randomUUID() },
      errors,
      agencies,
      idTypes: Object.entries(ID_DOCUMENT_TYPE_LABELS).map(([value, label]) => ({ value, label })),
      categories: ORGANISATION_CATEGORIES.map((value) => ({ value, label: APPLICANT_CATEGORY_LABELS[value] })),
      deliveryForms: Object.entries(DELIVERY_FORMS).map(([value, label]) => ({ value, label })),
      deliveryMethods: Object.entries(DELIVERY_METHODS).map(([value, label]) => ({ value, label })),
      applicantKinds: [
        { value: 'NATURAL_PERSON', label: '公民（自然人）' },
        { value: 'ORGANISATION', label: '法人或者其他组织' },
      ],
      agentOptions: [
        { value: 'no', label: '否，本人（本单位）申请' },
        { value: 'yes', label: '是，由代理人代为申请' },
      ],
      uploads: UPLOADS.map((u) => ({ ...u, id: form[u.field] ?? '', name: form[`${u.field}.name`] ?? '', error: errors?.byField[u.field] })),
      labels: FIELD_LABELS,
      scripts: ['apply.js', 'publication-hint.js'],
    });
  }

  /** Check your answers: one row per answer, each with the field its 修改 button goes back to. */
  private async answers(form: FlatForm): Promise<{ heading: string; rows: { label: string; value: string; field: string }[] }[]> {
    const agency = (await this.intake.publicAgencies()).find((a) => a.code === form.agencyCode?.trim().toUpperCase());
    const org = form['applicant.kind'] === 'ORGANISATION';
    const idType = (v: string | undefined) => (v ? (ID_DOCUMENT_TYPE_LABELS[v as IdDocumentType] ?? v) : '');
    const applicant = [
      { label: '申请人类型', value: org ? '法人或者其他组织' : '公民（自然人）', field: 'applicant.kind' },
      { label: org ? '名称' : '姓名', value: form['applicant.name'], field: 'applicant.name' },
      ...(org
        ? [
            { label: '统一社会信用代码', value: form['applicant.organisation.creditCode'], field: 'applicant.organisation.creditCode' },
            { label: '组织类别', value: APPLICANT_CATEGORY_LABELS[form['applicant.category'] as ApplicantCategory] ?? '', field: 'applicant.category' },
            { label: '法定代表人或负责人', value: form['applicant.organisation.legalRepresentative'], field: 'applicant.organisation.legalRepresentative' },
            { label: '联系人', value: form['applicant.organisation.contactPerson'], field: 'applicant.organisation.contactPerson' },
          ]
        : [
            { label: '证件类型', value: idType(form['applicant.idType']), field: 'applicant.idType' },
            { label: '证件号码', value: form['applicant.idNumber'], field: 'applicant.idNumber' },
          ]),
      { label: '联系电话', value: form['applicant.phone'], field: 'applicant.phone' },
      { label: '电子邮箱', value: form['applicant.email'], field: 'applicant.email' },
      { label: '通信地址', value: form['applicant.address'], field: 'applicant.address' },
      { label: '邮政编码', value: form['applicant.postalCode'], field: 'applicant.postalCode' },
    ];
    const sections = [
      { heading: '受理机关', rows: [{ label: '向哪个机关申请', value: agency?.name ?? form.agencyCode ?? '', field: 'agencyCode' }] },
      { heading: '申请人', rows: applicant },
    ];
    if (form.hasAgent === 'yes') {
      sections.push({
        heading: '代理人',
        rows: [
          { label: '代理人姓名', value: form['agent.name'], field: 'agent.name' },
          { label: '证件类型', value: idType(form['agent.idType']), field: 'agent.idType' },
          { label: '证件号码', value: form['agent.idNumber'], field: 'agent.idNumber' },
          { label: '联系电话', value: form['agent.phone'], field: 'agent.phone' },
        ],
      });
    }
    sections.push(
      {
        heading: '申请公开的信息',
        rows: [
          { label: '信息名称', value: form['request.title'], field: 'request.title' },
          { label: '文号', value: form['request.documentNumber'], field: 'request.documentNumber' },
          { label: '内容描述', value: form['request.description'], field: 'request.description' },
        ],
      },
      {
        heading: '获取方式',
        rows: [
          { label: '提供形式', value: DELIVERY_FORMS[form['delivery.form'] as keyof typeof DELIVERY_FORMS] ?? '', field: 'delivery.form' },
          { label: '获取途径', value: DELIVERY_METHODS[form['delivery.method'] as keyof typeof DELIVERY_METHODS] ?? '', field: 'delivery.method' },
          ...(form['delivery.method'] === 'EMAIL' ? [{ label: '接收邮箱', value: form['delivery.email'], field: 'delivery.email' }] : []),
          ...(form['delivery.method'] === 'POST'
            ? [
                { label: '邮寄地址', value: form['delivery.address'], field: 'delivery.address' },
                { label: '邮政编码', value: form['delivery.postalCode'], field: 'delivery.postalCode' },
              ]
            : []),
        ],
      },
      {
        heading: '附件',
        rows: UPLOADS.filter((u) => u.purpose !== AttachmentPurpose.POWER_OF_ATTORNEY || form.hasAgent === 'yes').map((u) => ({
          label: u.label,
          value: form[`${u.field}.name`] ?? '',
          field: u.field,
        })),
      },
    );
    return sections.map((s) => ({ heading: s.heading, rows: s.rows.map((r) => ({ ...r, value: r.value?.trim() || '未填写' })) }));
  }
}

/** The form's fields folded into the API's body; the fields of the applicant kind not chosen are dropped. */
export function toApplicationBody(form: FlatForm): Record<string, unknown> {
  const body = nest(form, DTO_FIELDS) as { applicant?: Record<string, unknown>; agent?: Record<string, unknown>; attachmentIds?: string[] };
  const applicant = (body.applicant ??= {});
  // Empty groups as empty objects, so that every missing field of a group is named at once (not just the group).
  const groups = body as Record<string, unknown>;
  groups.request ??= {};
  groups.delivery ??= {};
  if (applicant.kind === 'ORGANISATION') {
    applicant.organisation ??= {};
    delete applicant.idType;
    delete applicant.idNumber;
  } else {
    delete applicant.organisation;
    // 年度报告: a citizen is always counted as 自然人.
    if (applicant.kind === 'NATURAL_PERSON') applicant.category = 'NATURAL_PERSON';
  }
  const poa = form['upload.powerOfAttorney'];
  if (form.hasAgent === 'yes') {
    body.agent ??= {};
    if (poa) body.agent.powerOfAttorneyAttachmentId = poa;
  } else {
    delete body.agent;
  }
  const ids = UPLOADS.map((u) => form[u.field]).filter((id): id is string => !!id && (id !== poa || form.hasAgent === 'yes'));
  if (ids.length) body.attachmentIds = ids;
  return body;
}

function keep(form: FlatForm): FlatForm {
  const out: FlatForm = {};
  for (const k of KEPT_FIELDS) if (form[k] !== undefined) out[k] = form[k];
  return out;
}

function hiddenFields(form: FlatForm): { name: string; value: string }[] {
  return Object.entries(form).map(([name, value]) => ({ name, value }));
}

/** multer reads the multipart file name as latin1; browsers send UTF-8. */
function decodeName(name: string): string {
  const decoded = Buffer.from(name, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? name : decoded;
}
