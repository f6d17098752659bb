import { assertValidEmailMessage, type EmailMessage, InvalidEmailMessageError, messageIdFor, senderDomain } from './outgoing-mail.js';

const valid: EmailMessage = {
  dedupeKey: 'reply-delivery:1',
  to: 'zhang.san@example.cn',
  subject: '【政府信息公开申请答复】答复书（X政公开〔2026〕12号）',
  textBody: '张三：…',
  attachments: [
    { filename: '答复书（X政公开〔2026〕12号）.pdf', contentType: 'application/pdf', storageKey: 'documents/2026/abc.pdf', sha256: 'a'.repeat(64) },
  ],
};

describe('assertValidEmailMessage', () => {
  it('should accept a Chinese subject and a Chinese attachment name', () => {
    expect(() => assertValidEmailMessage(valid)).not.toThrow();
  });

  it.each<[string, Partial<EmailMessage>]>([
    ['a subject with a line break (header injection)', { subject: '答复\r\nBcc: x@y.cn' }],
    ['an address without a domain', { to: 'zhangsan' }],
    ['two addresses', { to: 'a@b.cn, c@d.cn' }],
    ['an empty body', { textBody: '  ' }],
    ['an empty dedupe key', { dedupeKey: '' }],
    ['an attachment name with a path', { attachments: [{ ...valid.attachments![0], filename: '../x.pdf' }] }],
    ['an attachment key that escapes storage', { attachments: [{ ...valid.attachments![0], storageKey: '../etc/passwd' }] }],
    ['an attachment hash that is not SHA-256 hex', { attachments: [{ ...valid.attachments![0], sha256: 'ABC' }] }],
  ])('should refuse %s', (_name, change) => {
    expect(() => assertValidEmailMessage({ ...valid, ...change })).toThrow(InvalidEmailMessageError);
  });
});

describe('messageIdFor', () => {
  it('should derive the same Message-ID from the same outbox id, in the sender domain', () => {
    const id = '0b6f1c9e-8d1a-4a57-9d0e-3d4c2b1a0f99';
    expect(messageIdFor(id, '"Gongkai 政府信息公开" <noreply@gongkai.local>')).toBe(`<${id}@gongkai.local>`);
    expect(messageIdFor(id, '"Gongkai 政府信息公开" <noreply@gongkai.local>')).toBe(messageIdFor(id, 'other@GONGKAI.local'));
  });

  it('should fall back to a fixed domain when the sender has none usable', () => {
    expect(senderDomain('nobody')).toBe('gongkai');
  });
});
