import 'reflect-metadata';
import { AttachmentPurpose } from '../attachments/domain/attachment.js';
import { COMMAND_DTO_BY_TYPE } from '../cases/dto/case-event-commands.dto.js';
import type { CaseEventType } from '../cases/workflow/case-event.js';
import { REPLY_TYPE_LABELS } from '../letters/reply-type.js';
import { fieldId } from './web-setup.js';

// The action forms of the case page, generated from the event command DTOs (their fields, types, enums, limits
// and examples as declared for the API document) plus a small Chinese view description per event. One renderer
// for every event; the page posts flat fields that are folded back into the API's command and validated by the
// API's own pipe.

/** What the page knows about the case when it builds a form (choices and limits that depend on the case). */
export interface FormContext {
  openConsultations: { value: string; label: string }[];
  pendingReferrals: { value: string; label: string }[];
  documents: { value: string; label: string }[];
  advisors: { value: string; label: string }[];
  /** Working days an extension may still add (条例第三十三条第二款: at most 20 in all). */
  extensionRemaining: number;
  today: string;
}

type Kind = 'text' | 'textarea' | 'lines' | 'number' | 'date' | 'radios' | 'select' | 'checkbox' | 'checkboxes' | 'file';

export interface FormField {
  name: string;
  id: string;
  label: string;
  hint?: string;
  kind: Kind;
  required: boolean;
  options?: { value: string; label: string; checked?: boolean }[];
  min?: number;
  max?: number;
  maxLength?: number;
  value: string;
  error?: string;
  /** Only for 补录 (back-dated acts): in the folded part of the form. */
  advanced?: boolean;
}

export interface EventForm {
  type: CaseEventType;
  title: string;
  intro?: string;
  button: string;
  /** Irreversible: the person confirms before the step is recorded. */
  confirm?: string;
  fields: FormField[];
  advancedFields: FormField[];
  /** A file field: the form is posted as multipart/form-data. */
  multipart: boolean;
}

interface FieldView {
  label: string;
  hint?: string;
  kind?: Kind;
  options?: keyof Pick<FormContext, 'openConsultations' | 'pendingReferrals' | 'documents' | 'advisors'>;
  hidden?: boolean;
  /** An attachment id the page asks for as a file: stored with this purpose, its id put in the command. */
  file?: AttachmentPurpose;
}

interface EventView {
  title: string;
  intro?: string;
  button?: string;
  confirm?: string;
  fields?: Record<string, FieldView>;
}

/** Events recorded on their own pages (drafting with its blanks) or by the system, not as a case-page form. */
export const NOT_A_CASE_PAGE_FORM: readonly CaseEventType[] = ['START_DRAFT', 'DEADLINE_WARNING', 'DEADLINE_PASSED', 'CALENDAR_CHANGED', 'ASSIGN'];

