import nodemailer, { type Transporter } from 'nodemailer';
import { startRequestThread } from '../../platform/request-thread.ts';
import { threadCode } from '../../platform/thread-code.ts';
import { composeMail, type MailToCompose } from './compose-mail.ts';

/**
 * Composes mail and talks SMTP in a thread of its own (smtp-thread-entry.ts). A mail takes four
 * or five round trips to the SMTP server; on the main thread each waited for a turn of the event
 * loop, and under steady ticket creation a turn is a whole round of requests, so mail fell ever
 * further behind. In the thread the conversations run at the SMTP server's pace; the main thread
 * only hands mails over and hears back. Where the thread cannot start (a bundle without its
 * entry point), mail is composed and sent on the calling thread.
 */
export interface SmtpThread {
  /** Resolves when the SMTP server accepted the mail; rejects with the server's or network's error. */
  send(message: MailToCompose): Promise<void>;
  close(): void;
}

/** `code`: what the thread runs instead of smtp-thread-entry.ts (tests); `onInline`: told why mail is sent on the calling thread. */
export function startSmtpThread(transportUrl: string, options: { code?: string | undefined; onInline?: (reason: string) => void } = {}): SmtpThread {
  let inline: Transporter | undefined;
  let closed = false;
  const sendInline = async (message: MailToCompose) => {
    // After close no transport is made again (it would keep the process alive at shutdown).
    if (closed) throw new Error('The SMTP thread is shut down.');
    inline ??= nodemailer.createTransport(transportUrl);
    await inline.sendMail(composeMail(message));
    return null;
  };
  const code = options.code ?? threadCode(import.meta.url, './smtp-thread-entry.ts', 'smtp-thread.js');
  if (code === undefined) options.onInline?.('the SMTP thread is not built');
  const thread =
    code === undefined
      ? undefined
      : startRequestThread<MailToCompose, null>({
          code,
          name: 'The SMTP thread',
          workerData: { transportUrl },
          fallback: sendInline,
          ...(options.onInline ? { onFallback: options.onInline } : {}),
          // A thread gets a heap of its own, by default as large as the main thread's; handing mails
          // to an SMTP server needs little (bounded, it stays some 20 MB smaller; a thread that ran out
          // would be started again like any that died, its mails retried as jobs).
          resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 },
        });
  return {
    send: async (message) => {
      await (thread ? thread.call(message) : sendInline(message));
    },
    close: () => {
      closed = true;
      void thread?.stop();
      inline?.close();
    },
  };
}
