/**
 * Subject and bodies of the mails the system sends, kept apart from how they are sent (outbox, transports).
 * Pure: the caller passes every fact, including today's date, and enqueues the result with OutboxService.
 */
import { EXTENSION, REPLY_WORKDAYS } from '../../common/statutory-limits.js';

// 条例第三十三条第二款: 20 working days from receipt, extendable once by at most 20 with notice to the applicant.
const REPLY_PERIOD_SENTENCE = `本机关将依照《中华人民共和国政府信息公开条例》第三十三条的规定，自收到申请之日起${REPLY_WORKDAYS}个工作日内予以答复；需要延长答复期限的，将另行告知，延长的期限最长不超过${EXTENSION.maxWorkdays}个工作日。`;

export interface ComposedEmail {
  subject: string;
  textBody: string;
  htmlBody: string;
}

export interface AcknowledgementFacts {
  agencyName: string;
  applicantName: string;
  trackingNumber: string;
  /** 收到申请之日 once fixed; null while a web application awaits the office's confirmation (条例第三十一条第（三）项). */
  receiptDate: string | null;
  requestSummary: string;
  /** Where the applicant can follow the case with the tracking number and query code, if there is such a page. */
  statusUrl?: string | null;
  /** YYYY-MM-DD, Asia/Shanghai. */
  today: string;
}

/**
 * The acknowledgement (接收回执) mail of an application whose applicant gave an address. The query code is deliberately left out: it is stored only as a
 * hash, and the outbox keeps mail bodies in clear text.
 */
export function composeAcknowledgementEmail(f: AcknowledgementFacts): ComposedEmail {
  const receipt = f.receiptDate
    ? `收到申请之日：${chineseDate(f.receiptDate)}`
    : '收到申请之日：以本机关确认收到之日为准（《中华人民共和国政府信息公开条例》第三十一条第（三）项）';
  const query = f.statusUrl ? `您可凭申请编号和查询码在 ${f.statusUrl} 查询办理进度。` : '您可凭申请编号和查询码查询办理进度。';
  return render(
    // Each mail says in its subject what happened: a web submission is first only received (its date waits for
    // the office's confirmation, 条例第三十一条第（三）项), then registered with its receipt date fixed.
    f.receiptDate
      ? `【政府信息公开申请】${f.agencyName}已登记您的申请，收到申请之日已确定（${f.trackingNumber}）`
      : `【政府信息公开申请】${f.agencyName}已收到您的申请（待确认）（${f.trackingNumber}）`,
    `${f.applicantName}：`,
    [
      `${f.agencyName}已收到您提交的政府信息公开申请。`,
      [`申请编号：${f.trackingNumber}`, receipt, `申请内容：${truncate(f.requestSummary, 200)}`].join('\n'),
      REPLY_PERIOD_SENTENCE,
      query,
    ],
    f.agencyName,
    f.today,
  );
}

export interface SubmissionNoticeFacts {
  agencyName: string;
  trackingNumber: string;
  /** 收到申请之日 once fixed; null while the office has yet to confirm receipt. */
  receiptDate: string | null;
  statusUrl?: string | null;
  today: string;
}

/**
 * The acknowledgement of a web submission, sent to an address nobody has confirmed (anyone can type anyone's
 * address into the public form): fixed text with the agency, the tracking number and the dates only, nothing the
 * sender wrote (name, title, description) and no attachment, so the form cannot be used to mail chosen text to
 * strangers. The receipt and the case are available through the status lookup.
 */
export function composeSubmissionNoticeEmail(f: SubmissionNoticeFacts): ComposedEmail {
  const where = f.statusUrl ? `凭申请编号和查询码在 ${f.statusUrl} ` : '凭申请编号和查询码';
  return render(
    f.receiptDate ? `【政府信息公开申请】${f.agencyName}已确认收到申请（${f.trackingNumber}）` : `【政府信息公开申请】申请已提交，待${f.agencyName}确认收到（${f.trackingNumber}）`,
    '您好：',
    [
      `有人使用本邮箱地址通过网络向${f.agencyName}提交了政府信息公开申请，申请编号：${f.trackingNumber}。`,
      f.receiptDate
        ? `${f.agencyName}确认收到申请之日为${chineseDate(f.receiptDate)}。${REPLY_PERIOD_SENTENCE}`
        : '收到申请之日以本机关确认收到之日为准（《中华人民共和国政府信息公开条例》第三十一条第（三）项），确认后将另行通知。',
      `您可${where}查询办理进度和下载接收回执。`,
      '如果不是您本人提交，您无需处理本邮件。',
    ],
    f.agencyName,
    f.today,
  );
}

export interface RegistrationAttemptFacts {
  /** Where to log in, if there is such a page. */
  loginUrl?: string | null;
  today: string;
}

/**
 * To the owner of an address someone tried to register again. The registration answers exactly as for a new
 * address (so nobody learns which addresses have accounts); the owner hears of it here. Fixed text only: nothing
 * the person registering typed goes into a mail to an address they may not own.
 */
