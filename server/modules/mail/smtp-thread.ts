import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SendMailOptions } from 'nodemailer';

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
parentPort.on('message', ({ id, message }) => {
  transport.sendMail(message).then(
    () => parentPort.postMessage({ id }),
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
  const nodemailerPath = createRequire(import.meta.url).resolve('nodemailer');
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let closed = false;
  let worker: Worker | undefined;

  const start = (): Worker => {
    // A thread gets a heap of its own, by default as large as the main thread's; handing mails
    // to an SMTP server needs little (bounded, it stays some 20 MB smaller; a thread that ran out
    // would be started again like any that died).
    const thread = new Worker(THREAD_SOURCE, { eval: true, workerData: { nodemailerPath, transportUrl }, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 } });
    // An idle thread must not keep a process alive; one with mails in flight does.
    thread.unref();
    thread.on('message', ({ id, error }: { id: number; error?: string }) => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) thread.unref();
      if (error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(error));
    });
    const fail = (error: Error) => {
      // A thread that died is started again for the next mail; its mails are retried as jobs.
      if (worker === thread) worker = undefined;
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    };
    thread.on('error', fail);
    thread.on('exit', () => fail(new Error('The SMTP thread stopped.')));
    return thread;
  };

  return {
    send(message) {
      if (closed) return Promise.reject(new Error('Outgoing mail is shut down.'));
      worker ??= start();
      const id = ++nextId;
      const thread = worker;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        thread.ref();
        thread.postMessage({ id, message });
      });
    },
    close() {
      closed = true;
      void worker?.terminate();
      worker = undefined;
    },
  };
}
