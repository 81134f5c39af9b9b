import { JobRunner } from '../../../platform/jobs/runner.ts';
import { SEND_MAIL_JOB } from '../../mail/outgoing-mail.ts';
import { sendMailHandler } from '../../mail/send-mail.job.ts';
import { startSmtpSink, type SunkMail } from '../../mail/test/smtp-sink.ts';
import type { Config } from '../../../platform/config.ts';
import type { Dialect } from '../../../platform/db/database.ts';
import { AGENT_DIGEST_JOB, agentDigestHandler } from '../agent-digest.ts';
import { createTestApp, type TestApp, type TestUser } from '../../../test/test-app.ts';

export const RIG_PUBLIC_URL = 'https://help.example.com';
export const RIG_MAIL_FROM = 'Anlauf Helpdesk <helpdesk@help.example.com>';

/**
 * A real app and a real worker that sends through SMTP into a sink on loopback, with the people
 * the notification tests talk about: Anna (English) and Bernd in the Service Desk, Nina in the
 * network team, and Rita (English) as the requester.
 */
export interface NotificationRig {
  t: TestApp;
  sink: Awaited<ReturnType<typeof startSmtpSink>>;
  network: number;
  anna: TestUser;
  bernd: TestUser;
  nina: TestUser;
  requester: TestUser;
  /** Runs the worker until the outbox is empty and returns the mails that arrived meanwhile. */
  deliver(): Promise<SunkMail[]>;
  /** Errors of the notifications subscriber: a retry it waits for, or events it gave up on. */
  unfinishedNotifications(): Promise<string[]>;
  close(): Promise<void>;
}

/** `overrides`: further settings (the digest window, say). */
export async function startNotificationRig(dialect: Dialect, overrides: Partial<Config> = {}): Promise<NotificationRig> {
  const sink = await startSmtpSink();
  const t = await createTestApp(dialect, { publicUrl: RIG_PUBLIC_URL, mailFrom: RIG_MAIL_FROM, ...overrides });
  const network = await t.group('Netzwerk', 'specialist');
  const anna = await t.user({ role: 'agent', name: 'Anna Agent' });
  const bernd = await t.user({ role: 'agent', name: 'Bernd Bearbeiter' });
  const nina = await t.user({ role: 'agent', name: 'Nina Netzwerk', groupIds: [network] });
  const requester = await t.user({ role: 'customer', name: 'Rita Requester' });
  await t.db.handle.db.updateTable('users').set({ locale: 'en' }).where('id', 'in', [requester.id, anna.id]).execute();
  const send = sendMailHandler({ smtpOut: sink.url, mailFrom: RIG_MAIL_FROM });
  const runner = new JobRunner({ db: t.db.handle.db, dialect }).register(SEND_MAIL_JOB, send.handler).register(AGENT_DIGEST_JOB, agentDigestHandler(t.config));
  return {
    t,
    sink,
    network,
    anna,
    bernd,
    nina,
    requester,
    async deliver() {
      const before = sink.mails.length;
      for (let n = 1; n > 0;) n = (await t.dispatcher.drain()) + (await runner.drain());
      return sink.mails.slice(before);
    },
    async unfinishedNotifications() {
      const db = t.db.handle.db;
      const waiting = await db.selectFrom('event_subscriptions').select('last_error').where('name', '=', 'notifications').where('last_error', 'is not', null).execute();
      const parked = await db.selectFrom('event_failures').select('error').where('subscriber', '=', 'notifications').execute();
      return [...waiting.map((w) => w.last_error ?? ''), ...parked.map((p) => p.error)];
    },
    async close() {
      send.close();
      await sink.close();
      await t.close();
    },
  };
}