export function composeRegistrationAttemptEmail(f: RegistrationAttemptFacts): ComposedEmail {
  return render(
    '【政府信息公开】有人尝试使用您的邮箱注册账号',
    '您好：',
    [
      '有人（可能是您本人）尝试使用本邮箱地址注册政府信息公开申请账号。本邮箱地址已经注册过账号，因此没有新建账号，您原有账号的密码和信息也没有改变。',
      f.loginUrl
        ? `如果是您本人操作，请直接在 ${f.loginUrl}account/login 登录；如忘记密码，请在 ${f.loginUrl}account/password-reset 找回密码。`
        : '如果是您本人操作，请直接登录；如忘记密码，请在登录页面使用“忘记密码”找回。',
      '如果不是您本人操作，您无需处理本邮件。',
    ],
    '政府信息公开申请系统',
    f.today,
  );
}

export interface ReplyDeliveryFacts {
  agencyName: string;
  applicantName: string;
  trackingNumber: string;
  receiptDate: string;
  /** e.g. 政府信息公开申请答复书 */
  documentTitle: string;
  /** 文号, e.g. X政公开〔2026〕12号 */
  documentNumber: string;
  /** SHA-256 of the attached PDF, so the applicant can check the file is the one the office archived. */
  attachmentSha256: string;
  /** Phone or address for questions, if the agency publishes one. */
  contact?: string | null;
  today: string;
}

/** The mail that delivers an issued reply (DELIVER_REPLY by email: the form the applicant asked for, 条例第四十条); the PDF goes as its attachment. */
export function composeReplyDeliveryEmail(f: ReplyDeliveryFacts): ComposedEmail {
  return render(
    `【政府信息公开申请答复】${f.documentTitle}（${f.documentNumber}）`,
    `${f.applicantName}：`,
    [
      `您于${chineseDate(f.receiptDate)}向${f.agencyName}提出的政府信息公开申请（申请编号：${f.trackingNumber}），本机关已作出答复。《${f.documentTitle}》（${f.documentNumber}）见本邮件附件（PDF格式）。`,
      checksumLine(f.attachmentSha256, '答复文书'),
      contactLine(f.contact),
    ],
    f.agencyName,
    f.today,
  );
}

export interface NoticeFacts {
  agencyName: string;
  applicantName: string;
  trackingNumber: string;
  /** e.g. 政府信息公开申请补正告知书 */
  documentTitle: string;
  documentNumber: string;
  attachmentSha256: string;
  /** What the applicant is asked to do and by when, if anything (e.g. 请于2026年1月20日前补正). */
  action?: string | null;
  contact?: string | null;
  today: string;
}

/**
 * A procedural notice to the applicant (补正告知书, 延期答复告知书, 收费通知书 …) sent when it is issued, the PDF
 * attached; a notice that asks something of the applicant says what and by when in the mail as well.
 */
export function composeNoticeEmail(f: NoticeFacts): ComposedEmail {
  return render(
    `【政府信息公开申请】${f.documentTitle}（${f.documentNumber}）`,
    `${f.applicantName}：`,
    [
      `关于您向${f.agencyName}提出的政府信息公开申请（申请编号：${f.trackingNumber}），本机关出具了《${f.documentTitle}》（${f.documentNumber}），见本邮件附件（PDF格式）。`,
      ...(f.action ? [f.action] : []),
      checksumLine(f.attachmentSha256, '文书'),
      contactLine(f.contact),
    ],
    f.agencyName,
    f.today,
  );
}

export interface StaffNoticeFacts {
  recipientName: string;
  trackingNumber: string;
  /** The in-app notice's text (it starts with the tracking number). */
  message: string;
  agencyName: string;
  today: string;
}

/**
 * A notice to a member of staff about a case (a referral for co-review, a draft awaiting approval, a case given to
 * them …): the same words as the in-app notice, and where to act; nothing of the applicant beyond the case number.
 */
export function composeStaffNoticeEmail(f: StaffNoticeFacts): ComposedEmail {
  return render(`【案件提醒】${f.message}`, `${f.recipientName}：`, [f.message, `请登录政府信息公开申请办理系统查看案件（申请编号：${f.trackingNumber}）。`], f.agencyName, f.today);
}

/** Lets the applicant check the attached PDF against the one the office archived. */
const checksumLine = (sha256: string, noun: string): string => `附件的SHA-256校验值为：${sha256}，可用于核对附件与本机关存档的${noun}是否一致。`;

const contactLine = (contact: string | null | undefined): string => (contact ? `如有疑问，请与本机关联系：${contact}。` : '如有疑问，请与本机关联系。');

function render(subject: string, salutation: string, paragraphs: string[], signer: string, today: string): ComposedEmail {
  const footer = '本邮件由系统自动发送，请勿直接回复。';
  const date = chineseDate(today);
  const textBody = [salutation, ...paragraphs, footer, `${signer}\n${date}`].join('\n\n') + '\n';
  const htmlBody = [
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>',
    `<p>${escapeHtml(salutation)}</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    `<p style="color:#666">${escapeHtml(footer)}</p>`,
    `<p style="text-align:right">${escapeHtml(signer)}<br>${escapeHtml(date)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: oneLine(subject), textBody, htmlBody };
}

/** 2026-03-02 → 2026年3月2日 (Arabic numerals, as GB/T 9704-2012 writes dates). */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${isoDate}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Subjects are one header line; an applicant's text with line breaks must not split it. */
function oneLine(text: string): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), 200);
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
