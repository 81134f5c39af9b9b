import nodemailer from 'nodemailer';
import { endWithParent } from './end-with-parent.ts';

/**
 * The sending side of the mail-intake bench, in a process of its own (as an MTA is): sends
 * `mails` mails over SMTP with `connections` pooled connections to the listener on `port`, every
 * fifth a reply to an earlier ticket. One JSON argument in; one JSON line out with the wall-clock
 * times (ms since the epoch) at which sending started and the last mail was acknowledged.
 */
export interface MailSenderConfig {
  port: number;
  mails: number;
  connections: number;
}

export function benchMail(n: number): string {
  return [
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
}

async function main(config: MailSenderConfig): Promise<void> {
  const transport = nodemailer.createTransport({ pool: true, maxConnections: config.connections, maxMessages: Infinity, host: '127.0.0.1', port: config.port, secure: false, ignoreTLS: true });
  const startedAtMs = Date.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: config.connections }, async () => {
      while (sent < config.mails) {
        const n = sent++;
        await transport.sendMail({ envelope: { from: `sender${n % 200}@kunde${n % 17}.example`, to: ['help@bench.example'] }, raw: benchMail(n) });
      }
    }),
  );
  const acknowledgedAtMs = Date.now();
  transport.close();
  console.log(JSON.stringify({ startedAtMs, acknowledgedAtMs }));
}

// Run as a child process (drive.ts runChild); imported, it only lends its mails (count-queries.ts).
if (import.meta.filename === process.argv[1]) {
  endWithParent();
  await main(JSON.parse(process.argv[2] ?? '{}') as MailSenderConfig);
}
