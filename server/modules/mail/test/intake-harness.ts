import nodemailer from 'nodemailer';
import { JobRunner } from '../../../platform/jobs/runner.ts';
import type { TestApp } from '../../../test/test-app.ts';
import { SEND_MAIL_JOB } from '../outgoing-mail.ts';
import { type IntakeOptions, intakeOptions, processInboundMailHandler } from '../process-inbound-mail.ts';
import { sendMailHandler } from '../send-mail.job.ts';
import { startSmtpListener } from '../smtp-listener.ts';
import { INTAKE_MAIL_JOB } from '../store-inbound-mail.ts';
import { dkimSigned, fakeDns } from './fake-dns.ts';
import { startSmtpSink } from './smtp-sink.ts';

export const HELPDESK = 'help@example.com';
export const MAIL_FROM = `Anlauf Helpdesk <${HELPDESK}>`;

/**
 * Our SMTP listener, a worker with the intake and sending jobs, the test app's event dispatcher
 * (notifications), and a sink for outgoing mail. Sender verification is real (mailauth, in
 * verify mode) against a fake DNS: `deliver` DKIM-signs mails for their From domain unless told
 * `sign: false`, the way a genuine sender's mail server would.
 */
export async function startIntake(t: TestApp, overrides: Partial<IntakeOptions> = {}, maxBytes = 2 * 1024 * 1024) {
  const sink = await startSmtpSink();
  const dns = fakeDns();
  const defaults = intakeOptions({ ...t.config, mailFrom: MAIL_FROM, smtpRecipients: [HELPDESK, '@support.example.com'] });
  const options = { ...defaults, trust: { ...defaults.trust, resolver: dns.resolver }, ...overrides };
  const listener = await startSmtpListener({ db: t.db.handle.db, dialect: t.dialect, port: 0, host: '127.0.0.1', recipients: [HELPDESK, '@support.example.com'], maxBytes });
  const send = sendMailHandler({ smtpOut: sink.url, mailFrom: MAIL_FROM, replyTokenKey: options.replyTokenKey });
  const runner = new JobRunner({ db: t.db.handle.db, dialect: t.dialect }).register(INTAKE_MAIL_JOB, processInboundMailHandler(options)).register(SEND_MAIL_JOB, send.handler);
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });

  /** Sends a raw RFC 5322 message over SMTP (DKIM-signed unless `sign: false`); resolves with the server's answer. */
  async function deliver(raw: string | Buffer, envelope: { from?: string; to?: string[]; sign?: boolean } = {}) {
    const from = envelope.from ?? /^From:.*?<?([^<>\s]+@[^<>\s]+)>?\s*$/im.exec(raw.toString())?.[1] ?? 'someone@example.org';
    const message = envelope.sign === false ? raw : await dkimSigned(raw);
    return client.sendMail({ envelope: { from, to: envelope.to ?? [HELPDESK] }, raw: message });
  }

  return {
    sink,
    dns,
    runner,
    options,
    port: listener.port,
    deliver,
    /** Processes everything queued: intake, then the events it caused (notifications), then sending. */
    async drain() {
      let total = 0;
      for (let n = 1; n > 0; total += n) n = (await runner.drain()) + (await t.dispatcher.drain()) + (await runner.drain());
      return total;
    },
    inbound: (messageId: string) => t.db.handle.db.selectFrom('inbound_mails').selectAll().where('message_id', '=', messageId).executeTakeFirst(),
    async close() {
      client.close();
      send.close();
      await listener.close();
      await sink.close();
    },
  };
}

export type Intake = Awaited<ReturnType<typeof startIntake>>;

/** A small raw mail; headers given override the defaults. */
export function rawMail(headers: Record<string, string>, body: string): string {
  const all: Record<string, string> = {
    From: 'Petra Meier <petra.meier@kunde.example>',
    To: HELPDESK,
    Subject: 'Drucker druckt nicht',
    Date: 'Fri, 27 Nov 2026 08:00:00 +0100',
    'Message-ID': `<${Math.random().toString(36).slice(2)}@kunde.example>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...headers,
  };
  return `${Object.entries(all)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
}
