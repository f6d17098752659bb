import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { AppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import { MailDispatcher } from '../../src/modules/notifications/mail-dispatcher.service.js';
import { OutboxMessageEntity } from '../../src/modules/notifications/outbox-message.entity.js';
import { OutboxService } from '../../src/modules/notifications/outbox.service.js';
import { BlobStorage } from '../../src/modules/storage/blob-storage.js';
import { startTestApp, type TestApp } from '../setup/test-app.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('mail without a mail server (no SMTP_URL)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ now: '2026-03-02T02:00:00.000Z' });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should write each mail as an .eml file in DATA_DIR/mail/outbox that a mail reader opens with its Chinese subject and attachment', async () => {
    const config = sut.app.get<AppConfig>(APP_CONFIG);
    const storage = sut.app.get(BlobStorage);
    const pdf = Buffer.from('%PDF-1.7\n% 答复书\n%%EOF\n');
    await storage.put(`documents/2026/${sha256(pdf)}.pdf`, pdf, 'application/pdf');
    const subject = '【政府信息公开申请】示例县自然资源局已收到您的申请（SLXZR-2026-000001）';
    const queued = await sut.dataSource.transaction((em) =>
      sut.app.get(OutboxService).enqueueEmail(em, {
        dedupeKey: 'ack:eml',
        to: 'zhang.san@example.cn',
        subject,
        textBody: '张三：\n\n示例县自然资源局已收到您提交的政府信息公开申请。\n',
        attachments: [{ filename: '接收回执.pdf', contentType: 'application/pdf', storageKey: `documents/2026/${sha256(pdf)}.pdf`, sha256: sha256(pdf) }],
      }),
    );

    expect(await sut.app.get(MailDispatcher).dispatchDue()).toMatchObject({ sent: 1 });

    const dir = path.join(config.dataDir, 'mail', 'outbox');
    expect(config.mail.outboxDir).toBe(dir);
    const files = readdirSync(dir);
    expect(files).toEqual([`20260302T020000000Z-${queued.id}.eml`]);
    const parsed = await simpleParser(readFileSync(path.join(dir, files[0])));
    expect(parsed.subject).toBe(subject);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : null).toBe('zhang.san@example.cn');
    expect(parsed.text).toContain('已收到您提交的政府信息公开申请');
    expect(parsed.messageId).toBe(`<${queued.id}@gongkai.local>`);
    expect(parsed.attachments.map((a) => [a.filename, sha256(a.content)])).toEqual([['接收回执.pdf', sha256(pdf)]]);
    expect(await sut.dataSource.getRepository(OutboxMessageEntity).findOneByOrFail({ id: queued.id })).toMatchObject({
      status: 'SENT',
      messageId: `<${queued.id}@gongkai.local>`,
      transportResponse: `written to ${path.join(dir, files[0])}`,
    });
  });
});