export const EVENT_VIEWS: Partial<Record<CaseEventType, EventView>> = {
  CONFIRM_RECEIPT: {
    title: '确认收到申请',
    intro: '与申请人确认收到申请之日（条例第三十一条第二、三项）；答复期限自次日起计算。',
    fields: { receiptDate: { label: '收到申请之日', hint: '与申请人确认收到的日期；不得早于提交日期' } },
  },
  ACCEPT: { title: '受理', intro: '申请内容明确，予以受理，开始检索。' },
  REQUEST_CORRECTION: {
    title: '告知补正',
    intro: '申请内容不明确的，应当自收到申请之日起7个工作日内一次性告知补正（条例第三十条）；补正期间不计入答复期限。',
    button: '发出补正告知',
    fields: {
      purpose: { label: '告知类型' },
      items: { label: '需要补正的事项', hint: '每行写一项，一次性告知全部事项，例如：请明确所申请信息的名称或文号', kind: 'lines' },
      volumeDescription: { label: '申请数量、频次情况', hint: '仅在要求说明理由时填写（条例第三十五条）' },
    },
  },
  RECEIVE_CORRECTION: {
    title: '记录收到补正',
    intro: '收到补正之日起重新计算答复期限（条例第三十条）。',
    fields: { summary: { label: '补正内容摘要', kind: 'textarea' }, attachmentIds: { label: '补正材料', hidden: true } },
  },
  CORRECTION_LAPSED: { title: '补正期限届满', intro: '申请人无正当理由逾期不补正的，视为放弃申请（条例第三十条）。', confirm: '确认申请人逾期未补正、视为放弃申请？此操作不可撤销。' },
  CONSULT_THIRD_PARTY: {
    title: '征求第三方意见',
    intro: '可能损害第三方合法权益的，应当书面征求第三方意见（条例第三十二条）；共同制作的，征求其他机关意见（条例第三十四条）。征求意见所需时间不计入答复期限。',
    fields: { party: { label: '征求对象' }, partyName: { label: '第三方或机关名称' } },
  },
  RECEIVE_THIRD_PARTY_OPINION: {
    title: '记录第三方意见',
    fields: {
      consultationId: { label: '征求意见', options: 'openConsultations' },
      position: { label: '意见' },
      summary: { label: '意见摘要', kind: 'textarea' },
      disclosureDecision: { label: '不同意公开时的决定', hint: '第三方不同意公开，但不公开可能对公共利益造成重大影响的，可以决定予以公开（条例第三十二条）' },
      disclosureReasons: { label: '决定公开的理由', kind: 'textarea' },
      disclosedInformation: { label: '决定公开的政府信息内容' },
    },
  },
  THIRD_PARTY_LAPSED: {
    title: '征求意见期限届满',
    intro: '第三方自收到征求意见书之日起15个工作日内未提出意见的，由本机关依法决定（条例第三十二条）。',
    fields: {
      consultationId: { label: '征求意见', options: 'openConsultations' },
      position: { label: '意见', hidden: true },
      summary: { label: '说明', kind: 'textarea' },
      disclosureDecision: { label: '决定', hidden: true },
      disclosureReasons: { label: '理由', hidden: true },
      disclosedInformation: { label: '内容', hidden: true },
    },
  },
  SEND_FEE_NOTICE: {
    title: '发出收费通知',
    intro: '申请公开政府信息的数量、频次明显超过合理范围的，可以收取信息处理费（国办函〔2020〕109号）。',
    fields: { basis: { label: '计收方式' }, pages: { label: '页数', hint: '按量计收时填写' }, amountYuan: { label: '改定金额（元）', hint: '仅在系统计算的金额不适用时填写' }, overrideReason: { label: '改定金额的理由', kind: 'textarea' } },
  },
  RECEIVE_FEE_PAYMENT: { title: '记录已缴费' },
  FEE_LAPSED: { title: '缴费期限届满', intro: '申请人逾期未缴纳信息处理费的，视为放弃申请（109号第四条）。', confirm: '确认申请人逾期未缴费、视为放弃申请？此操作不可撤销。' },
  APPROVE_EXTENSION: {
    title: '批准延长答复期限',
    intro: '需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长不超过20个工作日（条例第三十三条第二款）。',
    button: '批准延期',
    confirm: '确认批准延长答复期限？延期一经批准不能撤回。',
    fields: { workdays: { label: '延长的工作日数' }, grounds: { label: '延期理由', kind: 'textarea' } },
  },
  DEFER: { title: '确定延迟答复期限', intro: '申请理由合理但无法在规定期限内答复的，确定延迟答复的合理期限并告知申请人（条例第三十五条）。', fields: { until: { label: '延迟答复期限' }, grounds: { label: '理由', kind: 'textarea' } } },
  REFER_TO_LEGAL: {
    title: '提请法律顾问会商',
    intro: '会商期间答复期限照常计算。',
    fields: { advisorIds: { label: '法律顾问', kind: 'checkboxes', options: 'advisors' }, question: { label: '会商问题', kind: 'textarea' }, difficult: { label: '重大复杂疑难案件' } },
  },
  SUBMIT_LEGAL_OPINION: {
    title: '提交法律意见',
    fields: { referralId: { label: '会商', options: 'pendingReferrals' }, opinion: { label: '意见' }, text: { label: '意见内容', kind: 'textarea' }, articles: { label: '依据条款', kind: 'lines', hint: '每行一条' } },
  },
  SUBMIT_FOR_APPROVAL: { title: '提交审批', intro: '答复稿提交公开工作机构负责人审批。', button: '提交审批' },
  APPROVE_REPLY: { title: '批准答复', intro: '批准后系统签发答复书（生成文号，不可修改）。', button: '批准并签发', confirm: '确认批准并签发答复书？签发后文号和内容不可更改。' },
  RETURN_DRAFT: { title: '退回修改', button: '退回承办人', fields: { comments: { label: '退回意见', kind: 'textarea', hint: '写明需要修改之处，承办人会在案件页看到' } } },
  DELIVER_REPLY: {
    title: '送达答复',
    intro: '按申请人选择的方式送达答复书；电子邮件送达时答复书作为附件发出。',
    button: '记录送达',
    confirm: '确认已按所选方式送达答复？',
    fields: {
      method: { label: '送达方式' },
      email: { label: '电子邮箱', hint: '默认使用申请人预留的邮箱' },
      waybillNumber: { label: 'EMS单号', hint: '邮寄送达时必填' },
      signedReceiptAttachmentId: { label: '签收回执扫描件', hint: '当面领取时必须上传申请人签字的签收回执（PDF、JPG、PNG或TIFF）', kind: 'file', file: AttachmentPurpose.SIGNED_RECEIPT },
    },
  },
  RECORD_DELIVERY_PROOF: { title: '记录送达凭证', fields: { documentId: { label: '文书', options: 'documents' }, receivedOn: { label: '签收日期' }, proofAttachmentId: { label: '送达凭证扫描件', hint: 'EMS回执或签收单的扫描件（PDF、JPG、PNG或TIFF）', kind: 'file', file: AttachmentPurpose.SIGNED_RECEIPT }, waybillNumber: { label: 'EMS单号' }, signedBy: { label: '签收人' } } },
  WITHDRAW: { title: '申请人撤回申请', confirm: '确认申请人已撤回申请？此操作不可撤销。', fields: { reason: { label: '撤回说明' } } },
  CLOSE: { title: '终结办理', confirm: '确认终结办理此申请？此操作不可撤销。', fields: { closeReason: { label: '终结原因' }, note: { label: '说明', kind: 'textarea' } } },
  ARCHIVE: { title: '归档', confirm: '确认归档？归档后案件封存，不能再更改。' },
  RECORD_REMEDY: { title: '记录行政复议或诉讼' },
  SET_LEGAL_HOLD: { title: '诉讼保全', fields: { hold: { label: '保全' }, grounds: { label: '理由', kind: 'textarea' } } },
};

