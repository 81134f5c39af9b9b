import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../server/platform/db/database.ts';
import { migrateToLatest } from '../server/platform/db/migrate.ts';
import { JobRunner } from '../server/platform/jobs/runner.ts';
import { EventDispatcher } from '../server/platform/events/dispatcher.ts';
import { notificationsSubscriber } from '../server/modules/notifications/notify-ticket.ts';
import { bootstrap } from '../server/ops/setup/bootstrap.ts';
import pino from 'pino';
import { registerMailJobs } from '../server/modules/mail/mail-jobs.ts';
import { startSmtpListener } from '../server/modules/mail/smtp-listener.ts';
import { loadConfig } from '../server/platform/config.ts';
import { EventBus } from '../server/platform/events/event-bus.ts';
import { ProcessLag } from '../server/platform/process-lag.ts';
import { runChild } from './drive.ts';
import { DEFAULT_WORKER_CONCURRENCY } from '../server/platform/worker-role.ts';

export interface MailIntakeFigures {
  mails: number;
  /** From the first SMTP connection until every mail is a ticket or reply. */
  seconds: number;
  mailsPerSecond: number;
  /** SMTP acknowledgements (raw mail stored) per second, while the worker runs alongside. */
  acknowledgedPerSecond: number;
}

/**
 * Mail intake throughput on a fresh SQLite installation in a temporary directory (or
 * PostgreSQL when `databaseUrl` is given): mails are sent over SMTP on loopback with several
 * connections; the figure counts mails parsed, threaded and stored as tickets (every fifth is a
 * reply to an earlier ticket). The notification jobs those tickets enqueue are run too only
 * with `withNotifications`. For `npm run bench`.
 */
export async function benchMailIntake(options: { mails?: number; connections?: number; databaseUrl?: string; withNotifications?: boolean } = {}): Promise<MailIntakeFigures> {
  const mails = options.mails ?? 2000;
  const connections = options.connections ?? 8;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-bench-mail-'));
  const database = openDatabase({ databaseUrl: options.databaseUrl, dataDir, backgroundCheckpoints: true });
  try {
    await migrateToLatest(database.db);
    await bootstrap(database.db, { adminEmail: 'admin@bench.test', adminPassword: 'bench-password-1' });
    const mailFrom = 'Anlauf <help@bench.example>';
    const listener = await startSmtpListener({ db: database.db, dialect: database.dialect, port: 0, host: '127.0.0.1', recipients: [], maxBytes: 10 * 1024 * 1024 });
    // The intake jobs as `anlauf serve` registers them (parser thread, their own lane, 32 jobs at
    // once); the sender limit is lifted, as the bench sends thousands of mails from a few senders.
    const config = loadConfig({ ANLAUF_DATA_DIR: dataDir, ANLAUF_MAIL_FROM: mailFrom, ANLAUF_MAIL_SENDER_LIMIT: '1000000/60', LOG_LEVEL: 'error' }, { readDotenv: false });
    const runner = new JobRunner({ db: database.db, dialect: database.dialect, concurrency: DEFAULT_WORKER_CONCURRENCY, idleMs: 5 });
    const stopMailJobs = registerMailJobs(runner, { config, database, events: new EventBus(), lag: new ProcessLag(), log: pino({ level: 'error' }) });
    // The notifications the new tickets cause are outgoing work; by default their events wait.
    const dispatcher = new EventDispatcher({
      db: database.db,
      dialect: database.dialect,
      databaseUrl: options.databaseUrl,
      subscribers: options.withNotifications ? [notificationsSubscriber({ publicUrl: 'http://localhost', mailFrom, dataDir })] : [],
    });
    runner.start();
    await dispatcher.start();
    // The sender is a process of its own, as an MTA is: its SMTP client does not take the
    // server's thread (on two cores each side gets one).
    let sender: { startedAtMs: number; acknowledgedAtMs: number } | undefined;
    let senderFailed: unknown;
    const sending = runChild<{ startedAtMs: number; acknowledgedAtMs: number }>('mail-sender.ts', { port: listener.port, mails, connections }).then(
      (times) => (sender = times),
      (error: unknown) => (senderFailed = error),
    );
    const mdb = database.db;
    const count = async (status?: 'received') =>
      Number(
        (
          await mdb
            .selectFrom('inbound_mails')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .$if(status !== undefined, (q) => q.where('status', '=', status!))
            .executeTakeFirstOrThrow()
        ).n,
      );
    for (;;) {
      if (senderFailed) throw senderFailed;
      if (sender && (await count('received')) === 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const finishedAtMs = Date.now();
    await sending;
    const stored = await count();
    if (stored !== mails) throw new Error(`${mails} mails sent, ${stored} stored`);
    await dispatcher.stop();
    await runner.stop();
    await stopMailJobs?.();
    await listener.close();
    const { startedAtMs, acknowledgedAtMs } = sender!;
    const seconds = (finishedAtMs - startedAtMs) / 1000;
    return { mails, seconds, mailsPerSecond: mails / seconds, acknowledgedPerSecond: (mails * 1000) / (acknowledgedAtMs - startedAtMs) };
  } finally {
    await database.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
