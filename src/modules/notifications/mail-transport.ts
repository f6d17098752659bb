import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from './outgoing-mail.js';

export interface MailSendResult {
  /** The Message-ID the mail went out with. */
  messageId: string;
  /** Evidence of hand-over: the SMTP server's final reply (e.g. `250 2.0.0 Ok: queued as 4F1C2`) or the file written. */
  response: string;
}

/** Where composed mail goes: an SMTP server, or .eml files when none is configured (README "Mail"). */
export abstract class MailTransport {
  /** For logs and the start-up line; never contains credentials. */
  abstract readonly description: string;
  abstract send(mail: OutgoingMail): Promise<MailSendResult>;
  close(): void {}
}

/** The same MIME for every transport, so an .eml file shows exactly what SMTP would have carried. */
export function toNodemailerMessage(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    date: mail.date,
    messageId: mail.messageId,
    // RFC 3834: keeps vacation responders and auto-replies from answering a system mail.
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    // Content comes only from the buffers above: never let a message field make nodemailer read a file or URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
