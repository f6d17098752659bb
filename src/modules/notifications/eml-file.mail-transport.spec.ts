import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { EmlFileMailTransport } from './eml-file.mail-transport.js';
import type { OutgoingMail } from './outgoing-mail.js';

describe('EmlFileMailTransport', () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'gk-eml-')), 'mail', 'outbox');
  const sut = new EmlFileMailTransport(dir);
  const mail: OutgoingMail = {
    outboxId: '0b6f1c9e-8d1a-4a57-9d0e-3d4c2b1a0f99',
    messageId: '<0b6f1c9e-8d1a-4a57-9d0e-3d4c2b1a0f99@gongkai.local>',
    from: '"Gongkai 政府信息公开" <noreply@gongkai.local>',
    to: 'zhang.san@example.cn',
    subject: '【政府信息公开申请】已收到您的申请',
    text: '张三：\n\n已收到。\n',
    html: null,
    date: new Date('2026-03-02T02:00:00.123Z'),
    attachments: [{ filename: '回执.txt', contentType: 'text/plain', content: Buffer.from('回执') }],
  };

  it('should write one <timestamp>-<outbox-id>.eml file, creating the folder', async () => {
    const result = await sut.send(mail);
    expect(readdirSync(dir)).toEqual(['20260302T020000123Z-0b6f1c9e-8d1a-4a57-9d0e-3d4c2b1a0f99.eml']);
    expect(result).toEqual({ messageId: mail.messageId, response: `written to ${path.join(dir, readdirSync(dir)[0])}` });
  });

  it('should write MIME that a mail reader parses back to the same subject, sender and attachment', async () => {
    const parsed = await simpleParser(readFileSync(path.join(dir, readdirSync(dir)[0])));
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.from?.value[0]).toEqual({ name: 'Gongkai 政府信息公开', address: 'noreply@gongkai.local' });
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['回执.txt', '回执']]);
  });
});