/** Chinese names of the DTOs' enum values. */
const VALUE_LABELS: Record<string, string> = {
  ...REPLY_TYPE_LABELS,
  CORRECTION: '补正告知（条例第三十条）',
  REASONS: '要求说明理由（条例第三十五条）',
  THIRD_PARTY: '第三方（条例第三十二条）',
  CO_PRODUCING_AGENCY: '共同制作机关（条例第三十四条）',
  CONSENT: '同意公开',
  OBJECTION: '不同意公开',
  NO_POSITION: '未表态',
  DISCLOSE_IN_PUBLIC_INTEREST: '基于公共利益决定公开',
  PER_PIECE: '按件计收',
  PER_PAGE: '按量计收',
  AGREE: '同意',
  DISAGREE: '不同意',
  AGREE_WITH_CHANGES: '修改后同意',
  EMAIL: '电子邮件',
  POST: '邮寄（EMS）',
  PICKUP: '当面领取',
  ONLINE: '在线查看',
  NOT_AN_APPLICATION: '不属于政府信息公开申请',
  TRANSFERRED: '已转送有权机关',
  OTHER: '其他',
  RECONSIDERATION: '行政复议',
  LITIGATION: '行政诉讼',
  PENDING: '尚未审结',
  UPHELD: '维持或驳回',
  CORRECTED: '纠正',
  REVOKED: '撤销',
  CHANGED: '变更',
  CONFIRMED_ILLEGAL: '确认违法',
  ORDERED_TO_PERFORM: '责令履行',
};

interface ApiProp {
  type?: unknown;
  enum?: unknown[];
  description?: string;
  example?: unknown;
  required?: boolean;
  format?: string;
  isArray?: boolean;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
}

const BASE_FIELDS = ['type', 'expectedVersion', 'effectiveDate', 'reason'];

/** The declared fields of an event's command (what the API document shows), in declaration order. */
export function commandFields(type: CaseEventType): { name: string; prop: ApiProp }[] {
  const proto = (COMMAND_DTO_BY_TYPE[type] as { prototype: object }).prototype;
  const names = ((Reflect.getMetadata('swagger/apiModelPropertiesArray', proto) as string[] | undefined) ?? []).map((n) => n.replace(/^:/, ''));
  return [...new Set(names)].map((name) => ({ name, prop: (Reflect.getMetadata('swagger/apiModelProperties', proto, name) as ApiProp | undefined) ?? {} }));
}

/** The form of one event, filled with the submitted values and errors when it is shown again. */
export function eventForm(type: CaseEventType, ctx: FormContext, values: Record<string, string> = {}, errors: Record<string, string> = {}): EventForm {
  const view = EVENT_VIEWS[type] ?? { title: type };
  const fields: FormField[] = [];
  const advancedFields: FormField[] = [];
  const fieldsOfEvent = commandFields(type);
  for (const { name, prop } of fieldsOfEvent) {
    if (name === 'type' || name === 'expectedVersion') continue;
    const fv = view.fields?.[name];
    if (fv?.hidden) continue;
    const advanced = BASE_FIELDS.includes(name) && !(name === 'reason' && fv);
    const field = buildField(`${type}.${name}`, name, prop, fv, ctx, values[name] ?? '', errors[name]);
    if (type === 'APPROVE_EXTENSION' && name === 'workdays') {
      field.max = ctx.extensionRemaining;
      field.hint = `最多还可延长${ctx.extensionRemaining}个工作日（延长总计不超过20个工作日）`;
      if (!field.value) field.value = String(ctx.extensionRemaining);
    }
    (advanced ? advancedFields : fields).push({ ...field, advanced });
  }
  return { type, title: view.title, intro: view.intro, button: view.button ?? view.title, confirm: view.confirm, fields, advancedFields, multipart: fileFieldsOf(type).length > 0 };
}

