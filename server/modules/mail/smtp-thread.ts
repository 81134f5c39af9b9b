import { createRequire } from 'node:module';
import type { SendMailOptions } from 'nodemailer';
import { startRequestThread } from '../../platform/request-thread.ts';

/**
 * Talks SMTP in a thread of its own. A mail takes four or five round trips to the SMTP server;
 * on the main thread each waited for a turn of the event loop, and under steady ticket creation
 * a turn is a whole round of requests, so mail fell ever further behind. In the thread the
 * conversations run at the SMTP server's pace; the main thread only hands mails over and hears
 * back. Plain JavaScript (CommonJS, nodemailer resolved by the main thread), so it runs the
 * same from the sources, the bundle and the tests.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const nodemailer = require(workerData.nodemailerPath);
const transport = nodemailer.createTransport(workerData.transportUrl);
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ id, input }) => {
  transport.sendMail(input).then(
    () => parentPort.postMessage({ id, result: null }),
    (error) => parentPort.postMessage({ id, error: error && error.message ? error.message : String(error) }),
  );
});
`;

export interface SmtpThread {
  /** Resolves when the SMTP server accepted the mail; rejects with the server's or network's error. */
  send(message: SendMailOptions): Promise<void>;
  close(): void;
}

/** Mail options that cross to the thread: plain strings, arrays and objects only. */
export function startSmtpThread(transportUrl: string): SmtpThread {
  const thread = startRequestThread<SendMailOptions, null>({
    code: THREAD_SOURCE,
    name: 'The SMTP thread',
    workerData: { nodemailerPath: createRequire(import.meta.url).resolve('nodemailer'), transportUrl },
    // A thread gets a heap of its own, by default as large as the main thread's; handing mails
    // to an SMTP server needs little (bounded, it stays some 20 MB smaller; a thread that ran out
    // would be started again like any that died, its mails retried as jobs).
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 },
  });
  return {
    send: async (message) => {
      await thread.call(message);
    },
    close: () => void thread.stop(),
  };
}
