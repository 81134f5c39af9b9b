import type { JobHandler } from '../../platform/jobs/runner.ts';
import type { OutgoingMail } from './outgoing-mail.ts';
import { replyAddress } from './reply-token.ts';
import { startSmtpThread } from './smtp-thread.ts';

/**
 * The `mail.send` job: hands one rendered mail to the SMTP server of ANLAUF_SMTP_OUT. A
 * failure throws, so the runner retries with back-off and finally shows it to admins. Mail about
 * a ticket gets a Reply-To with a reply token for its recipient (reply-token.ts), which proves
 * a reply genuine even when the sender's domain signs nothing. The mail is composed and the SMTP
 * conversation held in a thread of its own (smtp-thread.ts, compose-mail.ts).
 */
export function sendMailHandler(options: { smtpOut: string; mailFrom: string; replyTokenKey?: Buffer | undefined; onInline?: (reason: string) => void }): {
  handler: JobHandler;
  close: () => void;
} {
  const transport = startSmtpThread(pooled(options.smtpOut), options.onInline ? { onInline: options.onInline } : {});
  const ourAddress = /<?([^<>\s]+@[^<>\s]+)>?\s*$/.exec(options.mailFrom)?.[1];
  const handler: JobHandler = async (payload) => {
    const mail = payload as OutgoingMail;
    const replyTo = options.replyTokenKey && ourAddress && mail.ticketId !== undefined ? replyAddress(options.replyTokenKey, ourAddress, mail.ticketId, mail.to) : undefined;
    await transport.send({
      from: options.mailFrom,
      replyTo,
      to: mail.to,
      cc: mail.cc,
      subject: mail.subject,
      text: mail.text,
      html: mail.html || undefined,
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      headers: mail.headers,
    });
  };
  return { handler, close: () => transport.close() };
}

/**
 * The same SMTP URL with nodemailer's connection pool switched on (unless the URL says
 * otherwise): one connection per mail meant a TCP and SMTP handshake for every notification,
 * and sending fell far behind ticket creation.
 */
export function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  return url.toString();
}