/** The fields of an event's form that are uploaded files (the input is named after the command's attachment id). */
export function fileFieldsOf(type: CaseEventType): { name: string; purpose: AttachmentPurpose }[] {
  return Object.entries(EVENT_VIEWS[type]?.fields ?? {}).flatMap(([name, fv]) => (fv.file && !fv.hidden ? [{ name, purpose: fv.file }] : []));
}

/** Every file input of every case-page form (for the upload interceptor). */
export const CASE_PAGE_FILE_INPUTS: readonly string[] = [
  ...new Set(Object.values(EVENT_VIEWS).flatMap((v) => Object.entries(v.fields ?? {}).flatMap(([name, fv]) => (fv.file ? [name] : [])))),
];

function buildField(key: string, name: string, prop: ApiProp, fv: FieldView | undefined, ctx: FormContext, value: string, error: string | undefined): FormField {
  const base = { name, id: fieldId(key), label: fv?.label ?? labelOfBase(name) ?? name, hint: fv?.hint ?? hintOf(name, prop), required: prop.required !== false, value, error };
  if (fv?.options) {
    const options = ctx[fv.options].map((o) => ({ ...o, checked: value.split('\n').includes(o.value) }));
    return { ...base, kind: fv.kind ?? (options.length <= 4 ? 'radios' : 'select'), options };
  }
  if (Array.isArray(prop.enum)) {
    const options = prop.enum.map((v) => ({ value: String(v), label: VALUE_LABELS[String(v)] ?? String(v), checked: String(v) === value }));
    return { ...base, kind: options.length <= 5 ? 'radios' : 'select', options };
  }
  if (fv?.file) return { ...base, kind: 'file', value: '' };
  if (prop.type === Boolean || prop.type === 'boolean') return { ...base, kind: 'checkbox', required: false };
  if (prop.type === Number || prop.type === 'number' || prop.type === 'integer') return { ...base, kind: 'number', min: prop.minimum, max: prop.maximum };
  if (fv?.kind) return { ...base, kind: fv.kind, maxLength: prop.maxLength };
  if (prop.isArray || Array.isArray(prop.type)) return { ...base, kind: 'lines' };
  if (prop.format === 'date' || name === 'effectiveDate' || /(Date|On|until)$/.test(name)) return { ...base, kind: 'date' };
  return { ...base, kind: (prop.maxLength ?? 0) > 500 ? 'textarea' : 'text', maxLength: prop.maxLength };
}

function labelOfBase(name: string): string | undefined {
  return { effectiveDate: '事件日期（补录时填写）', reason: '补录原因或备注' }[name];
}

function hintOf(name: string, prop: ApiProp): string | undefined {
  if (name === 'effectiveDate') return '默认今天；补录早于今天的事项时填写实际发生日期，并写明原因';
  if (name === 'reason') return '补录时必填';
  const example = typeof prop.example === 'string' || typeof prop.example === 'number' ? `例如：${String(prop.example)}` : undefined;
  return example;
}

/** Flat form fields → the API's command body (numbers, booleans and one-per-line lists); empty fields left out. */
export function commandOf(type: CaseEventType, form: Record<string, string>, multi: Record<string, string[]> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { type };
  const view = EVENT_VIEWS[type];
  for (const { name, prop } of commandFields(type)) {
    if (name === 'type') continue;
    const fv = view?.fields?.[name];
    if (fv?.kind === 'checkboxes') {
      const picked = (multi[name] ?? []).filter(Boolean);
      if (picked.length) body[name] = picked;
      continue;
    }
    const raw = form[name];
    if (raw === undefined || raw.trim() === '') continue;
    if (prop.type === Boolean || prop.type === 'boolean') body[name] = raw === 'true';
    else if (name === 'expectedVersion' || prop.type === Number || prop.type === 'number' || prop.type === 'integer') body[name] = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    else if (fv?.kind === 'lines' || prop.isArray || Array.isArray(prop.type)) body[name] = raw.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    else body[name] = raw;
  }
  return body;
}
