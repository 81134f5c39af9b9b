import { workerData } from 'node:worker_threads';
import nodemailer from 'nodemailer';
import { answerRequests } from '../../platform/thread-code.ts';
import { composeMail, type MailToCompose } from './compose-mail.ts';

/**
 * The SMTP thread (smtp-thread.ts starts it): composes each mail handed to it and hands it to
 * the SMTP server, one message each way. Bundled as an entry point of its own
 * (dist/server/smtp-thread.js).
 */
const transport = nodemailer.createTransport((workerData as { transportUrl: string }).transportUrl);
answerRequests(async (mail: MailToCompose) => {
  await transport.sendMail(composeMail(mail));
  return null;
});
