import { createTransport, type Transporter } from 'nodemailer';
import type { SMTPSentMessageInfo } from 'nodemailer';
import { MailTransport, type MailSendResult, toNodemailerMessage } from './mail-transport.js';
import type { OutgoingMail } from './outgoing-mail.js';

/**
 * Sends through the server in SMTP_URL (`smtp://` with STARTTLS when offered, `smtps://` for implicit TLS).
 * One connection per message, no pool: a pool re-queues a message whose connection drops mid-send, which
 * could deliver it twice behind the dispatcher's back. Timeouts are short so a send ends well inside its lease.
 */
export class SmtpMailTransport extends MailTransport {
  readonly description: string;
  private readonly transporter: Transporter<SMTPSentMessageInfo>;

  constructor(smtpUrl: string) {
    super();
    const url = new URL(smtpUrl);
    this.description = `SMTP ${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}`;
    this.transporter = createTransport({
      url: smtpUrl,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
  }

  async send(mail: OutgoingMail): Promise<MailSendResult> {
    const info = await this.transporter.sendMail(toNodemailerMessage(mail));
    return { messageId: info.messageId, response: info.response };
  }

  override close(): void {
    this.transporter.close();
  }
}
