import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { openDatabase } from '../server/platform/db/database.ts';
import { migrateToLatest } from '../server/platform/db/migrate.ts';
import { JobRunner } from '../server/platform/jobs/runner.ts';
import { EventDispatcher } from '../server/platform/events/dispatcher.ts';
import { notificationsSubscriber } from '../server/modules/notifications/notify-ticket.ts';
import { bootstrap } from '../server/ops/setup/bootstrap.ts';
import { intakeOptions, processInboundMailHandler } from '../server/modules/mail/process-inbound-mail.ts';
import { startSmtpListener } from '../server/modules/mail/smtp-listener.ts';
import { INTAKE_MAIL_JOB } from '../server/modules/mail/store-inbound-mail.ts';

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
  const database = openDatabase({ databaseUrl: options.databaseUrl, dataDir });
  try {
    await migrateToLatest(database.db);
    await bootstrap(database.db, { adminEmail: 'admin@bench.test', adminPassword: 'bench-password-1' });
    const mailFrom = 'Anlauf <help@bench.example>';
    const listener = await startSmtpListener({ db: database.db, dialect: database.dialect, port: 0, host: '127.0.0.1', recipients: [], maxBytes: 10 * 1024 * 1024 });
    const runner = new JobRunner({ db: database.db, dialect: database.dialect, concurrency: database.dialect === 'sqlite' ? 2 : 4, idleMs: 5 }).register(
      INTAKE_MAIL_JOB,
      processInboundMailHandler({ ...intakeOptions({ dataDir, mailFrom, maxAttachmentBytes: 20 * 1024 * 1024, smtpRecipients: [] }), senderLimit: { count: 1_000_000, seconds: 60 } }),
    );
    // The notifications the new tickets cause are outgoing work; by default their events wait.
    const dispatcher = new EventDispatcher({
      db: database.db,
      dialect: database.dialect,
      databaseUrl: options.databaseUrl,
      subscribers: options.withNotifications ? [notificationsSubscriber({ publicUrl: 'http://localhost', mailFrom, dataDir })] : [],
    });
    const transport = nodemailer.createTransport({ pool: true, maxConnections: connections, maxMessages: Infinity, host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    const raw = (n: number) =>
      [
        `From: Sender ${n % 200} <sender${n % 200}@kunde${n % 17}.example>`,
        'To: help@bench.example',
        `Subject: ${n % 5 === 4 ? `Re: [#${Math.max(1, n - 4)}] ` : ''}Benchmark mail ${n} zum Thema Drucker`,
        `Message-ID: <bench-${n}@kunde.example>`,
        'Date: Fri, 27 Nov 2026 08:00:00 +0100',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        `Guten Tag, der Drucker im ${n % 9}. Stock druckt seit heute nicht mehr. Bitte um R=C3=BCckmeldung.`,
        '',
        'Am 26.11.2026 schrieb Anlauf <help@bench.example>:',
        '> Vielen Dank f=C3=BCr Ihre Anfrage.',
        '',
      ].join('\r\n');

    const started = process.hrtime.bigint();
    runner.start();
    await dispatcher.start();
    let acknowledgedAt = started;
    let sent = 0;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (sent < mails) {
          const n = sent++;
          await transport.sendMail({ envelope: { from: `sender${n % 200}@kunde${n % 17}.example`, to: ['help@bench.example'] }, raw: raw(n) });
        }
      }),
    );
    acknowledgedAt = process.hrtime.bigint();
    const mdb = database.db;
    for (;;) {
      const left = await mdb
        .selectFrom('inbound_mails')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'received')
        .executeTakeFirstOrThrow();
      if (Number(left.n) === 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const finished = process.hrtime.bigint();
    await dispatcher.stop();
    await runner.stop();
    transport.close();
    await listener.close();
    const seconds = Number(finished - started) / 1e9;
    return { mails, seconds, mailsPerSecond: mails / seconds, acknowledgedPerSecond: mails / (Number(acknowledgedAt - started) / 1e9) };
  } finally {
    await database.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
