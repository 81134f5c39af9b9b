import { parentPort, workerData } from 'node:worker_threads';
import nodemailer from 'nodemailer';
import { composeMail, type MailToCompose } from './compose-mail.ts';

/**
 * The SMTP thread (smtp-thread.ts starts it): composes each mail handed to it and hands it to
 * the SMTP server, one message each way. Bundled as an entry point of its own
 * (dist/server/smtp-thread.js).
 */
const port = parentPort;
if (!port) throw new Error('smtp-thread-entry.ts runs as a worker thread only');
const transport = nodemailer.createTransport((workerData as { transportUrl: string }).transportUrl);
port.postMessage({ ready: true });
port.on('message', ({ id, input }: { id: number; input: MailToCompose }) => {
  Promise.resolve()
    .then(() => transport.sendMail(composeMail(input)))
    .then(
      () => port.postMessage({ id, result: null }),
      (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
    );
});
