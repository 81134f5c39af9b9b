import nodemailer, { type Transporter } from 'nodemailer';
import type { JobHandler } from '../../platform/jobs/runner.ts';
import type { OutgoingMail } from './outgoing-mail.ts';

/**
 * The `mail.send` job: hands one rendered mail to the SMTP server of ANLAUF_SMTP_OUT. A
 * failure throws, so the runner retries with back-off and finally shows it to admins.
 */
export function sendMailHandler(options: { smtpOut: string; mailFrom: string }): { handler: JobHandler; close: () => void } {
  const transport: Transporter = nodemailer.createTransport(options.smtpOut);
  const handler: JobHandler = async (payload) => {
    const mail = payload as OutgoingMail;
    await transport.sendMail({
      from: options.mailFrom,
      to: mail.to,
      ...(mail.cc?.length ? { cc: mail.cc } : {}),
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references?.length ? { references: mail.references } : {}),
      ...(mail.headers ? { headers: mail.headers } : {}),
    });
  };
  return { handler, close: () => transport.close() };
}
