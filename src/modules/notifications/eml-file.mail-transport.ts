import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport, type StreamSentMessageInfo, type Transporter } from 'nodemailer';
import { MailTransport, type MailSendResult, toNodemailerMessage } from './mail-transport.js';
import type { OutgoingMail } from './outgoing-mail.js';

/**
 * The embedded default (no SMTP_URL): each mail becomes `<timestamp>-<outbox-id>.eml` in
 * `$DATA_DIR/mail/outbox/`, the exact MIME an SMTP server would have received; any mail client opens it.
 */
export class EmlFileMailTransport extends MailTransport {
  readonly description: string;
  private readonly composer: Transporter<StreamSentMessageInfo>;

  constructor(private readonly dir: string) {
    super();
    this.description = `.eml files in ${dir}`;
    this.composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  async send(mail: OutgoingMail): Promise<MailSendResult> {
    const info = await this.composer.sendMail(toNodemailerMessage(mail));
    if (!Buffer.isBuffer(info.message)) throw new Error('stream transport did not return a buffer');
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${fileStamp(mail.date)}-${mail.outboxId}.eml`);
    // Written whole or not at all (temp file + rename): a reader never sees half a mail.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, info.message);
    await rename(tmp, file);
    return { messageId: info.messageId, response: `written to ${file}` };
  }
}

/** `20260302T100000123Z`: sorts by time in a file listing and is valid on every file system. */
function fileStamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}
