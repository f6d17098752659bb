import {
  chineseDate,
  composeAcknowledgementEmail,
  composeRegistrationAttemptEmail,
  composeReplyDeliveryEmail,
  composeSubmissionNoticeEmail,
  escapeHtml,
} from './email-composition.js';

const ack = {
  agencyName: '示例县自然资源局',
  applicantName: '张三',
  trackingNumber: 'SLXZR-2026-000001',
  requestSummary: '2025年青山镇土地征收补偿方案',
  today: '2026-03-02',
};

describe('composeAcknowledgementEmail', () => {
  it('should carry the tracking number, the receipt date and the 20-working-day period of 条例第三十三条', () => {
    const sut = composeAcknowledgementEmail({ ...ack, receiptDate: '2026-03-02' });
    expect(sut.subject).toBe('【政府信息公开申请】示例县自然资源局已登记您的申请，收到申请之日已确定（SLXZR-2026-000001）');
    expect(sut.textBody).toContain('申请编号：SLXZR-2026-000001');
    expect(sut.textBody).toContain('收到申请之日：2026年3月2日');
    expect(sut.textBody).toContain('第三十三条');
    expect(sut.textBody).toContain('20个工作日');
  });

  it('should give the mail on submission and the mail on confirmation each its own subject', () => {
    const submitted = composeAcknowledgementEmail({ ...ack, receiptDate: null }).subject;
    const confirmed = composeAcknowledgementEmail({ ...ack, receiptDate: '2026-03-02' }).subject;
    expect(submitted).toBe('【政府信息公开申请】示例县自然资源局已收到您的申请（待确认）（SLXZR-2026-000001）');
    expect(confirmed).not.toBe(submitted);
  });

  it('should say the receipt date waits for confirmation when a web application is not yet confirmed', () => {
    expect(composeAcknowledgementEmail({ ...ack, receiptDate: null }).textBody).toContain('以本机关确认收到之日为准');
  });

  it('should keep the subject on one line and escape the applicant’s text in HTML', () => {
    const sut = composeAcknowledgementEmail({ ...ack, receiptDate: null, applicantName: '<b>李四</b>', agencyName: '示例县\n自然资源局' });
    expect(sut.subject).not.toMatch(/[\r\n]/);
    expect(sut.htmlBody).toContain('&lt;b&gt;李四&lt;/b&gt;');
    expect(sut.htmlBody).not.toContain('<b>李四');
  });
});

describe('composeReplyDeliveryEmail', () => {
  it('should name the document and its 文号 and give the attachment hash for checking', () => {
    const sut = composeReplyDeliveryEmail({
      agencyName: '示例县自然资源局',
      applicantName: '张三',
      trackingNumber: 'SLXZR-2026-000001',
      receiptDate: '2026-03-02',
      documentTitle: '政府信息公开申请答复书',
      documentNumber: '示自然资公开〔2026〕12号',
      attachmentSha256: 'f'.repeat(64),
      today: '2026-03-20',
    });
    expect(sut.subject).toBe('【政府信息公开申请答复】政府信息公开申请答复书（示自然资公开〔2026〕12号）');
    expect(sut.textBody).toContain('《政府信息公开申请答复书》（示自然资公开〔2026〕12号）见本邮件附件');
    expect(sut.textBody).toContain('f'.repeat(64));
    expect(sut.textBody).toMatch(/示例县自然资源局\n2026年3月20日\n$/);
  });
});

describe('chineseDate', () => {
  it('should write the date in Arabic numerals without leading zeros', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
  });
});

describe('escapeHtml', () => {
  it('should escape every markup character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('composeSubmissionNoticeEmail', () => {
  const facts = { agencyName: '示例县自然资源局', trackingNumber: 'SLXZR-2026-000001', statusUrl: 'https://gk.example/', today: '2026-03-02' };

  it('should say what happened in the subject, pending or confirmed, with the tracking number', () => {
    expect(composeSubmissionNoticeEmail({ ...facts, receiptDate: null }).subject).toBe('【政府信息公开申请】申请已提交，待示例县自然资源局确认收到（SLXZR-2026-000001）');
    const confirmed = composeSubmissionNoticeEmail({ ...facts, receiptDate: '2026-03-02' });
    expect(confirmed.subject).toBe('【政府信息公开申请】示例县自然资源局已确认收到申请（SLXZR-2026-000001）');
    expect(confirmed.textBody).toContain('确认收到申请之日为2026年3月2日');
    expect(confirmed.textBody).toContain('20个工作日');
  });

  it('should take no text from the sender: its facts have no place for a name, a title or a description', () => {
    const sut = composeSubmissionNoticeEmail({ ...facts, receiptDate: null });
    expect(sut.textBody.startsWith('您好：')).toBe(true);
    expect(sut.textBody).toContain('如果不是您本人提交');
  });
});

describe('composeRegistrationAttemptEmail', () => {
  it('should tell the owner someone tried to register with the address, and how to log in', () => {
    const sut = composeRegistrationAttemptEmail({ loginUrl: 'https://gk.example/', today: '2026-03-02' });
    expect(sut.subject).toBe('【政府信息公开】有人尝试使用您的邮箱注册账号');
    expect(sut.textBody).toContain('请直接在 https://gk.example/account/login 登录');
    expect(sut.textBody).toContain('https://gk.example/account/password-reset 找回密码');
  });
});
